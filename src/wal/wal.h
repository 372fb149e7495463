/*
 * wal.h — the write-ahead log: a group-commit writer and a recovery reader.
 * The public interface of src/wal; byte layout in wal_format.h, design and the
 * contract with the transaction layer in docs/wal.md.
 *
 * The WAL knows nothing of SQL, tables or transactions beyond this: a commit is a
 * batch of opaque change records followed by a COMMIT record carrying a commit
 * timestamp, and a batch is durable once wal_commit(sync = true) returns 0.
 *
 * Threading: a Wal is shared by all sessions; every function on it is thread-safe
 * except wal_close. A WalReader belongs to one thread.
 *
 * Errors (all through OmError):
 *   53100 disk_full     the batch was not written and is not in the log; later
 *                       commits work once space is available again
 *   58030 io_error      a write or fsync failed; the WAL is in the failed state for
 *                       good (wal_is_failed) and every later commit fails with 58030
 *                       until the server restarts and recovery replays the log
 *   54000               a record larger than a segment can hold
 *   53200               out of memory
 *   XX001               (reader) damage in the middle of the log
 *   58P01 / 22023       (open) a missing segment / a bad configuration
 */
#ifndef OMENDB_WAL_WAL_H
#define OMENDB_WAL_WAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "wal/wal_format.h"

#define WAL_PATH_MAX 512

typedef struct WalConfig {
    const char *dir;          /* DATA/wal; created if missing */
    uint32_t segment_size;    /* bytes, multiple of 8, >= 1 KB; default 64 MB */
    size_t buffer_size;       /* soft limit of the in-memory buffer; default 16 MB */
    uint32_t writer_delay_ms; /* background flush period (wal_writer_delay); default 200 */
    bool create_missing;      /* wal_open: create start_lsn's segment if it is missing */
    /* No segment maker: the next segment is made only by the committer whose
     * batch needs it (tests that count on which commit meets a creation fault). */
    bool no_segment_maker;
} WalConfig;

/* Fills the defaults; the caller sets dir. */
void wal_config_default(WalConfig *cfg);

/* --- writer --- */

typedef struct Wal Wal;

/* One change record handed to wal_commit; data is copied, the caller keeps it. */
typedef struct WalChange {
    uint8_t type;  /* >= WAL_REC_CHANGE_FIRST */
    uint8_t flags; /* stored as given */
    uint32_t len;
    const void *data;
} WalChange;

/* Opens the log for appending at start_lsn, which must be
 * wal_reader_resume_lsn() of a completed recovery, or 0 for an empty directory.
 * Everything at or after start_lsn is discarded: later segment files are removed
 * and the rest of start_lsn's segment is zeroed. Starts the background writer.
 * Returns the handle (owned by the caller; free with wal_close) or NULL. When
 * start_lsn lies inside a segment whose file is missing (the log the caller
 * needs from there is gone), that is 58P01 "write-ahead log segment file ...
 * is missing", unless cfg->create_missing, which makes a new empty one. */
Wal *wal_open(const WalConfig *cfg, uint64_t start_lsn, OmError *err);

/* Appends one batch (changes[0..n_changes) and a COMMIT with commit_ts) to the
 * shared buffer and assigns its LSNs. With sync, returns once the batch is on
 * disk (fdatasync'd, shared with every batch flushed at the same time); without,
 * returns at once and the background writer makes it durable within
 * writer_delay_ms. *commit_end (may be NULL) receives the LSN just past the COMMIT
 * record. On error the batch is not in the log. */
int wal_commit(Wal *wal, const WalChange *changes, size_t n_changes, uint64_t commit_ts, bool sync,
               uint64_t *commit_end, OmError *err);

/* Waits until the log is durable through `lsn` (a commit appended without
 * sync: early lock release, src/txn/txn.c), sharing the flush with every other
 * waiter. *flushed receives the durable position. Returns 0, or -1 with err
 * when the log failed first. */
int wal_wait_flushed(Wal *wal, uint64_t lsn, uint64_t *flushed, OmError *err);

/* Acknowledging without waiting. A session whose client is waiting for the
 * commit's reply hands the reply to the log instead of sleeping until the
 * flush: fn(ctx, 0, NULL) runs once the log is durable through the lsn, or
 * fn(ctx, -1, err) once the log has failed. It runs exactly once, on the thread
 * of the flush that resolves it (another committer's or the background
 * writer's), after the flushed hook; it must not block and must not call into
 * the Wal. The WalNotify is the caller's storage and must stay valid and
 * untouched until fn has returned. */
typedef void (*WalNotifyFn)(void *ctx, int rc, const OmError *err);
typedef struct WalNotify {
    WalNotifyFn fn;
    void *ctx;
    /* private to wal_writer.c */
    uint64_t end_lsn;
    OmError err;
    struct WalNotify *next;
} WalNotify;

