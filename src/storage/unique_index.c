/*
 * unique_index.c — key encoding and the hash map behind unique constraints.
 *
 * Hash map: open addressing, linear probing, power-of-two capacity, load
 * factor (live + tombstones) at most 0.7. An entry stores its 64-bit hash,
 * the row id and the key: inline when it is at most 16 bytes (every
 * single-column key but long strings and composite keys), else a malloc'd copy.
 *
 * Key encoding per column (concatenated for composite keys):
 *   bool                              1 byte
 *   int2/int4/int8, date, time,       8 bytes big-endian, sign bit flipped
 *   timestamp(tz), oid
 *   float4/float8                     as double; -0 -> 0, one NaN; order-preserving bits
 *   numeric                           trailing zeros stripped; mantissa (16 bytes BE,
 *                                     sign flipped) + scale (equality only)
 *   interval                          30-day-month span, 16 bytes BE, sign flipped
 *   uuid                              16 bytes
 *   strings, bytea                    bytes with 0x00 -> 0x00 0xFF, then 0x00 0x00
 *                                     (bpchar: trailing spaces dropped first)
 */
#include "storage/unique_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "storage/storage_int.h"

/* ---- key encoding ---- */

void unique_key_init(UniqueKey *key)
{
    memset(key, 0, sizeof(*key));
}

void unique_key_fini(UniqueKey *key)
{
    free(key->data);
    memset(key, 0, sizeof(*key));
}

void unique_key_reset(UniqueKey *key)
{
    key->len = 0;
}

static int key_reserve(UniqueKey *key, size_t extra)
{
    if (key->len + extra <= key->cap) return 0;
    size_t cap = key->cap ? key->cap * 2 : 64;
    while (cap < key->len + extra) cap *= 2;
    uint8_t *p = realloc(key->data, cap);
    if (p == NULL) return -1;
    key->data = p;
    key->cap = cap;
    return 0;
}

static void put_u64(UniqueKey *key, uint64_t v)
{
    for (int i = 7; i >= 0; i--) key->data[key->len++] = (uint8_t)(v >> (i * 8));
}

static void put_i128(UniqueKey *key, __int128 v)
{
    unsigned __int128 u = (unsigned __int128)v ^ ((unsigned __int128)1 << 127);
    put_u64(key, (uint64_t)(u >> 64));
    put_u64(key, (uint64_t)u);
}

static void put_i64(UniqueKey *key, int64_t v)
{
    put_u64(key, (uint64_t)v ^ (UINT64_C(1) << 63));
}

int unique_key_add(UniqueKey *key, OmType type, const void *payload, bool is_null)
{
    if (is_null) return 1;
    const StoragePayload *p = payload;
    if (key_reserve(key, 24) != 0) return -1;
    switch (type.id) {
    case TYPE_BOOL: key->data[key->len++] = p->b ? 1 : 0; return 0;
    case TYPE_INT2: put_i64(key, p->i16); return 0;
    case TYPE_INT4:
    case TYPE_DATE: put_i64(key, p->i32); return 0;
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE: put_i64(key, p->i64); return 0;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        double d = type.id == TYPE_FLOAT4 ? (double)p->f4 : p->f8;
        if (d == 0) d = 0;    /* -0 = 0 */
        if (isnan(d)) d = NAN; /* one NaN, above everything */
        uint64_t bits;
        memcpy(&bits, &d, sizeof(bits));
        if (isnan(d)) bits = UINT64_C(0x7ff8000000000000);
        bits = (bits >> 63) ? ~bits : bits | (UINT64_C(1) << 63);
        put_u64(key, bits);
        return 0;
    }
    case TYPE_NUMERIC: {
        __int128 m = numeric_mantissa(p->num);
        int scale = numeric_scale(p->num);
        while (scale > 0 && m % 10 == 0) {
            m /= 10;
            scale--;
        }
        if (m == 0) scale = 0;
        put_i128(key, m);
        key->data[key->len++] = (uint8_t)scale;
        return 0;
    }
    case TYPE_INTERVAL: {
        __int128 days = (__int128)p->iv.months * 30 + p->iv.days;
        put_i128(key, days * USECS_PER_DAY + p->iv.micros);
        return 0;
    }
    case TYPE_UUID:
        memcpy(key->data + key->len, p->uuid.b, 16);
        key->len += 16;
        return 0;
    default: break;
    }
    /* Strings. */
    const char *s = strview_data(&p->str);
    uint32_t len = p->str.len;
    if (type.id == TYPE_BPCHAR)
        while (len > 0 && s[len - 1] == ' ') len--;
    if (key_reserve(key, (size_t)len * 2 + 2) != 0) return -1;
    for (uint32_t i = 0; i < len; i++) {
        key->data[key->len++] = (uint8_t)s[i];
        if (s[i] == 0) key->data[key->len++] = 0xff;
    }
    key->data[key->len++] = 0;
    key->data[key->len++] = 0;
    return 0;
}

/* ---- hash map ---- */

#define ENTRY_EMPTY 0
#define ENTRY_FULL 1
#define ENTRY_TOMB 2
#define INLINE_KEY 16

typedef struct UEntry {
    uint64_t hash;
    uint64_t row_id;
    union {
        uint8_t inl[INLINE_KEY];
        uint8_t *ptr;
    } k;
    uint32_t len;
    uint32_t state;
} UEntry;

