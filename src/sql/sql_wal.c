/*
 * sql_wal.c — writes the redo log (see sql_wal.h for the ordering rules):
 * the txn commit hook that encodes a transaction's changes from its undo log
 * and current row values, and the wrapper that logs each DDL statement.
 *
 * Encoding reads values straight from storage without a snapshot: the rows a
 * committing transaction inserted, updated or deleted are locked by it, so
 * their current values are its own and nobody else changes them meanwhile.
 * Large inserts and deletes are cut into records of about RECORD_TARGET bytes
 * so that any record fits in a WAL segment.
 */
#include "sql/sql_wal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/session_guc.h"
#include "sql/sql_ddl_txn.h"
#include "storage/storage_redo.h"
#include "wal/wal_redo.h"

#define RECORD_TARGET (256 * 1024)
#define NO_DDL        UINT32_MAX

static const char checkpoint_owner_tag;
#define CHECKPOINT_OWNER ((const void *)&checkpoint_owner_tag)

struct SqlWal {
    Database *db; /* for its server log */
    Wal *wal;
    TxnManager *txns;
    Catalog *catalog;
    /* Who may run DDL now (under ddl_mu; waiters on owner_cv): a session for
     * one statement until it is logged, a session whose transaction holds
     * deferred DDL until that transaction ends (owner_txn its id, 0 otherwise),
     * or a checkpoint's cut (CHECKPOINT_OWNER). */
    pthread_mutex_t ddl_mu;
    pthread_cond_t owner_cv;
    const void *owner;
    uint64_t owner_txn;
    /* The deferred DDL of the owning transaction (sql_ddl_txn.h): the first
     * OID it allocated (sequences from there on are not logged until it
     * commits), NO_DDL when none; its generation, which marks its tables
     * (storage_table_set_ddl_gen), 0 when none; and its transaction's id. All
     * atomic. */
    uint32_t block_floor;
    uint64_t block_gen;
    uint64_t block_txn;
    uint64_t next_gen; /* under ddl_mu */
    pthread_mutex_t floor_mu;
    pthread_cond_t floor_cv;
    uint32_t ddl_floor; /* first OID of the running DDL, NO_DDL when none (atomic) */
    bool broken;        /* a DDL took effect but is not in the log (atomic) */
    /* Every DDL record since the database was created, in log order, as
     * [u32 length][payload] (the catalog of a checkpoint); under ddl_mu. */
    WalRedoBuf history;
    bool fail_logged; /* the loss of durability is in the server log (atomic) */
    /* A DDL record that could not be written for lack of disk space (53100): its
     * statement took effect, so the record is written before any later DDL or
     * commit (under ddl_mu); has_pending is read without the lock. */
    WalRedoBuf pending;
    bool has_pending; /* atomic */
};

/* Writes a WAL failure to the server log: every 53100 as a warning (the
 * client was told as well), and once, as an error, the moment the database
 * stopped accepting writes (58030), with the cause. */
static void log_failure(SqlWal *w, const OmError *err)
{
    Database *db = w->db;
    if (!db->log || !err->is_set) return;
    char msg[sizeof(err->message) + sizeof(err->detail) + 160];
    bool fatal = __atomic_load_n(&w->broken, __ATOMIC_ACQUIRE) || wal_is_failed(w->wal, NULL);
    if (!fatal) {
        if (strcmp(err->sqlstate, SQLSTATE_DISK_FULL) != 0) return;
        snprintf(msg, sizeof(msg), "could not write to the write-ahead log: %s", err->message);
        db->log(db->log_ctx, SQL_LOG_WARNING, msg);
        return;
    }
    if (__atomic_exchange_n(&w->fail_logged, true, __ATOMIC_ACQ_REL)) return;
    OmError cause;
    error_clear(&cause);
    if (wal_is_failed(w->wal, &cause))
        snprintf(msg, sizeof(msg),
                 "write-ahead log failed; the database accepts no more writes (reads go on) "
                 "until the server is restarted: %s",
                 cause.detail);
    else
        snprintf(msg, sizeof(msg),
                 "a schema change took effect but could not be logged (%s); the database "
                 "accepts no more writes (reads go on) until the server is restarted",
                 err->message);
    db->log(db->log_ctx, SQL_LOG_ERROR, msg);
}

uint64_t sql_wal_lsn(Database *db, bool flushed)
{
    SqlWal *w = db ? db->wal : NULL;
    if (!w) return 0;
    return flushed ? wal_flushed_lsn(w->wal) : wal_insert_lsn(w->wal);
}

static int broken_error(OmError *err)
{
    ERR(err, SQLSTATE_IO_ERROR, "write-ahead log is unavailable after an earlier write failure");
    error_detail(err, "A schema change took effect but could not be logged.");
    error_hint(err, "Restart the server; recovery rebuilds the database from the log.");
    return -1;
}

int sql_wal_check_writable(Database *db, OmError *err)
{
    SqlWal *w = db->wal;
    if (w == NULL) return 0;
    if (__atomic_load_n(&w->broken, __ATOMIC_ACQUIRE)) return broken_error(err);
    if (wal_is_failed(w->wal, NULL)) {
        wal_is_failed(w->wal, err);
        return -1;
    }
    return 0;
}

/* ---- encoding a transaction ---- */

typedef struct Encoder {
    WalRedoBuf buf;
    size_t *starts; /* byte offset of each record in buf */
    uint8_t *types;
    size_t n, cap;
    uint32_t max_oid;
    /* an open DELETE record that more rows of the same table may join */
    const StorageTable *del_table;
    size_t del_count_at;
    uint32_t del_count;
} Encoder;

static int begin_record(Encoder *e, uint8_t type, OmError *err)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        size_t *s = realloc(e->starts, cap * sizeof(size_t));
        if (s) e->starts = s;
        uint8_t *t = s ? realloc(e->types, cap) : NULL;
        if (!t) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        e->types = t;
        e->cap = cap;
    }
    e->starts[e->n] = e->buf.len;
    e->types[e->n++] = type;
    e->del_table = NULL;
    return 0;
}

