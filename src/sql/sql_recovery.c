/*
 * sql_recovery.c — makes a Database durable at startup: loads the last
 * checkpoint (DATA/checkpoint/MANIFEST, sql_checkpoint.h) if there is one,
 * replays the redo log (DATA/wal) from the checkpoint's LSN (or from its
 * beginning), then opens the WAL for appending, installs the commit hook
 * (sql_wal.c) and starts the checkpointer.
 *
 * Loading a checkpoint: every file the manifest names is checked against its
 * size and CRC32C first. The catalog file is the DDL history; its statements
 * are replayed like DDL records of the log (same OIDs), then each table's
 * Parquet file goes into its storage at the original row ids, committed and
 * visible to all. A missing or damaged table file stops recovery naming the
 * file, unless damage is ignored: the table then starts empty and later log
 * records that update or delete its lost rows are skipped. A damaged manifest
 * or catalog file always stops recovery (nothing can be rebuilt without it).
 *
 * Replay follows docs/wal.md: change records are buffered until their COMMIT
 * and applied as one batch with the next commit version (log order, not the
 * timestamps in the COMMIT records, decides; conflicting transactions are in
 * the log in the order they committed). Rows go back to their original row
 * ids (storage_redo.h); DDL records run through the SQL layer as the user who
 * ran them, with their search_path and OID counter. Unique indexes are rebuilt
 * once at the end, from the live rows (those with expression keys or a
 * predicate by the SQL layer, which evaluates them: sql_index_unique.c).
 *
 * A torn end of the log ends replay quietly. A missing segment that holds the
 * checkpoint's LSN (nothing later exists) is damage too: without the flag it
 * stops recovery naming the file and offset; with it the database starts as
 * of the checkpoint and a new empty segment is made there. Damage before the end stops
 * recovery with the reader's XX001 error (file and offset) unless the caller
 * asked to ignore damage; then replay stops at the damage, the report of what
 * is lost goes to the log callback, and the WAL is reopened at the damage so
 * that everything after it is discarded.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "common/file_io.h"
#include "sql/session_guc.h"
#include "sql/sql_checkpoint.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_wal.h"
#include "storage/storage_checkpoint.h"
#include "storage/storage_redo.h"
#include "wal/wal_manifest.h"
#include "wal/wal_redo.h"

typedef struct PendingRec {
    uint8_t type;
    uint32_t len;
    size_t off; /* payload at Replay.bytes + off */
} PendingRec;

typedef struct Replay {
    Database *db;
    const SqlRecoveryOptions *opt;
    PendingRec *recs;
    size_t n, cap;
    uint8_t *bytes; /* payloads of the pending records, one buffer reused per batch */
    size_t bytes_len, bytes_cap;
    uint32_t last_oid; /* the table of the last change record, cached */
    CatTable *last_table;
    uint64_t ts; /* commit version of the last applied batch */
    uint64_t n_batches, n_ddl, n_rows;
    Value *vals; /* scratch for one row */
    int *cols;
    int cap_vals;
    WalRedoBuf history; /* DDL payloads replayed, as [u32 len][payload] */
    uint32_t *lost;     /* tables whose checkpoint file was damaged (ignored) */
    size_t n_lost;
} Replay;

static bool is_lost(const Replay *rp, uint32_t oid)
{
    for (size_t i = 0; i < rp->n_lost; i++)
        if (rp->lost[i] == oid) return true;
    return false;
}

static void say(const Replay *rp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const Replay *rp, const char *fmt, ...)
{
    if (!rp->opt || !rp->opt->log) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rp->opt->log(rp->opt->log_ctx, msg);
}

static void clear_pending(Replay *rp)
{
    rp->n = 0;
    rp->bytes_len = 0;
}

static int push_pending(Replay *rp, const WalRecord *rec, OmError *err)
{
    if (rp->n == rp->cap) {
        size_t cap = rp->cap ? rp->cap * 2 : 16;
        PendingRec *r = realloc(rp->recs, cap * sizeof(PendingRec));
        if (!r) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        rp->recs = r;
        rp->cap = cap;
    }
    if (rec->len > rp->bytes_cap - rp->bytes_len) {
        size_t cap = rp->bytes_cap ? rp->bytes_cap * 2 : 1 << 20;
        while (cap - rp->bytes_len < rec->len) cap *= 2;
        uint8_t *b = realloc(rp->bytes, cap);
        if (!b) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        rp->bytes = b;
        rp->bytes_cap = cap;
    }
    if (rec->len) memcpy(rp->bytes + rp->bytes_len, rec->data, rec->len);
    rp->recs[rp->n++] = (PendingRec){rec->type, rec->len, rp->bytes_len};
    rp->bytes_len += (rec->len + 7) & ~(size_t)7;
    return 0;
}