struct UniqueIndex {
    UEntry *slots;
    size_t cap; /* power of two */
    size_t count;
    size_t tombs;
    size_t key_bytes; /* out-of-line key copies */
};

static uint64_t hash_bytes(const uint8_t *p, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (len * 0xff51afd7ed558ccdull);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
        len -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, len);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

static const uint8_t *entry_key(const UEntry *e)
{
    return e->len <= INLINE_KEY ? e->k.inl : e->k.ptr;
}

UniqueIndex *unique_index_create(void)
{
    UniqueIndex *index = storage_calloc(1, sizeof(UniqueIndex));
    if (index == NULL) return NULL;
    index->cap = 64;
    index->slots = storage_calloc(index->cap, sizeof(UEntry));
    if (index->slots == NULL) {
        storage_free(index, sizeof(UniqueIndex));
        return NULL;
    }
    return index;
}

static void free_key(UniqueIndex *index, UEntry *e)
{
    if (e->len > INLINE_KEY) {
        storage_free(e->k.ptr, e->len);
        index->key_bytes -= e->len;
    }
}

void unique_index_destroy(UniqueIndex *index)
{
    if (index == NULL) return;
    for (size_t i = 0; i < index->cap; i++)
        if (index->slots[i].state == ENTRY_FULL) free_key(index, &index->slots[i]);
    storage_free(index->slots, index->cap * sizeof(UEntry));
    storage_free(index, sizeof(UniqueIndex));
}

static UEntry *find(const UniqueIndex *index, const uint8_t *key, size_t len, uint64_t h)
{
    size_t mask = index->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        UEntry *e = &index->slots[i];
        if (e->state == ENTRY_EMPTY) return NULL;
        if (e->state == ENTRY_FULL && e->hash == h && e->len == len &&
            memcmp(entry_key(e), key, len) == 0)
            return e;
    }
}

/* Moves every live entry into a fresh array of `cap` slots. */
static int rehash(UniqueIndex *index, size_t cap)
{
    UEntry *slots = storage_calloc(cap, sizeof(UEntry));
    if (slots == NULL) return -1;
    size_t mask = cap - 1;
    for (size_t i = 0; i < index->cap; i++) {
        UEntry *e = &index->slots[i];
        if (e->state != ENTRY_FULL) continue;
        size_t j = e->hash & mask;
        while (slots[j].state != ENTRY_EMPTY) j = (j + 1) & mask;
        slots[j] = *e;
    }
    storage_free(index->slots, index->cap * sizeof(UEntry));
    index->slots = slots;
    index->cap = cap;
    index->tombs = 0;
    return 0;
}

int unique_index_insert(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t row_id,
                        uint64_t *existing)
{
    uint64_t h = hash_bytes(key, len);
    UEntry *found = find(index, key, len, h);
    if (found) {
        if (existing) *existing = found->row_id;
        return 1;
    }
    if ((index->count + index->tombs + 1) * 10 > index->cap * 7) {
        size_t cap = index->cap;
        if ((index->count + 1) * 10 > cap * 4) cap *= 2; /* else: only clear tombstones */
        if (rehash(index, cap) != 0) return -1;
    }
    uint8_t *copy = NULL;
    if (len > INLINE_KEY) {
        copy = storage_malloc(len);
        if (copy == NULL) return -1;
        memcpy(copy, key, len);
        index->key_bytes += len;
    }
    size_t mask = index->cap - 1;
    size_t i = h & mask;
    while (index->slots[i].state == ENTRY_FULL) i = (i + 1) & mask;
    UEntry *e = &index->slots[i];
    if (e->state == ENTRY_TOMB) index->tombs--;
    e->hash = h;
    e->row_id = row_id;
    e->len = (uint32_t)len;
    e->state = ENTRY_FULL;
    if (copy)
        e->k.ptr = copy;
    else
        memcpy(e->k.inl, key, len);
    index->count++;
    return 0;
}

bool unique_index_lookup(const UniqueIndex *index, const uint8_t *key, size_t len,
                         uint64_t *row_id)
{
    UEntry *e = find(index, key, len, hash_bytes(key, len));
    if (e == NULL) return false;
    if (row_id) *row_id = e->row_id;
    return true;
}

bool unique_index_delete(UniqueIndex *index, const uint8_t *key, size_t len)
{
    UEntry *e = find(index, key, len, hash_bytes(key, len));
    if (e == NULL) return false;
    free_key(index, e);
    e->state = ENTRY_TOMB;
    index->count--;
    index->tombs++;
    return true;
}

void unique_index_truncate(UniqueIndex *index, uint64_t min_row_id)
{
    size_t removed = 0;
    for (size_t i = 0; i < index->cap; i++) {
        UEntry *e = &index->slots[i];
        if (e->state == ENTRY_FULL && e->row_id >= min_row_id) {
            free_key(index, e);
            e->state = ENTRY_TOMB;
            removed++;
        }
    }
    index->count -= removed;
    index->tombs += removed;
    /* Compact in place when possible; if that allocation fails the tombstones
     * simply stay (the map is still correct). */
    if (removed) (void)rehash(index, index->cap);
}

size_t unique_index_count(const UniqueIndex *index)
{
    return index->count;
}

size_t unique_index_memory_bytes(const UniqueIndex *index)
{
    return sizeof(*index) + index->cap * sizeof(UEntry) + index->key_bytes;
}