static size_t record_bytes(const Encoder *e)
{
    return e->buf.len - e->starts[e->n - 1];
}

static int table_oid(Encoder *e, const StorageTable *t, uint32_t *oid, OmError *err)
{
    *oid = storage_table_oid(t);
    if (*oid == 0) return ERR(err, SQLSTATE_INTERNAL_ERROR, "table without OID in redo log");
    if (*oid > e->max_oid) e->max_oid = *oid;
    return 0;
}

static int put_column(Encoder *e, const StorageTable *t, uint64_t nrows, uint64_t row, int col,
                      OmError *err)
{
    Value v;
    if (storage_table_fetch(t, nrows, row, col, &v) != 0)
        return ERR(err, SQLSTATE_INTERNAL_ERROR, "row %llu missing while writing the redo log",
                   (unsigned long long)row);
    wal_redo_put_value(&e->buf, &v);
    return 0;
}

static int encode_insert(Encoder *e, const TxnChange *c, OmError *err)
{
    uint32_t oid;
    if (table_oid(e, c->table, &oid, err) != 0) return -1;
    int ncols = storage_table_ncols(c->table);
    uint64_t nrows = storage_table_row_count(c->table);
    uint64_t row = c->row, end = c->row + c->n;
    while (row < end) {
        if (begin_record(e, WAL_REC_INSERT, err) != 0) return -1;
        wal_redo_put_u32(&e->buf, oid);
        wal_redo_put_u16(&e->buf, (uint16_t)ncols);
        wal_redo_put_u16(&e->buf, 0);
        wal_redo_put_u64(&e->buf, row);
        size_t count_at = e->buf.len;
        wal_redo_put_u32(&e->buf, 0);
        uint32_t k = 0;
        while (row < end && record_bytes(e) < RECORD_TARGET) {
            for (int col = 0; col < ncols; col++)
                if (put_column(e, c->table, nrows, row, col, err) != 0) return -1;
            row++;
            k++;
        }
        wal_redo_patch_u32(&e->buf, count_at, k);
    }
    return 0;
}

static int encode_delete(Encoder *e, const TxnChange *c, OmError *err)
{
    if (e->del_table != c->table || record_bytes(e) >= RECORD_TARGET) {
        uint32_t oid;
        if (table_oid(e, c->table, &oid, err) != 0) return -1;
        if (begin_record(e, WAL_REC_DELETE, err) != 0) return -1;
        wal_redo_put_u32(&e->buf, oid);
        e->del_count_at = e->buf.len;
        e->del_count = 0;
        wal_redo_put_u32(&e->buf, 0);
        e->del_table = c->table;
    }
    wal_redo_put_u64(&e->buf, c->row);
    wal_redo_patch_u32(&e->buf, e->del_count_at, ++e->del_count);
    return 0;
}

static int encode_update(Encoder *e, const TxnChange *c, OmError *err)
{
    uint32_t oid;
    int ncols = storage_undo_ncols(c->undo);
    if (ncols == 0) return 0; /* a row lock (SELECT FOR UPDATE): nothing to redo */
    if (table_oid(e, c->table, &oid, err) != 0) return -1;
    if (begin_record(e, WAL_REC_UPDATE, err) != 0) return -1;
    uint64_t nrows = storage_table_row_count(c->table);
    wal_redo_put_u32(&e->buf, oid);
    wal_redo_put_u16(&e->buf, (uint16_t)ncols);
    wal_redo_put_u16(&e->buf, 0);
    wal_redo_put_u64(&e->buf, c->row);
    for (int k = 0; k < ncols; k++) {
        int col = storage_undo_col(c->undo, k);
        wal_redo_put_u16(&e->buf, (uint16_t)col);
        if (put_column(e, c->table, nrows, c->row, col, err) != 0) return -1;
    }
    return 0;
}

static void encoder_fini(Encoder *e)
{
    wal_redo_buf_fini(&e->buf);
    free(e->starts);
    free(e->types);
}

/* Waits while a running DDL may have created a table of this batch. */
static void wait_for_ddl(SqlWal *w, uint32_t max_oid)
{
    if (max_oid < __atomic_load_n(&w->ddl_floor, __ATOMIC_ACQUIRE)) return;
    pthread_mutex_lock(&w->floor_mu);
    while (max_oid >= w->ddl_floor) pthread_cond_wait(&w->floor_cv, &w->floor_mu);
    pthread_mutex_unlock(&w->floor_mu);
}

/* ---- the right to run DDL ---- */

/* Waits until `who` may run DDL and makes it the owner. A session waits for a
 * transaction that holds the right across statements as for a row lock
 * (txn_wait: deadlock detection, statement_timeout, cancel); anyone else
 * waits for the owner to let go. */
static int owner_acquire(SqlWal *w, const void *who, SqlSession *s, OmError *err)
{
    int64_t deadline = sql_statement_deadline_us(s);
    pthread_mutex_lock(&w->ddl_mu);
    while (w->owner && w->owner != who) {
        uint64_t holder = w->owner_txn;
        if (holder && s && s->txn) {
            pthread_mutex_unlock(&w->ddl_mu);
            if (txn_wait(s->txn, holder, &s->cancel, deadline, err) != 0) return -1;
            pthread_mutex_lock(&w->ddl_mu);
            if (w->owner && w->owner_txn == holder) {
                /* it ended (or rolled back to a savepoint) and lets go soon */
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_nsec += 2000000;
                if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
                pthread_cond_timedwait(&w->owner_cv, &w->ddl_mu, &ts);
            }
        } else {
            pthread_cond_wait(&w->owner_cv, &w->ddl_mu);
        }
    }
    w->owner = who;
    pthread_mutex_unlock(&w->ddl_mu);
    return 0;
}

