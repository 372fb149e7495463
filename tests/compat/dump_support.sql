-- What pg_dump asks of a server (tests/clients/run_pg_dump.sh runs pg_dump itself):
-- tableoid, LOCK TABLE, a sequence read as a relation, name subscripts, acldefault,
-- pg_options_to_table, and catalog text that depends on search_path.
CREATE TABLE ds_t (a int PRIMARY KEY, b text);
INSERT INTO ds_t VALUES (1, 'x'), (2, 'y');
CREATE SCHEMA ds_s;
CREATE TABLE ds_s.child (id serial PRIMARY KEY, a int REFERENCES public.ds_t(a) ON DELETE CASCADE);
CREATE VIEW ds_v AS SELECT a, b FROM ds_t;
CREATE VIEW ds_s.v2 AS SELECT c.id, v.b FROM ds_s.child c JOIN public.ds_v v ON v.a = c.a;

-- tableoid: the table's OID, also through an alias and in a join
SELECT tableoid::regclass, a FROM ds_t ORDER BY a;
SELECT x.tableoid = 'ds_t'::regclass AS same FROM ds_t x LIMIT 1;
SELECT count(*) FROM ds_t t JOIN pg_class c ON c.oid = t.tableoid;
SELECT tableoid FROM ds_t, ds_s.child;
SELECT tableoid FROM (SELECT 1) s;
SELECT tableoid::regclass FROM pg_class WHERE relname = 'pg_class';

-- LOCK TABLE
LOCK TABLE ds_t;
BEGIN;
LOCK TABLE ds_t IN ACCESS SHARE MODE;
LOCK ds_t, ds_v IN ROW SHARE MODE NOWAIT;
LOCK TABLE ONLY ds_s.child IN ROW EXCLUSIVE MODE;
SELECT count(*) FROM ds_t;
COMMIT;
BEGIN;
LOCK TABLE ds_s.child_id_seq;
ROLLBACK;
BEGIN;
LOCK TABLE no_such_table IN ACCESS SHARE MODE;
ROLLBACK;
BEGIN;
LOCK TABLE ds_t_pkey;
ROLLBACK;
BEGIN;
LOCK TABLE pg_class, information_schema.tables IN ACCESS SHARE MODE;
ROLLBACK;
BEGIN READ ONLY;
LOCK TABLE ds_t IN ACCESS SHARE MODE;
SELECT a FROM ds_t ORDER BY a;
COMMIT;

-- a sequence read as a relation
CREATE SEQUENCE ds_seq START 10 INCREMENT 5;
SELECT last_value, log_cnt, is_called FROM ds_seq;
SELECT nextval('ds_seq');
SELECT last_value, is_called FROM ds_seq;
SELECT setval('ds_seq', 42, false);
SELECT last_value, log_cnt, is_called FROM public.ds_seq s;
SELECT * FROM ds_seq x(lv, lc, ic);
SELECT pg_sequence_last_value('ds_seq');
SELECT setval('ds_seq', 42);
SELECT pg_sequence_last_value('ds_seq'::regclass);
SELECT last_value FROM ds_s.child_id_seq;
SELECT last_value FROM ds_s.no_such_seq;

-- name is an array of "char" from 0
SELECT ('abc'::name)[0], ('abc'::name)[2], ('abc'::name)[3] = '', ('abc'::name)[64] IS NULL, ('abc'::name)[-1] IS NULL;
SELECT typname FROM pg_type WHERE typname[0] = '_' AND typname IN ('_int4', '_text') ORDER BY 1;
SELECT ('abc'::name)[1:2];

-- acldefault (the role shows as "me": the two servers' users differ)
SELECT k, replace(acldefault(k::"char", 10)::text, current_user, 'me')
FROM unnest(ARRAY['c', 'r', 's', 'd', 'f', 'l', 'L', 'n', 'T', 'F', 'S', 'p']) k ORDER BY k;
SELECT acldefault('n', 6171)::text;
SELECT acldefault('x', 10);

-- pg_options_to_table
SELECT * FROM pg_options_to_table('{fillfactor=70,autovacuum_enabled=false,x=a=b,flag}');
SELECT * FROM pg_options_to_table(NULL);
SELECT count(*) FROM pg_options_to_table('{}'::text[]);

SELECT pg_is_in_recovery();
SELECT pg_get_triggerdef(0), pg_get_triggerdef(0, true);

-- catalogs of object kinds neither server has here
SELECT count(*) FROM pg_event_trigger;
SELECT count(*) FROM pg_subscription WHERE subdbid = 0;
SELECT count(*) FROM pg_largeobject_metadata;
SELECT count(*) FROM pg_default_acl;
SELECT count(*) FROM pg_foreign_data_wrapper;
SELECT count(*) FROM pg_foreign_server;
SELECT count(*) FROM pg_transform;
SELECT count(*) FROM pg_seclabels;
SELECT count(*) FROM pg_user_mapping;
SELECT count(*) FROM pg_publication_rel;

-- views' rules and what they depend on
SELECT rulename, ev_class::regclass, ev_type, is_instead FROM pg_rewrite
WHERE ev_class IN ('ds_v'::regclass, 'ds_s.v2'::regclass) ORDER BY 2;
SELECT DISTINCT refobjid::regclass::text, deptype FROM pg_depend
WHERE classid = 'pg_rewrite'::regclass
  AND objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'ds_s.v2'::regclass) ORDER BY 1, 2;

-- the text pg_dump reads runs under search_path = ''
SET search_path = '';
SELECT pg_catalog.pg_get_viewdef('public.ds_v'::pg_catalog.regclass);
SELECT pg_catalog.pg_get_expr(adbin, adrelid) FROM pg_catalog.pg_attrdef
WHERE adrelid = 'ds_s.child'::pg_catalog.regclass;
SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint
WHERE conrelid = 'ds_s.child'::pg_catalog.regclass ORDER BY 1;
INSERT INTO ds_s.child (a) VALUES (1) RETURNING id;
RESET search_path;
SELECT pg_get_viewdef('ds_v'::regclass);
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'ds_s.child'::regclass;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ds_s.child'::regclass AND contype = 'f';
SET search_path = ds_s, public;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'ds_s.child'::regclass;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ds_s.child'::regclass AND contype = 'f';
INSERT INTO child (a) VALUES (2) RETURNING id;
RESET search_path;

DROP VIEW ds_s.v2;
DROP VIEW ds_v;
DROP TABLE ds_s.child;
DROP SCHEMA ds_s;
DROP SEQUENCE ds_seq;
DROP TABLE ds_t;

-- to_regclass / to_regtype / to_regproc: NULL where the cast fails
SELECT to_regclass('ds_t'), to_regclass('public.ds_v'), to_regclass('ds_s.child'), to_regclass('nosuch');
SELECT to_regclass('pg_class'), to_regclass('pg_catalog.pg_attribute'), to_regclass('123'), to_regclass(NULL);
SELECT to_regclass('ds_t_pkey'), to_regclass('ds_s.child_id_seq'), to_regclass('ds_t') = 'ds_t'::regclass;
SELECT to_regtype('integer'), to_regtype('int4'), to_regtype('text'), to_regtype('nosuch'), to_regtype('timestamptz');
SELECT to_regproc('now'), to_regproc('pg_catalog.version'), to_regproc('nosuch_function');
