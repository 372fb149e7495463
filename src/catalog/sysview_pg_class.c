/*
 * sysview_pg_class.c — the relation catalogs synthesised from the live
 * catalog: pg_namespace, pg_class, pg_attribute, pg_index, pg_constraint,
 * pg_attrdef, and the pg_tables / pg_indexes views.
 *
 * Every table is a heap relation (relkind 'r', relam 2); every PRIMARY KEY or
 * UNIQUE constraint is enforced by a unique btree index (relkind 'i', relam
 * 403) whose OID is the constraint's index_oid and whose name is the
 * constraint's name, as PostgreSQL names them. Owners are the one role,
 * omendb (OID 10); schema public is owned by pg_database_owner as in
 * PostgreSQL 15.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/sysview_int.h"
#include "storage/storage.h"

/* The key columns' numbers (0: an expression), then with `include` the
 * INCLUDE columns' (pg_index.indkey lists both). */
static void index_key_text(const CatConstraint *con, char *buf, size_t cap, bool as_array,
                           bool include)
{
    size_t n = 0;
    buf[0] = 0;
    if (as_array) n += (size_t)snprintf(buf + n, cap - n, "{");
    int total = con->ncols + (include ? con->ninclude : 0);
    for (int k = 0; k < total && n < cap; k++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%d", k ? (as_array ? "," : " ") : "",
                              (k < con->ncols ? con->cols[k] : con->include_cols[k - con->ncols]) +
                                  1);
    if (as_array && n < cap) snprintf(buf + n, cap - n, "}");
}

/* "{2,3}": 1-based column numbers as an int2[] literal. */
static void cols_array(const int *cols, int n, char *buf, size_t cap)
{
    size_t len = (size_t)snprintf(buf, cap, "{");
    for (int k = 0; k < n && len < cap; k++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%d", k ? "," : "", cols[k] + 1);
    if (len < cap) snprintf(buf + len, cap - len, "}");
}

static Oid nsp_owner(const CatSchema *s)
{
    return s->owner;
}

static int fill_namespace(SvBuilder *b)
{
    int n = catalog_schema_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatSchema *s = catalog_schema_at(b->cat, i);
        sv_oid(b, s->oid);
        sv_str(b, s->name);
        sv_oid(b, nsp_owner(s));
        /* schema public carries PostgreSQL 15's grants (pg_dump takes them
         * for its default); the others the owner's default (NULL): OmenDB
         * has no GRANT, and no pg_init_privs rows to say pg_catalog differs */
        if (s->oid == OID_NAMESPACE_PUBLIC)
            sv_str(b, "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}");
        else
            sv_null(b);
        sv_row_end(b);
    }
    return b->rc;
}

/* One pg_class row. */
static void class_row(SvBuilder *b, Oid oid, const char *name, Oid nsp, Oid reltype, Oid am,
                      double tuples, bool hasindex, bool hastriggers, const char *kind, int natts,
                      int nchecks)
{
    sv_oid(b, oid);          /* oid */
    sv_str(b, name);         /* relname */
    sv_oid(b, nsp);          /* relnamespace */
    sv_oid(b, reltype);      /* reltype */
    sv_oid(b, 0);            /* reloftype */
    sv_oid(b, SV_OWNER_OID); /* relowner */
    sv_oid(b, am);           /* relam */
    sv_oid(b, oid);          /* relfilenode */
    sv_oid(b, 0);            /* reltablespace */
    sv_int(b, 0);            /* relpages */
    sv_float(b, tuples);     /* reltuples */
    sv_int(b, 0);            /* relallvisible */
    sv_oid(b, 0);            /* reltoastrelid */
    sv_bool(b, hasindex);    /* relhasindex */
    sv_bool(b, false);       /* relisshared */
    const CatSchema *ns = catalog_schema_by_oid(b->cat, nsp);
    sv_str(b, ns && ns->is_temp ? "t" : "p"); /* relpersistence */
    sv_str(b, kind);                          /* relkind */
    sv_int(b, natts);                         /* relnatts */
    sv_int(b, nchecks);                       /* relchecks */
    sv_bool(b, false);                        /* relhasrules */
    sv_bool(b, hastriggers);                  /* relhastriggers: foreign keys, triggers */
    sv_bool(b, false);                        /* relhassubclass */
    sv_bool(b, false);                        /* relrowsecurity */
    sv_bool(b, false);                        /* relforcerowsecurity */
    const CatTable *mv = kind[0] == 'm' ? catalog_table_by_oid(b->cat, oid) : NULL;
    sv_bool(b, mv ? mv->populated : true);                   /* relispopulated */
    sv_str(b, kind[0] == 'r' || kind[0] == 'm' ? "d" : "n"); /* relreplident */
    sv_bool(b, false);                                       /* relispartition */
    sv_oid(b, 0);                                            /* relrewrite */
    sv_row_end(b); /* relfrozenxid ... relpartbound: NULL */
}

