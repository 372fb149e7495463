/*
 * hash_table.c — see hash_table.h. The probe loop is per row (hashes are
 * computed per chunk by vector_hash); key comparison is specialised per key
 * column once (byte compare of 1/2/4/8/16-byte slots for types whose equality
 * is bit equality, value_eq otherwise), so there is no function-pointer
 * dispatch per row.
 */
#include "exec/hash_table.h"

#include <string.h>

#include "exec/vector_ops.h"

enum { EQ_GENERIC = 0, EQ_B1, EQ_B2, EQ_B4, EQ_B8, EQ_B16 };

static uint8_t eq_kind_for(TypeId t)
{
    switch (t) {
    case TYPE_BOOL:
        return EQ_B1;
    case TYPE_INT2:
        return EQ_B2;
    case TYPE_INT4:
    case TYPE_DATE:
        return EQ_B4;
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        return EQ_B8;
    case TYPE_UUID:
        return EQ_B16;
    default:
        return EQ_GENERIC; /* floats (-0, NaN), numeric (scale), interval, strings */
    }
}

void hash_table_init(HashTable *ht, Arena *arena, int nkeys, const OmType *key_types,
                     bool nulls_equal)
{
    memset(ht, 0, sizeof(*ht));
    ht->arena = arena;
    ht->scratch = arena_create(arena, "hash table scratch");
    ht->nkeys = nkeys;
    ht->nulls_equal = nulls_equal;
    ht->eq_kind = ARENA_NEW_ARRAY(arena, uint8_t, nkeys > 0 ? nkeys : 1);
    for (int k = 0; k < nkeys; k++) ht->eq_kind[k] = eq_kind_for(key_types[k].id);
    chunk_collection_init(&ht->keys, arena, nkeys, key_types);
    uint64_t nslots = 1024;
    ht->slots = ARENA_NEW_ARRAY(arena, uint64_t, nslots);
    ht->mask = nslots - 1;
    ht->cap_groups = 512;
    ht->group_hash = arena_alloc(arena, sizeof(uint64_t) * ht->cap_groups);
}

static void grow(HashTable *ht)
{
    uint64_t nslots = (ht->mask + 1) * 2;
    uint64_t *slots = arena_zalloc(ht->arena, sizeof(uint64_t) * nslots);
    uint64_t mask = nslots - 1;
    for (uint32_t g = 0; g < ht->ngroups; g++) {
        uint64_t h = ht->group_hash[g];
        uint64_t pos = h & mask;
        while (slots[pos] != 0) pos = (pos + 1) & mask;
        slots[pos] = (h & UINT64_C(0xffffffff00000000)) | (uint64_t)(g + 1);
    }
    ht->slots = slots;
    ht->mask = mask;
}

/* Key vectors normalised to FLAT or CONSTANT. */
typedef struct KeyView {
    const Vector *v;
    const char *data;
    const uint64_t *validity;
    bool constant;
    uint8_t width;
} KeyView;

static inline bool keys_equal(const HashTable *ht, const KeyView *kv, uint32_t gid, uint32_t row)
{
    const Chunk *gc = ht->keys.chunks[gid >> CC_CHUNK_SHIFT];
    uint32_t gpos = gid & CC_CHUNK_MASK;
    for (int k = 0; k < ht->nkeys; k++) {
        uint32_t slot = kv[k].constant ? 0 : row;
        const Vector *gv = &gc->cols[k];
        bool g_valid = validity_is_valid(gv->validity, gpos);
        bool r_valid = validity_is_valid(kv[k].validity, slot);
        if (!g_valid || !r_valid) {
            if (g_valid != r_valid) return false;
            continue;
        }
        uint8_t w = kv[k].width;
        const char *a = (const char *)gv->data + (size_t)gpos * w;
        const char *b = kv[k].data + (size_t)slot * w;
        switch (ht->eq_kind[k]) {
        case EQ_B1:
            if (*(const uint8_t *)a != *(const uint8_t *)b) return false;
            break;
        case EQ_B2:
            if (memcmp(a, b, 2) != 0) return false;
            break;
        case EQ_B4:
            if (memcmp(a, b, 4) != 0) return false;
            break;
        case EQ_B8:
            if (memcmp(a, b, 8) != 0) return false;
            break;
        case EQ_B16:
            if (memcmp(a, b, 16) != 0) return false;
            break;
        default:
            if (!value_eq(gv->type.id, a, b)) return false;
            break;
        }
    }
    return true;
}

