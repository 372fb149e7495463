/*
 * sysview_settings_text.c — the pg_settings rows of the parameters a session
 * keeps only as text: the ones pg_dump and pg_restore set
 * (check_function_bodies, default_table_access_method, default_tablespace,
 * synchronize_seqscans, xmloption; sql/session_settings_guc.c validates them).
 *
 * fill_settings (sysview_pg_misc.c) calls sysview_settings_text_rows after its
 * own rows. Values are read through the session's get_setting hook
 * (SessionViews), so they are what SHOW prints; without a session the boot
 * values are shown. The descriptive columns are PostgreSQL 15's. source is
 * "session" when the value differs from the boot value, else "default" (a SET
 * of the boot value itself still reads "default": no per-source tracking).
 *
 * Then the planner settings (catalog/planner_settings.h), from the session's
 * parsed values: setting, min_val, max_val and boot_val in the base unit
 * (8 kB pages for the memory ones, unit "8kB"), as PostgreSQL shows them.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/sysview_int.h"

typedef struct TextSetting {
    const char *name;
    const char *boot;
    const char *category;
    const char *short_desc;
    const char *vartype;  /* bool, enum or string */
    const char *enumvals; /* text[] form for enums, else NULL */
} TextSetting;

static const TextSetting text_settings[] = {
    {"check_function_bodies", "on", "Client Connection Defaults / Statement Behavior",
     "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.", "bool", NULL},
    {"default_table_access_method", "heap", "Client Connection Defaults / Statement Behavior",
     "Sets the default table access method for new tables.", "string", NULL},
    {"default_tablespace", "", "Client Connection Defaults / Statement Behavior",
     "Sets the default tablespace to create tables and indexes in.", "string", NULL},
    {"synchronize_seqscans", "on",
     "Version and Platform Compatibility / Previous PostgreSQL Versions",
     "Enable synchronized sequential scans.", "bool", NULL},
    {"xmloption", "content", "Client Connection Defaults / Statement Behavior",
     "Sets whether XML data in implicit parsing and serialization operations is to be "
     "considered as documents or content fragments.",
     "enum", "{content,document}"},
};

int sysview_settings_text_rows(SvBuilder *b)
{
    const SessionSettings *st = b->settings;
    for (size_t i = 0; i < sizeof(text_settings) / sizeof(text_settings[0]); i++) {
        const TextSetting *t = &text_settings[i];
        const char *value = NULL;
        if (st && st->views.get_setting) value = st->views.get_setting(st->views.session, t->name);
        if (!value) value = t->boot;
        sv_str(b, t->name);
        sv_str(b, value);
        sv_null(b); /* unit */
        sv_str(b, t->category);
        sv_str(b, t->short_desc);
        sv_null(b); /* extra_desc */
        sv_str(b, "user");
        sv_str(b, t->vartype);
        sv_str(b, strcmp(value, t->boot) == 0 ? "default" : "session");
        sv_null(b); /* min_val */
        sv_null(b); /* max_val */
        sv_str(b, t->enumvals);
        sv_str(b, t->boot);
        sv_str(b, t->boot); /* reset_val: no per-role or per-database settings */
        sv_null(b);         /* sourcefile */
        sv_null(b);         /* sourceline */
        sv_bool(b, false);
        sv_row_end(b);
    }
    PlannerSettings boot;
    planner_settings_defaults(&boot);
    for (int i = 0; i < PLANNER_NGUC; i++) {
        const PlannerGucDef *d = planner_guc_def(i);
        double v = st ? st->planner.v[i] : boot.v[i];
        char value[32], boot_text[32], lo[32], hi[32];
        planner_guc_setting_text(i, v, value, sizeof(value));
        planner_guc_setting_text(i, boot.v[i], boot_text, sizeof(boot_text));
        bool ranged = d->type == PGUC_INT || d->type == PGUC_REAL;
        snprintf(lo, sizeof(lo), d->type == PGUC_INT ? "%.0f" : "%g", d->min);
        snprintf(hi, sizeof(hi), d->type == PGUC_INT ? "%.0f" : "%g", d->max);
        static const char *const vartypes[] = {"bool", "integer", "real", "enum"};
        sv_str(b, d->name);
        sv_str(b, value);
        sv_str(b, d->blocks ? "8kB" : NULL);
        sv_str(b, d->category);
        sv_str(b, d->short_desc);
        sv_str(b, d->extra_desc);
        sv_str(b, "user");
        sv_str(b, vartypes[d->type]);
        sv_str(b, v == boot.v[i] ? "default" : "session");
        sv_str(b, ranged ? lo : NULL);
        sv_str(b, ranged ? hi : NULL);
        sv_str(b, d->enumvals);
        sv_str(b, boot_text);
        sv_str(b, boot_text);
        sv_null(b);
        sv_null(b);
        sv_bool(b, false);
        sv_row_end(b);
    }
    return b->rc;
}
