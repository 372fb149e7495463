/*
 * database.c — the Database object: the catalog (and through it the storage)
 * of one data directory. Data lives in memory; sql_database_recover
 * (sql_recovery.c) replays the write-ahead log under DATA/wal and attaches it
 * so that later commits are logged (sql_wal.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/type_io.h"
#include "exec/func_registry.h"
#include "exec/func_userdef.h"
#include "sql/pl.h"
#include "sql/sql_int.h"
#include "sql/sql_checkpoint.h"
#include "sql/sql_wal.h"

Database *sql_database_open(const char *data_dir, OmError *err)
{
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
        ERR(err, SQLSTATE_IO_ERROR, "could not create data directory \"%s\": %s", data_dir,
            strerror(errno));
        return NULL;
    }
    Database *db = calloc(1, sizeof(Database));
    if (!db) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    db->data_dir = strdup(data_dir);
    db->catalog = catalog_create();
    if (db->catalog) {
        type_io_set_regclass_namer(catalog_relation_name, db->catalog);
        catalog_enum_install_hooks(db->catalog);
    }
    type_io_set_regproc_names(func_regproc_name, func_regproc_lookup);
    func_userdef_set_catalog(db->catalog);
    pl_install();
    db->txns = txn_manager_create();
    db->advisory = sql_advisory_create();
    db->notify = sql_notify_hub_create();
    if (!db->catalog || !db->data_dir || !db->txns || !db->advisory || !db->notify) {
        sql_database_close(db);
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    return db;
}

void sql_database_set_log(Database *db, void (*fn)(void *ctx, SqlLogLevel level, const char *msg),
                          void *ctx)
{
    db->log = fn;
    db->log_ctx = ctx;
}

void sql_database_close(Database *db)
{
    if (!db) return;
    sql_checkpoint_stop(db);
    sql_wal_detach(db); /* flushes the log before the data it describes goes away */
    txn_manager_destroy(db->txns);
    sql_advisory_destroy(db->advisory);
    sql_notify_hub_destroy(db->notify);
    if (db->catalog) {
        type_io_set_regclass_namer(NULL, NULL);
        func_userdef_set_catalog(NULL);
        catalog_enum_install_hooks(NULL);
        catalog_destroy(db->catalog);
    }
    free(db->data_dir);
    free(db);
}
