/*
 * sql_checkpoint.c — writes checkpoints (sql_checkpoint.h) and runs the
 * background thread that triggers them.
 *
 * One checkpoint, in order (docs/checkpoint.md has the argument):
 *   1. Hold off DDL (sql_wal_ddl_lock) and, briefly, writing commits
 *      (txn_manager_hold_commits). With both held, every batch in the log
 *      below wal_insert_lsn is visible to a new snapshot and nothing else is:
 *      that LSN is the checkpoint LSN, and a REPEATABLE READ transaction's
 *      snapshot taken there is the data. Release the commits at once.
 *   2. Flush the log up to the checkpoint LSN (the manifest must never be
 *      ahead of the durable log).
 *   3. Take the catalog lock shared (no table can be created or dropped until
 *      the end), let DDL queue again, and write into DATA/checkpoint/<seq>/
 *      the DDL history (catalog.bin) and each table's visible rows as
 *      t<oid>.parquet, while commits go on. A table unchanged since the base
 *      checkpoint (no commit noted on it above the base's version, same DDL
 *      history) keeps the base's file instead: incremental checkpoints. Every
 *      file is fsync'd, then the directory and DATA/checkpoint (DATA too when
 *      DATA/checkpoint is new).
 *   4. Replace DATA/checkpoint/MANIFEST atomically. From here on recovery
 *      uses the new checkpoint.
 *   5. Remove WAL segments wholly before the checkpoint LSN and every file
 *      under DATA/checkpoint the new manifest does not name.
 * A failure before the rename of step 4 removes the new directory and leaves
 * the previous checkpoint current and untouched (a checkpoint only creates
 * new names), with the log it needs; commits go on and the next checkpoint
 * starts afresh. A failed directory fsync after the rename keeps both
 * checkpoints' files and the log. A crash at any point leaves either the old
 * or the new manifest, each naming complete files. docs/checkpoint.md has
 * the argument, "When a checkpoint fails" the failure cases.
 */
#include "sql/sql_checkpoint.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/crc32c.h"
#include "common/file_io.h"
#include "sql/sql_wal.h"
#include "storage/storage_checkpoint.h"
#include "wal/wal_manifest.h"

struct SqlCheckpointer {
    Database *db;
    SqlCheckpointOptions opt;
    char dir[4096];
    pthread_mutex_t run_mu; /* one checkpoint at a time */
    /* Under run_mu: */
    uint64_t seq;     /* the highest checkpoint number used (its directory may exist) */
    uint64_t lsn;     /* the LSN of the current checkpoint (0 = none) */
    uint64_t seq_lsn; /* the log's end after that checkpoint's sequence states */
    /* The checkpoint whose files a new one may keep: its catalog and the table
     * files that are known good (a file ignored as damaged is left out), and
     * the commit version they hold. */
    WalManifest base;
    uint64_t base_version;
    pthread_mutex_t mu; /* guards stop, last_time; with cv */
    pthread_cond_t cv;
    bool stop;
    int64_t last_time; /* monotonic seconds of the last checkpoint (or start) */
    pthread_t thread;
    bool thread_started;
    /* For metrics (sql_checkpoint_stats): written under run_mu, read without. */
    uint64_t n_done;   /* checkpoints written (an idle one that had nothing to write is not) */
    uint64_t n_failed; /* checkpoints that failed */
    uint64_t last_us;  /* duration of the last one written */
};

static int64_t mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void say(const SqlCheckpointer *ck, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const SqlCheckpointer *ck, const char *fmt, ...)
{
    if (!ck->opt.log) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ck->opt.log(ck->opt.log_ctx, msg);
}

static bool is_seq_name(const char *s)
{
    if (strlen(s) != 16) return false;
    for (int i = 0; i < 16; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F'))) return false;
    return true;
}

/* True if `m` names the file "<dir>/<file>" (relative to DATA/checkpoint). */
static bool referenced(const WalManifest *m, const char *dir, const char *file)
{
    if (!m || m->seq == 0) return false;
    size_t dl = strlen(dir);
    for (size_t i = 0; i <= m->nfiles; i++) {
        const char *name = i < m->nfiles ? m->files[i].name : m->catalog.name;
        if (strncmp(name, dir, dl) == 0 && name[dl] == '/' && strcmp(name + dl + 1, file) == 0)
            return true;
    }
    return false;
}

/* Removes the files of checkpoint subdirectory `path` (named `dir`) that `m`
 * does not name, and the directory if nothing is left (best effort). Returns
 * true if anything was removed. */
static bool prune_dir(const char *path, const char *dir, const WalManifest *m)
{
    bool removed = false, kept = false;
    DIR *d = opendir(path);
    if (d) {
        OmError ignored;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            if (referenced(m, dir, e->d_name)) {
                kept = true;
                continue;
            }
            char p[4096 + 256];
            snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
            error_clear(&ignored);
            if (file_unlink(p, &ignored) == 0) removed = true;
        }
        closedir(d);
        if (removed && kept) {
            error_clear(&ignored);
            file_sync_dir(path, &ignored);
        }
    }
    if (!kept && rmdir(path) == 0) removed = true;
    return removed;
}

