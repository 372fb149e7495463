/*
 * sql_ddl.c — CREATE TABLE, DROP TABLE, CREATE SCHEMA, DROP SCHEMA.
 *
 * DEFAULT expressions are validated (bound and coerced to the column type)
 * at CREATE time and stored as deparsed SQL text, which INSERT binds again
 * (like PostgreSQL's pg_attrdef.adbin, in text form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_registry.h"
#include "exec/func_sequence.h"
#include "sql/sql_alter.h"
#include "sql/sql_int.h"
#include "sql/sql_generated.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_temp.h"
#include "sql/sql_view.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

void sql_put_quoted_ident(StrBuf *sb, const char *name)
{
    strbuf_putc(sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') strbuf_putc(sb, '"');
        strbuf_putc(sb, *p);
    }
    strbuf_putc(sb, '"');
}

static void send_notice(StmtCtx *sc, ErrSeverity severity, const char *sqlstate, const char *msg)
{
    if (!sc->sink->notice) return;
    OmError n;
    error_clear(&n);
    ERR(&n, sqlstate, "%s", msg);
    n.severity = severity;
    sc->sink->notice(sc->sink->ctx, &n);
}

void sql_notice(StmtCtx *sc, const char *sqlstate, const char *msg)
{
    send_notice(sc, ERR_SEV_NOTICE, sqlstate, msg);
}

void sql_warning(StmtCtx *sc, const char *sqlstate, const char *msg)
{
    send_notice(sc, ERR_SEV_WARNING, sqlstate, msg);
}

char *sql_deparse_select(PgQuery__SelectStmt *sel)
{
    PgQuery__Node seln = PG_QUERY__NODE__INIT;
    seln.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    seln.select_stmt = sel;
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = &seln;
    PgQuery__RawStmt *stmts[1] = {&raw};
    PgQuery__ParseResult res = PG_QUERY__PARSE_RESULT__INIT;
    res.version = PG_VERSION_NUM;
    res.n_stmts = 1;
    res.stmts = stmts;
    size_t len = pg_query__parse_result__get_packed_size(&res);
    uint8_t *buf = malloc(len);
    if (!buf) return NULL;
    pg_query__parse_result__pack(&res, buf);
    PgQueryProtobuf pb = {len, (char *)buf};
    PgQueryDeparseResult dr = pg_query_deparse_protobuf(pb);
    free(buf);
    char *out = NULL;
    if (!dr.error && dr.query) out = strdup(dr.query);
    pg_query_free_deparse_result(dr);
    return out;
}

char *sql_deparse_expr(PgQuery__Node *node)
{
    /* Wrap the expression as "SELECT <expr>" and let libpg_query deparse it. */
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = node;
    rt.location = -1;
    PgQuery__Node rtn = PG_QUERY__NODE__INIT;
    rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rtn.res_target = &rt;
    PgQuery__Node *targets[1] = {&rtn};
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = 1;
    sel.target_list = targets;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    char *text = sql_deparse_select(&sel);
    if (text && strncmp(text, "SELECT ", 7) == 0) {
        memmove(text, text + 7, strlen(text + 7) + 1);
        return text;
    }
    free(text);
    return NULL;
}

/* GENERATED ALWAYS | BY DEFAULT AS IDENTITY on column c of table t: like a
 * serial column, a nextval() default on the sequence <table>_<column>_seq (or
 * the SEQUENCE NAME of its options, which sql_sequence_attach_serials applies
 * once the table exists); attidentity tells INSERT and UPDATE how to treat
 * given values. */
static int identity_column(StmtCtx *sc, const CatTable *t, const CatSchema *schema, CatColumn *c,
                           const PgQuery__Constraint *con)
{
    if (c->default_sql) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
            c->identity ? "multiple identity specifications for column \"%s\" of table \"%s\""
                        : "both default and identity specified for column \"%s\" of table \"%s\"",
            c->name, t->name);
        error_position(sc->err, con->location + 1);
        return -1;
    }
    TypeId ty = c->type.id;
    if (ty != TYPE_INT2 && ty != TYPE_INT4 && ty != TYPE_INT8) {
        ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
            "identity column type must be smallint, integer, or bigint");
        return -1;
    }
    char def[CATALOG_NAME_MAX * 3 + 32];
    func_sequence_default_sql(schema->name, t->name, c->name, def, sizeof(def));
    c->default_sql = arena_strdup(sc->arena, def);
    c->not_null = true;
    c->identity = con->generated_when && con->generated_when[0] == 'a' ? 'a' : 'd';
    return 0;
}

int sql_column_collation(StmtCtx *sc, const PgQuery__CollateClause *cc, OmType type)
{
    const char *coll = cc->n_collname > 0 ? pgq_str(cc->collname[cc->n_collname - 1]) : "";
    if (!coll ||
        (strcmp(coll, "default") != 0 && strcmp(coll, "C") != 0 && strcmp(coll, "POSIX") != 0)) {
        ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
            "collation \"%s\" for encoding \"UTF8\" does not exist", coll ? coll : "");
        if (cc->location >= 0) error_position(sc->err, cc->location + 1);
        return -1;
    }
    TypeId t = type_is_array(type.id) ? type_array_elem(type.id) : type.id;
    if (!type_is_string(t)) {
        char tn[64];
        type_format(type, tn, sizeof(tn));
        ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH, "collations are not supported by type %s", tn);
        if (cc->location >= 0) error_position(sc->err, cc->location + 1);
        return -1;
    }
    return 0;
}