/* Lets go of the right to run DDL, unless `s` keeps it for its transaction's
 * deferred statements (then owner_txn names the transaction). */
static void owner_release(SqlWal *w, SqlSession *s)
{
    pthread_mutex_lock(&w->ddl_mu);
    if (s && s->n_ddl_deferred > 0 && s->txn) {
        w->owner_txn = txn_id(s->txn);
    } else {
        w->owner = NULL;
        w->owner_txn = 0;
        pthread_cond_broadcast(&w->owner_cv);
    }
    pthread_mutex_unlock(&w->ddl_mu);
}

/* Writes the DDL record left over by a full disk, if any (DDL owned). While
 * it cannot be written, neither can anything after it: the error is 53100
 * again, with a detail that says why. */
static int write_pending(SqlWal *w, OmError *err)
{
    if (!w->has_pending) return 0;
    WalChange ch = {
        .type = WAL_REC_DDL, .flags = 0, .len = (uint32_t)w->pending.len, .data = w->pending.data};
    if (wal_commit(w->wal, &ch, 1, txn_last_commit(w->txns), true, NULL, err) != 0) {
        if (strcmp(err->sqlstate, SQLSTATE_DISK_FULL) == 0)
            error_detail(err, "An earlier schema change is not in the log yet; nothing can be "
                              "logged after it until disk space is available.");
        return -1;
    }
    wal_redo_put_u32(&w->history, (uint32_t)w->pending.len); /* now part of the catalog */
    wal_redo_put_bytes(&w->history, w->pending.data, w->pending.len);
    wal_redo_buf_fini(&w->pending);
    wal_redo_buf_init(&w->pending);
    __atomic_store_n(&w->has_pending, false, __ATOMIC_RELEASE);
    if (w->db->log)
        w->db->log(w->db->log_ctx, SQL_LOG_INFO,
                   "a schema change delayed by a full disk is now in the write-ahead log");
    return 0;
}

static int flush_wait(void *ctx, uint64_t lsn, uint64_t *flushed, OmError *err)
{
    SqlWal *w = ctx;
    int rc = wal_wait_flushed(w->wal, lsn, flushed, err);
    if (rc != 0) log_failure(w, err);
    return rc;
}

/* The log is durable through `flushed`: before any notified session replies,
 * the commits it covers become readable (session_durable.c). */
static void on_flushed(void *ctx, uint64_t flushed)
{
    SqlWal *w = ctx;
    txn_manager_durable(w->txns, flushed);
}

static void put_deferred(const SqlSession *s, WalChange *out);
static void deferred_logged(SqlWal *w, SqlSession *s);

/* Appends the transaction's redo batch without waiting: txn_commit waits
 * for the flush through flush_wait once the rows are released. */