void sql_checkpoint_cleanup(const char *ckpt_dir, const WalManifest *keep)
{
    DIR *d = opendir(ckpt_dir);
    if (!d) return;
    bool removed = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char p[4096 + 256];
        snprintf(p, sizeof(p), "%s/%s", ckpt_dir, e->d_name);
        if (is_seq_name(e->d_name)) {
            removed |= prune_dir(p, e->d_name, keep);
        } else if (strcmp(e->d_name, WAL_MANIFEST_NAME ".tmp") == 0) {
            OmError ignored;
            error_clear(&ignored);
            removed |= file_unlink(p, &ignored) == 0;
        }
    }
    closedir(d);
    if (removed) {
        OmError ignored;
        error_clear(&ignored);
        file_sync_dir(ckpt_dir, &ignored);
    }
}

/* Removes checkpoint directory `seqdir` with everything in it (a failed or
 * crashed checkpoint's; no manifest names its files) and makes that durable
 * (best effort: a leftover is removed again later). */
static void remove_new_dir(const SqlCheckpointer *ck, const char *seqdir, const char *seqname)
{
    if (prune_dir(seqdir, seqname, NULL)) {
        OmError ignored;
        error_clear(&ignored);
        file_sync_dir(ck->dir, &ignored);
    }
}

/* Creates directory `path`; when it is new and `parent` is given, fsyncs the
 * parent so that the entry is durable. If that fsync fails the directory is
 * removed again, so that the next attempt creates it and fsyncs anew. */
static int make_dir(const char *path, const char *parent, OmError *err)
{
    if (mkdir(path, 0700) == 0) {
        if (!parent || file_sync_dir(parent, err) == 0) return 0;
        rmdir(path);
        return -1;
    }
    if (errno == EEXIST) return 0;
    int e = errno;
    return ERR(err, e == ENOSPC || e == EDQUOT ? SQLSTATE_DISK_FULL : SQLSTATE_IO_ERROR,
               "could not create directory \"%s\": %s", path, strerror(e));
}

static int write_file(const char *path, const void *data, size_t len, OmError *err)
{
    OmFile *f = file_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600, err);
    if (!f) return -1;
    if (file_write_all(f, data, len, err) != 0 || file_sync(f, err) != 0) {
        file_close(f, NULL);
        return -1;
    }
    return file_close(f, err);
}