/* 2, 4 or 8 for smallserial, serial and bigserial (and serial2/4/8, unqualified
 * and without typmods, as PostgreSQL recognises them); 0 for other types. */
int sql_serial_type(const PgQuery__TypeName *tn)
{
    if (tn->n_names != 1 || tn->n_typmods > 0 || tn->n_array_bounds > 0) return 0;
    const char *n = pgq_str(tn->names[0]);
    if (!n) return 0;
    if (!strcmp(n, "smallserial") || !strcmp(n, "serial2")) return 2;
    if (!strcmp(n, "serial") || !strcmp(n, "serial4")) return 4;
    if (!strcmp(n, "bigserial") || !strcmp(n, "serial8")) return 8;
    return 0;
}

Expr *sql_bind_default(StmtCtx *sc, const CatTable *table, int col)
{
    const CatColumn *c = &table->cols[col];
    if (!c->default_sql) {
        Value v;
        memset(&v, 0, sizeof(v));
        v.type = c->type;
        v.is_null = true;
        return expr_make_const(sc->arena, &v);
    }
    char *sql = arena_sprintf(sc->arena, "SELECT %s", c->default_sql);
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    if (pr.error) {
        ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "stored default of column \"%s\" does not parse",
            c->name);
        pg_query_free_protobuf_parse_result(pr);
        return NULL;
    }
    PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
        NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!tree) {
        ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "could not decode default expression");
        return NULL;
    }
    PgQuery__Node *val = tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
    BoundQuery q;
    memset(&q, 0, sizeof(q));
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = &q;
    scope.clause = CLAUSE_DEFAULT;
    Binder b = sc->binder;
    b.query_text = sql;
    Expr *e = bind_expr(&b, &scope, val);
    if (e) e = bind_coerce(&b, e, c->type, CAST_ASSIGNMENT, -1);
    pg_query__parse_result__free_unpacked(tree, NULL);
    if (e) e->location = 0;
    return e;
}

static int add_constraint(StmtCtx *sc, CatTable *t, ConstraintKind kind, const char *name,
                          PgQuery__Node **keys, int nkeys, int single_col, int location)
{
    if (kind == CONSTR_PRIMARY) {
        for (int i = 0; i < t->ncons; i++)
            if (t->cons[i].kind == CONSTR_PRIMARY) {
                ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                    "multiple primary keys for table \"%s\" are not allowed", t->name);
                error_position(sc->err, location + 1);
                return -1;
            }
    }
    CatConstraint con;
    memset(&con, 0, sizeof(con));
    con.kind = kind;
    if (name) snprintf(con.name, sizeof(con.name), "%s", name);
    if (single_col >= 0) {
        con.ncols = 1;
        con.cols[0] = single_col;
    } else {
        if (nkeys > 16)
            return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "cannot use more than 16 columns in an index");
        for (int k = 0; k < nkeys; k++) {
            const char *cn = pgq_str(keys[k]);
            int ci = catalog_column_index(t, cn);
            if (ci < 0) {
                ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" named in key does not exist",
                    cn);
                error_position(sc->err, location + 1);
                return -1;
            }
            con.cols[con.ncols++] = ci;
        }
    }
    if (kind == CONSTR_PRIMARY)
        for (int k = 0; k < con.ncols; k++) t->cols[con.cols[k]].not_null = true;
    t->cons = arena_realloc(sc->arena, t->cons, sizeof(CatConstraint) * (size_t)t->ncons,
                            sizeof(CatConstraint) * (size_t)(t->ncons + 1));
    /* the primary key goes first */
    if (kind == CONSTR_PRIMARY) {
        memmove(&t->cons[1], &t->cons[0], sizeof(CatConstraint) * (size_t)t->ncons);
        t->cons[0] = con;
    } else {
        t->cons[t->ncons] = con;
    }
    t->ncons++;
    return 0;
}

/* The FOREIGN KEY / REFERENCES constraints of CREATE TABLE, on the new table. */
static int add_foreign_keys(StmtCtx *sc, PgQuery__CreateStmt *st, CatTable *t)
{
    for (size_t i = 0, ci = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            PgQuery__ColumnDef *cd = el->column_def;
            for (size_t k = 0; k < cd->n_constraints; k++) {
                PgQuery__Constraint *con = cd->constraints[k]->constraint;
                if (con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) continue;
                CatForeignKey fk;
                if (sql_fkey_define(sc, t, con, (int)ci, &fk) != 0 ||
                    sql_fkey_add(sc, t, &fk, false) != 0)
                    return -1;
            }
            ci++;
        } else if (el->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                   el->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
            CatForeignKey fk;
            if (sql_fkey_define(sc, t, el->constraint, -1, &fk) != 0 ||
                sql_fkey_add(sc, t, &fk, false) != 0)
                return -1;
        }
    }
    return 0;
}