static void probe(HashTable *ht, const Vector *const *keys, const uint16_t *sel, uint32_t count,
                  uint32_t *gids, uint8_t *inserted, bool insert)
{
    if (count == 0) return;
    if (ht->nkeys == 0) {
        /* No keys: every row belongs to the single group 0. */
        bool created = false;
        if (insert && ht->ngroups == 0) {
            ht->ngroups = 1;
            ht->group_hash[0] = 0;
            created = true;
        }
        for (uint32_t i = 0; i < count; i++) {
            gids[i] = ht->ngroups ? 0 : HT_NO_GROUP;
            if (inserted) inserted[i] = (uint8_t)(created && i == 0);
        }
        return;
    }
    arena_reset(ht->scratch);
    KeyView kvs[16];
    KeyView *kv = ht->nkeys <= 16 ? kvs : arena_alloc(ht->scratch, sizeof(KeyView) * ht->nkeys);
    const Vector **vecs = arena_alloc(ht->scratch, sizeof(Vector *) * ht->nkeys);
    bool any_nullable = false;
    for (int k = 0; k < ht->nkeys; k++) {
        const Vector *v = keys[k];
        if (v->kind == VEC_DICT) {
            Vector *flat = arena_alloc(ht->scratch, sizeof(Vector));
            *flat = *v;
            vector_flatten(flat, sel, count, ht->scratch);
            v = flat;
        }
        vecs[k] = v;
        kv[k].v = v;
        kv[k].data = v->data;
        kv[k].validity = v->validity;
        kv[k].constant = v->kind == VEC_CONSTANT;
        kv[k].width = ht->keys.widths[k];
        if (v->validity) any_nullable = true;
    }
    uint64_t *hashes = arena_alloc(ht->scratch, sizeof(uint64_t) * count);
    for (int k = 0; k < ht->nkeys; k++) vector_hash(vecs[k], sel, count, hashes, k > 0);
    /* Overlap the cache misses on the slot array (the dominant cost once the
     * table outgrows the cache): prefetch the home slot a few rows ahead. */
    bool prefetch = ht->mask >= 16383;

    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        if (inserted) inserted[i] = 0;
        if (any_nullable && !ht->nulls_equal) {
            bool has_null = false;
            for (int k = 0; k < ht->nkeys; k++)
                if (!validity_is_valid(kv[k].validity, kv[k].constant ? 0 : row)) has_null = true;
            if (has_null) {
                gids[i] = HT_NO_GROUP;
                continue;
            }
        }
        if (prefetch && i + 12 < count) __builtin_prefetch(&ht->slots[hashes[i + 12] & ht->mask]);
        uint64_t h = hashes[i];
        uint64_t tag = h & UINT64_C(0xffffffff00000000);
        uint64_t pos = h & ht->mask;
        uint32_t gid = HT_NO_GROUP;
        for (;;) {
            uint64_t s = ht->slots[pos];
            if (s == 0) break;
            if ((s & UINT64_C(0xffffffff00000000)) == tag) {
                uint32_t g = (uint32_t)(s & 0xffffffffu) - 1;
                if (keys_equal(ht, kv, g, row)) {
                    gid = g;
                    break;
                }
            }
            pos = (pos + 1) & ht->mask;
        }
        if (gid == HT_NO_GROUP && insert) {
            gid = ht->ngroups;
            if (gid == ht->cap_groups) {
                uint32_t cap = ht->cap_groups * 2;
                ht->group_hash =
                    arena_realloc(ht->arena, ht->group_hash, sizeof(uint64_t) * ht->cap_groups,
                                  sizeof(uint64_t) * cap);
                ht->cap_groups = cap;
            }
            uint16_t one = (uint16_t)row;
            chunk_collection_append_vectors(&ht->keys, vecs, &one, 1);
            ht->group_hash[gid] = h;
            ht->slots[pos] = tag | (uint64_t)(gid + 1);
            ht->ngroups++;
            if (inserted) inserted[i] = 1;
            if ((uint64_t)ht->ngroups * 2 > ht->mask + 1) grow(ht);
        }
        gids[i] = gid;
    }
}

void hash_table_find_or_insert(HashTable *ht, const Vector *const *keys, const uint16_t *sel,
                               uint32_t count, uint32_t *gids, uint8_t *inserted)
{
    probe(ht, keys, sel, count, gids, inserted, true);
}

void hash_table_find(HashTable *ht, const Vector *const *keys, const uint16_t *sel, uint32_t count,
                     uint32_t *gids)
{
    probe(ht, keys, sel, count, gids, NULL, false);
}
