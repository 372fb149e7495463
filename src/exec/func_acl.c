/*
 * func_acl.c — access-privilege functions PostgreSQL's clients call:
 *
 *   acldefault("char" objtype, oid owner) -> aclitem[]
 *       the privileges an object of that kind has before any GRANT: the owner
 *       holds all of them, and PUBLIC the ones PostgreSQL grants it by default
 *       (USAGE on types and languages, EXECUTE on functions, CONNECT and TEMP
 *       on databases). pg_dump compares each object's ACL with this.
 *
 * OmenDB keeps no ACLs (every relacl/nspacl is NULL: the defaults hold) and
 * has no aclitem type, so the array comes back in its text form as text, the
 * type the catalog views give their ACL columns. Role OIDs print as the role's
 * name, unknown ones as the number (as aclitemout does).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "exec/func_int.h"

/* The privilege letters of objtype's default ACL: the owner's and PUBLIC's
 * (NULL: PUBLIC has none). False for an unknown objtype. */
static bool default_privs(char objtype, const char **owner, const char **public_privs)
{
    *public_privs = NULL;
    switch (objtype) {
    case 'c': /* column: no ACL of its own */
        *owner = "";
        return true;
    case 'r': /* table, view */
        *owner = "arwdDxt";
        return true;
    case 's': /* sequence */
        *owner = "rwU";
        return true;
    case 'd': /* database */
        *owner = "CTc";
        *public_privs = "Tc";
        return true;
    case 'f': /* function */
        *owner = "X";
        *public_privs = "X";
        return true;
    case 'l': /* language */
    case 'T': /* type */
        *owner = "U";
        *public_privs = "U";
        return true;
    case 'L': /* large object */
        *owner = "rw";
        return true;
    case 'n': /* schema */
        *owner = "UC";
        return true;
    case 'F': /* foreign-data wrapper */
    case 'S': /* foreign server */
        *owner = "U";
        return true;
    case 'p': /* parameter */
        *owner = "sA";
        return true;
    default:
        return false;
    }
}

static int k_acldefault(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        const StrView *t = arg_str(args, 0, row);
        char objtype = t->len > 0 ? strview_data(t)[0] : 0;
        int64_t owner_oid = ARG(int64_t, 1, row);
        const char *mine, *pub;
        if (!default_privs(objtype, &mine, &pub)) {
            ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "unrecognized objtype abbreviation: %c",
                objtype);
            return -1;
        }
        char role[32];
        const char *known = catalog_role_name((Oid)owner_oid);
        if (known)
            snprintf(role, sizeof(role), "%s", known);
        else
            snprintf(role, sizeof(role), "%lld", (long long)owner_oid);
        char buf[160];
        if (mine[0] == 0)
            snprintf(buf, sizeof(buf), "{}");
        else if (pub)
            snprintf(buf, sizeof(buf), "{=%s/%s,%s=%s/%s}", pub, role, role, mine, role);
        else
            snprintf(buf, sizeof(buf), "{%s=%s/%s}", role, mine, role);
        ((StrView *)out->data)[row] = vector_add_string(out, buf, (uint32_t)strlen(buf));
    }
    return 0;
}

const FuncDef func_acl_defs[] = {
    FN("acldefault", 2, TYPE_TEXT, k_acldefault, 3943, TYPE_CHAR, TYPE_OID),
};
const int func_acl_ndefs = sizeof(func_acl_defs) / sizeof(func_acl_defs[0]);