/* The CHECK constraints of CREATE TABLE, column and table ones in the order
 * written (PostgreSQL names them in that order). Strings are malloc'd. */
static int define_checks(StmtCtx *sc, PgQuery__CreateStmt *st, CatTable *t)
{
    int n = 0;
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            for (size_t k = 0; k < el->column_def->n_constraints; k++)
                n += el->column_def->constraints[k]->constraint->contype ==
                     PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
        } else if (el->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            n += el->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
        }
    }
    if (n == 0) return 0;
    t->checks = ARENA_NEW_ARRAY(sc->arena, CatCheck, n);
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        PgQuery__Constraint **cons = NULL;
        size_t ncons = 0;
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            ncons = el->column_def->n_constraints;
            cons = ARENA_NEW_ARRAY(sc->arena, PgQuery__Constraint *, ncons + 1);
            for (size_t k = 0; k < ncons; k++) cons[k] = el->column_def->constraints[k]->constraint;
        } else if (el->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            ncons = 1;
            cons = &el->constraint;
        }
        for (size_t k = 0; k < ncons; k++) {
            if (cons[k]->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) continue;
            if (sql_check_define(sc, t, cons[k], &t->checks[t->nchecks]) != 0) {
                for (int j = 0; j < t->nchecks; j++) catalog_check_free_strings(&t->checks[j]);
                t->nchecks = 0;
                return -1;
            }
            t->checks[t->nchecks].validated = true; /* nothing to check in a new table */
            t->nchecks++;
        }
    }
    return 0;
}

/* PostgreSQL's CREATE_TABLE_LIKE_* option bits (TableLikeClause.options). */
enum {
    LIKE_COMMENTS = 1 << 0,
    LIKE_COMPRESSION = 1 << 1,
    LIKE_CONSTRAINTS = 1 << 2,
    LIKE_DEFAULTS = 1 << 3,
    LIKE_GENERATED = 1 << 4,
    LIKE_IDENTITY = 1 << 5,
    LIKE_INDEXES = 1 << 6,
    LIKE_STATISTICS = 1 << 7,
    LIKE_STORAGE = 1 << 8,
};

/* The table of a LIKE clause (catalog lock held), or NULL with sc->err.
 * What OmenDB cannot copy yet is refused rather than silently left out. */
static const CatTable *like_source(StmtCtx *sc, PgQuery__TableLikeClause *lc)
{
    const CatTable *src = bind_lookup_table(&sc->binder, lc->relation, false);
    if (!src) return NULL;
    uint32_t o = lc->options;
    if ((o & LIKE_CONSTRAINTS) && src->nchecks > 0) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "LIKE ... INCLUDING CONSTRAINTS of a table with CHECK constraints is not supported "
            "yet");
        return NULL;
    }
    if ((o & LIKE_INDEXES) && src->ncons > 0) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "LIKE ... INCLUDING INDEXES of a table with indexes is not supported yet");
        return NULL;
    }
    return src;
}

/* Appends the columns of a LIKE source: names, types and NOT NULL; with
 * INCLUDING DEFAULTS their defaults too (a serial's nextval() default then
 * draws from the source's sequence, as in PostgreSQL); with INCLUDING
 * IDENTITY identity columns stay identity columns, with a sequence of their
 * own. */
static int like_columns(StmtCtx *sc, CatTable *t, const CatTable *src, uint32_t options)
{
    for (int j = 0; j < src->ncols; j++) {
        const CatColumn *from = &src->cols[j];
        for (int k = 0; k < t->ncols; k++)
            if (strcmp(t->cols[k].name, from->name) == 0)
                return ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN,
                           "column \"%s\" specified more than once", from->name);
        CatColumn *c = &t->cols[t->ncols];
        memset(c, 0, sizeof(*c));
        memcpy(c->name, from->name, sizeof(c->name));
        c->type = from->type;
        c->not_null = from->not_null;
        if (options & LIKE_COMMENTS) c->comment = from->comment; /* copied by the catalog */
        if (from->identity && (options & LIKE_IDENTITY)) {
            /* an identity of its own, on a sequence named after the new table */
            char def[CATALOG_NAME_MAX * 3 + 32];
            func_sequence_default_sql(t->schema->name, t->name, c->name, def, sizeof(def));
            c->default_sql = arena_strdup(sc->arena, def);
            c->identity = from->identity;
        } else if ((options & LIKE_DEFAULTS) && from->default_sql && !from->identity) {
            c->default_sql = arena_strdup(sc->arena, from->default_sql);
        }
        if (from->generated && (options & LIKE_GENERATED)) {
            bool oom = false;
            c->generated = from->generated;
            c->gen = catalog_gen_dup(from->gen, &oom); /* freed once the table is made */
            if (oom) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
        c->attnum = t->ncols + 1;
        t->ncols++;
    }
    return 0;
}