static int bad_record(OmError *err, const char *what)
{
    return ERR(err, SQLSTATE_DATA_CORRUPTED, "malformed %s record in the write-ahead log", what);
}

/* The table of a change record, with room for its values in the scratch; notes
 * the table as changed by this batch (storage_table_note_commit). */
static StorageTable *find_table(Replay *rp, uint32_t oid, OmError *err)
{
    CatTable *t = oid == rp->last_oid ? rp->last_table : NULL;
    if (!t) t = catalog_table_by_oid(rp->db->catalog, oid);
    rp->last_oid = t ? oid : 0;
    rp->last_table = t;
    if (!t) {
        ERR(err, SQLSTATE_DATA_CORRUPTED,
            "write-ahead log changes table with OID %u, which does not exist", oid);
        return NULL;
    }
    int need = storage_table_ncols(t->storage) + 1;
    if (need > rp->cap_vals) {
        Value *v = realloc(rp->vals, sizeof(Value) * (size_t)need);
        if (v) rp->vals = v;
        int *c = v ? realloc(rp->cols, sizeof(int) * (size_t)need) : NULL;
        if (!c) {
            ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            return NULL;
        }
        rp->cols = c;
        rp->cap_vals = need;
    }
    storage_table_note_commit(t->storage, rp->ts); /* its checkpoint file is out of date */
    return t->storage;
}

static int apply_insert(Replay *rp, WalRedoCursor *c, OmError *err)
{
    uint32_t oid, nrows;
    uint16_t ncols, pad;
    uint64_t first;
    if (!wal_redo_get_u32(c, &oid) || !wal_redo_get_u16(c, &ncols) || !wal_redo_get_u16(c, &pad) ||
        !wal_redo_get_u64(c, &first) || !wal_redo_get_u32(c, &nrows))
        return bad_record(err, "insert");
    StorageTable *st = find_table(rp, oid, err);
    if (!st) return -1;
    if (ncols != storage_table_ncols(st)) return bad_record(err, "insert");
    for (uint32_t i = 0; i < nrows; i++) {
        for (int col = 0; col < ncols; col++)
            if (!wal_redo_get_value(c, storage_table_column_type(st, col), &rp->vals[col]))
                return bad_record(err, "insert");
        if (storage_redo_insert(st, first + i, rp->vals, rp->ts, err) != 0) return -1;
    }
    rp->n_rows += nrows;
    return 0;
}

static int apply_update(Replay *rp, WalRedoCursor *c, OmError *err)
{
    uint32_t oid;
    uint16_t ncols, pad;
    uint64_t row;
    if (!wal_redo_get_u32(c, &oid) || !wal_redo_get_u16(c, &ncols) || !wal_redo_get_u16(c, &pad) ||
        !wal_redo_get_u64(c, &row))
        return bad_record(err, "update");
    StorageTable *st = find_table(rp, oid, err);
    if (!st) return -1;
    if (ncols > storage_table_ncols(st)) return bad_record(err, "update");
    for (int k = 0; k < ncols; k++) {
        uint16_t col;
        if (!wal_redo_get_u16(c, &col) || col >= storage_table_ncols(st) ||
            !wal_redo_get_value(c, storage_table_column_type(st, col), &rp->vals[k]))
            return bad_record(err, "update");
        rp->cols[k] = col;
    }
    if (storage_redo_update(st, row, ncols, rp->cols, rp->vals, err) != 0) {
        if (!is_lost(rp, oid) || err->sqlstate[0] != 'X') return -1;
        error_clear(err); /* a row lost with its checkpoint file */
    }
    return 0;
}

static int apply_delete(Replay *rp, WalRedoCursor *c, OmError *err)
{
    uint32_t oid, nrows;
    if (!wal_redo_get_u32(c, &oid) || !wal_redo_get_u32(c, &nrows))
        return bad_record(err, "delete");
    StorageTable *st = find_table(rp, oid, err);
    if (!st) return -1;
    for (uint32_t i = 0; i < nrows; i++) {
        uint64_t row;
        if (!wal_redo_get_u64(c, &row)) return bad_record(err, "delete");
        if (storage_redo_delete(st, row, rp->ts, err) != 0) {
            if (!is_lost(rp, oid) || err->sqlstate[0] != 'X') return -1;
            error_clear(err);
        }
    }
    return 0;
}