static int commit_hook(void *ctx, Txn *txn, void *arg, uint64_t *wait_lsn, OmError *err)
{
    SqlWal *w = ctx;
    SqlSession *s = arg;
    if (__atomic_load_n(&w->broken, __ATOMIC_ACQUIRE)) return broken_error(err);
    /* this transaction's deferred DDL goes first in its batch */
    bool ddl = s && s->n_ddl_deferred > 0 && s->txn == txn;
    uint64_t gen = __atomic_load_n(&w->block_gen, __ATOMIC_ACQUIRE);
    if (gen && __atomic_load_n(&w->block_txn, __ATOMIC_ACQUIRE) == txn_id(txn)) gen = 0;
    Encoder e;
    memset(&e, 0, sizeof(e));
    wal_redo_buf_init(&e.buf);
    int rc = 0;
    size_t pos = 0;
    TxnChange c;
    while (rc == 0 && txn_change_next(txn, &pos, &c)) {
        if (storage_table_unlogged(c.table)) continue; /* a temporary table */
        if (gen &&
            (storage_table_ddl_gen(c.table) == gen || storage_table_ddl_lock(c.table) == gen)) {
            /* its CREATE or ALTER is not in the log: another transaction's,
             * uncommitted */
            rc = ERR(err, SQLSTATE_OBJECT_IN_USE,
                     "cannot commit rows of a table that another transaction created or altered "
                     "and has not committed");
            break;
        }
        if (c.kind == TXN_CHANGE_INSERT)
            rc = encode_insert(&e, &c, err);
        else if (c.kind == TXN_CHANGE_DELETE)
            rc = encode_delete(&e, &c, err);
        else
            rc = encode_update(&e, &c, err);
    }
    if (rc == 0 && e.buf.oom) rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    size_t nd = ddl ? (size_t)s->n_ddl_deferred + (size_t)s->n_ddl_seq_recs : 0;
    WalChange *changes = NULL;
    if (rc == 0 && e.n + nd > 0) {
        changes = malloc(sizeof(WalChange) * (e.n + nd));
        if (!changes) rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    if (rc == 0 && e.n + nd > 0) {
        if (ddl) put_deferred(s, changes);
        for (size_t i = 0; i < e.n; i++) {
            size_t end = i + 1 < e.n ? e.starts[i + 1] : e.buf.len;
            changes[nd + i] = (WalChange){.type = e.types[i],
                                          .flags = 0,
                                          .len = (uint32_t)(end - e.starts[i]),
                                          .data = e.buf.data + e.starts[i]};
        }
        if (!ddl) wait_for_ddl(w, e.max_oid); /* with deferred DDL it owns DDL itself */
        if (__atomic_load_n(&w->has_pending, __ATOMIC_ACQUIRE)) {
            if (!ddl) rc = owner_acquire(w, s ? (const void *)s : (const void *)txn, NULL, err);
            if (rc == 0) rc = write_pending(w, err);
            if (!ddl) owner_release(w, NULL);
        }
        bool sync = !(s && s->async_commit);
        uint64_t end = 0;
        if (rc == 0)
            rc = wal_commit(w->wal, changes, e.n + nd, txn_last_commit(w->txns) + 1, false, &end,
                            err);
        if (rc == 0 && sync) *wait_lsn = end;
        if (rc == 0 && ddl) {
            deferred_logged(w, s);
            owner_release(w, s);
        }
        if (rc != 0) log_failure(w, err);
    }
    free(changes);
    encoder_fini(&e);
    return rc;
}

/* ---- sequences ----
 * nextval logs a sequence's state 32 values ahead, setval the state it sets,
 * each as a batch of one WAL_REC_SEQUENCE record, appended under the
 * sequence's mutex (so log order is the order of the states) and waited for
 * outside it. Inside a DDL statement (ALTER TABLE ADD COLUMN serial fills
 * rows) nothing is logged: replaying the statement redoes the steps. */

static _Thread_local bool tl_in_ddl; /* this thread runs a DDL statement */

static void put_sequence(WalRedoBuf *b, Oid seq, int64_t value, bool is_called)
{
    wal_redo_put_u32(b, seq);
    wal_redo_put_u32(b, is_called ? 1u : 0u); /* u8 is_called, 3 zero bytes (little-endian) */
    wal_redo_put_u64(b, (uint64_t)value);
}

static int seq_append(void *ctx, Oid seq, int64_t value, bool is_called, uint64_t *end,
                      OmError *err)
{
    SqlWal *w = ctx;
    if (tl_in_ddl) return 1;
    /* created by deferred DDL: its state goes to the log with that DDL */
    if (seq >= __atomic_load_n(&w->block_floor, __ATOMIC_ACQUIRE)) return 1;
    if (__atomic_load_n(&w->broken, __ATOMIC_ACQUIRE)) return broken_error(err);
    if (__atomic_load_n(&w->has_pending, __ATOMIC_ACQUIRE)) {
        ERR(err, SQLSTATE_DISK_FULL, "could not write to the write-ahead log");
        error_detail(err, "An earlier schema change is not in the log yet; nothing can be "
                          "logged after it until disk space is available.");
        return -1;
    }
    wait_for_ddl(w, seq); /* the sequence's CREATE is in the log first */
    uint8_t buf[16];
    WalRedoBuf b = {buf, 0, sizeof(buf), false};
    put_sequence(&b, seq, value, is_called);
    WalChange ch = {.type = WAL_REC_SEQUENCE, .flags = 0, .len = (uint32_t)b.len, .data = buf};
    int rc = wal_commit(w->wal, &ch, 1, txn_last_commit(w->txns), false, end, err);
    if (rc != 0) log_failure(w, err);
    return rc;
}

static int seq_wait(void *ctx, uint64_t lsn, OmError *err)
{
    uint64_t flushed;
    return flush_wait(ctx, lsn, &flushed, err);
}

int sql_wal_log_sequences(Database *db, OmError *err)
{
    SqlWal *w = db->wal;
    Catalog *cat = db->catalog;
    int rc = 0;
    catalog_lock_shared(cat);
    for (int i = 0; i < catalog_sequence_count(cat) && rc == 0; i++) {
        CatSequence *s = catalog_sequence_at(cat, i);
        if (s->schema->is_temp) continue; /* temporary: never logged */
        pthread_mutex_lock(&s->mu);
        uint64_t end = 0;
        rc = seq_append(w, s->oid, s->log_value, s->log_called, &end, err);
        if (rc == 0) s->log_end = end;
        pthread_mutex_unlock(&s->mu);
    }
    catalog_unlock(cat);
    return rc;
}

/* A clean close: no session can call nextval any more, so the exact state of
 * every sequence that moved since it last logged goes into the log, and the
 * next start continues where this one stopped, as PostgreSQL does after a
 * clean shutdown (a crash still skips up to 32 values). Best effort: a
 * failure leaves the states logged ahead, which are safe. */
static void log_exact_sequences(SqlWal *w)
{
    if (__atomic_load_n(&w->broken, __ATOMIC_ACQUIRE) || wal_is_failed(w->wal, NULL)) return;
    Catalog *cat = w->catalog;
    catalog_lock_shared(cat);
    for (int i = 0; i < catalog_sequence_count(cat); i++) {
        CatSequence *s = catalog_sequence_at(cat, i);
        if (s->schema->is_temp) continue;
        pthread_mutex_lock(&s->mu);
        if (s->log_value != s->last_value || s->log_called != s->is_called) {
            OmError err;
            error_clear(&err);
            uint64_t end = 0;
            if (seq_append(w, s->oid, s->last_value, s->is_called, &end, &err) == 0) {
                s->log_value = s->last_value;
                s->log_called = s->is_called;
                s->log_cnt = 0;
                s->log_end = end;
            }
        }
        pthread_mutex_unlock(&s->mu);
    }
    catalog_unlock(cat);
}

/* ---- DDL ---- */

bool sql_wal_is_ddl(const PgQuery__Node *stmt)
{
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_DROP_STMT: /* DROP EXTENSION changes nothing */
        return stmt->drop_stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: /* its catalog entry (sql_matview.c) */
        return stmt->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW &&
               stmt->create_table_as_stmt->into && stmt->create_table_as_stmt->into->skip_data;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_INDEX_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
    case PG_QUERY__NODE__NODE_RENAME_STMT:
    case PG_QUERY__NODE__NODE_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        return true;
    default:
        return false;
    }
}

static void put_string(WalRedoBuf *b, const char *s, size_t len)
{
    wal_redo_put_u32(b, (uint32_t)len);
    wal_redo_put_bytes(b, s, len);
}

/* The values of the columns an ALTER TABLE filled from a volatile
 * expression, as one UPDATE record per live row, after the DDL record. */