int sql_run_create_table(StmtCtx *sc, PgQuery__CreateStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    PgQuery__RangeVar *rv = st->relation;
    if (st->n_inh_relations || st->partspec || st->partbound || st->of_typename)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "inheritance, partitioning and typed tables are not supported yet");
    bool temp = rv->relpersistence && rv->relpersistence[0] == 't';
    if (!temp && rv->schemaname && strcmp(rv->schemaname, "pg_temp") == 0) temp = true;
    if (!temp && st->oncommit > PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP)
        return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                   "ON COMMIT can only be used on temporary tables");
    catalog_lock_exclusive(cat);
    int rc = -1, nfk = 0;
    CatSchema *schema = NULL;
    CatTable *tmpl = NULL; /* the template below, while it owns generation texts */
    if (rv->schemaname && rv->schemaname[0] && strcmp(rv->schemaname, "pg_temp") != 0) {
        schema = catalog_schema_find(cat, rv->schemaname);
        if (!schema) {
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                rv->schemaname);
            error_position(sc->err, rv->location + 1);
            goto out;
        }
        if (catalog_schema_other_temp(cat, schema, sc->session->settings.search_path)) {
            ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                "cannot create relations in temporary schemas of other sessions");
            error_position(sc->err, rv->location + 1);
            goto out;
        }
        if (temp && !schema->is_temp) {
            ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                "cannot create temporary relation in non-temporary schema");
            error_position(sc->err, rv->location + 1);
            goto out;
        }
        temp = schema->is_temp;
    } else if (temp) {
        schema = sql_temp_schema(sc, true);
        if (!schema) goto out;
    } else {
        schema = catalog_creation_schema(cat, sc->session->settings.search_path);
        if (!schema) {
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
            error_position(sc->err, rv->location + 1);
            goto out;
        }
    }
    if (sql_ddl_target(sc, schema) != 0) goto out;
    if (schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied to create \"%s.%s\"",
            schema->name, rv->relname);
        goto out;
    }
    if (catalog_table_find(cat, schema, rv->relname)) {
        if (st->if_not_exists) {
            char msg[200];
            snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping", rv->relname);
            sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
            rc = complete(sc, "CREATE TABLE");
            goto out;
        }
        ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", rv->relname);
        goto out;
    }
    CatTable t;
    memset(&t, 0, sizeof(t));
    snprintf(t.name, sizeof(t.name), "%s", rv->relname);
    t.schema = schema;
    tmpl = &t;
    int ncols = 0;
    const CatTable **like = ARENA_NEW_ARRAY(sc->arena, const CatTable *, st->n_table_elts + 1);
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) ncols++;
        if (el->node_case != PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) continue;
        if (!(like[i] = like_source(sc, el->table_like_clause))) goto out;
        if (like[i]->schema->is_temp && !temp) {
            /* its redo would name a table that recovery does not have */
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "a permanent table LIKE a temporary table is not supported yet");
            goto out;
        }
        ncols += like[i]->ncols;
    }
    t.cols = ARENA_NEW_ARRAY(sc->arena, CatColumn, ncols > 0 ? ncols : 1);
    /* per column, its GENERATED ... AS IDENTITY (the sequence's options) and
     * its GENERATED ALWAYS AS (expr) STORED */
    PgQuery__Constraint **identity =
        ARENA_NEW_ARRAY(sc->arena, PgQuery__Constraint *, ncols > 0 ? ncols : 1);
    PgQuery__Constraint **generated =
        ARENA_NEW_ARRAY(sc->arena, PgQuery__Constraint *, ncols > 0 ? ncols : 1);
    /* columns */
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (like[i]) {
            if (like_columns(sc, &t, like[i], el->table_like_clause->options) != 0) goto out;
            continue;
        }
        if (el->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
        PgQuery__ColumnDef *cd = el->column_def;
        if (sql_fkey_column_attrs(sc, cd->constraints, cd->n_constraints) != 0) goto out;
        CatColumn *c = &t.cols[t.ncols];
        snprintf(c->name, sizeof(c->name), "%s", cd->colname);
        for (int k = 0; k < t.ncols; k++)
            if (strcmp(t.cols[k].name, c->name) == 0) {
                ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN, "column \"%s\" specified more than once",
                    c->name);
                goto out;
            }
        int serial = sql_serial_type(cd->type_name);
        if (serial) {
            /* serial: an integer column whose default draws from its own sequence */
            c->type = OM_TYPE(serial == 2 ? TYPE_INT2 : serial == 8 ? TYPE_INT8 : TYPE_INT4);
            char def[CATALOG_NAME_MAX * 3 + 32];
            func_sequence_default_sql(schema->name, t.name, c->name, def, sizeof(def));
            c->default_sql = arena_strdup(sc->arena, def);
            c->not_null = true;
        } else if (bind_type_name(&sc->binder, cd->type_name, &c->type) != 0 ||
                   sql_check_column_type(c->name, c->type, sc->err) != 0) {
            goto out;
        }
        if (cd->coll_clause && sql_column_collation(sc, cd->coll_clause, c->type) != 0) goto out;
        c->attnum = t.ncols + 1;
        c->not_null = c->not_null || cd->is_not_null;
        t.ncols++;
    }
    /* column constraints */
    for (size_t i = 0, ci = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (like[i]) ci += (size_t)like[i]->ncols;
        if (el->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
        PgQuery__ColumnDef *cd = el->column_def;
        CatColumn *c = &t.cols[ci];
        for (size_t k = 0; k < cd->n_constraints; k++) {
            PgQuery__Constraint *con = cd->constraints[k]->constraint;
            switch (con->contype) {
            case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
                c->not_null = true;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
                if (identity_column(sc, &t, schema, c, con) != 0) goto out;
                identity[ci] = con;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
                if (generated[ci]) {
                    ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                        "multiple generation clauses specified for column \"%s\" of table "
                        "\"%s\"",
                        c->name, t.name);
                    error_position(sc->err, con->location + 1);
                    goto out;
                }
                generated[ci] = con;
                c->generated = 's';
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
                if (c->identity) {
                    ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                        "both default and identity specified for column \"%s\" of table \"%s\"",
                        c->name, t.name);
                    error_position(sc->err, con->location + 1);
                    goto out;
                }
                if (c->default_sql) {
                    ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                        "multiple default values specified for column \"%s\" of table \"%s\"",
                        c->name, t.name);
                    error_position(sc->err, con->location + 1);
                    goto out;
                }
                /* validate now: bind and coerce in an empty scope */
                BoundQuery q;
                memset(&q, 0, sizeof(q));
                BindScope scope;
                memset(&scope, 0, sizeof(scope));
                scope.query = &q;
                scope.clause = CLAUSE_DEFAULT;
                Expr *e = bind_expr(&sc->binder, &scope, con->raw_expr);
                if (e) e = bind_coerce(&sc->binder, e, c->type, CAST_ASSIGNMENT, con->location);
                if (!e) goto out;
                char *txt = sql_deparse_expr(con->raw_expr);
                if (!txt) {
                    ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "could not store DEFAULT expression");
                    goto out;
                }
                c->default_sql = sql_sequence_default_text(sc, txt, schema);
                free(txt);
                if (!c->default_sql) goto out;
                break;
            }
            case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
                if (con->nulls_not_distinct) {
                    sql_refuse_nulls_not_distinct(sc);
                    goto out;
                }
                if (add_constraint(sc, &t,
                                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY
                                       ? CONSTR_PRIMARY
                                       : CONSTR_UNIQUE,
                                   con->conname && con->conname[0] ? con->conname : NULL, NULL, 0,
                                   (int)ci, con->location) != 0)
                    goto out;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
                break; /* below, with the table's, in the order written */
            case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
                nfk++; /* added once the table exists (it may reference itself) */
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
                break; /* applied to the constraint before (sql_fkey_column_attrs) */
            default:
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "this column constraint is not supported yet");
                error_position(sc->err, con->location + 1);
                goto out;
            }
        }
        ci++;
    }
    /* generation expressions, once every column (and which are generated) is known */
    for (int ci = 0; ci < t.ncols; ci++) {
        if (!generated[ci]) continue;
        CatColumn *c = &t.cols[ci];
        if (c->identity || c->default_sql) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                "both %s and generation expression specified for column \"%s\" of table \"%s\"",
                c->identity ? "identity" : "default", c->name, t.name);
            error_position(sc->err, generated[ci]->location + 1);
            goto out;
        }
        if (!sql_generated_define(sc, &t, c, generated[ci], &c->gen)) goto out;
    }
    /* table constraints */
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *el = st->table_elts[i];
        if (el->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF || like[i]) continue;
        if (el->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "LIKE and other table elements are not supported yet");
            goto out;
        }
        PgQuery__Constraint *con = el->constraint;
        if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
            nfk++;
            continue;
        }
        if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) continue;
        if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
            con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
            if (con->n_including > 0) {
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "INCLUDE in a PRIMARY KEY or UNIQUE constraint is not supported yet");
                error_position(sc->err, con->location + 1);
                goto out;
            }
            if (con->nulls_not_distinct) {
                sql_refuse_nulls_not_distinct(sc);
                goto out;
            }
            if (add_constraint(sc, &t,
                               con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY
                                   ? CONSTR_PRIMARY
                                   : CONSTR_UNIQUE,
                               con->conname && con->conname[0] ? con->conname : NULL, con->keys,
                               (int)con->n_keys, -1, con->location) != 0)
                goto out;
        } else {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s constraints are not supported yet",
                con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK     ? "CHECK"
                : con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? "FOREIGN KEY"
                                                                        : "these");
            error_position(sc->err, con->location + 1);
            goto out;
        }
    }
    if (define_checks(sc, st, &t) != 0) goto out;
    CatTable *created = NULL;
    int crc = catalog_table_create(cat, &t, &created, sc->err);
    for (int i = 0; i < t.nchecks; i++) catalog_check_free_strings(&t.checks[i]);
    for (int i = 0; i < t.ncols; i++) catalog_gen_free(t.cols[i].gen); /* copied */
    tmpl = NULL;
    if (crc != 0) goto out;
    if (sql_sequence_attach_serials(sc, created, identity) != 0) {
        catalog_table_drop(cat, created, NULL);
        goto out;
    }
    if (nfk > 0 && add_foreign_keys(sc, st, created) != 0) {
        catalog_table_drop(cat, created, NULL);
        goto out;
    }
    /* a rollback of the creating transaction drops it */
    if (created->schema->is_temp && sql_temp_on_commit(sc, created->oid, 'R') != 0) {
        catalog_table_drop(cat, created, NULL);
        goto out;
    }
    if (st->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DELETE_ROWS ||
        st->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP) {
        char action = st->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP ? 'D' : 'd';
        if (sql_temp_on_commit(sc, created->oid, action) != 0) {
            catalog_table_drop(cat, created, NULL);
            goto out;
        }
    }
    rc = complete(sc, "CREATE TABLE");