static char *get_string(WalRedoCursor *c)
{
    uint32_t len;
    const uint8_t *bytes;
    if (!wal_redo_get_u32(c, &len) || !wal_redo_get_bytes(c, len, &bytes)) return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s) return NULL;
    memcpy(s, bytes, len);
    s[len] = '\0';
    return s;
}

static int apply_ddl(Replay *rp, WalRedoCursor *c, OmError *err)
{
    rp->last_oid = 0; /* the statement may drop or change the cached table */
    rp->last_table = NULL;
    wal_redo_put_u32(&rp->history, (uint32_t)(c->end - c->p));
    wal_redo_put_bytes(&rp->history, c->p, (size_t)(c->end - c->p));
    uint32_t next_oid;
    if (!wal_redo_get_u32(c, &next_oid)) return bad_record(err, "DDL");
    char *user = get_string(c), *path = user ? get_string(c) : NULL;
    char *sql = path ? get_string(c) : NULL;
    int rc = -1;
    if (!sql) {
        bad_record(err, "DDL");
        goto out;
    }
    catalog_set_next_oid(rp->db->catalog, next_oid);
    SqlSession *s = sql_session_create(rp->db, user, NULL, "recovery");
    if (!s) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    s->mv_internal = true;
    ResultSink sink;
    memset(&sink, 0, sizeof(sink));
    rc = session_guc_set(s, "search_path", path, NULL, err);
    if (rc == 0) rc = sql_exec_simple(s, sql, &sink, err);
    sql_session_destroy(s);
    if (rc != 0) {
        char cause[sizeof(err->message)];
        snprintf(cause, sizeof(cause), "%s", err->message);
        error_clear(err);
        ERR(err, SQLSTATE_DATA_CORRUPTED,
            "could not replay a schema change from the write-ahead log");
        error_detail(err, "Statement: %.400s Error: %s", sql, cause);
    }
    rp->n_ddl++;
out:
    free(user);
    free(path);
    free(sql);
    return rc;
}

/* A sequence's state: the last record of a sequence in log order wins. */
static int apply_sequence(Replay *rp, WalRedoCursor *c, OmError *err)
{
    uint32_t oid, called;
    uint64_t value;
    if (!wal_redo_get_u32(c, &oid) || !wal_redo_get_u32(c, &called) || !wal_redo_get_u64(c, &value))
        return bad_record(err, "sequence");
    CatSequence *s = catalog_sequence_by_oid(rp->db->catalog, oid);
    if (!s)
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "a sequence record of the write-ahead log names sequence OID %u, which does "
                   "not exist",
                   oid);
    catalog_sequence_restore(s, (int64_t)value, (called & 0xff) != 0);
    return 0;
}

static int apply_batch(Replay *rp, const WalRecord *commit, OmError *err)
{
    uint64_t commit_ts;
    uint32_t n_changes;
    if (wal_commit_decode(commit, &commit_ts, &n_changes, err) != 0) return -1;
    if (n_changes != rp->n)
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "commit record at %X/%X counts %u changes but %zu precede it",
                   (unsigned)(commit->lsn >> 32), (unsigned)commit->lsn, n_changes, rp->n);
    if (rp->ts + 1 >= VERSION_TXN_BASE)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "too many commits in the log");
    rp->ts++;
    for (size_t i = 0; i < rp->n; i++) {
        const uint8_t *data = rp->bytes + rp->recs[i].off;
        WalRedoCursor c = {data, data + rp->recs[i].len};
        int rc;
        switch (rp->recs[i].type) {
        case WAL_REC_INSERT:
            rc = apply_insert(rp, &c, err);
            break;
        case WAL_REC_UPDATE:
            rc = apply_update(rp, &c, err);
            break;
        case WAL_REC_DELETE:
            rc = apply_delete(rp, &c, err);
            break;
        case WAL_REC_DDL:
            txn_manager_set_last_commit(rp->db->txns, rp->ts - 1);
            rc = apply_ddl(rp, &c, err);
            break;
        case WAL_REC_SEQUENCE:
            rc = apply_sequence(rp, &c, err);
            break;
        default:
            rc = ERR(err, SQLSTATE_DATA_CORRUPTED, "unknown change record type %u in the log",
                     (unsigned)rp->recs[i].type);
        }
        if (rc != 0) {
            error_hint(err, "The batch committed at %X/%X could not be replayed.",
                       (unsigned)(commit->lsn >> 32), (unsigned)commit->lsn);
            return -1;
        }
    }
    txn_manager_set_last_commit(rp->db->txns, rp->ts);
    rp->n_batches++;
    clear_pending(rp);
    return 0;
}