static int encode_ddl_values(Encoder *e, StmtCtx *sc, OmError *err)
{
    for (int i = 0; i < sc->n_ddl_values; i++) {
        StorageTable *t = sc->ddl_value_tables[i];
        int col = sc->ddl_value_cols[i];
        uint32_t oid;
        if (table_oid(e, t, &oid, err) != 0) return -1;
        uint64_t nrows = storage_table_row_count(t);
        for (uint64_t row = 0; row < nrows; row++) {
            uint64_t holder;
            if (storage_row_liveness(t, row, 0, &holder) == ROW_DEAD) continue;
            if (begin_record(e, WAL_REC_UPDATE, err) != 0) return -1;
            wal_redo_put_u32(&e->buf, oid);
            wal_redo_put_u16(&e->buf, 1);
            wal_redo_put_u16(&e->buf, 0);
            wal_redo_put_u64(&e->buf, row);
            wal_redo_put_u16(&e->buf, (uint16_t)col);
            if (put_column(e, t, nrows, row, col, err) != 0) return -1;
        }
    }
    if (e->buf.oom) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return 0;
}

/* The DDL record of the statement that just ran: OID counter before it,
 * user, search_path, its text. */
static void ddl_record(StmtCtx *sc, Oid next_oid, WalRedoBuf *b)
{
    SqlSession *s = sc->session;
    const char *text = sc->query_text ? sc->query_text : "";
    size_t total = strlen(text);
    size_t at = sc->stmt_location > 0 ? (size_t)sc->stmt_location : 0;
    if (at > total) at = total;
    size_t len = sc->stmt_len > 0 ? (size_t)sc->stmt_len : total - at;
    if (len > total - at) len = total - at;
    const char *path = session_guc_get(s, "search_path", NULL);
    if (!path) path = "";
    wal_redo_buf_init(b);
    wal_redo_put_u32(b, next_oid);
    put_string(b, s->user, strlen(s->user));
    put_string(b, path, strlen(path));
    put_string(b, text + at, len);
}

/* Writes the DDL record of the statement that just succeeded. Returns 0, -1
 * with sc->err, or 1 when the disk is full (53100 in sc->err): the record is
 * then kept in w->pending to be written before anything else. */
static int log_ddl(SqlWal *w, StmtCtx *sc, Oid next_oid)
{
    WalRedoBuf b;
    ddl_record(sc, next_oid, &b);
    int rc;
    if (b.oom) {
        rc = ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    } else {
        WalChange ch = {.type = WAL_REC_DDL, .flags = 0, .len = (uint32_t)b.len, .data = b.data};
        Encoder e;
        memset(&e, 0, sizeof(e));
        wal_redo_buf_init(&e.buf);
        WalChange *changes = &ch;
        size_t n = 1;
        rc = sc->n_ddl_values > 0 ? encode_ddl_values(&e, sc, sc->err) : 0;
        if (rc == 0 && e.n > 0) {
            changes = malloc(sizeof(WalChange) * (e.n + 1));
            if (!changes) {
                changes = &ch;
                rc = ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            } else {
                changes[0] = ch;
                for (size_t i = 0; i < e.n; i++) {
                    size_t end = i + 1 < e.n ? e.starts[i + 1] : e.buf.len;
                    changes[i + 1] = (WalChange){.type = e.types[i],
                                                 .flags = 0,
                                                 .len = (uint32_t)(end - e.starts[i]),
                                                 .data = e.buf.data + e.starts[i]};
                }
                n = e.n + 1;
            }
        }
        if (rc == 0)
            rc = wal_commit(w->wal, changes, n, txn_last_commit(w->txns), true, NULL, sc->err);
        if (changes != &ch) free(changes);
        encoder_fini(&e);
        if (rc == 0) {
            wal_redo_put_u32(&w->history, (uint32_t)b.len);
            wal_redo_put_bytes(&w->history, b.data, b.len);
        } else if (strcmp(sc->err->sqlstate, SQLSTATE_DISK_FULL) == 0 &&
                   !wal_is_failed(w->wal, NULL)) {
            /* Keep the record: it goes to the log before anything else does. */
            w->pending = b;
            __atomic_store_n(&w->has_pending, true, __ATOMIC_RELEASE);
            error_detail(sc->err, "The schema change took effect but is not in the log yet. It is "
                                  "logged before the next commit once disk space is available; a "
                                  "crash before then undoes it.");
            log_failure(w, sc->err);
            return 1;
        }
    }
    wal_redo_buf_fini(&b);
    return rc;
}

/* ---- deferred DDL (sql_ddl_txn.h) ---- */

/* The held records, then the sequence states, as WAL changes. */
static void put_deferred(const SqlSession *s, WalChange *out)
{
    int k = 0;
    for (int i = 0; i < s->n_ddl_deferred; i++)
        out[k++] = (WalChange){.type = WAL_REC_DDL,
                               .flags = 0,
                               .len = s->ddl_deferred[i].len,
                               .data = s->ddl_deferred[i].rec};
    for (int i = 0; i < s->n_ddl_seq_recs; i++)
        out[k++] = (WalChange){
            .type = WAL_REC_SEQUENCE, .flags = 0, .len = 16, .data = s->ddl_seq_recs + 16 * i};
}

static void free_deferred(SqlSession *s, int from)
{
    for (int i = from; i < s->n_ddl_deferred; i++) {
        free(s->ddl_deferred[i].rec);
        free(s->ddl_deferred[i].undo_sql);
    }
    s->n_ddl_deferred = from;
    if (from == 0) {
        free(s->ddl_seq_recs);
        s->ddl_seq_recs = NULL;
        s->n_ddl_seq_recs = 0;
    }
}

/* No deferred DDL any more: sequences log again, tables may be written by
 * anyone, and the right to run DDL goes back (unless a statement runs). */
static void block_end(SqlWal *w)
{
    __atomic_store_n(&w->block_floor, NO_DDL, __ATOMIC_RELEASE);
    __atomic_store_n(&w->block_gen, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&w->block_txn, 0, __ATOMIC_RELEASE);
}