out:
    for (int i = 0; tmpl && i < tmpl->ncols; i++) catalog_gen_free(tmpl->cols[i].gen);
    catalog_unlock(cat);
    return rc;
}

int sql_run_drop(StmtCtx *sc, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    Catalog *cat = sc->session->db->catalog;
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) return sql_run_drop_index(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) return sql_run_drop_view(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
        return sql_run_drop_sequence(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION)
        return sql_run_drop_extension(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) return sql_run_drop_type(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
        st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE)
        return sql_run_drop_function(sc, st);
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER)
        return sql_run_drop_trigger(sc, st);
    bool matview = st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    const char *kind = matview ? "materialized view" : "table";
    if (st->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && !matview &&
        st->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "DROP of this object type is not supported yet");
    catalog_lock_exclusive(cat);
    int rc = 0;
    if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
        /* check all first, then drop: a failed DROP leaves nothing changed */
        for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
            const char *name = pgq_str(st->objects[i]);
            CatSchema *s = catalog_schema_find(cat, name);
            if (!s && !st->missing_ok)
                rc = ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                         name);
            else if (s && s->is_temp)
                rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "dropping a temporary schema is not supported yet");
        }
        for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
            const char *name = pgq_str(st->objects[i]);
            CatSchema *s = catalog_schema_find(cat, name);
            if (!s) {
                char msg[200];
                snprintf(msg, sizeof(msg), "schema \"%s\" does not exist, skipping", name);
                sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
                continue;
            }
            TxnManager *txns = sc->session->db->txns;
            for (int k = 0; k < catalog_table_count(cat) && rc == 0; k++) {
                CatTable *t = catalog_table_at(cat, k);
                if (t->schema == s &&
                    (sc->in_use_by = txn_table_user(txns, sc->session->txn, t->storage)) != 0)
                    rc = ERR(sc->err, SQLSTATE_OBJECT_IN_USE,
                             "cannot DROP SCHEMA \"%s\" because table \"%s\" is being used by "
                             "another transaction",
                             s->name, t->name);
            }
            if (rc != 0) break;
            for (int k = 0; k < catalog_table_count(cat); k++) {
                CatTable *t = catalog_table_at(cat, k);
                if (t->schema == s) txn_forget_table(txns, sc->session->txn, t->storage);
            }
            rc = catalog_schema_drop(cat, s, cascade, sc->err);
        }
        if (rc == 0) complete(sc, "DROP SCHEMA");
        catalog_unlock(cat);
        return rc;
    }
    CatTable **victims =
        ARENA_NEW_ARRAY(sc->arena, CatTable *, st->n_objects > 0 ? st->n_objects : 1);
    for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
        PgQuery__List *names = st->objects[i]->list;
        PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
        rv.location = -1;
        if (names->n_items == 1) {
            rv.relname = (char *)pgq_str(names->items[0]);
            rv.schemaname = (char *)"";
        } else {
            rv.schemaname = (char *)pgq_str(names->items[names->n_items - 2]);
            rv.relname = (char *)pgq_str(names->items[names->n_items - 1]);
        }
        CatTable *vt;
        CatView *vv;
        if (bind_lookup_relation(&sc->binder, &rv, true, &vt, &vv) == 0 && vv) {
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a %s", vv->name, kind);
            error_hint(sc->err, "Use DROP VIEW to remove a view.");
            rc = -1;
            break;
        }
        if (vt && (vt->matview != NULL) != matview && !vt->schema->is_system) {
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a %s", vt->name, kind);
            error_hint(sc->err, matview ? "Use DROP TABLE to remove a table."
                                        : "Use DROP MATERIALIZED VIEW to remove a materialized "
                                          "view.");
            rc = -1;
            break;
        }
        if (!vt && !vv && rv.schemaname[0] == 0 &&
            catalog_sequence_lookup(cat, sc->session->settings.search_path, rv.relname)) {
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a %s", rv.relname, kind);
            error_hint(sc->err, "Use DROP SEQUENCE to remove a sequence.");
            rc = -1;
            break;
        }
        victims[i] = bind_lookup_table(&sc->binder, &rv, st->missing_ok || matview);
        if (!victims[i]) {
            if (matview && !st->missing_ok && !sc->err->is_set)
                ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "materialized view \"%s\" does not exist",
                    rv.relname);
            if (!st->missing_ok) {
                rc = -1;
                break;
            }
            char msg[200];
            snprintf(msg, sizeof(msg), "%s \"%s\" does not exist, skipping", kind, rv.relname);
            sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
        } else if (sql_ddl_target(sc, victims[i]->schema) != 0) {
            rc = -1;
        }
    }
    /* foreign keys of other tables that reference a victim */
    for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
        if (!victims[i]) continue;
        CatTable *child;
        const CatForeignKey *fk;
        if (!catalog_fkey_referenced(cat, victims[i], &child, &fk)) continue;
        bool child_dropped = false;
        for (size_t k = 0; k < st->n_objects; k++) child_dropped |= victims[k] == child;
        if (child_dropped) continue;
        if (st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
            char msg[300];
            snprintf(msg, sizeof(msg), "drop cascades to constraint %s on table %s", fk->name,
                     child->name);
            sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
            continue;
        }
        ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
            "cannot drop table %s because other objects depend on it", victims[i]->name);
        error_detail(sc->err, "constraint %s on table %s depends on table %s", fk->name,
                     child->name, victims[i]->name);
        error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
        rc = -1;
    }
    /* views that read a victim */
    Oid *oids = ARENA_NEW_ARRAY(sc->arena, Oid, st->n_objects > 0 ? st->n_objects : 1);
    for (size_t i = 0; i < st->n_objects; i++) oids[i] = victims[i] ? victims[i]->oid : 0;
    for (size_t i = 0; i < st->n_objects && rc == 0 && !cascade; i++)
        if (victims[i])
            rc = sql_view_drop_dependents(sc, oids[i], NULL, false, oids, (int)st->n_objects);
    TxnManager *txns = sc->session->db->txns;
    for (size_t i = 0; i < st->n_objects && rc == 0; i++)
        if (victims[i] &&
            (sc->in_use_by = txn_table_user(txns, sc->session->txn, victims[i]->storage)) != 0)
            rc = ERR(sc->err, SQLSTATE_OBJECT_IN_USE,
                     "cannot DROP %s \"%s\" because it is being used by another transaction",
                     matview ? "MATERIALIZED VIEW" : "TABLE", victims[i]->name);
    for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
        if (!victims[i]) continue;
        txn_forget_table(txns, sc->session->txn, victims[i]->storage);
        rc = sql_view_drop_dependents(sc, oids[i], NULL, true, oids, (int)st->n_objects);
        if (rc == 0) rc = catalog_table_drop(cat, victims[i], sc->err);
    }
    if (rc == 0) complete(sc, matview ? "DROP MATERIALIZED VIEW" : "DROP TABLE");
    catalog_unlock(cat);
    return rc;
}

