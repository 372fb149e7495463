/*
 * unique_index.c — key encoding and the hash map behind unique constraints.
 *
 * Hash map: open addressing, linear probing, power-of-two capacity, load
 * factor (live + tombstones) at most 0.75, 16-byte slots (layout below). Keys
 * of at most 8 bytes (every single integer, float, date or timestamp key) live
 * in the slot; longer ones in an append-only pool freed with the index. Row
 * ids are limited to 48 bits (2.8e14 rows).
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
    StoragePayload copy; /* slots are only as aligned as their width */
    memcpy(&copy, payload, type_info(type.id)->width);
    const StoragePayload *p = &copy;
    if (key_reserve(key, 24) != 0) return -1;
    switch (type.id) {
    case TYPE_BOOL:
        key->data[key->len++] = p->b ? 1 : 0;
        return 0;
    case TYPE_INT2:
        put_i64(key, p->i16);
        return 0;
    case TYPE_INT4:
    case TYPE_DATE:
        put_i64(key, p->i32);
        return 0;
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
        put_i64(key, p->i64);
        return 0;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        double d = type.id == TYPE_FLOAT4 ? (double)p->f4 : p->f8;
        if (d == 0) d = 0;     /* -0 = 0 */
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
    default:
        break;
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

/*
 * Slot layout (16 bytes, so a 10M-key index takes 256 MB of slots at most):
 *   key   the key bytes zero-padded when len <= 8, else a pointer to a pooled
 *         copy laid out as [uint32 len][bytes]
 *   meta  0 = empty, UINT64_MAX = tombstone, else
 *         bits 0..47 row id, bits 48..51 len (1..8) or 9 (pooled),
 *         bits 52..63 twelve bits of the hash (cheap rejection before memcmp)
 */
#define META_EMPTY    0
#define META_TOMB     UINT64_MAX
#define META_ROW_MASK ((UINT64_C(1) << 48) - 1)
#define LEN_POOLED    9
#define POOL_BLOCK    (1024 * 1024)

typedef struct USlot {
    uint64_t key;
    uint64_t meta;
} USlot;

typedef struct PoolBlock PoolBlock;
struct PoolBlock {
    PoolBlock *next;
    size_t used, cap;
    uint8_t data[];
};

struct UniqueIndex {
    USlot *slots;
    size_t cap; /* power of two */
    size_t count;
    size_t tombs;
    PoolBlock *pool;
    size_t pool_bytes;
};

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const uint8_t *p, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = mix64(h ^ w);
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        h = mix64(h ^ w ^ 0x5bd1e995ull);
    }
    return h;
}

static inline uint64_t make_meta(uint64_t row_id, unsigned lencode, uint64_t h)
{
    return (row_id & META_ROW_MASK) | ((uint64_t)lencode << 48) | ((h >> 52) << 52);
}

static inline bool slot_live(const USlot *s)
{
    return s->meta != META_EMPTY && s->meta != META_TOMB;
}

static inline unsigned slot_lencode(const USlot *s)
{
    return (unsigned)((s->meta >> 48) & 0xf);
}

/* Key bytes and length of a live slot. */
static inline const uint8_t *slot_key(const USlot *s, size_t *len)
{
    unsigned lc = slot_lencode(s);
    if (lc != LEN_POOLED) {
        *len = lc;
        return (const uint8_t *)&s->key;
    }
    const uint8_t *p = (const uint8_t *)(uintptr_t)s->key;
    uint32_t l;
    memcpy(&l, p, 4);
    *len = l;
    return p + 4;
}

static bool slot_matches(const USlot *s, const uint8_t *key, size_t len, uint64_t h)
{
    if ((s->meta >> 52) != (h >> 52)) return false;
    unsigned lc = slot_lencode(s);
    if (len <= 8) {
        if (lc != len) return false;
        uint64_t w = 0;
        memcpy(&w, key, len);
        return w == s->key;
    }
    if (lc != LEN_POOLED) return false;
    size_t sl;
    const uint8_t *sk = slot_key(s, &sl);
    return sl == len && memcmp(sk, key, len) == 0;
}

static uint8_t *pool_alloc(UniqueIndex *index, size_t len)
{
    PoolBlock *b = index->pool;
    if (b == NULL || b->cap - b->used < len) {
        size_t cap = len > POOL_BLOCK / 4 ? len : POOL_BLOCK;
        PoolBlock *nb = storage_malloc(sizeof(PoolBlock) + cap);
        if (nb == NULL) return NULL;
        nb->cap = cap;
        nb->used = 0;
        nb->next = b;
        index->pool = nb;
        index->pool_bytes += sizeof(PoolBlock) + cap;
        b = nb;
    }
    uint8_t *p = b->data + b->used;
    b->used += (len + 7) & ~(size_t)7;
    if (b->used > b->cap) b->used = b->cap;
    return p;
}

static USlot *slots_alloc(size_t cap)
{
    /* malloc + memset rather than calloc: the probe loop reads before it
     * writes, and zero pages read first would fault twice. */
    USlot *slots = storage_malloc(cap * sizeof(USlot));
    if (slots) memset(slots, 0, cap * sizeof(USlot));
    return slots;
}

