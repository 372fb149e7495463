/*
 * sql_index_expr.c — the key list of CREATE INDEX: column and expression
 * keys, ASC/DESC and NULLS options, operator classes checked against the
 * access method and the key's type as PostgreSQL's catalog has them, and the
 * WHERE predicate of a partial index; then keeping the stored texts right
 * when columns are renamed, retyped or dropped.
 *
 * Only unique btree indexes are built (they enforce uniqueness); a plain
 * index, whatever its method, expressions or predicate, is a description that
 * no plan reads (docs/sql.md, "Indexes"). An expression or predicate is bound
 * here to check it and print it as PostgreSQL would (the texts of a CHECK
 * constraint, sql_check.c); a unique index with either ("computed") is then
 * built and enforced from those texts (sql_index_unique.c,
 * exec/unique_keys.c).
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_alter.h"
#include "sql/sql_index_expr.h"

/* PostgreSQL 15's operator classes for the types OmenDB has (pg_opclass:
 * method, name, input type, default). TYPE_INVALID stands for anyarray. */
typedef struct OpClass {
    int am;
    const char *name;
    TypeId type;
    bool dflt;
} OpClass;

#define AA TYPE_INVALID
static const OpClass opclasses[] = {
    /* btree and hash share their names and types */
    {CAT_AM_BTREE, "bool_ops", TYPE_BOOL, true},
    {CAT_AM_BTREE, "bytea_ops", TYPE_BYTEA, true},
    {CAT_AM_BTREE, "char_ops", TYPE_CHAR, true},
    {CAT_AM_BTREE, "name_ops", TYPE_NAME, true},
    {CAT_AM_BTREE, "int8_ops", TYPE_INT8, true},
    {CAT_AM_BTREE, "int2_ops", TYPE_INT2, true},
    {CAT_AM_BTREE, "int4_ops", TYPE_INT4, true},
    {CAT_AM_BTREE, "text_ops", TYPE_TEXT, true},
    {CAT_AM_BTREE, "text_pattern_ops", TYPE_TEXT, false},
    {CAT_AM_BTREE, "varchar_ops", TYPE_TEXT, false},
    {CAT_AM_BTREE, "varchar_pattern_ops", TYPE_TEXT, false},
    {CAT_AM_BTREE, "oid_ops", TYPE_OID, true},
    {CAT_AM_BTREE, "float4_ops", TYPE_FLOAT4, true},
    {CAT_AM_BTREE, "float8_ops", TYPE_FLOAT8, true},
    {CAT_AM_BTREE, "inet_ops", TYPE_INET, true},
    {CAT_AM_BTREE, "bpchar_ops", TYPE_BPCHAR, true},
    {CAT_AM_BTREE, "bpchar_pattern_ops", TYPE_BPCHAR, false},
    {CAT_AM_BTREE, "date_ops", TYPE_DATE, true},
    {CAT_AM_BTREE, "time_ops", TYPE_TIME, true},
    {CAT_AM_BTREE, "timestamp_ops", TYPE_TIMESTAMP, true},
    {CAT_AM_BTREE, "timestamptz_ops", TYPE_TIMESTAMPTZ, true},
    {CAT_AM_BTREE, "interval_ops", TYPE_INTERVAL, true},
    {CAT_AM_BTREE, "numeric_ops", TYPE_NUMERIC, true},
    {CAT_AM_BTREE, "array_ops", AA, true},
    {CAT_AM_BTREE, "uuid_ops", TYPE_UUID, true},
    {CAT_AM_BTREE, "enum_ops", TYPE_ENUM, true},
    {CAT_AM_BTREE, "jsonb_ops", TYPE_JSONB, true},
    {CAT_AM_GIN, "array_ops", AA, true},
    {CAT_AM_GIN, "jsonb_ops", TYPE_JSONB, true},
    {CAT_AM_GIN, "jsonb_path_ops", TYPE_JSONB, false},
    {CAT_AM_GIST, "inet_ops", TYPE_INET, false},
    {CAT_AM_SPGIST, "text_ops", TYPE_TEXT, true},
    {CAT_AM_SPGIST, "inet_ops", TYPE_INET, true},
    {CAT_AM_BRIN, "bytea_minmax_ops", TYPE_BYTEA, true},
    {CAT_AM_BRIN, "char_minmax_ops", TYPE_CHAR, true},
    {CAT_AM_BRIN, "name_minmax_ops", TYPE_NAME, true},
    {CAT_AM_BRIN, "int8_minmax_ops", TYPE_INT8, true},
    {CAT_AM_BRIN, "int2_minmax_ops", TYPE_INT2, true},
    {CAT_AM_BRIN, "int4_minmax_ops", TYPE_INT4, true},
    {CAT_AM_BRIN, "text_minmax_ops", TYPE_TEXT, true},
    {CAT_AM_BRIN, "oid_minmax_ops", TYPE_OID, true},
    {CAT_AM_BRIN, "float4_minmax_ops", TYPE_FLOAT4, true},
    {CAT_AM_BRIN, "float8_minmax_ops", TYPE_FLOAT8, true},
    {CAT_AM_BRIN, "inet_inclusion_ops", TYPE_INET, true},
    {CAT_AM_BRIN, "inet_minmax_ops", TYPE_INET, false},
    {CAT_AM_BRIN, "bpchar_minmax_ops", TYPE_BPCHAR, true},
    {CAT_AM_BRIN, "date_minmax_ops", TYPE_DATE, true},
    {CAT_AM_BRIN, "time_minmax_ops", TYPE_TIME, true},
    {CAT_AM_BRIN, "timestamp_minmax_ops", TYPE_TIMESTAMP, true},
    {CAT_AM_BRIN, "timestamptz_minmax_ops", TYPE_TIMESTAMPTZ, true},
    {CAT_AM_BRIN, "interval_minmax_ops", TYPE_INTERVAL, true},
    {CAT_AM_BRIN, "numeric_minmax_ops", TYPE_NUMERIC, true},
    {CAT_AM_BRIN, "uuid_minmax_ops", TYPE_UUID, true},
};
#undef AA

