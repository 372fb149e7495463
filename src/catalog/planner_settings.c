/*
 * planner_settings.c — the planner settings' definitions and PostgreSQL's
 * parsing of their values (see planner_settings.h). The descriptions are
 * PostgreSQL 15's pg_settings text; the table is sorted by name and its
 * order is PlannerGucId's.
 */
#include "catalog/planner_settings.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const PlannerGucDef defs[PLANNER_NGUC] = {
    {"constraint_exclusion", PGUC_ENUM, 0, false, 0, 0, "{partition,on,off}",
     "Query Tuning / Other Planner Options",
     "Enables the planner to use constraints to optimize queries.",
     "Table scans will be skipped if their constraints guarantee that no rows match the query."},
    {"cpu_index_tuple_cost", PGUC_REAL, 0.005, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of processing each index entry during an index scan.",
     NULL},
    {"cpu_operator_cost", PGUC_REAL, 0.0025, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of processing each operator or function call.", NULL},
    {"cpu_tuple_cost", PGUC_REAL, 0.01, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of processing each tuple (row).", NULL},
    {"cursor_tuple_fraction", PGUC_REAL, 0.1, false, 0, 1, NULL,
     "Query Tuning / Other Planner Options",
     "Sets the planner's estimate of the fraction of a cursor's rows that will be retrieved.",
     NULL},
    {"default_statistics_target", PGUC_INT, 100, false, 1, 10000, NULL,
     "Query Tuning / Other Planner Options", "Sets the default statistics target.",
     "This applies to table columns that have not had a column-specific target set via ALTER TABLE "
     "SET STATISTICS."},
    {"effective_cache_size", PGUC_INT, 524288, true, 1, 2147483647, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's assumption about the total size of the data caches.",
     "That is, the total size of the caches (kernel cache and shared buffers) used for PostgreSQL "
     "data files. This is measured in disk pages, which are normally 8 kB each."},
    {"enable_async_append", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of async append plans.", NULL},
    {"enable_bitmapscan", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of bitmap-scan plans.", NULL},
    {"enable_gathermerge", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of gather merge plans.", NULL},
    {"enable_hashagg", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of hashed aggregation plans.", NULL},
    {"enable_hashjoin", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration", "Enables the planner's use of hash join plans.",
     NULL},
    {"enable_incremental_sort", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of incremental sort steps.", NULL},
    {"enable_indexonlyscan", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of index-only-scan plans.", NULL},
    {"enable_indexscan", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of index-scan plans.", NULL},
    {"enable_material", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration", "Enables the planner's use of materialization.",
     NULL},
    {"enable_memoize", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration", "Enables the planner's use of memoization.",
     NULL},
    {"enable_mergejoin", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of merge join plans.", NULL},
    {"enable_nestloop", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of nested-loop join plans.", NULL},
    {"enable_parallel_append", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of parallel append plans.", NULL},
    {"enable_parallel_hash", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of parallel hash plans.", NULL},
    {"enable_partition_pruning", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables plan-time and execution-time partition pruning.",
     "Allows the query planner and executor to compare partition bounds to conditions in the query "
     "to determine which partitions must be scanned."},
    {"enable_partitionwise_aggregate", PGUC_BOOL, 0, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables partitionwise aggregation and grouping.", NULL},
    {"enable_partitionwise_join", PGUC_BOOL, 0, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration", "Enables partitionwise join.", NULL},
    {"enable_seqscan", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of sequential-scan plans.", NULL},
    {"enable_sort", PGUC_BOOL, 1, false, 0, 0, NULL, "Query Tuning / Planner Method Configuration",
     "Enables the planner's use of explicit sort steps.", NULL},
    {"enable_tidscan", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Query Tuning / Planner Method Configuration", "Enables the planner's use of TID scan plans.",
     NULL},
    {"force_parallel_mode", PGUC_ENUM, 0, false, 0, 0, "{off,on,regress}", "Developer Options",
     "Forces use of parallel query facilities.",
     "If possible, run query using a parallel worker and with parallel restrictions."},
    {"from_collapse_limit", PGUC_INT, 8, false, 1, 2147483647, NULL,
     "Query Tuning / Other Planner Options",
     "Sets the FROM-list size beyond which subqueries are not collapsed.",
     "The planner will merge subqueries into upper queries if the resulting FROM list would have "
     "no more than this many items."},
    {"geqo", PGUC_BOOL, 1, false, 0, 0, NULL, "Query Tuning / Genetic Query Optimizer",
     "Enables genetic query optimization.",
     "This algorithm attempts to do planning without exhaustive searching."},
    {"geqo_effort", PGUC_INT, 5, false, 1, 10, NULL, "Query Tuning / Genetic Query Optimizer",
     "GEQO: effort is used to set the default for other GEQO parameters.", NULL},
    {"geqo_threshold", PGUC_INT, 12, false, 2, 2147483647, NULL,
     "Query Tuning / Genetic Query Optimizer",
     "Sets the threshold of FROM items beyond which GEQO is used.", NULL},
    {"jit", PGUC_BOOL, 1, false, 0, 0, NULL, "Query Tuning / Other Planner Options",
     "Allow JIT compilation.", NULL},
    {"jit_above_cost", PGUC_REAL, 100000, false, -1, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants", "Perform JIT compilation if query is more expensive.",
     "-1 disables JIT compilation."},
    {"join_collapse_limit", PGUC_INT, 8, false, 1, 2147483647, NULL,
     "Query Tuning / Other Planner Options",
     "Sets the FROM-list size beyond which JOIN constructs are not flattened.",
     "The planner will flatten explicit JOIN constructs into lists of FROM items whenever a list "
     "of no more than this many items would result."},
    {"max_parallel_workers", PGUC_INT, 8, false, 0, 1024, NULL,
     "Resource Usage / Asynchronous Behavior",
     "Sets the maximum number of parallel workers that can be active at one time.", NULL},
    {"max_parallel_workers_per_gather", PGUC_INT, 2, false, 0, 1024, NULL,
     "Resource Usage / Asynchronous Behavior",
     "Sets the maximum number of parallel processes per executor node.", NULL},
    {"min_parallel_index_scan_size", PGUC_INT, 64, true, 0, 715827882, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the minimum amount of index data for a parallel scan.",
     "If the planner estimates that it will read a number of index pages too small to reach this "
     "limit, a parallel scan will not be considered."},
    {"min_parallel_table_scan_size", PGUC_INT, 1024, true, 0, 715827882, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the minimum amount of table data for a parallel scan.",
     "If the planner estimates that it will read a number of table pages too small to reach this "
     "limit, a parallel scan will not be considered."},
    {"parallel_leader_participation", PGUC_BOOL, 1, false, 0, 0, NULL,
     "Resource Usage / Asynchronous Behavior",
     "Controls whether Gather and Gather Merge also run subplans.",
     "Should gather nodes also run subplans or just gather tuples?"},
    {"parallel_setup_cost", PGUC_REAL, 1000, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of starting up worker processes for parallel query.",
     NULL},
    {"parallel_tuple_cost", PGUC_REAL, 0.1, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of passing each tuple (row) from worker to leader "
     "backend.",
     NULL},
    {"random_page_cost", PGUC_REAL, 4, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.", NULL},
    {"recursive_worktable_factor", PGUC_REAL, 10, false, 0.001, 1e+06, NULL,
     "Query Tuning / Other Planner Options",
     "Sets the planner's estimate of the average size of a recursive query's working table.", NULL},
    {"seq_page_cost", PGUC_REAL, 1, false, 0, DBL_MAX, NULL,
     "Query Tuning / Planner Cost Constants",
     "Sets the planner's estimate of the cost of a sequentially fetched disk page.", NULL},
};

void planner_settings_defaults(PlannerSettings *ps)
{
    for (int i = 0; i < PLANNER_NGUC; i++) ps->v[i] = defs[i].boot;
}

int planner_guc_find(const char *name)
{
    for (int i = 0; i < PLANNER_NGUC; i++)
        if (strcasecmp(defs[i].name, name) == 0) return i;
    return -1;
}

const PlannerGucDef *planner_guc_def(int id)
{
    return id >= 0 && id < PLANNER_NGUC ? &defs[id] : NULL;
}

/* PostgreSQL's parse_bool: true, false, yes, no and unique prefixes of them,
 * on, off (at least two letters), 1 and 0; case-insensitive. */
static bool parse_bool(const char *v, bool *out)
{
    size_t len = strlen(v);
    if (len == 0) return false;
    switch (tolower((unsigned char)v[0])) {
    case 't':
        if (strncasecmp(v, "true", len) == 0 && len <= 4) return *out = true, true;
        break;
    case 'f':
        if (strncasecmp(v, "false", len) == 0 && len <= 5) return *out = false, true;
        break;
    case 'y':
        if (strncasecmp(v, "yes", len) == 0 && len <= 3) return *out = true, true;
        break;
    case 'n':
        if (strncasecmp(v, "no", len) == 0 && len <= 2) return *out = false, true;
        break;
    case 'o':
        if (len >= 2 && len <= 2 && strncasecmp(v, "on", 2) == 0) return *out = true, true;
        if (len >= 2 && len <= 3 && strncasecmp(v, "off", len) == 0) return *out = false, true;
        break;
    case '1':
        if (len == 1) return *out = true, true;
        break;
    case '0':
        if (len == 1) return *out = false, true;
        break;
    default:
        break;
    }
    return false;
}

/* Memory units of a setting kept in 8 kB pages: pages per unit. */
static const struct {
    const char *unit;
    double pages;
} block_units[] = {
    {"TB", 1024.0 * 1024.0 * 1024.0 / 8},
    {"GB", 1024.0 * 1024.0 / 8},
    {"MB", 1024.0 / 8},
    {"kB", 1.0 / 8},
    {"B", 1.0 / 8192},
    {NULL, 0},
};

static int invalid(const PlannerGucDef *d, const char *value, const char *hint, OmError *err)
{
    ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": \"%s\"",
        d->name, value);
    if (hint) error_hint(err, "%s", hint);
    return -1;
}

/* PostgreSQL's parse_int: an integer (decimal, 0x hex or 0 octal) or a
 * fraction that is rounded, then a unit where the setting has one. */
static int parse_int(const PlannerGucDef *d, const char *value, double *out, OmError *err)
{
    static const char *const units_hint =
        "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".";
    char *end;
    errno = 0;
    double val = (double)strtol(value, &end, 0);
    if (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE) {
        errno = 0;
        val = strtod(value, &end);
    }
    if (end == value || errno == ERANGE || isnan(val)) return invalid(d, value, NULL, err);
    while (isspace((unsigned char)*end)) end++;
    if (*end) {
        if (!d->blocks) return invalid(d, value, NULL, err);
        char unit[8];
        size_t n = 0;
        while (*end && !isspace((unsigned char)*end) && n < sizeof(unit) - 1) unit[n++] = *end++;
        unit[n] = '\0';
        while (isspace((unsigned char)*end)) end++;
        int u = 0;
        while (block_units[u].unit && strcmp(block_units[u].unit, unit) != 0) u++;
        if (*end || !block_units[u].unit) return invalid(d, value, units_hint, err);
        val *= block_units[u].pages;
        /* a fraction of a unit rounds to the next smaller unit, as PostgreSQL does */
        if (block_units[u + 1].unit)
            val = rint(val / block_units[u + 1].pages) * block_units[u + 1].pages;
    }
    val = rint(val);
    if (val > INT_MAX || val < INT_MIN)
        return invalid(d, value, "Value exceeds integer range.", err);
    if (val < d->min || val > d->max) {
        ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
            "%d%s is outside the valid range for parameter \"%s\" (%d .. %d)", (int)val,
            d->blocks ? " 8kB" : "", d->name, (int)d->min, (int)d->max);
        return -1;
    }
    *out = val;
    return 0;
}

/* An integer as SHOW prints it: 8 kB pages in the largest unit that holds
 * the value exactly (GB, MB, kB), as PostgreSQL does for positive values. */
static void show_int(const PlannerGucDef *d, double v, char *canon, size_t cap)
{
    long long pages = (long long)v;
    if (!d->blocks || pages <= 0) {
        snprintf(canon, cap, "%lld", pages);
        return;
    }
    long long kb = pages * 8;
    if (kb % (1024LL * 1024 * 1024) == 0)
        snprintf(canon, cap, "%lldTB", kb / (1024LL * 1024 * 1024));
    else if (kb % (1024LL * 1024) == 0)
        snprintf(canon, cap, "%lldGB", kb / (1024LL * 1024));
    else if (kb % 1024 == 0)
        snprintf(canon, cap, "%lldMB", kb / 1024);
    else
        snprintf(canon, cap, "%lldkB", kb);
}

/* The i-th value of an enum's "{a,b,c}" list into buf; false past the end. */
static bool enum_value(const PlannerGucDef *d, int i, char *buf, size_t cap)
{
    const char *p = d->enumvals + 1;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        if (!p) return false;
        p++;
    }
    size_t n = strcspn(p, ",}");
    if (n >= cap) n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return true;
}

int planner_guc_parse(int id, const char *value, double *out, char *canon, size_t cap, OmError *err)
{
    const PlannerGucDef *d = &defs[id];
    switch (d->type) {
    case PGUC_BOOL: {
        bool b;
        if (!parse_bool(value, &b))
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "parameter \"%s\" requires a Boolean value", d->name);
        *out = b;
        snprintf(canon, cap, "%s", b ? "on" : "off");
        return 0;
    }
    case PGUC_INT:
        if (parse_int(d, value, out, err) != 0) return -1;
        show_int(d, *out, canon, cap);
        return 0;
    case PGUC_REAL: {
        char *end;
        errno = 0;
        double val = strtod(value, &end);
        if (end == value || errno == ERANGE || isnan(val)) return invalid(d, value, NULL, err);
        while (isspace((unsigned char)*end)) end++;
        if (*end) return invalid(d, value, NULL, err);
        if (val < d->min || val > d->max) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "%g is outside the valid range for parameter \"%s\" (%g .. %g)", val, d->name,
                d->min, d->max);
            return -1;
        }
        *out = val;
        snprintf(canon, cap, "%g", val);
        return 0;
    }
    case PGUC_ENUM: {
        char name[32];
        for (int i = 0; enum_value(d, i, name, sizeof(name)); i++)
            if (strcasecmp(name, value) == 0) {
                *out = i;
                snprintf(canon, cap, "%s", name);
                return 0;
            }
        /* the hidden spellings of on and off that both enums here accept */
        bool b;
        if (strcasecmp(value, "on") != 0 && strcasecmp(value, "off") != 0 &&
            (!strcasecmp(value, "true") || !strcasecmp(value, "false") ||
             !strcasecmp(value, "yes") || !strcasecmp(value, "no") || !strcmp(value, "1") ||
             !strcmp(value, "0")) &&
            parse_bool(value, &b)) {
            for (int i = 0; enum_value(d, i, name, sizeof(name)); i++)
                if (strcmp(name, b ? "on" : "off") == 0) {
                    *out = i;
                    snprintf(canon, cap, "%s", name);
                    return 0;
                }
        }
        char hint[160];
        size_t n = (size_t)snprintf(hint, sizeof(hint), "Available values: ");
        for (int i = 0; enum_value(d, i, name, sizeof(name)) && n < sizeof(hint); i++)
            n += (size_t)snprintf(hint + n, sizeof(hint) - n, "%s%s", i ? ", " : "", name);
        if (n < sizeof(hint)) snprintf(hint + n, sizeof(hint) - n, ".");
        return invalid(d, value, hint, err);
    }
    }
    return -1;
}

void planner_guc_setting_text(int id, double v, char *buf, size_t cap)
{
    const PlannerGucDef *d = &defs[id];
    switch (d->type) {
    case PGUC_BOOL:
        snprintf(buf, cap, "%s", v != 0 ? "on" : "off");
        return;
    case PGUC_INT:
        snprintf(buf, cap, "%lld", (long long)v);
        return;
    case PGUC_REAL:
        snprintf(buf, cap, "%g", v);
        return;
    case PGUC_ENUM:
        if (!enum_value(d, (int)v, buf, cap)) snprintf(buf, cap, "?");
        return;
    }
}