static void attr_row(SvBuilder *b, Oid rel, const CatColumn *col, int attnum, bool is_index);

/* The OID of schema `name` (the system views' pg_catalog or information_schema). */
static Oid schema_oid(Catalog *cat, const char *name)
{
    int n = catalog_schema_count(cat);
    for (int i = 0; i < n; i++) {
        const CatSchema *s = catalog_schema_at(cat, i);
        if (strcmp(s->name, name) == 0) return s->oid;
    }
    return 0;
}

/* The system views as relations, so that psql's `\d pg_settings` and other
 * catalog readers find them: their pg_class rows (relkind 'v') or, with
 * `columns`, their pg_attribute rows. */
static void view_rows(SvBuilder *b, bool columns)
{
    int n = sysview_count();
    for (int i = 0; i < n; i++) {
        const char *schema, *name;
        Oid oid;
        sysview_at(i, &schema, &name, &oid);
        CatColumn *cols = NULL;
        int ncols = sysview_columns_at(i, &cols);
        if (ncols < 0) continue;
        if (!columns)
            class_row(b, oid, name, schema_oid(b->cat, schema), 0, 0, 0, false, false, "v", ncols,
                      0);
        for (int c = 0; columns && c < ncols; c++) attr_row(b, oid, &cols[c], c + 1, false);
        free(cols);
    }
}

static int fill_class(SvBuilder *b)
{
    view_rows(b, false);
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        double rows = t->storage ? (double)storage_table_row_count(t->storage) : 0;
        bool fk = t->nfkeys > 0 || catalog_fkey_referenced(b->cat, t, NULL, NULL);
        for (int k = 0; !fk && k < catalog_trigger_count(b->cat); k++) /* CREATE TRIGGER */
            fk = catalog_trigger_at(b->cat, k)->table == t->oid;
        class_row(b, t->oid, t->name, t->schema->oid, t->type_oid, SV_AM_HEAP, rows, t->ncons > 0,
                  fk, t->matview ? "m" : "r", t->ncols, t->nchecks);
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            class_row(b, con->index_oid, con->name, t->schema->oid, 0,
                      catalog_index_am_oid(con->am), rows, false, false, "i",
                      con->ncols + con->ninclude, 0);
        }
    }
    /* views (relhasrules stays false: psql would list their _RETURN rule
     * through pg_get_ruledef, which OmenDB lacks; it prints nothing for it) */
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        class_row(b, v->oid, v->name, v->schema->oid, v->type_oid, 0, 0, false, false, "v",
                  v->ncols, 0);
    }
    for (int i = 0; i < catalog_sequence_count(b->cat); i++) {
        const CatSequence *s = catalog_sequence_at(b->cat, i);
        class_row(b, s->oid, s->name, s->schema->oid, 0, 0, 1, false, false, "S", 3, 0);
    }
    return b->rc;
}

static void attr_row(SvBuilder *b, Oid rel, const CatColumn *col, int attnum, bool is_index)
{
    const TypeInfo *ti = type_info(col->type.id);
    sv_oid(b, rel);                                /* attrelid */
    sv_str(b, col->name);                          /* attname */
    sv_oid(b, type_oid_of(col->type));             /* atttypid */
    sv_int(b, -1);                                 /* attstattarget */
    sv_int(b, ti->typlen);                         /* attlen */
    sv_int(b, attnum);                             /* attnum */
    sv_int(b, 0);                                  /* attndims */
    sv_int(b, -1);                                 /* attcacheoff */
    sv_int(b, type_public_typmod(col->type));      /* atttypmod */
    sv_bool(b, ti->typlen > 0 && ti->typlen <= 8); /* attbyval */
    sv_str(b, ti->typlen == 8 ? "d" : ti->typlen == 2 ? "s" : ti->typlen == 1 ? "c" : "i");
    /* attstorage: numeric is "main", other varlenas "extended", as in PostgreSQL */
    sv_str(b, ti->typlen != -1 ? "p" : col->type.id == TYPE_NUMERIC ? "m" : "x");
    sv_str(b, "");                          /* attcompression */
    sv_bool(b, !is_index && col->not_null); /* attnotnull */
    sv_bool(b,
            !is_index && ((col->default_sql && !col->identity) || col->generated)); /* atthasdef */
    sv_bool(b, false); /* atthasmissing */
    char identity[2] = {is_index ? 0 : col->identity, 0};
    sv_str(b, identity); /* attidentity */
    char generated[2] = {is_index ? 0 : col->generated, 0};
    sv_str(b, generated);                       /* attgenerated */
    sv_bool(b, false);                          /* attisdropped */
    sv_bool(b, true);                           /* attislocal */
    sv_int(b, 0);                               /* attinhcount */
    sv_oid(b, sv_type_collation(col->type.id)); /* attcollation */
    sv_row_end(b);
}