/* The type an operator class must accept for a key of type t (varchar and
 * name keys take text's classes as PostgreSQL's binary coercion does for
 * varchar; arrays match anyarray). */
static TypeId class_type(TypeId t)
{
    if (t == TYPE_VARCHAR) return TYPE_TEXT;
    if (t == TYPE_CIDR) return TYPE_INET;
    if (t == TYPE_REGCLASS || t == TYPE_REGTYPE || t == TYPE_REGPROC) return TYPE_OID;
    if (type_is_array(t)) return TYPE_INVALID;
    return t;
}

/* btree's classes serve hash too (PostgreSQL has the same set for both). */
static bool class_in_am(const OpClass *c, int am)
{
    return c->am == am || (am == CAT_AM_HASH && c->am == CAT_AM_BTREE);
}

/* The operator class of key k (`given`: its name, or NULL for the default):
 * 42704 when the class or a default does not exist, 42804 when it does not
 * take the type. `out` receives the name to print ("" for the default). */
static int resolve_opclass(StmtCtx *sc, int am, const char *given, OmType type, char *out)
{
    TypeId want = class_type(type.id);
    out[0] = 0;
    char tn[64];
    type_format(type, tn, sizeof(tn));
    if (!given) {
        for (size_t i = 0; i < sizeof(opclasses) / sizeof(opclasses[0]); i++)
            if (class_in_am(&opclasses[i], am) && opclasses[i].dflt && opclasses[i].type == want)
                return 0;
        ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
            "data type %s has no default operator class for access method \"%s\"", tn,
            catalog_index_am_name(am));
        error_hint(sc->err, "You must specify an operator class for the index or define a "
                            "default operator class for the data type.");
        return -1;
    }
    const OpClass *found = NULL;
    for (size_t i = 0; i < sizeof(opclasses) / sizeof(opclasses[0]) && !found; i++)
        if (class_in_am(&opclasses[i], am) && strcmp(opclasses[i].name, given) == 0)
            found = &opclasses[i];
    if (!found)
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                   "operator class \"%s\" does not exist for access method \"%s\"", given,
                   catalog_index_am_name(am));
    if (found->type != want)
        return ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
                   "operator class \"%s\" does not accept data type %s", given, tn);
    if (!found->dflt) snprintf(out, CATALOG_NAME_MAX, "%s", given);
    return 0;
}

/* 42P17 for a volatile function (random(), now(), ...): PostgreSQL requires
 * IMMUTABLE ones; OmenDB does not tell stable from immutable. */
static int check_volatile(StmtCtx *sc, const Expr *e, const char *where)
{
    if (!sql_expr_calls_volatile(e)) return 0;
    return ERR(sc->err, SQLSTATE_INVALID_OBJECT_DEFINITION,
               "functions in index %s must be marked IMMUTABLE", where);
}

/* PostgreSQL prints an expression key bare when it is a function call
 * (looks_like_function), else in parentheses. */
