/*
 * unique_chain.c — the rows a unique index entry pointed at before it was taken over.
 *
 * A unique index maps a key to one row. When a new row takes over the entry of a
 * row that is gone in the newest state (deleted, or its key moved away), snapshots
 * older than that change still see the older row under the key, but the entry no
 * longer leads to it. The chain keeps, per (key, taker row), the row whose entry
 * was taken, so that a reader who finds the entry's row invisible steps back:
 * taker -> previous holder -> the one before. (PostgreSQL keeps an index tuple per
 * heap tuple version and lets VACUUM remove them; our unique indexes hold one row
 * per key, so the history lives beside them, and only for keys taken over while a
 * snapshot might still need the older row.)
 *
 * The table is open addressing with linear probing and backward-shift deletion
 * (no tombstones), hashed on (key, taker).
 *
 * Invariants: at most one link per (key, taker); writers (note, forget, prune)
 * hold the table's index lock exclusively, and every operation, readers' included
 * (who hold no index lock), runs under the chain's mutex. Reads are rare: only an
 * index reader whose row is invisible to its snapshot asks.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "storage/storage_int.h"
#include "storage/unique_index.h"

typedef struct ChainLink {
    uint64_t taker; /* UINT64_MAX: free slot */
    uint64_t prev;
    uint32_t len;
    uint8_t *key;
} ChainLink;

struct KeyChain {
    pthread_mutex_t mu;
    ChainLink *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
    size_t bytes;    /* accounted in storage_bytes() */
    size_t prune_at; /* prune when count reaches this */
};

#define CHAIN_MIN_CAP   16
#define CHAIN_MIN_PRUNE 64

static uint64_t link_hash(const uint8_t *key, size_t len, uint64_t taker)
{
    uint64_t h = 1469598103934665603ull ^ taker * 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < len; i++) h = (h ^ key[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static bool link_is(const ChainLink *l, const uint8_t *key, size_t len, uint64_t taker)
{
    return l->taker == taker && l->len == len && memcmp(l->key, key, len) == 0;
}

KeyChain *keychain_create(void)
{
    KeyChain *c = calloc(1, sizeof(*c));
    if (c == NULL) return NULL;
    pthread_mutex_init(&c->mu, NULL);
    c->prune_at = CHAIN_MIN_PRUNE;
    return c;
}

void keychain_destroy(KeyChain *c)
{
    if (c == NULL) return;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].taker != UINT64_MAX) free(c->slots[i].key);
    free(c->slots);
    storage_bytes_sub(c->bytes);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* Slot of (key, taker), or of the free slot where it would go. */
static size_t find_slot(const KeyChain *c, const uint8_t *key, size_t len, uint64_t taker)
{
    size_t mask = c->cap - 1;
    size_t i = (size_t)link_hash(key, len, taker) & mask;
    while (c->slots[i].taker != UINT64_MAX && !link_is(&c->slots[i], key, len, taker))
        i = (i + 1) & mask;
    return i;
}

static void account(KeyChain *c, size_t now)
{
    if (now > c->bytes)
        storage_bytes_add(now - c->bytes);
    else
        storage_bytes_sub(c->bytes - now);
    c->bytes = now;
}

static int grow(KeyChain *c)
{
    size_t ncap = c->cap ? c->cap * 2 : CHAIN_MIN_CAP;
    ChainLink *ns = malloc(ncap * sizeof(*ns));
    if (ns == NULL) return -1;
    for (size_t i = 0; i < ncap; i++) ns[i].taker = UINT64_MAX;
    ChainLink *old = c->slots;
    size_t ocap = c->cap;
    c->slots = ns;
    c->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (old[i].taker == UINT64_MAX) continue;
        c->slots[find_slot(c, old[i].key, old[i].len, old[i].taker)] = old[i];
    }
    free(old);
    account(c, c->bytes + (ncap - ocap) * sizeof(ChainLink));
    return 0;
}

/* Removes slot i, moving later links of its probe run back (no tombstones). */
static void remove_slot(KeyChain *c, size_t i)
{
    size_t mask = c->cap - 1;
    account(c, c->bytes - c->slots[i].len);
    free(c->slots[i].key);
    c->slots[i].taker = UINT64_MAX;
    c->count--;
    for (size_t j = (i + 1) & mask; c->slots[j].taker != UINT64_MAX; j = (j + 1) & mask) {
        size_t home = (size_t)link_hash(c->slots[j].key, c->slots[j].len, c->slots[j].taker) & mask;
        /* j's link may move to i if i lies on its probe path from home to j */
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (!movable) continue;
        c->slots[i] = c->slots[j];
        c->slots[j].taker = UINT64_MAX;
        i = j;
    }
}

int keychain_note(KeyChain *c, const uint8_t *key, size_t len, uint64_t taker, uint64_t prev)
{
    pthread_mutex_lock(&c->mu);
    int rc = 0;
    if ((c->count + 1) * 4 > c->cap * 3 && grow(c) != 0) {
        rc = -1;
        goto out;
    }
    size_t i = find_slot(c, key, len, taker);
    if (c->slots[i].taker != UINT64_MAX) {
        c->slots[i].prev = prev; /* the same taker took the key over again */
        goto out;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL) {
        rc = -1;
        goto out;
    }
    memcpy(copy, key, len);
    c->slots[i] = (ChainLink){.taker = taker, .prev = prev, .len = (uint32_t)len, .key = copy};
    c->count++;
    account(c, c->bytes + len);
out:
    pthread_mutex_unlock(&c->mu);
    return rc;
}

bool keychain_prev(KeyChain *c, const uint8_t *key, size_t len, uint64_t taker, uint64_t *prev)
{
    pthread_mutex_lock(&c->mu);
    bool found = false;
    if (c->count > 0) {
        size_t i = find_slot(c, key, len, taker);
        if (c->slots[i].taker != UINT64_MAX) {
            *prev = c->slots[i].prev;
            found = true;
        }
    }
    pthread_mutex_unlock(&c->mu);
    return found;
}

void keychain_forget(KeyChain *c, const uint8_t *key, size_t len, uint64_t taker)
{
    pthread_mutex_lock(&c->mu);
    if (c->count > 0) {
        size_t i = find_slot(c, key, len, taker);
        if (c->slots[i].taker != UINT64_MAX) remove_slot(c, i);
    }
    pthread_mutex_unlock(&c->mu);
}

bool keychain_prune_due(KeyChain *c)
{
    pthread_mutex_lock(&c->mu);
    bool due = c->count >= c->prune_at;
    pthread_mutex_unlock(&c->mu);
    return due;
}

size_t keychain_prune(KeyChain *c, KeyChainNeeded needed, void *arg)
{
    pthread_mutex_lock(&c->mu);
    size_t removed = 0;
    for (size_t i = 0; i < c->cap;) {
        ChainLink *l = &c->slots[i];
        if (l->taker != UINT64_MAX && !needed(arg, l->key, l->len, l->taker, l->prev)) {
            remove_slot(c, i); /* a later link may have moved into i: look again */
            removed++;
            continue;
        }
        i++;
    }
    c->prune_at = c->count * 2 > CHAIN_MIN_PRUNE ? c->count * 2 : CHAIN_MIN_PRUNE;
    pthread_mutex_unlock(&c->mu);
    return removed;
}

size_t keychain_count(KeyChain *c)
{
    pthread_mutex_lock(&c->mu);
    size_t n = c->count;
    pthread_mutex_unlock(&c->mu);
    return n;
}