/* Step 3 for one table: writes its file and fills *out. */
static int write_table(CatTable *t, const StorageSnapshot *snap, const char *seqdir,
                       const char *seqname, WalManifestFile *out, OmError *err)
{
    const char **names = malloc(sizeof(char *) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    if (!names) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    for (int c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
    memset(out, 0, sizeof(*out));
    out->oid = t->oid;
    snprintf(out->name, sizeof(out->name), "%s/t%u.parquet", seqname, t->oid);
    char path[4096 + 128];
    snprintf(path, sizeof(path), "%s/t%u.parquet", seqdir, t->oid);
    int rc = storage_checkpoint_write(t->storage, snap, path, names, &out->rows, err);
    free(names);
    if (rc == 0) rc = wal_manifest_checksum(path, &out->size, &out->crc, err);
    return rc;
}

/* Incremental checkpoints: the base checkpoint's file of table t if it still
 * holds the table's rows: no schema change since (same DDL history,
 * `same_ddl`), no commit changed the table after the file's version, and the
 * file is still there with its size. NULL: write the table. */
static const WalManifestFile *keepable(const SqlCheckpointer *ck, const CatTable *t, bool same_ddl)
{
    if (!same_ddl || storage_table_last_commit(t->storage) > ck->base_version) return NULL;
    for (size_t i = 0; i < ck->base.nfiles; i++) {
        const WalManifestFile *f = &ck->base.files[i];
        if (f->oid != t->oid) continue;
        char path[4096 + WAL_MANIFEST_NAME_MAX];
        snprintf(path, sizeof(path), "%s/%s", ck->dir, f->name);
        struct stat st;
        if (stat(path, &st) != 0 || (uint64_t)st.st_size != f->size) return NULL;
        return f;
    }
    return NULL;
}

/* Makes `m` (files malloc'd) the base of the next checkpoint, at `version`. */
static void set_base(SqlCheckpointer *ck, WalManifest *m, uint64_t version)
{
    wal_manifest_fini(&ck->base);
    ck->base = *m;
    ck->base_version = version;
    memset(m, 0, sizeof(*m));
}

static int run_locked(SqlCheckpointer *ck, const char *reason, OmError *err)
{
    Database *db = ck->db;
    double t0 = mono_ms();
    if (sql_wal_check_writable(db, err) != 0) return -1;

    /* 1. The cut. */
    sql_wal_ddl_lock(db);
    bool ddl_held = true;
    txn_manager_hold_commits(db->txns);
    Wal *wal = sql_wal_log(db);
    uint64_t lsn = wal_insert_lsn(wal);
    /* nothing logged since the last checkpoint but its own sequence states */
    bool idle = ck->lsn != 0 && (lsn == ck->lsn || lsn == ck->seq_lsn);
    Txn *txn = NULL;
    if (!idle) {
        txn = txn_begin(db->txns, TXN_REPEATABLE_READ);
        if (txn) txn_snapshot_all_commits(txn); /* the log below lsn, flushed next */
    }
    uint64_t version = txn_last_commit(db->txns); /* what the snapshot sees */
    uint32_t next_oid = catalog_peek_next_oid(db->catalog);
    txn_manager_release_commits(db->txns);
    if (idle) {
        sql_wal_ddl_unlock(db);
        return 0; /* nothing logged since the last checkpoint */
    }
    int rc = -1;
    WalManifest m;
    memset(&m, 0, sizeof(m));
    char seqname[17], seqdir[4096 + 32];
    bool catalog_held = false, dir_made = false;
    if (!txn) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    StorageSnapshot snap = *txn_snapshot(txn);
    say(ck, "checkpoint %" PRIu64 " starting (%s) at %X/%X", ck->seq + 1, reason,
        (unsigned)(lsn >> 32), (unsigned)lsn);

    /* The sequences' states go into the log after the cut (the log before it
     * may be removed), with DDL still held off; the flush makes them durable. */
    if (sql_wal_log_sequences(db, err) != 0) goto out;
    uint64_t seq_lsn = wal_insert_lsn(wal);

    /* 2. The log up to the cut is durable before anything names it. */
    if (wal_flush(wal, err) != 0) goto out;

    /* 3. The files. */
    m.seq = ck->seq + 1;
    m.lsn = lsn;
    m.next_oid = next_oid;
    snprintf(seqname, sizeof(seqname), "%016" PRIX64, m.seq);
    snprintf(seqdir, sizeof(seqdir), "%s/%s", ck->dir, seqname);
    if (make_dir(ck->dir, db->data_dir, err) != 0) goto out;
    remove_new_dir(ck, seqdir, seqname);            /* left by a checkpoint that crashed */
    if (make_dir(seqdir, NULL, err) != 0) goto out; /* ck->dir is fsync'd below */
    dir_made = true;
    const uint8_t *hist;
    size_t hist_len;
    if (sql_wal_history_get(db, &hist, &hist_len, err) != 0) goto out;
    char path[4096 + 64];
    snprintf(path, sizeof(path), "%s/catalog.bin", seqdir);
    snprintf(m.catalog.name, sizeof(m.catalog.name), "%s/catalog.bin", seqname);
    m.catalog.size = hist_len;
    m.catalog.crc = crc32c(hist, hist_len);
    bool same_ddl = ck->base.seq != 0 && ck->base.catalog.size == m.catalog.size &&
                    ck->base.catalog.crc == m.catalog.crc;
    if (write_file(path, hist, hist_len, err) != 0) goto out;
    catalog_lock_shared(db->catalog);
    catalog_held = true;
    sql_wal_ddl_unlock(db); /* DDL now waits for the catalog lock instead */
    ddl_held = false;
    int ntables = catalog_table_count(db->catalog);
    m.files = calloc((size_t)(ntables > 0 ? ntables : 1), sizeof(WalManifestFile));
    if (!m.files) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    uint64_t total_rows = 0, total_bytes = 0, written_bytes = 0;
    size_t n_kept = 0;
    for (int i = 0; i < ntables; i++) {
        CatTable *t = catalog_table_at(db->catalog, i);
        if (!t->storage || t->schema->is_temp) continue; /* temporary tables are not kept */
        WalManifestFile *f = &m.files[m.nfiles];
        const WalManifestFile *old = keepable(ck, t, same_ddl);
        if (old) {
            *f = *old;
            n_kept++;
        } else {
            if (write_table(t, &snap, seqdir, seqname, f, err) != 0) goto out;
            written_bytes += f->size;
        }
        total_rows += f->rows;
        total_bytes += f->size;
        m.nfiles++;
    }
    catalog_unlock(db->catalog);
    catalog_held = false;
    txn_abort(txn);
    txn = NULL;
    if (file_sync_dir(seqdir, err) != 0 || file_sync_dir(ck->dir, err) != 0) goto out;

    /* 4. The switch. */
    bool replaced = false;
    if (wal_manifest_write(ck->dir, &m, &replaced, err) != 0) {
        if (replaced) {
            /* MANIFEST names the new files, but a crash may bring back the
             * old one: keep both (and the log since the old one); the next
             * checkpoint takes the number after this one. */
            ck->seq = m.seq;
            dir_made = false;
        }
        goto out;
    }
    uint64_t old_seq = ck->base.seq;
    ck->seq = m.seq;
    ck->lsn = m.lsn;
    ck->seq_lsn = seq_lsn;
    dir_made = false;

    /* 5. What the new checkpoint makes unnecessary. */
    size_t n_removed = 0;
    OmError rm_err;
    error_clear(&rm_err);
    if (wal_remove_before(wal, lsn, &n_removed, &rm_err) != 0)
        say(ck, "checkpoint: could not remove old write-ahead log segments: %s", rm_err.message);
    sql_checkpoint_cleanup(ck->dir, &m);
    say(ck,
        "checkpoint %" PRIu64 " (%s) complete at %X/%X: %zu tables (%zu kept from before), "
        "%" PRIu64 " rows, %.1f MB (%.1f MB written); removed %zu log segments and "
        "checkpoint %" PRIu64 "; %.0f ms",
        m.seq, reason, (unsigned)(lsn >> 32), (unsigned)lsn, m.nfiles, n_kept, total_rows,
        total_bytes / 1048576.0, written_bytes / 1048576.0, n_removed, old_seq, mono_ms() - t0);
    __atomic_store_n(&ck->last_us, (uint64_t)((mono_ms() - t0) * 1000), __ATOMIC_RELAXED);
    __atomic_store_n(&ck->n_done, ck->n_done + 1, __ATOMIC_RELAXED);
    set_base(ck, &m, version);
    rc = 0;
out:
    if (catalog_held) catalog_unlock(db->catalog);
    if (ddl_held) sql_wal_ddl_unlock(db);
    if (txn) txn_abort(txn);
    if (dir_made) remove_new_dir(ck, seqdir, seqname);
    wal_manifest_fini(&m);
    return rc;
}

bool sql_checkpoint_stats(Database *db, uint64_t *n_done, uint64_t *n_failed, uint64_t *last_us)
{
    SqlCheckpointer *ck = db->ckpt;
    if (!ck) return false;
    *n_done = __atomic_load_n(&ck->n_done, __ATOMIC_RELAXED);
    *n_failed = __atomic_load_n(&ck->n_failed, __ATOMIC_RELAXED);
    *last_us = __atomic_load_n(&ck->last_us, __ATOMIC_RELAXED);
    return true;
}

int sql_checkpoint_run(Database *db, const char *reason, OmError *err)
{
    SqlCheckpointer *ck = db->ckpt;
    if (!ck || !db->wal) return 0;
    pthread_mutex_lock(&ck->run_mu);
    int rc = run_locked(ck, reason, err);
    if (rc != 0) __atomic_store_n(&ck->n_failed, ck->n_failed + 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&ck->run_mu);
    pthread_mutex_lock(&ck->mu);
    ck->last_time = mono_seconds();
    pthread_mutex_unlock(&ck->mu);
    return rc;
}

bool sql_checkpoint_settings(Database *db, char *timeout, size_t timeout_cap, char *wal_size,
                             size_t wal_size_cap)
{
    SqlCheckpointer *ck = db->ckpt;
    if (!ck) return false;
    uint32_t t = ck->opt.timeout_s;
    if (t == 0 || t % 60 != 0)
        snprintf(timeout, timeout_cap, t ? "%us" : "0", t);
    else
        snprintf(timeout, timeout_cap, "%umin", t / 60);
    uint64_t b = ck->opt.max_wal_bytes;
    static const char *units[] = {"kB", "MB", "GB", "TB"};
    if (b == 0 || b % 1024 != 0) {
        snprintf(wal_size, wal_size_cap, b ? "%" PRIu64 "B" : "0", b);
        return true;
    }
    int u = 0;
    b /= 1024;
    while (u < 3 && b % 1024 == 0) {
        b /= 1024;
        u++;
    }
    snprintf(wal_size, wal_size_cap, "%" PRIu64 "%s", b, units[u]);
    return true;
}

/* ---- the background trigger ---- */

static void *checkpointer_main(void *arg)
{
    SqlCheckpointer *ck = arg;
    pthread_mutex_lock(&ck->mu);
    while (!ck->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ck->cv, &ck->mu, &until);
        if (ck->stop) break;
        int64_t idle = mono_seconds() - ck->last_time;
        pthread_mutex_unlock(&ck->mu);
        uint64_t logged = wal_insert_lsn(sql_wal_log(ck->db));
        pthread_mutex_lock(&ck->run_mu);
        uint64_t since = logged - ck->lsn;
        pthread_mutex_unlock(&ck->run_mu);
        const char *why = NULL;
        if (ck->opt.max_wal_bytes && since >= ck->opt.max_wal_bytes)
            why = "wal volume";
        else if (ck->opt.timeout_s && idle >= (int64_t)ck->opt.timeout_s && since > 0)
            why = "time";
        if (why && !sql_wal_is_broken(ck->db) && !wal_is_failed(sql_wal_log(ck->db), NULL)) {
            OmError err;
            error_clear(&err);
            if (sql_checkpoint_run(ck->db, why, &err) != 0)
                say(ck, "checkpoint failed: %s%s%s", err.message, err.detail[0] ? ": " : "",
                    err.detail);
        }
        pthread_mutex_lock(&ck->mu);
        if (why) ck->last_time = mono_seconds();
    }
    pthread_mutex_unlock(&ck->mu);
    return NULL;
}

int sql_checkpoint_start(Database *db, const WalManifest *cur, uint64_t version,
                         const uint32_t *lost, size_t n_lost, const SqlCheckpointOptions *opt,
                         OmError *err)
{
    SqlCheckpointer *ck = calloc(1, sizeof(SqlCheckpointer));
    if (!ck) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    ck->db = db;
    if (opt) ck->opt = *opt;
    if (cur && cur->seq != 0) {
        ck->seq = cur->seq;
        ck->lsn = cur->lsn;
        ck->base = *cur;
        ck->base.nfiles = 0;
        ck->base.files = calloc(cur->nfiles ? cur->nfiles : 1, sizeof(WalManifestFile));
        if (!ck->base.files) {
            free(ck);
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
        for (size_t i = 0; i < cur->nfiles; i++) {
            bool is_lost = false;
            for (size_t j = 0; j < n_lost; j++) is_lost |= lost[j] == cur->files[i].oid;
            if (!is_lost) ck->base.files[ck->base.nfiles++] = cur->files[i];
        }
        ck->base_version = version;
    }
    snprintf(ck->dir, sizeof(ck->dir), "%s/%s", db->data_dir, SQL_CHECKPOINT_DIR);
    pthread_mutex_init(&ck->run_mu, NULL);
    pthread_mutex_init(&ck->mu, NULL);
    pthread_cond_init(&ck->cv, NULL);
    ck->last_time = mono_seconds();
    db->ckpt = ck;
    if (ck->opt.max_wal_bytes || ck->opt.timeout_s) {
        if (pthread_create(&ck->thread, NULL, checkpointer_main, ck) != 0) {
            sql_checkpoint_stop(db);
            return ERR(err, SQLSTATE_INSUFFICIENT_RESOURCES,
                       "could not start the checkpointer thread");
        }
        ck->thread_started = true;
    }
    return 0;
}

void sql_checkpoint_stop(Database *db)
{
    SqlCheckpointer *ck = db->ckpt;
    if (!ck) return;
    if (ck->thread_started) {
        pthread_mutex_lock(&ck->mu);
        ck->stop = true;
        pthread_cond_broadcast(&ck->cv);
        pthread_mutex_unlock(&ck->mu);
        pthread_join(ck->thread, NULL);
    }
    pthread_cond_destroy(&ck->cv);
    pthread_mutex_destroy(&ck->mu);
    pthread_mutex_destroy(&ck->run_mu);
    wal_manifest_fini(&ck->base);
    free(ck);
    db->ckpt = NULL;
}