static int fill_attribute(SvBuilder *b)
{
    view_rows(b, true);
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncols; c++) attr_row(b, t->oid, &t->cols[c], c + 1, false);
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
            for (int k = 0; k < con->ncols; k++) {
                if (con->cols[k] >= 0) {
                    attr_row(b, con->index_oid, &t->cols[con->cols[k]], k + 1, true);
                    continue;
                }
                CatColumn ec; /* an expression key: named as PostgreSQL names it */
                memset(&ec, 0, sizeof(ec));
                snprintf(ec.name, sizeof(ec.name), "%s", x ? x->key_names[k] : "expr");
                ec.type = x ? x->key_types[k] : OM_TYPE(TYPE_TEXT);
                attr_row(b, con->index_oid, &ec, k + 1, true);
            }
            for (int k = 0; k < con->ninclude; k++)
                attr_row(b, con->index_oid, &t->cols[con->include_cols[k]], con->ncols + k + 1,
                         true);
        }
    }
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        for (int c = 0; c < v->ncols; c++) attr_row(b, v->oid, &v->cols[c], c + 1, false);
    }
    return b->rc;
}

static int fill_index(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            char key[160];
            index_key_text(con, key, sizeof(key), false, true);
            sv_oid(b, con->index_oid);                                  /* indexrelid */
            sv_oid(b, t->oid);                                          /* indrelid */
            sv_int(b, con->ncols + con->ninclude);                      /* indnatts */
            sv_int(b, con->ncols);                                      /* indnkeyatts */
            sv_bool(b, con->kind != CONSTR_INDEX || con->index_unique); /* indisunique */
            sv_bool(b, false);                                          /* indnullsnotdistinct */
            sv_bool(b, con->kind == CONSTR_PRIMARY);                    /* indisprimary */
            sv_bool(b, false);                                          /* indisexclusion */
            sv_bool(b, true);                                           /* indimmediate */
            sv_bool(b, false);                                          /* indisclustered */
            sv_bool(b, true);                                           /* indisvalid */
            sv_bool(b, false);                                          /* indcheckxmin */
            sv_bool(b, true);                                           /* indisready */
            sv_bool(b, true);                                           /* indislive */
            sv_bool(b, false);                                          /* indisreplident */
            sv_str(b, key);                                             /* indkey */
            const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
            char coll[160], zeros[160], opts[160];
            size_t nc = 0, nz = 0, no = 0;
            coll[0] = zeros[0] = opts[0] = 0;
            for (int k = 0; k < con->ncols; k++) {
                TypeId ct = con->cols[k] >= 0 ? t->cols[con->cols[k]].type.id
                            : x               ? x->key_types[k].id
                                              : TYPE_TEXT;
                nc += (size_t)snprintf(coll + nc, sizeof(coll) - nc, "%s%u", k ? " " : "",
                                       (unsigned)sv_type_collation(ct));
                nz += (size_t)snprintf(zeros + nz, sizeof(zeros) - nz, "%s0", k ? " " : "");
                no += (size_t)snprintf(opts + no, sizeof(opts) - no, "%s%u", k ? " " : "",
                                       (unsigned)con->col_options[k]);
                if (nc >= sizeof(coll) || nz >= sizeof(zeros) || no >= sizeof(opts)) break;
            }
            sv_str(b, coll);  /* indcollation */
            sv_str(b, zeros); /* indclass (operator classes are not kept) */
            sv_str(b, opts);  /* indoption: CAT_INDOPTION_* per key column */
            /* indexprs / indpred: the expressions' text where PostgreSQL keeps
             * a node tree (pg_get_expr prints it back) */
            char exprs[2048];
            size_t ne = 0;
            exprs[0] = 0;
            for (int k = 0; x && k < con->ncols && ne < sizeof(exprs); k++)
                if (con->cols[k] < 0 && x->keys[k].def_sql)
                    ne += (size_t)snprintf(exprs + ne, sizeof(exprs) - ne, "%s%s", ne ? ", " : "",
                                           x->keys[k].def_sql);
            if (ne)
                sv_str(b, exprs);
            else
                sv_null(b);
            if (x && x->pred.def_sql)
                sv_str(b, x->pred.def_sql);
            else
                sv_null(b);
            sv_row_end(b);
        }
    }
    return b->rc;
}