int sql_run_create_schema(StmtCtx *sc, PgQuery__CreateSchemaStmt *st)
{
    if (st->n_schema_elts > 0)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "CREATE SCHEMA with schema elements is not supported yet");
    if (!st->schemaname || !st->schemaname[0])
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "CREATE SCHEMA AUTHORIZATION is not supported yet");
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = 0;
    if (catalog_schema_find(cat, st->schemaname)) {
        if (st->if_not_exists) {
            char msg[200];
            snprintf(msg, sizeof(msg), "schema \"%s\" already exists, skipping", st->schemaname);
            sql_notice(sc, SQLSTATE_DUPLICATE_SCHEMA, msg);
        } else {
            rc = ERR(sc->err, SQLSTATE_DUPLICATE_SCHEMA, "schema \"%s\" already exists",
                     st->schemaname);
        }
    } else if (strncmp(st->schemaname, "pg_", 3) == 0) {
        rc = ERR(sc->err, "42939", "unacceptable schema name \"%s\"", st->schemaname);
        error_detail(sc->err, "The prefix \"pg_\" is reserved for system schemas.");
    } else {
        CatSchema *s;
        rc = catalog_schema_create(cat, st->schemaname, &s, sc->err);
    }
    if (rc == 0) complete(sc, "CREATE SCHEMA");
    catalog_unlock(cat);
    return rc;
}

