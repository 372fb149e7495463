/*
 * catalog_trigger.c — the triggers of the catalog (CatTrigger, see
 * catalog.h): create, drop, lookups by table and event. A trigger's name is
 * unique per table. The catalog owns every CatTrigger; callers hold the
 * catalog lock (exclusively for changes), as for functions.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

static void trigger_free(CatTrigger *tg)
{
    if (!tg) return;
    for (int i = 0; i < tg->nargs; i++) free(tg->args[i]);
    free(tg->args);
    for (int i = 0; tg->cols && i < tg->ncols; i++) free(tg->cols[i]);
    free(tg->cols);
    free(tg->when_sql);
    free(tg);
}

void catalog_trigger_free_all(Catalog *cat)
{
    for (int i = 0; i < cat->ntriggers; i++) trigger_free(cat->triggers[i]);
    free(cat->triggers);
    cat->triggers = NULL;
    cat->ntriggers = cat->cap_triggers = 0;
}

int catalog_trigger_create(Catalog *cat, const CatTrigger *tmpl, CatTrigger **out, OmError *err)
{
    if (catalog_trigger_find(cat, tmpl->table, tmpl->name))
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT, "trigger \"%s\" for relation already exists",
                   tmpl->name);
    if (cat->ntriggers == cat->cap_triggers) {
        int cap = cat->cap_triggers ? cat->cap_triggers * 2 : 8;
        CatTrigger **arr = realloc(cat->triggers, sizeof(*arr) * (size_t)cap);
        if (!arr) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        cat->triggers = arr;
        cat->cap_triggers = cap;
    }
    CatTrigger *tg = calloc(1, sizeof(CatTrigger));
    if (!tg) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *tg = *tmpl;
    tg->name[CATALOG_NAME_MAX - 1] = 0;
    tg->args = calloc((size_t)(tmpl->nargs > 0 ? tmpl->nargs : 1), sizeof(char *));
    tg->cols = calloc((size_t)(tmpl->ncols > 0 ? tmpl->ncols : 1), sizeof(char *));
    tg->when_sql = tmpl->when_sql ? strdup(tmpl->when_sql) : NULL;
    bool oom = !tg->args || !tg->cols || (tmpl->when_sql && !tg->when_sql);
    for (int i = 0; !oom && i < tmpl->nargs; i++) oom = !(tg->args[i] = strdup(tmpl->args[i]));
    for (int i = 0; !oom && i < tmpl->ncols; i++) oom = !(tg->cols[i] = strdup(tmpl->cols[i]));
    if (oom) {
        tg->nargs = tg->args ? tg->nargs : 0; /* the arrays are zeroed: free(NULL) is fine */
        tg->ncols = tg->cols ? tg->ncols : 0;
        trigger_free(tg);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    tg->oid = catalog_next_oid(cat);
    cat->triggers[cat->ntriggers++] = tg;
    if (out) *out = tg;
    return 0;
}

static void unlink_at(Catalog *cat, int i)
{
    trigger_free(cat->triggers[i]);
    memmove(&cat->triggers[i], &cat->triggers[i + 1],
            sizeof(CatTrigger *) * (size_t)(cat->ntriggers - i - 1));
    cat->ntriggers--;
}

void catalog_trigger_drop(Catalog *cat, CatTrigger *tg)
{
    for (int i = 0; i < cat->ntriggers; i++)
        if (cat->triggers[i] == tg) {
            unlink_at(cat, i);
            return;
        }
}

void catalog_trigger_drop_table(Catalog *cat, Oid table)
{
    for (int i = cat->ntriggers - 1; i >= 0; i--)
        if (cat->triggers[i]->table == table) unlink_at(cat, i);
}

CatTrigger *catalog_trigger_find(Catalog *cat, Oid table, const char *name)
{
    for (int i = 0; i < cat->ntriggers; i++)
        if (cat->triggers[i]->table == table && strcmp(cat->triggers[i]->name, name) == 0)
            return cat->triggers[i];
    return NULL;
}

CatTrigger *catalog_trigger_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->ntriggers; i++)
        if (cat->triggers[i]->oid == oid) return cat->triggers[i];
    return NULL;
}

int catalog_trigger_count(Catalog *cat)
{
    return cat->ntriggers;
}

CatTrigger *catalog_trigger_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->ntriggers ? cat->triggers[i] : NULL;
}

int catalog_triggers_for(Catalog *cat, Oid table, int event, bool before, bool row,
                         const CatTrigger **out, int max)
{
    int n = 0;
    for (int i = 0; i < cat->ntriggers; i++) {
        const CatTrigger *tg = cat->triggers[i];
        if (tg->table != table || !(tg->events & event) || tg->before != before || tg->row != row ||
            !tg->enabled)
            continue;
        if (n < max) { /* insertion in name order */
            int at = n;
            while (at > 0 && strcmp(out[at - 1]->name, tg->name) > 0) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = tg;
        }
        n++;
    }
    return n;
}

CatTrigger *catalog_trigger_using(Catalog *cat, Oid func)
{
    for (int i = 0; i < cat->ntriggers; i++)
        if (cat->triggers[i]->func == func) return cat->triggers[i];
    return NULL;
}

void catalog_trigger_rename_col(Catalog *cat, Oid table, const char *from, const char *to)
{
    for (int i = 0; i < cat->ntriggers; i++) {
        CatTrigger *tg = cat->triggers[i];
        for (int k = 0; tg->table == table && k < tg->ncols; k++) {
            if (strcmp(tg->cols[k], from) != 0) continue;
            char *copy = strdup(to);
            if (!copy) continue; /* out of memory: the trigger keeps the old name */
            free(tg->cols[k]);
            tg->cols[k] = copy;
        }
    }
}