static bool looks_like_function(const Expr *e)
{
    if (e->kind == EXPR_COALESCE) return true;
    return e->kind == EXPR_FUNC && e->u.func.def &&
           !(e->u.func.def->flags & (FUNC_IS_OPERATOR | FUNC_IS_CAST));
}

static const char **column_names(StmtCtx *sc, const CatTable *t)
{
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1);
    for (int c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
    return names;
}

/* A key column's ASC/DESC and NULLS FIRST/LAST as pg_index.indoption bits;
 * DESC puts NULLs first unless told otherwise, as in PostgreSQL. */
static int elem_options(StmtCtx *sc, const PgQuery__IndexElem *el, int am, uint8_t *out)
{
    if (el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "USING is not supported in an index column");
    bool desc = el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    bool nulls = el->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT;
    if ((desc || el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_ASC || nulls) && am != CAT_AM_BTREE)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "access method \"%s\" does not support ASC/DESC options",
                   catalog_index_am_name(am));
    bool nulls_first = el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                       (desc && el->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
    *out =
        (uint8_t)((desc ? CAT_INDOPTION_DESC : 0) | (nulls_first ? CAT_INDOPTION_NULLS_FIRST : 0));
    return 0;
}

/* The name of an operator class written as [schema.]name (pg_catalog only). */
static const char *opclass_name(StmtCtx *sc, const PgQuery__IndexElem *el)
{
    if (el->n_opclass == 0) return NULL;
    const char *name = pgq_str(el->opclass[el->n_opclass - 1]);
    if (el->n_opclass > 1) {
        const char *schema = pgq_str(el->opclass[0]);
        if (!schema || strcmp(schema, "pg_catalog") != 0) {
            ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                "operator class \"%s\" does not exist for access method", name ? name : "");
            return "";
        }
    }
    return name ? name : "";
}

/* Names expression keys as PostgreSQL names index columns: the function's
 * or column's name the key derives from, else "expr", numbered when taken. */
static void name_key(CatIndexExpr *x, int k, PgQuery__Node *raw)
{
    const char *base = bind_derive_name(raw);
    if (!base || !base[0] || strcmp(base, "?column?") == 0) base = "expr";
    char name[CATALOG_NAME_MAX];
    snprintf(name, sizeof(name), "%s", base);
    for (int n = 1;; n++) {
        bool taken = false;
        for (int j = 0; j < k && !taken; j++) taken = strcmp(x->key_names[j], name) == 0;
        if (!taken) break;
        snprintf(name, sizeof(name), "%.*s%d", CATALOG_NAME_MAX - 12, base, n);
    }
    snprintf(x->key_names[k], sizeof(x->key_names[k]), "%s", name);
}

int sql_index_keys(StmtCtx *sc, CatTable *t, PgQuery__IndexStmt *st, int am, int *cols,
                   uint8_t *options, int *include_cols, int *ninclude, CatIndexExpr *x,
                   bool *has_extra)
{
    int ncols = (int)st->n_index_params;
    memset(x, 0, sizeof(*x));
    *has_extra = false;
    if (ncols > 16)
        return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "cannot use more than 16 columns in an index");
    const char **names = column_names(sc, t);
    for (int k = 0; k < ncols; k++) {
        PgQuery__IndexElem *el = st->index_params[k]->index_elem;
        OmType type;
        Expr *e = NULL;
        if (!(el->name && el->name[0])) {
            e = sql_bind_table_expr(sc, t, NULL, NULL, el->expr);
            if (!e) goto fail;
        }
        if (e && e->kind == EXPR_VAR) {
            /* `((col))` is the column, as PostgreSQL's ComputeIndexAttrs takes it */
            cols[k] = e->u.var.attno;
            type = t->cols[cols[k]].type;
            snprintf(x->key_names[k], sizeof(x->key_names[k]), "%s", t->cols[cols[k]].name);
        } else if (!e) {
            cols[k] = catalog_column_index(t, el->name);
            if (cols[k] < 0) {
                ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", el->name);
                goto fail;
            }
            type = t->cols[cols[k]].type;
            snprintf(x->key_names[k], sizeof(x->key_names[k]), "%s", el->name);
        } else {
            if (e->type.id == TYPE_UNKNOWN) e = bind_resolve_unknown(&sc->binder, e);
            if (!e || check_volatile(sc, e, "expression") != 0) goto fail;
            if (sql_check_texts(sc, e, names, &x->keys[k]) != 0) goto fail;
            cols[k] = -1;
            type = e->type;
            x->key_types[k] = e->type;
            x->key_funclike[k] = looks_like_function(e);
            name_key(x, k, el->expr);
            *has_extra = true;
        }
        if (sql_check_column_type(x->key_names[k], type, sc->err) != 0) goto fail;
        if (el->n_collation > 0) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "COLLATE in an index key is not supported yet");
            goto fail;
        }
        if (elem_options(sc, el, am, &options[k]) != 0) goto fail;
        const char *given = opclass_name(sc, el);
        if (given && !given[0]) goto fail;
        if (resolve_opclass(sc, am, given, type, x->opclass[k]) != 0) goto fail;
        if (x->opclass[k][0]) *has_extra = true;
    }
    *ninclude = 0;
    if (st->n_index_including_params > 0 && am != CAT_AM_BTREE && am != CAT_AM_GIST &&
        am != CAT_AM_SPGIST) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "access method \"%s\" does not support included columns", catalog_index_am_name(am));
        goto fail;
    }
    if (ncols + (int)st->n_index_including_params > 32 || st->n_index_including_params > 16) {
        ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
            "cannot use more than 32 columns in an index");
        goto fail;
    }
    for (size_t i = 0; i < st->n_index_including_params; i++) {
        PgQuery__IndexElem *el = st->index_including_params[i]->index_elem;
        if (!el->name || !el->name[0]) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "expressions are not supported in included columns");
            goto fail;
        }
        int ci = catalog_column_index(t, el->name);
        if (ci < 0) {
            ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", el->name);
            goto fail;
        }
        include_cols[(*ninclude)++] = ci;
    }
    if (st->where_clause) {
        Expr *e = sql_check_bind(sc, t, NULL, NULL, st->where_clause, NULL);
        if (!e || check_volatile(sc, e, "predicate") != 0) goto fail;
        if (sql_check_texts(sc, e, names, &x->pred) != 0) goto fail;
        *has_extra = true;
    }
    return 0;
