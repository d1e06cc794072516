/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's public API, as include/linux/slab.h: object caches
 * (kmem_cache_*) and kmalloc. The allocator is SLUB (mm/slub.c).
 *
 * Addresses: every object pointer here is a *simulated kernel virtual
 * address* in the linear map, carried in a vaddr_t. Linux returns void *;
 * mmsim returns the same value as an integer so that the host compiler
 * refuses to dereference it (the bytes live in simulated RAM, reached with
 * __pa() and the RAM accessors, or m:kread() from Lua). This is also how
 * __get_free_pages() and page_address() already speak here. NULL is 0.
 *
 * Simple API first:
 *	vaddr_t p = kmalloc(100, GFP_KERNEL);		(kmalloc-128)
 *	kfree(p);
 *	struct kmem_cache *s = kmem_cache_create("foo", 72, 0,
 *						 SLAB_HWCACHE_ALIGN, NULL);
 *	vaddr_t obj = kmem_cache_alloc(s, GFP_KERNEL);
 *	kmem_cache_free(s, obj);
 *	kmem_cache_destroy(s);
 */
#ifndef MMSIM_SLAB_H
#define MMSIM_SLAB_H

#include "gfp.h"

typedef unsigned int slab_flags_t;

/*
 * Cache flags, with the values include/linux/slab.h gave them up to 6.7
 * (6.8 renumbered them as enum _slab_flag_bits; only the names matter).
 */
#define SLAB_CONSISTENCY_CHECKS	((slab_flags_t)0x00000100U) /* slub_debug=F */
#define SLAB_RED_ZONE		((slab_flags_t)0x00000400U) /* slub_debug=Z */
#define SLAB_POISON		((slab_flags_t)0x00000800U) /* slub_debug=P */
#define SLAB_KMALLOC		((slab_flags_t)0x00001000U)
#define SLAB_HWCACHE_ALIGN	((slab_flags_t)0x00002000U)
#define SLAB_CACHE_DMA		((slab_flags_t)0x00004000U)
#define SLAB_CACHE_DMA32	((slab_flags_t)0x00008000U)
#define SLAB_STORE_USER		((slab_flags_t)0x00010000U) /* slub_debug=U */
#define SLAB_PANIC		((slab_flags_t)0x00040000U)
#define SLAB_TYPESAFE_BY_RCU	((slab_flags_t)0x00080000U)
#define SLAB_TRACE		((slab_flags_t)0x00200000U)
#define SLAB_NOLEAKTRACE	((slab_flags_t)0x00800000U)
#define SLAB_NO_MERGE		((slab_flags_t)0x01000000U)
#define SLAB_ACCOUNT		((slab_flags_t)0x04000000U)
#define SLAB_NO_USER_FLAGS	((slab_flags_t)0x08000000U)
#define SLAB_RECLAIM_ACCOUNT	((slab_flags_t)0x20000000U)
#define SLAB_TEMPORARY		SLAB_RECLAIM_ACCOUNT

/* The flags kmem_cache_create() accepts (others: -EINVAL). */
#define SLAB_CREATE_MASK (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
			  SLAB_POISON | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | \
			  SLAB_CACHE_DMA32 | SLAB_STORE_USER | SLAB_PANIC | \
			  SLAB_TYPESAFE_BY_RCU | SLAB_TRACE | \
			  SLAB_NOLEAKTRACE | SLAB_NO_MERGE | SLAB_ACCOUNT | \
			  SLAB_NO_USER_FLAGS | SLAB_RECLAIM_ACCOUNT)

/*
 * ZERO_SIZE_PTR: what kmalloc(0) returns; a non-NULL address that faults
 * on any access. kfree() accepts it and NULL.
 */
#define ZERO_SIZE_PTR		((vaddr_t)16)
#define ZERO_OR_NULL_PTR(x)	((vaddr_t)(x) <= ZERO_SIZE_PTR)

/* Largest size served by a kmalloc cache; above it, the page allocator. */
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
/* Largest kmalloc at all: one MAX_PAGE_ORDER block (4 MiB). */
#define KMALLOC_MAX_SIZE	(1UL << (MAX_PAGE_ORDER + PAGE_SHIFT))

struct kmem_cache;
struct machine;

/* ---- object caches (mm/slab_common.c, mm/slub.c) ---- */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(vaddr_t));
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
vaddr_t kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
vaddr_t kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node);
vaddr_t kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, vaddr_t x);
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size,
			  vaddr_t *p);
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, vaddr_t *p);
const char *kmem_cache_name(const struct kmem_cache *s);
unsigned int kmem_cache_size(const struct kmem_cache *s);

/* ---- kmalloc ---- */
vaddr_t kmalloc(size_t size, gfp_t flags);
vaddr_t kmalloc_node(size_t size, gfp_t flags, int node);
vaddr_t kzalloc(size_t size, gfp_t flags);
vaddr_t kcalloc(size_t n, size_t size, gfp_t flags);
vaddr_t kmalloc_array(size_t n, size_t size, gfp_t flags);
vaddr_t krealloc(vaddr_t p, size_t new_size, gfp_t flags);
void kfree(vaddr_t x);
size_t ksize(vaddr_t objp);

/* ------------------------------------------------------------------ */
/* Advanced: checked entry points for callers that may pass garbage.   */

/*
 * kfree_checked / kmem_cache_free_checked - free, refusing a bad pointer
 * (double free, interior or foreign pointer, wrong cache) before it can
 * touch a freelist. Return 0, or -EINVAL with a lower-case reason in @why
 * and the slub_debug-style report in dmesg. kfree()/kmem_cache_free() use
 * the same checks and ignore the result.
 */
int kfree_checked(vaddr_t x, char *why, size_t whylen);
int kmem_cache_free_checked(struct kmem_cache *s, vaddr_t x, char *why,
			    size_t whylen);
/* ksize() of a live object; -EINVAL (with @why) for anything else. */
long ksize_checked(vaddr_t x, char *why, size_t whylen);
/*
 * kmem_cache_destroy() that tells: 0, or -EBUSY when objects are still
 * live (the cache is kept, and the "Objects remaining" report is in dmesg).
 */
int kmem_cache_destroy_checked(struct kmem_cache *s);

/* Iterate over every cache of the current machine, newest first. */
struct kmem_cache *kmem_cache_first(void);
struct kmem_cache *kmem_cache_next(struct kmem_cache *s);

/* slabinfo numbers of one cache (Linux's struct slabinfo). */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
	unsigned int objsize;		/* s->size */
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);

/* The kmalloc cache kmalloc(@size, @flags) would use; NULL above 8 KiB. */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);

/* Boot and teardown (kernel/boot.c), and the m:check() hook. */
int kmem_cache_init(struct machine *m);
void kmem_cache_exit(struct machine *m);
int slab_check(struct machine *m);

#endif /* MMSIM_SLAB_H */