int sql_check_column_type(const char *name, OmType type, OmError *err)
{
    if (type_info(type.id)->category == TYPCAT_PSEUDO)
        return ERR(err, SQLSTATE_INVALID_TABLE_DEFINITION, "column \"%s\" has pseudo-type %s", name,
                   type_info(type.id)->sql_name);
    return 0;
}

int sql_run_create_index(StmtCtx *sc, PgQuery__IndexStmt *st)
{
    /* CONCURRENTLY changes nothing here (no lock to avoid), but is refused
     * where PostgreSQL refuses it */
    if (st->concurrent && sql_txn_prevent_block(sc, "CREATE INDEX CONCURRENTLY") != 0) return -1;
    int am = st->access_method ? catalog_index_am_by_name(st->access_method) : CAT_AM_BTREE;
    if (am < 0)
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "access method \"%s\" does not exist",
                   st->access_method);
    if (st->unique && am != CAT_AM_BTREE)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "access method \"%s\" does not support unique indexes",
                   catalog_index_am_name(am));
    if (st->nulls_not_distinct) return sql_refuse_nulls_not_distinct(sc);
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatIndexExpr extra;
    bool has_extra = false;
    memset(&extra, 0, sizeof(extra));
    CatTable *t = bind_lookup_table(&sc->binder, st->relation, false);
    if (!t) goto out;
    if (t->schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE,
            "permission denied: \"%s\" is a system catalog", t->name);
        goto out;
    }
    if (sql_ddl_target(sc, t->schema) != 0) goto out;
    int cols[16], include[16], ninclude = 0;
    uint8_t options[16] = {0};
    if (sql_index_keys(sc, t, st, am, cols, options, include, &ninclude, &extra, &has_extra) != 0)
        goto out;
    const char *name = st->idxname && st->idxname[0] ? st->idxname : NULL;
    if (name && st->if_not_exists && catalog_index_find(cat, t->schema, name, NULL)) {
        char msg[200];
        snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping", name);
        sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
        rc = complete(sc, "CREATE INDEX");
        goto out;
    }
    /* a unique index is built from the rows' newest values: wait until no
     * other transaction has uncommitted writes in them (as PostgreSQL's
     * CREATE INDEX waits for its lock; run_ddl_waiting) */
    if (st->unique && (sc->in_use_by = txn_table_user(sc->session->db->txns, sc->session->txn,
                                                      t->storage)) != 0) {
        ERR(sc->err, SQLSTATE_OBJECT_IN_USE,
            "cannot create an index on \"%s\" because it is being used by another transaction",
            t->name);
        goto out;
    }
    CatConstraint *con = NULL;
    if (catalog_index_create(cat, t, name, st->unique, (int)st->n_index_params, cols, options, am,
                             has_extra ? &extra : NULL, &con, sc->err) != 0)
        goto out;
    has_extra = false; /* the table owns its strings now */
    con->ninclude = ninclude;
    memcpy(con->include_cols, include, sizeof(int) * (size_t)ninclude);
    if (st->unique && catalog_index_computed(t, con) && sql_unique_build(sc, t, con, -1) != 0) {
        OmError ignored;
        catalog_index_drop(cat, t, con, &ignored);
        goto out;
    }
    rc = complete(sc, "CREATE INDEX");
