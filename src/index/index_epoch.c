/*
 * index_epoch.c — liburcu glue: lazy reader registration and the writer's retire list.
 *
 * Registration: a thread-local flag says whether this thread is registered; the
 * first index_epoch_enter registers it and arms a pthread key whose destructor
 * unregisters it at thread exit (liburcu requires registered threads to unregister
 * before they vanish).
 */
#include "index/index_epoch.h"

#include <pthread.h>
#include <stdlib.h>

#ifndef RETIRE_FLUSH_COUNT
#define RETIRE_FLUSH_COUNT 1024
#endif
#ifndef RETIRE_FLUSH_BYTES
#define RETIRE_FLUSH_BYTES (4u << 20)
#endif

static pthread_key_t reg_key;
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;
_Thread_local int index_epoch_registered;
_Thread_local unsigned index_epoch_depth;

static void unregister_at_exit(void *arg)
{
    (void)arg;
    if (index_epoch_registered) {
        rcu_unregister_thread();
        index_epoch_registered = 0;
    }
}

static void make_key(void)
{
    (void)pthread_key_create(&reg_key, unregister_at_exit);
}

void index_epoch_register(void)
{
    if (index_epoch_registered) return;
    pthread_once(&reg_once, make_key);
    rcu_register_thread();
    index_epoch_registered = 1;
    (void)pthread_setspecific(reg_key, (void *)1);
}

static void release(IndexRetireList *list, void *p, size_t size)
{
    if (list->release != NULL)
        list->release(list->release_ctx, p, size);
    else
        free(p);
}

size_t index_retire_list_flush(IndexRetireList *list)
{
    if (list->n == 0) return 0;
    synchronize_rcu();
    size_t freed = list->bytes;
    for (size_t i = 0; i < list->n; i++) release(list, list->ptrs[i], list->sizes[i]);
    list->n = 0;
    list->bytes = 0;
    return freed;
}

void index_retire_list_add(IndexRetireList *list, void *p, size_t size)
{
    if (p == NULL) return;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        void **ptrs = realloc(list->ptrs, cap * sizeof *ptrs);
        if (ptrs != NULL) list->ptrs = ptrs;
        size_t *sizes = ptrs ? realloc(list->sizes, cap * sizeof *sizes) : NULL;
        if (sizes != NULL) list->sizes = sizes;
        if (ptrs == NULL || sizes == NULL) {
            synchronize_rcu();
            release(list, p, size);
            return;
        }
        list->cap = cap;
    }
    list->ptrs[list->n] = p;
    list->sizes[list->n] = size;
    list->n++;
    list->bytes += size;
    if (list->n >= RETIRE_FLUSH_COUNT || list->bytes >= RETIRE_FLUSH_BYTES)
        (void)index_retire_list_flush(list);
}

void index_retire_list_fini(IndexRetireList *list)
{
    (void)index_retire_list_flush(list);
    free(list->ptrs);
    free(list->sizes);
    list->ptrs = NULL;
    list->sizes = NULL;
    list->cap = 0;
}
