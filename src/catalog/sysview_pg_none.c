/*
 * sysview_pg_none.c — the pg_catalog tables of object kinds OmenDB does not
 * have: foreign-data wrappers and servers, text-search configurations,
 * event triggers, subscriptions, large objects, security labels, default
 * privileges, initial privileges of extensions, user-defined operators,
 * casts, operator classes and conversions, range types, transforms.
 *
 * They exist with PostgreSQL 15's columns (types as sysview_int.h maps them:
 * aclitem[], pg_node_tree and pg_lsn as text) and list no rows, so the
 * catalog queries of clients such as pg_dump and psql's \d commands run and
 * find nothing of that kind. pg_operator, pg_cast, pg_opclass, pg_opfamily,
 * pg_amop, pg_amproc and pg_aggregate would list PostgreSQL's built-in
 * entries there; OmenDB's built-in operators, casts and aggregates are not
 * catalogued (docs/catalog.md), and none can be created.
 */
#include "catalog/sysview_int.h"

const SvView sysview_pg_none_views[] = {
    {"pg_catalog", "pg_init_privs", 3394,
     "objoid oid, classoid oid, objsubid int4, privtype char, initprivs text", NULL},
    {"pg_catalog", "pg_operator", 2617,
     "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool, "
     "oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid, "
     "oprcode regproc, oprrest regproc, oprjoin regproc",
     NULL},
    {"pg_catalog", "pg_opclass", 2616,
     "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, "
     "opcintype oid, opcdefault bool, opckeytype oid",
     NULL},
    {"pg_catalog", "pg_opfamily", 2753,
     "oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid", NULL},
    {"pg_catalog", "pg_ts_parser", 3601,
     "oid oid, prsname name, prsnamespace oid, prsstart regproc, prstoken regproc, prsend regproc, "
     "prsheadline regproc, prslextype regproc",
     NULL},
    {"pg_catalog", "pg_ts_template", 3764,
     "oid oid, tmplname name, tmplnamespace oid, tmplinit regproc, tmpllexize regproc", NULL},
    {"pg_catalog", "pg_ts_dict", 3600,
     "oid oid, dictname name, dictnamespace oid, dictowner oid, dicttemplate oid, dictinitoption "
     "text",
     NULL},
    {"pg_catalog", "pg_ts_config", 3602,
     "oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid", NULL},
    {"pg_catalog", "pg_foreign_data_wrapper", 2328,
     "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl text, "
     "fdwoptions _text",
     NULL},
    {"pg_catalog", "pg_foreign_server", 1417,
     "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl text, "
     "srvoptions _text",
     NULL},
    {"pg_catalog", "pg_default_acl", 826,
     "oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl text", NULL},
    {"pg_catalog", "pg_conversion", 2607,
     "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding "
     "int4, conproc regproc, condefault bool",
     NULL},
    {"pg_catalog", "pg_cast", 2605,
     "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char",
     NULL},
    {"pg_catalog", "pg_range", 3541,
     "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, "
     "rngcanonical regproc, rngsubdiff regproc",
     NULL},
    {"pg_catalog", "pg_transform", 3576,
     "oid oid, trftype oid, trflang oid, trffromsql regproc, trftosql regproc", NULL},
    {"pg_catalog", "pg_event_trigger", 3466,
     "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags "
     "_text",
     NULL},
    {"pg_catalog", "pg_subscription", 6100,
     "oid oid, subdbid oid, subskiplsn text, subname name, subowner oid, subenabled bool, "
     "subbinary bool, substream bool, subtwophasestate char, subdisableonerr bool, subconninfo "
     "text, subslotname name, subsynccommit text, subpublications _text",
     NULL},
    {"pg_catalog", "pg_largeobject_metadata", 2995, "oid oid, lomowner oid, lomacl text", NULL},
    {"pg_catalog", "pg_amop", 2602,
     "oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, amopstrategy int2, amoppurpose "
     "char, amopopr oid, amopmethod oid, amopsortfamily oid",
     NULL},
    {"pg_catalog", "pg_amproc", 2603,
     "oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, amprocnum int2, amproc "
     "regproc",
     NULL},
    {"pg_catalog", "pg_seclabels", 12099,
     "objoid oid, classoid oid, objsubid int4, objtype text, objnamespace oid, objname text, "
     "provider text, label text",
     NULL},
    {"pg_catalog", "pg_seclabel", 3596,
     "objoid oid, classoid oid, objsubid int4, provider text, label text", NULL},
    {"pg_catalog", "pg_shseclabel", 3592, "objoid oid, classoid oid, provider text, label text",
     NULL},
    {"pg_catalog", "pg_user_mapping", 1418, "oid oid, umuser oid, umserver oid, umoptions _text",
     NULL},
    {"pg_catalog", "pg_aggregate", 2600,
     "aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc, aggfinalfn "
     "regproc, aggcombinefn regproc, aggserialfn regproc, aggdeserialfn regproc, aggmtransfn "
     "regproc, aggminvtransfn regproc, aggmfinalfn regproc, aggfinalextra bool, aggmfinalextra "
     "bool, aggfinalmodify char, aggmfinalmodify char, aggsortop oid, aggtranstype oid, "
     "aggtransspace int4, aggmtranstype oid, aggmtransspace int4, agginitval text, aggminitval "
     "text",
     NULL},
    {"pg_catalog", "pg_ts_config_map", 3603,
     "mapcfg oid, maptokentype int4, mapseqno int4, mapdict oid", NULL},
    {"pg_catalog", "pg_db_role_setting", 2964, "setdatabase oid, setrole oid, setconfig _text",
     NULL},
    {"pg_catalog", "pg_largeobject", 2613, "loid oid, pageno int4, data text", NULL},
    {"pg_catalog", "pg_parameter_acl", 6243, "oid oid, parname text, paracl text", NULL},
};
const int sysview_pg_none_nviews = sizeof(sysview_pg_none_views) / sizeof(sysview_pg_none_views[0]);