static int fill_constraint(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            if (con->kind == CONSTR_INDEX) continue; /* a plain index is not a constraint */
            char key[160];
            index_key_text(con, key, sizeof(key), true, false);
            sv_oid(b, con->oid);                                /* oid */
            sv_str(b, con->name);                               /* conname */
            sv_oid(b, t->schema->oid);                          /* connamespace */
            sv_str(b, con->kind == CONSTR_PRIMARY ? "p" : "u"); /* contype */
            sv_bool(b, false);                                  /* condeferrable */
            sv_bool(b, false);                                  /* condeferred */
            sv_bool(b, true);                                   /* convalidated */
            sv_oid(b, t->oid);                                  /* conrelid */
            sv_oid(b, 0);                                       /* contypid */
            sv_oid(b, con->index_oid);                          /* conindid */
            sv_oid(b, 0);                                       /* conparentid */
            sv_oid(b, 0);                                       /* confrelid */
            sv_str(b, " ");                                     /* confupdtype */
            sv_str(b, " ");                                     /* confdeltype */
            sv_str(b, " ");                                     /* confmatchtype */
            sv_bool(b, true);                                   /* conislocal */
            sv_int(b, 0);                                       /* coninhcount */
            sv_bool(b, true);                                   /* connoinherit */
            sv_str(b, key);                                     /* conkey */
            sv_row_end(b);
        }
        for (int k = 0; k < t->nfkeys; k++) {
            const CatForeignKey *fk = &t->fkeys[k];
            const CatTable *p = catalog_table_by_oid(b->cat, fk->ref_table);
            char key[160], fkey[160];
            cols_array(fk->cols, fk->ncols, key, sizeof(key));
            cols_array(fk->ref_cols, fk->ncols, fkey, sizeof(fkey));
            char upd[2] = {fk->on_update, 0}, del[2] = {fk->on_delete, 0};
            sv_oid(b, fk->oid);
            sv_str(b, fk->name);
            sv_oid(b, t->schema->oid);
            sv_str(b, "f");
            sv_bool(b, fk->deferrable);   /* condeferrable */
            sv_bool(b, fk->initdeferred); /* condeferred */
            sv_bool(b, fk->validated);
            sv_oid(b, t->oid);
            sv_oid(b, 0);
            sv_oid(b, fk->ref_index);
            sv_oid(b, 0);
            sv_oid(b, p ? p->oid : 0); /* confrelid */
            sv_str(b, upd);
            sv_str(b, del);
            sv_str(b, "s"); /* MATCH SIMPLE */
            sv_bool(b, true);
            sv_int(b, 0);
            sv_bool(b, true);
            sv_str(b, key);
            sv_str(b, fkey); /* confkey */
            sv_row_end(b);
        }
        for (int k = 0; k < t->nchecks; k++) {
            const CatCheck *chk = &t->checks[k];
            int cols[64];
            int nc = catalog_check_columns(t, chk, cols, 64);
            char key[400];
            cols_array(cols, nc, key, sizeof(key));
            sv_oid(b, chk->oid);
            sv_str(b, chk->name);
            sv_oid(b, t->schema->oid);
            sv_str(b, "c");
            sv_bool(b, false);
            sv_bool(b, false);
            sv_bool(b, chk->validated);
            sv_oid(b, t->oid);
            sv_oid(b, 0);
            sv_oid(b, 0);
            sv_oid(b, 0);
            sv_oid(b, 0);
            sv_str(b, " ");
            sv_str(b, " ");
            sv_str(b, " ");
            sv_bool(b, true);        /* conislocal */
            sv_int(b, 0);            /* coninhcount */
            sv_bool(b, false);       /* connoinherit */
            sv_str(b, key);          /* conkey */
            sv_null(b);              /* confkey */
            sv_null(b);              /* conpfeqop */
            sv_null(b);              /* conppeqop */
            sv_null(b);              /* conffeqop */
            sv_null(b);              /* confdelsetcols */
            sv_null(b);              /* conexclop */
            sv_str(b, chk->def_sql); /* conbin (as text) */
            sv_row_end(b);
        }
    }
    return b->rc;
}

