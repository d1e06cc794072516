// SPDX-License-Identifier: GPL-2.0
/*
 * Creating a SLUB cache: the slot layout and the slab order, as the
 * calculate_sizes(), calculate_order(), calc_slab_order(),
 * set_min_partial() and set_cpu_partial() parts of Linux's mm/slub.c.
 *
 * The order is the smallest that holds min_objects (4 * (fls(nr_cpus) + 1)
 * on a machine with nr_cpus CPUs, or slub_min_objects=) while wasting at
 * most 1/16 of the slab, then 1/8, 1/4, 1/2, never above slub_max_order
 * (PAGE_ALLOC_COSTLY_ORDER = 3) unless a single object needs more. These
 * are Linux's numbers, so objperslab/pagesperslab in /proc/slabinfo match
 * a real kernel with the same CPU count.
 */
#include <stdlib.h>

#include "slab.h"

#define MIN_PARTIAL		5
#define MAX_PARTIAL		10

static inline int fls_u(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << OO_SHIFT) + order_objects(order, size)
	};

	return x;
}

/*
 * calc_slab_order - the smallest order in [@min_order, @max_order] whose
 * leftover is at most 1/@fract_leftover of the slab; max_order + 1 if none.
 */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * calculate_order - the slab order for slots of @size bytes, Linux's
 * calculate_order(): enough room for min_objects (4 * (fls(nr_cpus) + 1)
 * unless slub_min_objects= says), accepting 1/16, then 1/8, 1/4 and 1/2
 * of waste, never above slub_max_order unless one object needs it.
 */
static int calculate_order(const struct slab_state *ss, unsigned int size)
{
	unsigned int order, min_objects, max_objects, min_order;

	min_objects = ss->slub_min_objects;
	if (!min_objects)
		min_objects = 4 * (unsigned int)(fls_u(ss->nr_cpus) + 1);
	max_objects = order_objects(ss->slub_max_order, size);
	if (!max_objects)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;

	min_order = get_order((unsigned long)min_objects * size);
	if (min_order < ss->slub_min_order)
		min_order = ss->slub_min_order;
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)get_order((unsigned long)size *
				      MAX_OBJS_PER_PAGE) - 1;

	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, ss->slub_max_order,
					fraction);
		if (order <= ss->slub_max_order)
			return (int)order;
	}
	order = get_order(size);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* sizeof(struct track) of the simulated kernel (CONFIG_STACKDEPOT). */
unsigned int track_size(const struct slab_state *ss)
{
	return ss->ptr_size == 8 ? 32 : 20;
}

/* Linux's calculate_sizes(): slot layout and order. 0 if impossible. */
static int calculate_sizes(struct kmem_cache *s)
{
	const struct slab_state *ss = slab_state();
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, ss->ptr_size);
	int order;

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) &&
	    !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;

	/* A red zone needs at least one word after the object. */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += ss->ptr_size;
	s->inuse = size;

	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) &&
	     (s->object_size < ss->ptr_size ||
	      ((flags & SLAB_STORE_USER) && (flags & SLAB_KMALLOC))))) {
		/* The object's bytes must survive free: pointer after it. */
		s->offset = size;
		size += ss->ptr_size;
	} else {
		/*
		 * In the middle of the object, away from the edges that
		 * small overflows of the neighbours reach (Linux >= 5.7).
		 */
		s->offset = ALIGN_DOWN(s->object_size / 2, ss->ptr_size);
	}

	if (flags & SLAB_STORE_USER) {
		size += 2 * track_size(ss);
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned int);	/* orig_size */
	}
	if (flags & SLAB_RED_ZONE) {
		size += ss->ptr_size;
		s->red_left_pad = ALIGN(ss->ptr_size, s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	s->reciprocal_size = reciprocal_value(size);
	s->size_mask = (size & (size - 1)) ? 0 : size - 1;	/* power of two */
	order = calculate_order(ss, size);
	if (order < 0)
		return 0;

	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	/* slab_live_nr() below 64 for every object of a slab of s->oo. */
	s->live_shift = (unsigned int)fls_u(s->size) - 1;	/* ilog2 */
	s->live_mask = (PAGE_SIZE << oo_order(s->oo)) - 1;
	s->live_in_slab = s->live_mask >> s->live_shift < 64;
	return !!oo_objects(s->oo);
}

static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = (nr_objects * 2 + oo_objects(s->oo) - 1) /
			       oo_objects(s->oo);
}

/**
 * __kmem_cache_create - lay out a cache and allocate its per-CPU/node parts
 * @s: cache with name, object_size, align, flags and ctor set
 * @size: object size (s->object_size)
 * @align: alignment from calculate_alignment()
 * @flags: cache flags, slub_debug included
 *
 * Return: 0, -EINVAL when no order can hold one object, -ENOMEM.
 */
int __kmem_cache_create(struct kmem_cache *s, unsigned int size,
			unsigned int align, slab_flags_t flags)
{
	struct machine *m = current_machine();
	unsigned int shift;

	s->object_size = size;
	s->align = align;
	s->flags = flags;
	s->refcount = 1;
	if (!calculate_sizes(s))
		return -EINVAL;
	shift = (unsigned int)fls_u(s->size) - 1;	/* ilog2 */
	s->min_partial = shift / 2 < MIN_PARTIAL ? MIN_PARTIAL :
			 shift / 2 > MAX_PARTIAL ? MAX_PARTIAL : shift / 2;
	set_cpu_partial(s);

	s->cpu_slab = calloc((size_t)m->nr_cpus, sizeof(*s->cpu_slab));
	if (!s->cpu_slab)
		return -ENOMEM;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = calloc(1, sizeof(*n));

		if (!n)
			return -ENOMEM;
		INIT_LIST_HEAD(&n->partial);
		s->node[nid] = n;
	}
	return 0;
}

/** __kmem_cache_release - free the host memory of a shut-down cache */
void __kmem_cache_release(struct kmem_cache *s)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		free(s->node[nid]);
		s->node[nid] = NULL;
	}
	free(s->cpu_slab);
	s->cpu_slab = NULL;
}