out:
    if (has_extra) catalog_index_expr_fini(&extra);
    catalog_unlock(cat);
    return rc;
}

int sql_run_drop_index(StmtCtx *sc, PgQuery__DropStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    catalog_lock_exclusive(cat);
    int rc = 0;
    size_t n = st->n_objects;
    CatTable **tables = ARENA_NEW_ARRAY(sc->arena, CatTable *, n > 0 ? n : 1);
    Oid *indexes = ARENA_NEW_ARRAY(sc->arena, Oid, n > 0 ? n : 1);
    /* check all first, then drop: a failed DROP leaves nothing changed */
    for (size_t i = 0; i < n && rc == 0; i++) {
        PgQuery__List *names = st->objects[i]->list;
        const char *name = pgq_str(names->items[names->n_items - 1]);
        CatSchema *schema = NULL;
        if (names->n_items > 1) {
            schema = catalog_schema_resolve(cat, pgq_str(names->items[names->n_items - 2]), path);
        } else {
            /* the session's temporary schema first, then any holding such an index */
            CatTable *owner = NULL;
            schema = catalog_temp_schema_own(cat, path);
            CatConstraint *found = schema ? catalog_index_find(cat, schema, name, &owner) : NULL;
            if (!found) found = catalog_index_find(cat, NULL, name, &owner);
            schema = found ? owner->schema : NULL;
        }
        CatTable *t = NULL;
        CatConstraint *idx = schema ? catalog_index_find(cat, schema, name, &t) : NULL;
        if (idx && catalog_schema_other_temp(cat, schema, path)) {
            rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "cannot access temporary tables of other sessions");
            break;
        }
        if (!idx) {
            if (st->missing_ok) {
                char msg[200];
                snprintf(msg, sizeof(msg), "index \"%s\" does not exist, skipping", name);
                sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
                continue;
            }
            rc = ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "index \"%s\" does not exist", name);
            break;
        }
        if (catalog_fkey_uses_index(cat, t, idx->index_oid)) {
            rc = ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                     "cannot drop index %s because other objects depend on it", idx->name);
            error_hint(sc->err, "Drop the foreign key constraints that reference it first.");
            break;
        }
        if (idx->kind != CONSTR_INDEX) { /* a constraint's: the error, nothing dropped */
            rc = catalog_index_drop(cat, t, idx, sc->err);
            break;
        }
        rc = sql_ddl_target(sc, t->schema);
        tables[i] = t;
        indexes[i] = idx->index_oid;
    }
    /* by OID: dropping one index moves the others of its table */
    for (size_t i = 0; i < n && rc == 0; i++) {
        CatTable *t = tables[i];
        for (int c = 0; indexes[i] && c < t->ncons; c++)
            if (t->cons[c].index_oid == indexes[i]) {
                rc = catalog_index_drop(cat, t, &t->cons[c], sc->err);
                break;
            }
    }
    if (rc == 0) complete(sc, "DROP INDEX");
    catalog_unlock(cat);
    return rc;
}