static int fill_attrdef(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncols; c++) {
            const CatColumn *col = &t->cols[c];
            bool gen = col->generated && col->gen && col->gen->def_sql;
            if (!gen && (!col->default_sql || col->identity))
                continue; /* identity: not a default */
            char expr[1024];
            if (!gen) sv_default_expr(b, col, expr, sizeof(expr));
            sv_oid(b, sv_attrdef_oid(t->oid, c));
            sv_oid(b, t->oid);
            sv_int(b, c + 1);
            sv_str(b, gen ? col->gen->def_sql : expr); /* a generation expression too */
            sv_row_end(b);
        }
    }
    return b->rc;
}

static int fill_tables(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        if (t->matview) continue; /* pg_matviews lists them */
        sv_str(b, t->schema->name);
        sv_str(b, t->name);
        sv_str(b, "omendb");
        sv_null(b);
        sv_bool(b, t->ncons > 0);
        sv_bool(b, false);
        sv_bool(b, false);
        sv_bool(b, false);
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_indexes(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            char def[1024];
            catalog_index_def(t, con, false, true, def, sizeof(def));
            sv_str(b, t->schema->name);
            sv_str(b, t->name);
            sv_str(b, con->name);
            sv_null(b);
            sv_str(b, def);
            sv_row_end(b);
        }
    }
    return b->rc;
}

const SvView sysview_pg_class_views[] = {
    {"pg_catalog", "pg_namespace", 2615, "oid oid, nspname name, nspowner oid, nspacl text",
     fill_namespace},
    {"pg_catalog", "pg_class", 1259,
     "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, "
     "relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, "
     "relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, "
     "relpersistence char, relkind char, relnatts int2, relchecks int2, relhasrules bool, "
     "relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, "
     "relispopulated bool, relreplident char, relispartition bool, relrewrite oid, "
     "relfrozenxid int8, relminmxid int8, relacl text, reloptions _text, relpartbound text",
     fill_class},
    {"pg_catalog", "pg_attribute", 1249,
     "attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, attnum int2, "
     "attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign char, "
     "attstorage char, attcompression char, attnotnull bool, atthasdef bool, "
     "atthasmissing bool, attidentity char, attgenerated char, attisdropped bool, "
     "attislocal bool, attinhcount int4, attcollation oid, attacl text, attoptions _text, "
     "attfdwoptions _text, attmissingval text",
     fill_attribute},
    {"pg_catalog", "pg_index", 2610,
     "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool, "
     "indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, "
     "indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, "
     "indislive bool, indisreplident bool, indkey int2vector, indcollation oidvector, "
     "indclass oidvector, indoption int2vector, indexprs text, indpred text",
     fill_index},
    {"pg_catalog", "pg_constraint", 2606,
     "oid oid, conname name, connamespace oid, contype char, condeferrable bool, "
     "condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, "
     "conparentid oid, confrelid oid, confupdtype char, confdeltype char, confmatchtype char, "
     "conislocal bool, coninhcount int4, connoinherit bool, conkey _int2, confkey _int2, "
     "conpfeqop _oid, conppeqop _oid, conffeqop _oid, confdelsetcols _int2, conexclop _oid, "
     "conbin text",
     fill_constraint},
    {"pg_catalog", "pg_attrdef", 2604, "oid oid, adrelid oid, adnum int2, adbin text",
     fill_attrdef},
    {"pg_catalog", "pg_tables", 12100,
     "schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool, "
     "hasrules bool, hastriggers bool, rowsecurity bool",
     fill_tables},
    {"pg_catalog", "pg_indexes", 12101,
     "schemaname name, tablename name, indexname name, tablespace name, indexdef text",
     fill_indexes},
};
const int sysview_pg_class_nviews =
    sizeof(sysview_pg_class_views) / sizeof(sysview_pg_class_views[0]);