fail:
    catalog_index_expr_fini(x);
    return -1;
}

int sql_refuse_nulls_not_distinct(StmtCtx *sc)
{
    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "NULLS NOT DISTINCT is not supported yet");
    error_detail(sc->err, "OmenDB's unique indexes treat NULLs as distinct values.");
    return -1;
}

/* ---- keeping the texts right ---- */

bool sql_index_uses_column(StmtCtx *sc, const CatTable *t, const CatConstraint *con, int col)
{
    for (int k = 0; k < con->ncols; k++)
        if (con->cols[k] == col) return true;
    for (int k = 0; k < con->ninclude; k++)
        if (con->include_cols[k] == col) return true;
    const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
    if (!x) return false;
    OmError saved = *sc->err;
    for (int k = 0; k <= con->ncols; k++) {
        const CatCheck *c = k < con->ncols ? &x->keys[k] : &x->pred;
        if (!c->bind_sql) continue;
        Expr *e = sql_table_expr_load(sc, t, c->bind_sql, "index expression", NULL);
        if (!e) {
            *sc->err = saved;
            return true; /* cannot tell: treat as dependent */
        }
        if (sql_expr_uses_column(e, col)) return true;
    }
    return false;
}

/* After a type change: each plain index's operator classes must still take
 * its columns' types (42804 / 42704 as CREATE INDEX). Only indexes with a
 * method other than btree or a named class can fail: btree has a default
 * class for every type a key column may have. */
static int recheck_opclasses(StmtCtx *sc, CatTable *t)
{
    for (int i = 0; i < t->ncons; i++) {
        const CatConstraint *con = &t->cons[i];
        if (con->kind != CONSTR_INDEX) continue;
        const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
        for (int k = 0; k < con->ncols; k++) {
            const char *given = x && x->opclass[k][0] ? x->opclass[k] : NULL;
            if (con->cols[k] < 0 || (!given && con->am == CAT_AM_BTREE)) continue;
            char ignored[CATALOG_NAME_MAX];
            if (resolve_opclass(sc, con->am, given, t->cols[con->cols[k]].type, ignored) != 0)
                return -1;
        }
    }
    return 0;
}

int sql_index_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names)
{
    if (!old_names && recheck_opclasses(sc, t) != 0) return -1;
    const char **names = column_names(sc, t);
    for (int i = 0; i < t->nixexprs; i++) {
        CatIndexExpr *x = &t->ixexprs[i];
        for (int k = 0; k <= 16; k++) {
            CatCheck *c = k < 16 ? &x->keys[k] : &x->pred;
            if (!c->bind_sql) continue;
            Expr *e = sql_table_expr_load(sc, t, c->bind_sql, "index expression", old_names);
            if (!e || sql_check_retext(sc, e, names, c) != 0) return -1;
            if (k < 16) x->key_types[k] = e->type;
        }
    }
    return 0;
}