enum {
    WAL_NOTIFY_QUEUED = 0,  /* fn will run later */
    WAL_NOTIFY_DURABLE = 1, /* durable already; fn is not called */
    WAL_NOTIFY_IDLE = 2     /* no flush is running: wal_wait_flushed leads one at once,
                               cheaper than waking the writer; fn is not called */
};
/* Queues n (fn and ctx set by the caller) for the log through lsn. Returns a
 * WAL_NOTIFY_* value, or -1 with err when the log has failed. */
int wal_notify_flushed(Wal *wal, uint64_t lsn, WalNotify *n, OmError *err);

/* Called by the flushing thread, before any WalNotify callback of that flush,
 * with the durable position (the transaction layer moves its read horizon
 * there, so that a notified client sees its commit). Set once, before use. */
void wal_set_flushed_hook(Wal *wal, void (*fn)(void *ctx, uint64_t flushed), void *ctx);

/* Makes everything appended so far durable (for checkpoints and shutdown). */
int wal_flush(Wal *wal, OmError *err);

/* Removes segment files that lie wholly before lsn and wholly before the flushed
 * position (call after a checkpoint at lsn is durable). *n_removed may be NULL. */
int wal_remove_before(Wal *wal, uint64_t lsn, size_t *n_removed, OmError *err);

uint64_t wal_insert_lsn(Wal *wal);  /* next LSN to be assigned */
uint64_t wal_flushed_lsn(Wal *wal); /* everything below is durable */
/* True after a fatal write or fsync failure; err (may be NULL) gets the reason. */
bool wal_is_failed(Wal *wal, OmError *err);

typedef struct WalStats {
    uint64_t n_commits;       /* batches appended */
    uint64_t n_flushes;       /* write + fdatasync rounds that succeeded */
    uint64_t n_segments_made; /* segment files created */
    uint64_t n_notified;      /* notifications delivered after a successful flush */
} WalStats;
void wal_stats_get(Wal *wal, WalStats *out);

/* Flushes what is buffered, stops the background writer, closes files and frees
 * wal. Returns -1 if the final flush failed or the WAL was in the failed state. */
int wal_close(Wal *wal, OmError *err);

/* --- reader (recovery) --- */

typedef struct WalReader WalReader;

typedef struct WalRecord {
    uint64_t lsn;     /* position of the record */
    uint64_t end_lsn; /* position just past it (aligned) */
    uint8_t type;     /* WAL_REC_COMMIT or a change type */
    uint8_t flags;
    uint32_t len;        /* payload length */
    const uint8_t *data; /* payload; valid until the next wal_reader_next */
} WalRecord;

/* What "start anyway" skipped: filled when damage was found in the middle. */
typedef struct WalDamage {
    bool found;
    uint64_t lsn;               /* where reading stopped */
    char segment[WAL_PATH_MAX]; /* the segment file at fault (or missing) */
    uint64_t offset;            /* byte offset in that file */
    char reason[160];
    uint64_t lost_records; /* valid records found after the damage */
    uint64_t lost_commits; /* of which COMMIT records */
    uint64_t lost_bytes;   /* from the damage to the end of the last valid record */
} WalDamage;

/* Reader flag: on damage in the middle of the log, end quietly at the damage
 * instead of failing, and describe what is lost in wal_reader_damage(). */
#define WAL_READ_IGNORE_DAMAGE 1u

/* Opens dir for reading from start_lsn (a checkpoint's LSN, or 0). An empty or
 * missing directory reads as an empty log. Owned by the caller. */
WalReader *wal_reader_open(const char *dir, uint64_t start_lsn, unsigned flags, OmError *err);
/* Returns 1 with *rec filled, 0 at the end of the log (including a torn last
 * record, which is not an error), or -1 with err set (XX001, naming the segment
 * file and offset) on damage before the end. After 0 or -1 it keeps returning
 * the same. */
int wal_reader_next(WalReader *r, WalRecord *rec, OmError *err);
/* Just past the last valid record read so far. */
uint64_t wal_reader_end_lsn(const WalReader *r);
/* Just past the last COMMIT read so far (or the start): where wal_open appends.
 * Change records after it belong to a batch that never committed. */
uint64_t wal_reader_resume_lsn(const WalReader *r);
const WalDamage *wal_reader_damage(const WalReader *r);
void wal_reader_close(WalReader *r);

/* Decodes a COMMIT record's payload; -1 (XX001) if rec is not a well-formed COMMIT. */
int wal_commit_decode(const WalRecord *rec, uint64_t *commit_ts, uint32_t *n_changes, OmError *err);

#endif