/* True if dir holds any file (a segment left by an earlier run). */
static bool dir_has_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    bool any = false;
    struct dirent *e;
    while (!any && (e = readdir(d)) != NULL) any = e->d_name[0] != '.';
    closedir(d);
    return any;
}

static int replay_log(Replay *rp, WalReader *r, OmError *err)
{
    WalRecord rec;
    int rc;
    while ((rc = wal_reader_next(r, &rec, err)) == 1) {
        if (rec.type == WAL_REC_COMMIT) {
            if (apply_batch(rp, &rec, err) != 0) return -1;
        } else if (push_pending(rp, &rec, err) != 0) {
            return -1;
        }
    }
    return rc;
}

/* Reads a whole checkpoint file that the manifest vouches for (its size and
 * CRC32C were checked just before; they are checked again on what was read). */
static int read_catalog(const char *ckdir, const WalManifestFile *f, uint8_t **out, OmError *err)
{
    char path[WAL_PATH_MAX + WAL_MANIFEST_NAME_MAX];
    snprintf(path, sizeof(path), "%s/%s", ckdir, f->name);
    uint8_t *buf = malloc(f->size ? f->size : 1);
    if (!buf) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    OmFile *fp = file_open(path, O_RDONLY, 0, err);
    size_t got = 0;
    int rc = fp ? file_pread_all(fp, buf, f->size, 0, &got, err) : -1;
    file_close(fp, NULL);
    if (rc == 0 && (got != f->size || crc32c(buf, got) != f->crc))
        rc = ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" changed while read", path);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

/* Loads the checkpoint named by `m`: catalog (DDL history), then table files. */
static int load_checkpoint(Replay *rp, const char *ckdir, const WalManifest *m, OmError *err)
{
    bool ignore = rp->opt && rp->opt->ignore_damage;
    if (wal_manifest_verify(ckdir, &m->catalog, err) != 0) {
        error_hint(err, "The catalog of the checkpoint is needed to rebuild every table; "
                        "--recover-ignore-damage cannot start without it. Restore the data "
                        "directory from a backup.");
        return -1;
    }
    uint8_t *hist = NULL;
    if (read_catalog(ckdir, &m->catalog, &hist, err) != 0) return -1;
    WalRedoCursor all = {hist, hist + m->catalog.size};
    int rc = 0;
    while (rc == 0 && all.p < all.end) {
        uint32_t len;
        const uint8_t *bytes;
        if (!wal_redo_get_u32(&all, &len) || !wal_redo_get_bytes(&all, len, &bytes)) {
            rc = ERR(err, SQLSTATE_DATA_CORRUPTED, "invalid checkpoint catalog \"%s/%s\"", ckdir,
                     m->catalog.name);
            break;
        }
        WalRedoCursor one = {bytes, bytes + len};
        rc = apply_ddl(rp, &one, err);
    }
    free(hist);
    if (rc != 0) return -1;
    if (catalog_peek_next_oid(rp->db->catalog) < m->next_oid)
        catalog_set_next_oid(rp->db->catalog, m->next_oid);
    if (m->nfiles) {
        rp->lost = calloc(m->nfiles, sizeof(uint32_t));
        if (!rp->lost) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < m->nfiles; i++) {
        const WalManifestFile *f = &m->files[i];
        CatTable *t = catalog_table_by_oid(rp->db->catalog, f->oid);
        if (!t)
            return ERR(err, SQLSTATE_DATA_CORRUPTED,
                       "checkpoint file \"%s/%s\" belongs to table OID %u, which its catalog lacks",
                       ckdir, f->name, f->oid);
        if (wal_manifest_verify(ckdir, f, err) != 0) {
            if (!ignore) {
                error_hint(err,
                           "Starting with --recover-ignore-damage starts table \"%s\" "
                           "empty: its %llu rows of the checkpoint are lost.",
                           t->name, (unsigned long long)f->rows);
                return -1;
            }
            say(rp,
                "%s; ignored as requested: table \"%s\" starts empty, its %llu rows of the "
                "checkpoint are lost",
                err->message, t->name, (unsigned long long)f->rows);
            error_clear(err);
            rp->lost[rp->n_lost++] = f->oid;
            continue;
        }
        char path[WAL_PATH_MAX + WAL_MANIFEST_NAME_MAX];
        snprintf(path, sizeof(path), "%s/%s", ckdir, f->name);
        uint64_t rows;
        if (storage_checkpoint_load(t->storage, path, &rows, err) != 0) return -1;
        rp->n_rows += rows;
    }
    return 0;
}