UniqueIndex *unique_index_create(void)
{
    UniqueIndex *index = storage_calloc(1, sizeof(UniqueIndex));
    if (index == NULL) return NULL;
    index->cap = 64;
    index->slots = slots_alloc(index->cap);
    if (index->slots == NULL) {
        storage_free(index, sizeof(UniqueIndex));
        return NULL;
    }
    return index;
}

void unique_index_destroy(UniqueIndex *index)
{
    if (index == NULL) return;
    PoolBlock *b = index->pool;
    while (b) {
        PoolBlock *next = b->next;
        storage_free(b, sizeof(PoolBlock) + b->cap);
        b = next;
    }
    storage_free(index->slots, index->cap * sizeof(USlot));
    storage_free(index, sizeof(UniqueIndex));
}

static uint64_t slot_hash(const USlot *s)
{
    size_t len;
    const uint8_t *k = slot_key(s, &len);
    return hash_bytes(k, len);
}

/* Moves every live slot into a fresh array of `cap` slots. */
static int rehash(UniqueIndex *index, size_t cap)
{
    USlot *slots = slots_alloc(cap);
    if (slots == NULL) return -1;
    size_t mask = cap - 1;
    for (size_t i = 0; i < index->cap; i++) {
        USlot *s = &index->slots[i];
        if (!slot_live(s)) continue;
        size_t j = slot_hash(s) & mask;
        while (slots[j].meta != META_EMPTY) j = (j + 1) & mask;
        slots[j] = *s;
    }
    storage_free(index->slots, index->cap * sizeof(USlot));
    index->slots = slots;
    index->cap = cap;
    index->tombs = 0;
    return 0;
}

static USlot *find(const UniqueIndex *index, const uint8_t *key, size_t len, uint64_t h)
{
    size_t mask = index->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        USlot *s = &index->slots[i];
        if (s->meta == META_EMPTY) return NULL;
        if (s->meta != META_TOMB && slot_matches(s, key, len, h)) return s;
    }
}

uint64_t unique_index_hash(const uint8_t *key, size_t len)
{
    return hash_bytes(key, len);
}

void unique_index_prefetch(const UniqueIndex *index, uint64_t hash)
{
    __builtin_prefetch(&index->slots[hash & (index->cap - 1)], 1);
}

int unique_index_insert(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t row_id,
                        uint64_t *existing)
{
    return unique_index_insert_hashed(index, key, len, hash_bytes(key, len), row_id, existing);
}

int unique_index_insert_hashed(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t h,
                               uint64_t row_id, uint64_t *existing)
{
    if (len == 0 || len > UINT32_MAX) return -1;
    if ((index->count + index->tombs + 1) * 4 > index->cap * 3) {
        size_t cap = index->cap;
        if ((index->count + 1) * 2 > cap) cap *= 2; /* else: only clear tombstones */
        if (rehash(index, cap) != 0) return -1;
    }
    size_t mask = index->cap - 1;
    USlot *tomb = NULL;
    USlot *s;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        s = &index->slots[i];
        if (s->meta == META_EMPTY) break;
        if (s->meta == META_TOMB) {
            if (tomb == NULL) tomb = s;
        } else if (slot_matches(s, key, len, h)) {
            if (existing) *existing = s->meta & META_ROW_MASK;
            return 1;
        }
    }
    if (tomb) {
        s = tomb;
        index->tombs--;
    }
    if (len <= 8) {
        uint64_t w = 0;
        memcpy(&w, key, len);
        s->key = w;
        s->meta = make_meta(row_id, (unsigned)len, h);
    } else {
        uint8_t *copy = pool_alloc(index, len + 4);
        if (copy == NULL) {
            if (tomb) index->tombs++;
            return -1;
        }
        uint32_t l = (uint32_t)len;
        memcpy(copy, &l, 4);
        memcpy(copy + 4, key, len);
        s->key = (uint64_t)(uintptr_t)copy;
        s->meta = make_meta(row_id, LEN_POOLED, h);
    }
    index->count++;
    return 0;
}

bool unique_index_lookup(const UniqueIndex *index, const uint8_t *key, size_t len, uint64_t *row_id)
{
    USlot *s = find(index, key, len, hash_bytes(key, len));
    if (s == NULL) return false;
    if (row_id) *row_id = s->meta & META_ROW_MASK;
    return true;
}

bool unique_index_delete(UniqueIndex *index, const uint8_t *key, size_t len)
{
    USlot *s = find(index, key, len, hash_bytes(key, len));
    if (s == NULL) return false;
    s->meta = META_TOMB; /* a pooled copy stays in the pool until destroy */
    index->count--;
    index->tombs++;
    return true;
}

void unique_index_truncate(UniqueIndex *index, uint64_t min_row_id)
{
    size_t removed = 0;
    for (size_t i = 0; i < index->cap; i++) {
        USlot *s = &index->slots[i];
        if (slot_live(s) && (s->meta & META_ROW_MASK) >= min_row_id) {
            s->meta = META_TOMB;
            removed++;
        }
    }
    index->count -= removed;
    index->tombs += removed;
    /* Compact when possible; if that allocation fails the tombstones simply
     * stay (the map is still correct). */
    if (removed) (void)rehash(index, index->cap);
}

size_t unique_index_count(const UniqueIndex *index)
{
    return index->count;
}

size_t unique_index_memory_bytes(const UniqueIndex *index)
{
    return sizeof(*index) + index->cap * sizeof(USlot) + index->pool_bytes;
}