/* The held records are in the log: they join the DDL history, and the
 * transaction holds nothing any more (DDL owned). */
static void deferred_logged(SqlWal *w, SqlSession *s)
{
    for (int i = 0; i < s->n_ddl_deferred; i++) {
        wal_redo_put_u32(&w->history, s->ddl_deferred[i].len);
        wal_redo_put_bytes(&w->history, s->ddl_deferred[i].rec, s->ddl_deferred[i].len);
    }
    free_deferred(s, 0);
    block_end(w);
}

/* The states of the sequences deferred DDL created, as they stand (their
 * nextval was not logged meanwhile: seq_append). */
static int build_seq_recs(SqlSession *s, OmError *err)
{
    free(s->ddl_seq_recs);
    s->ddl_seq_recs = NULL;
    s->n_ddl_seq_recs = 0;
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int n = 0, count = catalog_sequence_count(cat);
    for (int i = 0; i < count; i++) {
        CatSequence *q = catalog_sequence_at(cat, i);
        if (!q->schema->is_temp && sql_ddl_txn_creator(s, q->oid) >= 0) n++;
    }
    int rc = 0;
    if (n > 0) {
        s->ddl_seq_recs = malloc((size_t)n * 16);
        if (!s->ddl_seq_recs) rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    for (int i = 0; rc == 0 && i < count; i++) {
        CatSequence *q = catalog_sequence_at(cat, i);
        if (q->schema->is_temp || sql_ddl_txn_creator(s, q->oid) < 0) continue;
        WalRedoBuf b = {s->ddl_seq_recs + 16 * s->n_ddl_seq_recs, 0, 16, false};
        pthread_mutex_lock(&q->mu);
        put_sequence(&b, q->oid, q->log_value, q->log_called);
        q->log_cnt = 0; /* the next nextval logs again */
        pthread_mutex_unlock(&q->mu);
        s->n_ddl_seq_recs++;
    }
    catalog_unlock(cat);
    return rc;
}

/* Writes the held records (and sequence states) as one batch of their own
 * and waits for it (DDL owned by s). */
static int flush_deferred(SqlWal *w, SqlSession *s, OmError *err)
{
    if (s->n_ddl_deferred == 0) return 0;
    if (build_seq_recs(s, err) != 0) return -1;
    size_t n = (size_t)s->n_ddl_deferred + (size_t)s->n_ddl_seq_recs;
    WalChange *changes = malloc(sizeof(WalChange) * n);
    if (!changes) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    put_deferred(s, changes);
    int rc = write_pending(w, err);
    if (rc == 0) rc = wal_commit(w->wal, changes, n, txn_last_commit(w->txns), true, NULL, err);
    free(changes);
    if (rc != 0) {
        log_failure(w, err);
        return -1;
    }
    deferred_logged(w, s);
    s->ddl_kept = true;
    return 0;
}

/* Holds the record of the statement that just ran for the commit. */
static int defer_record(SqlWal *w, StmtCtx *sc, Oid first, Oid end, int base, Oid altered,
                        char *undo_sql)
{
    SqlSession *s = sc->session;
    if (s->n_ddl_deferred == s->cap_ddl_deferred) {
        int cap = s->cap_ddl_deferred ? s->cap_ddl_deferred * 2 : 8;
        DdlDeferred *v = realloc(s->ddl_deferred, sizeof(DdlDeferred) * (size_t)cap);
        if (!v) {
            free(undo_sql);
            return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
        s->ddl_deferred = v;
        s->cap_ddl_deferred = cap;
    }
    WalRedoBuf b;
    ddl_record(sc, first, &b);
    if (b.oom) {
        wal_redo_buf_fini(&b);
        free(undo_sql);
        return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    int i = s->n_ddl_deferred++;
    s->ddl_deferred[i] = (DdlDeferred){.rec = b.data,
                                       .len = (uint32_t)b.len,
                                       .first = first,
                                       .end = end,
                                       .depth = s->nsavepoints,
                                       .base = base < i ? base : i,
                                       .altered = altered,
                                       .undo_sql = undo_sql};
    if (i == 0) {
        pthread_mutex_lock(&w->ddl_mu);
        uint64_t gen = ++w->next_gen;
        pthread_mutex_unlock(&w->ddl_mu);
        __atomic_store_n(&w->block_txn, txn_id(s->txn), __ATOMIC_RELEASE);
        __atomic_store_n(&w->block_gen, gen, __ATOMIC_RELEASE);
        __atomic_store_n(&w->block_floor, (uint32_t)first, __ATOMIC_RELEASE);
    }
    /* its new tables: no other transaction may commit rows into them */
    uint64_t gen = __atomic_load_n(&w->block_gen, __ATOMIC_ACQUIRE);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    for (int k = 0; k < catalog_table_count(cat); k++) {
        CatTable *t = catalog_table_at(cat, k);
        if (t->oid >= first && t->oid < end && t->storage)
            storage_table_set_ddl_gen(t->storage, gen);
    }
    /* the older table it altered: no other transaction uses it until then */
    CatTable *t = altered ? catalog_table_by_oid(cat, altered) : NULL;
    if (t && t->storage) storage_table_set_ddl_lock(t->storage, gen);
    catalog_unlock(cat);
    return 0;
}

/* 55006 with sc->in_use_by when another running transaction has written
 * (or holds) the older table an ALTER is about to change: the statement
 * waits for it and runs again (sql_exec.c), as PostgreSQL's ALTER waits for
 * its lock; once altered, nobody else uses the table until this
 * transaction ends. */
static int wait_for_users(SqlWal *w, StmtCtx *sc, Oid table)
{
    SqlSession *s = sc->session;
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    CatTable *t = catalog_table_by_oid(cat, table);
    uint64_t user = t && t->storage ? txn_table_user(w->txns, s->txn, t->storage) : 0;
    catalog_unlock(cat);
    if (user == 0) return 0;
    sc->in_use_by = user;
    return ERR(sc->err, SQLSTATE_OBJECT_IN_USE, "table is being used by another transaction");
}

int sql_wal_run_ddl(StmtCtx *sc, PgQuery__Node *stmt, int (*run)(StmtCtx *, PgQuery__Node *))
{
    SqlSession *s = sc->session;
    Database *db = s->db;
    SqlWal *w = db->wal;
    if (s->ddl_undo) {
        /* a rollback's DROP: its session's transaction owns DDL, nothing logs */
        sc->in_ddl_log = true;
        tl_in_ddl = true;
        int rc = run(sc, stmt);
        tl_in_ddl = false;
        sc->in_ddl_log = false;
        return rc;
    }
    if (sql_wal_check_writable(db, sc->err) != 0) return -1;
    if (owner_acquire(w, s, s, sc->err) != 0) return -1;
    if (write_pending(w, sc->err) != 0) {
        log_failure(w, sc->err);
        owner_release(w, s);
        return -1;
    }
    /* inside a transaction the record waits for its commit when a rollback
     * can take the statement back (sql_ddl_txn.h) */
    bool in_txn = (s->in_block || s->implicit) && s->txn;
    Oid altered = 0;
    int base = in_txn ? sql_ddl_txn_classify(sc, stmt, &altered) : -1;
    if (base < 0 && s->n_ddl_deferred > 0 && flush_deferred(w, s, sc->err) != 0) {
        owner_release(w, s);
        return -1;
    }
    DdlAlterSnap snap;
    memset(&snap, 0, sizeof(snap));
    if (altered && (wait_for_users(w, sc, altered) != 0 ||
                    (sql_ddl_txn_alter_snap(s, altered, &snap) != 0 &&
                     ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory")))) {
        owner_release(w, s);
        return -1;
    }
    Oid next_oid = catalog_peek_next_oid(db->catalog);
    __atomic_store_n(&w->ddl_floor, (uint32_t)next_oid, __ATOMIC_SEQ_CST);
    sc->in_ddl_log = true;
    sc->ddl_temp = sc->ddl_perm = false;
    tl_in_ddl = true;
    int rc = run(sc, stmt);
    tl_in_ddl = false;
    sc->in_ddl_log = false;
    /* a statement that changed only temporary objects is not logged */
    bool temp_only = sc->ddl_temp && !sc->ddl_perm;
    int logged = 0;
    /* values a volatile default gave an older table's rows must be logged
     * as such (log_ddl): the statement is then written at once */
    if (rc == 0 && altered && sc->n_ddl_values > 0) {
        base = -1;
        if (flush_deferred(w, s, sc->err) != 0) logged = -1;
    }
    if (logged != 0) {
        /* the held records could not be written: handled below */
    } else if (rc == 0 && !temp_only && base >= 0) {
        /* for a table this transaction created, the values of volatile
         * defaults need no records: its rows reach the log with the commit */
        char *undo = altered ? sql_ddl_txn_alter_inverse(s, stmt, &snap) : NULL;
        if (altered && !undo)
            logged = ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        else if (defer_record(w, sc, next_oid, catalog_peek_next_oid(db->catalog), base, altered,
                              undo) != 0)
            logged = -1;
    } else if (rc == 0 && !temp_only) {
        logged = log_ddl(w, sc, next_oid);
        if (logged == 0 && in_txn) s->ddl_kept = true;
    }
    sql_ddl_txn_alter_snap_free(&snap);
    if (logged == 1) {
        rc = -1; /* 53100, kept as the pending record */
    } else if (logged != 0) {
        /* The change is in memory but not in the log: stop all writes. */
        __atomic_store_n(&w->broken, true, __ATOMIC_RELEASE);
        error_detail(sc->err, "The schema change took effect but could not be logged; the "
                              "database accepts no more writes.");
        error_hint(sc->err, "Restart the server; recovery rebuilds the database from the log.");
        log_failure(w, sc->err);
        rc = -1;
    }
    pthread_mutex_lock(&w->floor_mu);
    __atomic_store_n(&w->ddl_floor, NO_DDL, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&w->floor_cv);
    pthread_mutex_unlock(&w->floor_mu);
    owner_release(w, s);
    return rc;
}

int sql_wal_ddl_pre_commit(SqlSession *s, OmError *err)
{
    if (!s->db->wal || s->n_ddl_deferred == 0) return 0;
    return build_seq_recs(s, err);
}

/* Takes back deferred statements [from, n); a failure leaves the catalog
 * unlike the log, so the database takes no more writes. */
static void undo_deferred(SqlWal *w, SqlSession *s, int from)
{
    OmError err;
    error_clear(&err);
    if (sql_ddl_txn_undo(s, s->ddl_deferred + from, s->n_ddl_deferred - from, &err) != 0) {
        __atomic_store_n(&w->broken, true, __ATOMIC_RELEASE);
        error_detail(&err, "A rolled-back schema change could not be undone: %s", err.detail);
        log_failure(w, &err);
    }
    free_deferred(s, from);
    if (from == 0) block_end(w);
}

int sql_wal_ddl_txn_end(SqlSession *s, bool committed, OmError *err)
{
    SqlWal *w = s->db->wal;
    int rc = 0;
    if (w && s->n_ddl_deferred > 0) {
        /* still held after a commit: the transaction wrote no rows, so the
         * commit hook did not run; the records are a batch of their own */
        if (committed) rc = flush_deferred(w, s, err);
        if (!committed || rc != 0) undo_deferred(w, s, 0);
        owner_release(w, s);
    }
    s->ddl_kept = false;
    return rc;
}

void sql_wal_ddl_rollback_to(SqlSession *s, int i, ResultSink *sink)
{
    SqlWal *w = s->db->wal;
    if (!w || s->n_ddl_deferred == 0) return;
    int from = s->n_ddl_deferred;
    while (from > 0 && s->ddl_deferred[from - 1].depth > i) from--;
    if (from == s->n_ddl_deferred) return;
    for (int k = from; k < s->n_ddl_deferred; k++) {
        if (s->ddl_deferred[k].base < from) {
            /* it changed an object created before the savepoint: dropping
             * the newer objects would not take that back */
            if (sink && sink->notice) {
                OmError n;
                error_clear(&n);
                ERR(&n, SQLSTATE_WARNING,
                    "schema changes since the savepoint are kept: one of them changed an object "
                    "created before it");
                error_hint(&n, "ROLLBACK of the whole transaction undoes them.");
                sink->notice(sink->ctx, &n);
            }
            return;
        }
    }
    undo_deferred(w, s, from);
    owner_release(w, s); /* lets go once nothing is held */
}

void sql_wal_ddl_release(SqlSession *s, int i)
{
    for (int k = 0; k < s->n_ddl_deferred; k++)
        if (s->ddl_deferred[k].depth > i) s->ddl_deferred[k].depth = i;
}

int sql_wal_ddl_flush(SqlSession *s, OmError *err)
{
    SqlWal *w = s->db->wal;
    if (!w || s->n_ddl_deferred == 0) return 0;
    int rc = flush_deferred(w, s, err);
    owner_release(w, s);
    return rc;
}

/* The generation of deferred DDL held by a transaction other than s's, 0
 * when none (or s undoes that DDL); *holder that transaction's id. */
static uint64_t others_gen(const SqlSession *s, uint64_t *holder)
{
    SqlWal *w = s->db->wal;
    if (!w || s->ddl_undo) return 0;
    uint64_t gen = __atomic_load_n(&w->block_gen, __ATOMIC_ACQUIRE);
    if (gen == 0) return 0;
    *holder = __atomic_load_n(&w->block_txn, __ATOMIC_ACQUIRE);
    return s->txn && txn_id(s->txn) == *holder ? 0 : gen;
}

bool sql_wal_table_hidden(const SqlSession *s, const CatTable *t)
{
    uint64_t holder, gen = t->storage ? others_gen(s, &holder) : 0;
    return gen != 0 && storage_table_ddl_gen(t->storage) == gen;
}

uint64_t sql_wal_table_locked(const SqlSession *s, const CatTable *t)
{
    uint64_t holder = 0, gen = t->storage ? others_gen(s, &holder) : 0;
    return gen != 0 && storage_table_ddl_lock(t->storage) == gen ? holder : 0;
}

bool sql_wal_ddl_kept(const SqlSession *s)
{
    return s->ddl_kept;
}

/* ---- lifecycle ---- */

int sql_wal_attach(Database *db, Wal *wal, OmError *err)
{
    SqlWal *w = calloc(1, sizeof(SqlWal));
    if (!w) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    w->db = db;
    w->wal = wal;
    w->txns = db->txns;
    w->catalog = db->catalog;
    w->ddl_floor = NO_DDL;
    w->block_floor = NO_DDL;
    pthread_cond_init(&w->owner_cv, NULL);
    wal_redo_buf_init(&w->pending);
    pthread_mutex_init(&w->ddl_mu, NULL);
    pthread_mutex_init(&w->floor_mu, NULL);
    pthread_cond_init(&w->floor_cv, NULL);
    wal_redo_buf_init(&w->history);
    db->wal = w;
    txn_manager_set_commit_hook(db->txns, commit_hook, flush_wait, w);
    wal_set_flushed_hook(wal, on_flushed, w);
    CatSequenceLog seq_log = {w, seq_append, seq_wait};
    catalog_sequence_set_log(db->catalog, &seq_log);
    return 0;
}

void sql_wal_detach(Database *db)
{
    SqlWal *w = db->wal;
    if (!w) return;
    txn_manager_set_commit_hook(db->txns, NULL, NULL, NULL);
    catalog_sequence_set_log(db->catalog, NULL);
    if (!w->has_pending) log_exact_sequences(w);
    OmError err;
    error_clear(&err);
    if (w->has_pending && write_pending(w, &err) != 0) {
        fprintf(stderr, "omendb: a schema change is lost, it could not be logged: %s\n",
                err.message);
        error_clear(&err);
    }
    wal_redo_buf_fini(&w->pending);
    if (wal_close(w->wal, &err) != 0)
        fprintf(stderr, "omendb: closing the write-ahead log: %s\n", err.message);
    pthread_cond_destroy(&w->floor_cv);
    pthread_mutex_destroy(&w->floor_mu);
    pthread_mutex_destroy(&w->ddl_mu);
    pthread_cond_destroy(&w->owner_cv);
    wal_redo_buf_fini(&w->history);
    free(w);
    db->wal = NULL;
}

/* ---- what checkpoints need ---- */

void sql_wal_ddl_lock(Database *db)
{
    (void)owner_acquire(db->wal, CHECKPOINT_OWNER, NULL, NULL); /* cannot fail */
}

void sql_wal_ddl_unlock(Database *db)
{
    owner_release(db->wal, NULL);
}

Wal *sql_wal_log(Database *db)
{
    return db->wal ? db->wal->wal : NULL;
}

bool sql_wal_is_broken(Database *db)
{
    return __atomic_load_n(&db->wal->broken, __ATOMIC_ACQUIRE);
}

int sql_wal_history_get(Database *db, const uint8_t **data, size_t *len, OmError *err)
{
    SqlWal *w = db->wal;
    if (w->history.oom) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *data = w->history.data;
    *len = w->history.len;
    return 0;
}

int sql_wal_history_set(Database *db, const uint8_t *data, size_t len, OmError *err)
{
    SqlWal *w = db->wal;
    w->history.len = 0;
    wal_redo_put_bytes(&w->history, data, len);
    if (w->history.oom) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return 0;
}
