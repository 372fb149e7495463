/*
 * func_comment.c — the comment functions psql's \d+, \dt+, \dn+, \l+, \du+
 * and GUI tools call: obj_description(oid, catalog name), obj_description(oid),
 * col_description(table oid, attnum) and shobj_description(oid, catalog name),
 * over the catalog's comments (catalog_comment.c) as PostgreSQL's read
 * pg_description and pg_shdescription.
 *
 * The catalog name selects the classoid: pg_class (relations), pg_constraint,
 * pg_namespace, pg_extension and pg_language (plpgsql's initdb comment);
 * pg_database and pg_authid for shobj_description. Any other
 * name (pg_proc, pg_type, ...) finds nothing: OmenDB keeps no comments on
 * those, and PostgreSQL's built-in descriptions are not there. As PostgreSQL's,
 * col_description(t, 0) is the relation's own comment. They read the catalog
 * under the statement's shared lock, so they are volatile (never folded).
 */
#include "exec/func_comment.h"

#include <string.h>

#include "catalog/catalog.h"
#include "exec/func_int.h"

static Oid arg_oid(Vector **args, int i, uint32_t row)
{
    if (args[i]->type.id == TYPE_INT4) return (Oid)ARG(int32_t, i, row);
    return (Oid)ARG(int64_t, i, row);
}

static bool arg_is(Vector **args, int i, uint32_t row, const char *want)
{
    const StrView *s = arg_str(args, i, row);
    size_t n = strlen(want);
    return s->len == n && memcmp(strview_data(s), want, n) == 0;
}

static void put_text(Vector *out, uint32_t row, const char *text, EvalCtx *ctx)
{
    if (text)
        ((StrView *)out->data)[row] = vector_add_string(out, text, (uint32_t)strlen(text));
    else
        vector_set_null(out, row, ctx->arena);
}

/* The classoid a catalog name stands for in obj_description, or 0. */
static Oid class_of(Vector **args, int i, uint32_t row)
{
    if (arg_is(args, i, row, "pg_class")) return CAT_CLASS_RELATION;
    if (arg_is(args, i, row, "pg_constraint")) return CAT_CLASS_CONSTRAINT;
    if (arg_is(args, i, row, "pg_namespace")) return CAT_CLASS_NAMESPACE;
    if (arg_is(args, i, row, "pg_extension")) return CAT_CLASS_EXTENSION;
    if (arg_is(args, i, row, "pg_language")) return CAT_CLASS_LANGUAGE;
    return 0;
}

static int k_obj_description(KERNEL_ARGS)
{
    (void)call;
    FOR_EACH_ROW(row)
    {
        Oid classoid = class_of(args, 1, row);
        const char *text = classoid && ctx->catalog
                               ? catalog_comment_get(ctx->catalog, classoid, arg_oid(args, 0, row))
                               : NULL;
        put_text(out, row, text, ctx);
    }
    return 0;
}

/* obj_description(oid): the comment of that OID in any catalog but the
 * shared ones (deprecated in PostgreSQL, still used). */
static int k_obj_description_any(KERNEL_ARGS)
{
    (void)call;
    FOR_EACH_ROW(row)
    {
        Oid oid = arg_oid(args, 0, row);
        const char *text = NULL;
        for (int i = 0; ctx->catalog && !text && i < catalog_comment_count(ctx->catalog); i++) {
            const CatComment *c = catalog_comment_at(ctx->catalog, i);
            if (c->objoid == oid && c->classoid != CAT_CLASS_DATABASE &&
                c->classoid != CAT_CLASS_AUTHID)
                text = c->text;
        }
        put_text(out, row, text, ctx);
    }
    return 0;
}

static int k_col_description(KERNEL_ARGS)
{
    (void)call;
    FOR_EACH_ROW(row)
    {
        Oid rel = arg_oid(args, 0, row);
        int32_t attnum = ARG(int32_t, 1, row);
        const char *text = NULL;
        if (ctx->catalog)
            text = attnum == 0 ? catalog_comment_get(ctx->catalog, CAT_CLASS_RELATION, rel)
                               : catalog_column_comment(ctx->catalog, rel, attnum);
        put_text(out, row, text, ctx);
    }
    return 0;
}

static int k_shobj_description(KERNEL_ARGS)
{
    (void)call;
    FOR_EACH_ROW(row)
    {
        Oid classoid = arg_is(args, 1, row, "pg_database") ? CAT_CLASS_DATABASE
                       : arg_is(args, 1, row, "pg_authid") ? CAT_CLASS_AUTHID
                                                           : 0;
        const char *text = classoid && ctx->catalog
                               ? catalog_comment_get(ctx->catalog, classoid, arg_oid(args, 0, row))
                               : NULL;
        put_text(out, row, text, ctx);
    }
    return 0;
}

#define CMT(name, n, k, oid, ...)                                                                  \
    {                                                                                              \
        name, n, {__VA_ARGS__}, TYPE_TEXT, FUNC_STRICT | FUNC_VOLATILE, k, oid                     \
    }

/* PostgreSQL's OIDs for these functions */
const FuncDef func_comment_defs[] = {
    CMT("obj_description", 2, k_obj_description, 1215, TYPE_OID, TYPE_NAME),
    CMT("obj_description", 1, k_obj_description_any, 1348, TYPE_OID),
    CMT("col_description", 2, k_col_description, 1216, TYPE_OID, TYPE_INT4),
    CMT("shobj_description", 2, k_shobj_description, 1993, TYPE_OID, TYPE_NAME),
};
const int func_comment_ndefs = sizeof(func_comment_defs) / sizeof(func_comment_defs[0]);
