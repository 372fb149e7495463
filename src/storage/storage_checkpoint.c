/*
 * storage_checkpoint.c — checkpoint files of one table (storage_checkpoint.h).
 *
 * Writing reads the table as a scan does, without locks, one vector at a
 * time: the column slots are copied first, then the snapshot's visibility is
 * computed and the before-images of rows changed after the snapshot are put
 * back into the copy. A concurrent in-place update either happened before the
 * copy (its before-image exists by then and is restored) or after it (the
 * copy never saw it), so the copy is exactly what the snapshot sees. Visible
 * rows are compacted and appended with their row ids; each storage row group
 * ends a Parquet row group.
 *
 * Loading goes the other way, a storage vector's worth of file rows at a
 * time: runs of consecutive row ids are appended as one chunk
 * (storage_redo_append_at), gaps become dead rows. A second thread decodes
 * the next Parquet row group meanwhile (two slots, each with its own arena,
 * handed over under a mutex); only it touches the reader.
 */
#include "storage/storage_checkpoint.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "storage/parquet.h"
#include "storage/storage_redo.h"

#define CKPT_VALIDITY_WORDS (STORAGE_VECTOR_ROWS / 64)
/* Row ids beyond this cannot exist (the storage directory's capacity). */
#define MAX_ROW_ID ((uint64_t)4096 * 1024 * STORAGE_GROUP_ROWS)

typedef struct ColBuf {
    size_t width;
    uint8_t *copy;     /* STORAGE_VECTOR_ROWS slots, the vector as the snapshot sees it */
    uint64_t *bits;    /* its validity */
    uint8_t *out;      /* compacted visible rows */
    uint64_t *outbits; /* their validity */
} ColBuf;

static void free_bufs(ColBuf *b, int ncols)
{
    if (!b) return;
    for (int c = 0; c < ncols; c++) {
        free(b[c].copy);
        free(b[c].bits);
        free(b[c].out);
        free(b[c].outbits);
    }
    free(b);
}

/* Copies vector `vec` of group `g` as `snap` sees it and compacts its
 * visible rows into the out buffers. Returns the number of visible rows. */