int sql_database_recover(Database *db, const SqlRecoveryOptions *opt, OmError *err)
{
    if (db->wal) return 0;
    char dir[WAL_PATH_MAX], ckdir[WAL_PATH_MAX];
    if ((size_t)snprintf(dir, sizeof(dir), "%s/wal", db->data_dir) >= sizeof(dir) ||
        (size_t)snprintf(ckdir, sizeof(ckdir), "%s/%s", db->data_dir, SQL_CHECKPOINT_DIR) >=
            sizeof(ckdir))
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "data directory path too long");
    Replay rp;
    memset(&rp, 0, sizeof(rp));
    rp.db = db;
    rp.opt = opt;
    rp.ts = txn_last_commit(db->txns);
    wal_redo_buf_init(&rp.history);
    bool ignore = opt && opt->ignore_damage;
    WalManifest m;
    int got = wal_manifest_read(ckdir, &m, err);
    if (got < 0) {
        if (err->sqlstate[0] == 'X')
            error_hint(err, "The checkpoint manifest names the files that hold the data; "
                            "without it nothing can be rebuilt, and --recover-ignore-damage "
                            "does not help. Restore the data directory from a backup.");
        wal_redo_buf_fini(&rp.history);
        return -1;
    }
    int rc = 0;
    if (got == 1) {
        rc = load_checkpoint(&rp, ckdir, &m, err);
        if (rc == 0)
            say(&rp, "loaded checkpoint %llu at %X/%X: %zu tables, %llu rows",
                (unsigned long long)m.seq, (unsigned)(m.lsn >> 32), (unsigned)m.lsn, m.nfiles,
                (unsigned long long)rp.n_rows);
    }
    rp.n_rows = rp.n_ddl = 0; /* from here on: what the log replays */
    /* Replayed batches get versions above everything loaded (a statement of
     * the DDL history may have committed something); a table noted above
     * loaded_version changed after the checkpoint (storage_table_note_commit). */
    if (rp.ts < txn_last_commit(db->txns)) rp.ts = txn_last_commit(db->txns);
    uint64_t loaded_version = rp.ts;
    WalReader *r = NULL;
    if (rc == 0) {
        r = wal_reader_open(dir, m.lsn, ignore ? WAL_READ_IGNORE_DAMAGE : 0, err);
        if (!r) rc = -1;
    }
    if (rc == 0) {
        rc = replay_log(&rp, r, err);
        if (rc != 0 && !ignore && err->sqlstate[0] == 'X')
            error_hint(err, "The log is damaged before its end. Starting with "
                            "--recover-ignore-damage replays the log up to the damage and "
                            "discards everything after it (the detail says how much).");
        const WalDamage *dmg = wal_reader_damage(r);
        if (rc == 0 && dmg->found)
            say(&rp,
                "write-ahead log damaged in file \"%s\" at offset %llu (%s); ignored as "
                "requested: %llu valid records with %llu commits (%llu bytes) after it are "
                "discarded",
                dmg->segment, (unsigned long long)dmg->offset, dmg->reason,
                (unsigned long long)dmg->lost_records, (unsigned long long)dmg->lost_commits,
                (unsigned long long)dmg->lost_bytes);
        if (rc == 0 && rp.n > 0)
            say(&rp, "discarded %zu change records of a transaction without a commit record", rp.n);
    }
    uint64_t resume = r ? wal_reader_resume_lsn(r) : 0;
    wal_reader_close(r);
    clear_pending(&rp);
    free(rp.recs);
    free(rp.bytes);
    free(rp.vals);
    free(rp.cols);
    if (rc == 0 && rp.history.oom) rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (rc != 0) goto fail;

    catalog_lock_exclusive(db->catalog);
    for (int i = 0; i < catalog_table_count(db->catalog) && rc == 0; i++)
        rc = storage_redo_rebuild_unique(catalog_table_at(db->catalog, i)->storage, err);
    if (rc == 0) rc = sql_unique_rebuild_all(db, err); /* expression keys, predicates */
    catalog_unlock(db->catalog);
    if (rc != 0) goto fail;

    WalConfig cfg;
    wal_config_default(&cfg);
    cfg.dir = dir;
    if (opt && opt->wal_segment_size) cfg.segment_size = opt->wal_segment_size;
    if (resume == 0 && dir_has_files(dir)) resume = WAL_SEG_HDR_SIZE; /* segments, no commit */
    Wal *wal = wal_open(&cfg, resume, err);
    if (!wal && file_is_enoent(err) && resume == m.lsn && resume % cfg.segment_size != 0) {
        /* The segment holding the checkpoint's LSN is gone (and no later one
         * is there, or the reader would have called it damage): whatever was
         * logged after the checkpoint is lost, and how much cannot be known. */
        if (!ignore) {
            error_detail(err,
                         "The checkpoint at %X/%X needs the log from offset %llu of this file "
                         "on; every transaction committed after the checkpoint is in it or in "
                         "later files, and none are left.",
                         (unsigned)(m.lsn >> 32), (unsigned)m.lsn,
                         (unsigned long long)(m.lsn % cfg.segment_size));
            error_hint(err, "Restore the file from a backup. Starting with "
                            "--recover-ignore-damage starts the database as of the checkpoint: "
                            "every transaction committed after it is lost (how many cannot be "
                            "known without the file).");
            memcpy(err->sqlstate, SQLSTATE_DATA_CORRUPTED, 5);
            goto fail;
        }
        say(&rp,
            "%s; ignored as requested: the database starts as of checkpoint %llu at %X/%X, "
            "every transaction committed after it is lost",
            err->message, (unsigned long long)m.seq, (unsigned)(m.lsn >> 32), (unsigned)m.lsn);
        error_clear(err);
        cfg.create_missing = true;
        wal = wal_open(&cfg, resume, err);
    }
    if (!wal) goto fail;
    if (sql_wal_attach(db, wal, err) != 0) {
        wal_close(wal, NULL);
        goto fail;
    }
    if (sql_wal_history_set(db, rp.history.data, rp.history.len, err) != 0) goto fail;
    wal_redo_buf_fini(&rp.history);
    if (got == 1) {
        /* A crash between a checkpoint's MANIFEST and its removal of the log
         * before it leaves segments no recovery needs: remove them now, once
         * the MANIFEST's rename is durable (its directory synced), as that
         * checkpoint would have. */
        OmError rm_err;
        error_clear(&rm_err);
        size_t n_removed = 0;
        if (file_sync_dir(ckdir, &rm_err) != 0 ||
            wal_remove_before(wal, m.lsn, &n_removed, &rm_err) != 0)
            say(&rp, "could not remove write-ahead log segments before the checkpoint: %s",
                rm_err.message);
        else if (n_removed > 0)
            say(&rp, "removed %zu log segments before checkpoint %llu", n_removed,
                (unsigned long long)m.seq);
    }
    sql_checkpoint_cleanup(ckdir, &m);
    SqlCheckpointOptions copt = {0};
    if (opt) {
        copt.max_wal_bytes = opt->max_wal_size;
        copt.timeout_s = opt->checkpoint_timeout_s;
        copt.log = opt->log;
        copt.log_ctx = opt->log_ctx;
    }
    if (sql_checkpoint_start(db, &m, loaded_version, rp.lost, rp.n_lost, &copt, err) != 0) {
        free(rp.lost);
        wal_manifest_fini(&m);
        return -1;
    }
    free(rp.lost);
    say(&rp,
        "recovery replayed %llu transactions (%llu rows inserted) and %llu schema changes "
        "from %X/%X; log continues at %X/%X",
        (unsigned long long)(rp.n_batches - rp.n_ddl), (unsigned long long)rp.n_rows,
        (unsigned long long)rp.n_ddl, (unsigned)(m.lsn >> 32), (unsigned)m.lsn,
        (unsigned)(resume >> 32), (unsigned)resume);
    wal_manifest_fini(&m);
    return 0;
fail:
    free(rp.lost);
    wal_redo_buf_fini(&rp.history);
    wal_manifest_fini(&m);
    return -1;
}