static uint32_t read_vector(StorageTable *t, uint64_t count, uint64_t g, uint32_t vec,
                            const StorageSnapshot *snap, ColBuf *b, int64_t *ids)
{
    int ncols = storage_table_ncols(t);
    uint64_t start = g * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
    uint32_t n =
        count - start > STORAGE_VECTOR_ROWS ? STORAGE_VECTOR_ROWS : (uint32_t)(count - start);
    uint16_t sel[STORAGE_VECTOR_ROWS];
    bool all = false, need_undo = false;
    storage_read_begin();
    for (int c = 0; c < ncols; c++) {
        StorageVectorRef ref;
        if (storage_table_vector(t, count, g, vec, c, &ref) != 0 || ref.data == NULL) {
            memset(b[c].copy, 0, b[c].width * n);
            memset(b[c].bits, 0, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
            continue;
        }
        memcpy(b[c].copy, ref.data, b[c].width * n);
        if (ref.validity)
            memcpy(b[c].bits, ref.validity, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        else
            memset(b[c].bits, 0xff, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
    }
    uint32_t k = storage_vector_visibility(t, g, vec, n, snap, sel, &all, &need_undo);
    if (need_undo)
        for (int c = 0; c < ncols; c++)
            storage_vector_apply_undo(t, g, vec, c, snap, b[c].copy, b[c].bits);
    storage_read_end();
    for (uint32_t i = 0; i < k; i++) ids[i] = (int64_t)(start + (all ? i : sel[i]));
    for (int c = 0; c < ncols; c++) {
        size_t w = b[c].width;
        memset(b[c].outbits, 0, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        for (uint32_t i = 0; i < k; i++) {
            uint32_t r = all ? i : sel[i];
            memcpy(b[c].out + (size_t)i * w, b[c].copy + (size_t)r * w, w);
            if (b[c].bits[r / 64] >> (r % 64) & 1) b[c].outbits[i / 64] |= UINT64_C(1) << (i % 64);
        }
    }
    return k;
}

int storage_checkpoint_write(StorageTable *t, const StorageSnapshot *snap, const char *path,
                             const char *const *names, uint64_t *rows, OmError *err)
{
    int ncols = storage_table_ncols(t);
    *rows = 0;
    ParquetColumnDef *defs = calloc((size_t)ncols + 1, sizeof(ParquetColumnDef));
    StorageVectorRef *refs = calloc((size_t)ncols + 1, sizeof(StorageVectorRef));
    ColBuf *b = calloc((size_t)ncols + 1, sizeof(ColBuf));
    int64_t *ids = malloc(sizeof(int64_t) * STORAGE_VECTOR_ROWS);
    bool oom = !defs || !refs || !b || !ids;
    for (int c = 0; c < ncols && !oom; c++) {
        b[c].width = type_info(storage_table_column_type(t, c).id)->width;
        b[c].copy = malloc(b[c].width * STORAGE_VECTOR_ROWS);
        b[c].out = malloc(b[c].width * STORAGE_VECTOR_ROWS);
        b[c].bits = malloc(sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        b[c].outbits = malloc(sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        oom = !b[c].copy || !b[c].out || !b[c].bits || !b[c].outbits;
    }
    int rc = -1;
    ParquetWriter *w = NULL;
    if (oom) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    defs[0] = (ParquetColumnDef){STORAGE_CHECKPOINT_ROW_ID, {TYPE_INT8, TYPMOD_NONE}, false};
    for (int c = 0; c < ncols; c++)
        defs[c + 1] = (ParquetColumnDef){names[c], storage_table_column_type(t, c), true};
    ParquetWriteOptions opts;
    parquet_write_options_init(&opts);
    w = parquet_writer_open(path, ncols + 1, defs, &opts, err);
    if (!w) goto out;
    uint64_t count = storage_table_row_count(t);
    uint64_t ngroups = storage_table_group_count(count);
    for (uint64_t g = 0; g < ngroups; g++) {
        for (uint32_t vec = 0; vec < STORAGE_GROUP_VECTORS; vec++) {
            uint64_t start = g * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
            if (start >= count) break;
            uint32_t k = read_vector(t, count, g, vec, snap, b, ids);
            if (k == 0) continue;
            refs[0] = (StorageVectorRef){ids, NULL, k};
            for (int c = 0; c < ncols; c++)
                refs[c + 1] = (StorageVectorRef){b[c].out, b[c].outbits, k};
            if (parquet_writer_append(w, refs, k, err) != 0) goto out;
            *rows += k;
        }
        if (parquet_writer_end_group(w, err) != 0) goto out;
    }
    rc = parquet_writer_close(w, err);
    w = NULL;
out:
    parquet_writer_abort(w);
    free_bufs(b, ncols);
    free(defs);
    free(refs);
    free(ids);
    return rc;
}

/* ---- loading ---- */

static int mismatch(const char *path, const char *what, OmError *err)
{
    return ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" does not match its table: %s",
               path, what);
}

static int check_schema(StorageTable *t, ParquetReader *r, const char *path, OmError *err)
{
    int ncols = storage_table_ncols(t);
    if (parquet_reader_ncols(r) != ncols + 1) return mismatch(path, "number of columns", err);
    const ParquetColumnDef *id = parquet_reader_column(r, 0);
    if (id->type.id != TYPE_INT8 || strcmp(id->name, STORAGE_CHECKPOINT_ROW_ID) != 0)
        return mismatch(path, "no row id column", err);
    for (int c = 0; c < ncols; c++) {
        OmType want = storage_table_column_type(t, c);
        OmType got = parquet_reader_column(r, c + 1)->type;
        if (want.id != got.id || want.typmod != got.typmod)
            return mismatch(path, "column types", err);
    }
    return 0;
}

/* Appends file rows [s, s+m) of one row group: runs of consecutive ids. */
static int load_slice(StorageTable *t, const int64_t *ids, uint32_t m, Vector *vecs,
                      const uint16_t *iota, const char *path, OmError *err)
{
    int ncols = storage_table_ncols(t);
    uint32_t i = 0;
    while (i < m) {
        int64_t first = ids[i];
        if (first < 0 || (uint64_t)first < storage_table_pending_count(t) ||
            (uint64_t)first >= MAX_ROW_ID)
            return ERR(err, SQLSTATE_DATA_CORRUPTED,
                       "invalid checkpoint file \"%s\": row id %lld out of order", path,
                       (long long)first);
        uint32_t j = i + 1;
        while (j < m && ids[j] == first + (int64_t)(j - i)) j++;
        Chunk chunk = {.ncols = ncols, .cols = vecs, .count = j - i, .sel = iota + i};
        if (storage_redo_append_at(t, (uint64_t)first, &chunk, err) != 0) return -1;
        i = j;
    }
    return 0;
}

/* Loading is a pipeline of two threads: a decoder reads row group g+1 of the
 * file into one slot while this thread appends group g from the other. */
typedef struct LoadSlot {
    Arena *arena;
    void **data;
    uint64_t **valid;
    uint64_t nrows;
    bool full; /* decoded, not yet appended */
} LoadSlot;

typedef struct Loader {
    ParquetReader *r;
    int nfile_cols;
    uint32_t ngroups;
    LoadSlot slot[2];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;   /* the appender gave up */
    bool failed; /* the decoder failed: err holds why */
    OmError err;
} Loader;

static void *decode_main(void *arg)
{
    Loader *ld = arg;
    for (uint32_t g = 0; g < ld->ngroups; g++) {
        LoadSlot *s = &ld->slot[g % 2];
        pthread_mutex_lock(&ld->mu);
        while (s->full && !ld->stop) pthread_cond_wait(&ld->cv, &ld->mu);
        bool stop = ld->stop;
        pthread_mutex_unlock(&ld->mu);
        if (stop) break;
        arena_reset(s->arena);
        int rc = 0;
        for (int c = 0; c < ld->nfile_cols && rc == 0; c++)
            rc = parquet_reader_read_column(ld->r, g, c, s->arena, &s->data[c], &s->valid[c],
                                            &ld->err);
        s->nrows = parquet_reader_group_rows(ld->r, g);
        pthread_mutex_lock(&ld->mu);
        if (rc != 0)
            ld->failed = true;
        else
            s->full = true;
        pthread_cond_broadcast(&ld->cv);
        pthread_mutex_unlock(&ld->mu);
        if (rc != 0) break;
    }
    return NULL;
}

/* Appends one decoded row group. */
static int append_group(StorageTable *t, const LoadSlot *s, Vector *vecs, const uint16_t *iota,
                        const char *path, OmError *err)
{
    int ncols = storage_table_ncols(t);
    if (s->valid[0] != NULL) return mismatch(path, "NULL row id", err);
    const int64_t *ids = s->data[0];
    for (uint64_t at = 0; at < s->nrows; at += STORAGE_VECTOR_ROWS) {
        uint32_t m =
            s->nrows - at > STORAGE_VECTOR_ROWS ? STORAGE_VECTOR_ROWS : (uint32_t)(s->nrows - at);
        for (int c = 0; c < ncols; c++) {
            OmType type = storage_table_column_type(t, c);
            size_t w = type_info(type.id)->width;
            vecs[c] = (Vector){.type = type, .kind = VEC_FLAT, .readonly = true};
            vecs[c].data = (uint8_t *)s->data[c + 1] + at * w;
            vecs[c].validity = s->valid[c + 1] ? s->valid[c + 1] + at / 64 : NULL;
        }
        if (load_slice(t, ids + at, m, vecs, iota, path, err) != 0) return -1;
    }
    return 0;
}

int storage_checkpoint_load(StorageTable *t, const char *path, uint64_t *rows, OmError *err)
{
    *rows = 0;
    ParquetReader *r = parquet_reader_open(path, err);
    if (!r) return -1;
    int ncols = storage_table_ncols(t);
    Loader ld;
    memset(&ld, 0, sizeof(ld));
    ld.r = r;
    ld.nfile_cols = ncols + 1;
    ld.ngroups = parquet_reader_group_count(r);
    error_clear(&ld.err);
    pthread_mutex_init(&ld.mu, NULL);
    pthread_cond_init(&ld.cv, NULL);
    Vector *vecs = calloc((size_t)ncols + 1, sizeof(Vector));
    uint16_t *iota = malloc(sizeof(uint16_t) * STORAGE_VECTOR_ROWS);
    bool oom = !vecs || !iota;
    for (int i = 0; i < 2; i++) {
        ld.slot[i].arena = arena_create(NULL, "checkpoint load");
        ld.slot[i].data = calloc((size_t)ncols + 1, sizeof(void *));
        ld.slot[i].valid = calloc((size_t)ncols + 1, sizeof(uint64_t *));
        oom = oom || !ld.slot[i].arena || !ld.slot[i].data || !ld.slot[i].valid;
    }
    int rc = -1;
    bool started = false;
    pthread_t decoder;
    if (oom) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    for (int i = 0; i < STORAGE_VECTOR_ROWS; i++) iota[i] = (uint16_t)i;
    if (check_schema(t, r, path, err) != 0) goto out;
    if (pthread_create(&decoder, NULL, decode_main, &ld) != 0) {
        ERR(err, SQLSTATE_INSUFFICIENT_RESOURCES, "could not start a thread to load \"%s\"", path);
        goto out;
    }
    started = true;
    for (uint32_t g = 0; g < ld.ngroups; g++) {
        LoadSlot *s = &ld.slot[g % 2];
        pthread_mutex_lock(&ld.mu);
        while (!s->full && !ld.failed) pthread_cond_wait(&ld.cv, &ld.mu);
        bool ready = s->full;
        pthread_mutex_unlock(&ld.mu);
        if (!ready) goto out; /* the decoder's error is copied below */
        if (append_group(t, s, vecs, iota, path, err) != 0) goto out;
        *rows += s->nrows;
        pthread_mutex_lock(&ld.mu);
        s->full = false;
        pthread_cond_broadcast(&ld.cv);
        pthread_mutex_unlock(&ld.mu);
    }
    rc = 0;
out:
    if (started) {
        pthread_mutex_lock(&ld.mu);
        ld.stop = true;
        pthread_cond_broadcast(&ld.cv);
        pthread_mutex_unlock(&ld.mu);
        pthread_join(decoder, NULL);
        if (rc != 0 && ld.failed && !err->is_set) *err = ld.err;
    }
    parquet_reader_close(r);
    for (int i = 0; i < 2; i++) {
        if (ld.slot[i].arena) arena_destroy(ld.slot[i].arena);
        free(ld.slot[i].data);
        free(ld.slot[i].valid);
    }
    pthread_cond_destroy(&ld.cv);
    pthread_mutex_destroy(&ld.mu);
    free(vecs);
    free(iota);
    return rc;
}
