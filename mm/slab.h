/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SLUB internals shared by mm/slub*.c, mm/slab_common.c and proc/slabinfo.c,
 * as Linux's mm/slab.h: struct slab (overlaid on struct page), struct
 * kmem_cache and its per-CPU and per-node parts.
 *
 * Glossary:
 *   object     what kmem_cache_alloc() hands out: object_size bytes
 *   slot       object plus metadata: s->size bytes, one after the other in
 *              the slab from offset 0 (debug: the left red zone first)
 *   slab       2^order pages holding oo_objects(s->oo) slots
 *   free pointer  the simulated address of the next free object, stored
 *              *inside* the free object at s->offset, in the simulated
 *              kernel's pointer width (4 or 8 bytes)
 *   cpu slab   the slab a CPU allocates from; its free objects are on
 *              c->freelist, and slab->freelist collects remote frees
 *   frozen     the slab is some CPU's cpu slab: no list owns it
 */
#ifndef MMSIM_MM_SLAB_H
#define MMSIM_MM_SLAB_H

#include <string.h>

#include <mmsim/page_alloc.h>
#include <mmsim/reciprocal_div.h>
#include <mmsim/slab.h>

/* Linux's kmalloc cache types (enum kmalloc_cache_type). */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_RECLAIM,	/* __GFP_RECLAIMABLE: kmalloc-rcl-* */
	KMALLOC_DMA,		/* __GFP_DMA: dma-kmalloc-* */
	KMALLOC_CGROUP,		/* __GFP_ACCOUNT: kmalloc-cg-* */
	NR_KMALLOC_TYPES
};

struct kmem_cache_order_objects {
	unsigned int x;		/* order << OO_SHIFT | objects */
};

#define OO_SHIFT		16
#define OO_MASK			((1U << OO_SHIFT) - 1)
#define MAX_OBJS_PER_PAGE	32767	/* slab->objects is 15 bits */

/* Per-CPU state (struct kmem_cache_cpu). Owned by its CPU. */
struct kmem_cache_cpu {
	vaddr_t freelist;	/* next free object of c->slab, 0: none */
	unsigned long tid;	/* transaction id: bumped on every change */
	struct slab *slab;	/* the cpu slab (frozen), or NULL */
	struct slab *partial;	/* cpu partial slabs, linked by ->next */
};

/* Per-node state (struct kmem_cache_node). list_lock in Linux. */
struct kmem_cache_node {
	unsigned long nr_partial;
	struct list_head partial;	/* slabs with free objects */
	unsigned long nr_slabs;		/* every slab of the node */
	unsigned long total_objects;	/* their slots */
	/*
	 * No full list: Linux keeps one only for slub_debug=U. mmsim marks
	 * full slabs SL_full instead (mm/slub.c add_full()).
	 */
};

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab;	/* [nr_cpus] */
	slab_flags_t flags;
	unsigned long min_partial;	/* node partial slabs kept when empty */
	unsigned int size;		/* slot size: object + metadata */
	unsigned int object_size;	/* what the caller asked for */
	unsigned int offset;		/* free pointer offset in the object */
	/* SIM: live bits in struct slab (slab_live_nr()), else shadow. */
	bool live_in_slab;
	unsigned int live_shift;	/* ilog2(size) */
	unsigned long live_mask;	/* bytes of a preferred slab - 1 */
	/* obj_to_index() without a division: (x - first) / size. */
	struct reciprocal_value reciprocal_size;
	/* SIM: size - 1 when size is a power of two, else 0 (free_ok()). */
	unsigned int size_mask;
	unsigned int cpu_partial;	/* objects kept on cpu partial lists */
	unsigned int cpu_partial_slabs;	/* ... expressed in slabs */
	struct kmem_cache_order_objects oo;	/* preferred order, objects */
	struct kmem_cache_order_objects min;	/* fallback: one object */
	gfp_t allocflags;		/* added to every slab allocation */
	int refcount;			/* merged users (always 1 here) */
	void (*ctor)(vaddr_t);
	unsigned int inuse;		/* object + right red zone */
	unsigned int align;
	unsigned int red_left_pad;	/* left red zone (slub_debug=Z) */
	char *name;			/* host copy */
	struct list_head list;		/* slab_state->slab_caches */
	struct kmem_cache_node *node[MAX_NUMNODES];
	/*
	 * SIM: the host copy is authoritative; these are the simulated
	 * objects Linux would have: the descriptor from the "kmem_cache"
	 * cache and one struct from "kmem_cache_node" per node (0 for the
	 * two boot caches until kmem_cache_init() bootstraps them).
	 */
	vaddr_t sim;
	vaddr_t sim_node[MAX_NUMNODES];
};

/*
 * struct slab: how SLUB sees a slab's head struct page (mm/slab.h). The
 * fields Linux's SLAB_MATCH() pins (flags, compound_head/slab_cache,
 * _refcount) sit at the same offsets here, and so do page_type (the slab
 * page type) and _reserved (the page allocator's record of the order).
 */
struct slab {
	unsigned long __page_flags;
	struct kmem_cache *slab_cache;	/* bit 0 clear: not a tail page */
	union {
		struct list_head slab_list;	/* node partial list */
		struct {			/* on a cpu partial list */
			struct slab *next;
			int slabs;		/* slabs left in the list */
		};
	};
	vaddr_t freelist;		/* first free object, 0: none */
	union {
		unsigned int counters;
		struct {
			unsigned int inuse:16;	/* objects not on freelist */
			unsigned int objects:15;
			unsigned int frozen:1;	/* a cpu slab */
		};
	};
	/*
	 * SIM: one bit per live object, for caches with live_in_slab (bit
	 * numbers from slab_live_nr(); other caches use the shadow).
	 * The 32 bits beside counters are padding in Linux's 64-bit struct
	 * slab, and the next 32 are the word Linux's page_type shares with
	 * _mapcount, so a slab page has no mapcount there either
	 * (page_mapcount() reads 0 for it, as Linux's for a typed page).
	 * Here the bits sit in the line a free reads anyway.
	 */
	u32 live[2];
	int __page_refcount;
	unsigned int __page_type;
	unsigned int __page_reserved;
};

#define SLAB_MATCH(pg, sl)						\
	_Static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl), \
		       "struct slab: " #sl " must overlay page->" #pg)
SLAB_MATCH(flags, __page_flags);
SLAB_MATCH(compound_head, slab_cache);
SLAB_MATCH(slab_cache, slab_cache);
SLAB_MATCH(index, freelist);
SLAB_MATCH(private, counters);
_Static_assert(offsetof(struct slab, live) + sizeof(u32) ==
	       offsetof(struct page, _mapcount),
	       "struct slab: live[1] must overlay page->_mapcount");
SLAB_MATCH(_refcount, __page_refcount);
SLAB_MATCH(page_type, __page_type);
SLAB_MATCH(_reserved, __page_reserved);
#undef SLAB_MATCH
_Static_assert(sizeof(struct slab) <= sizeof(struct page),
	       "struct slab must fit in struct page");

/*
 * SIM: page flags SLUB uses to mark list membership (Linux: PG_workingset
 * for the node partial list; mmsim adds PG_owner_2 for a full slab, which
 * is on no list).
 */
#define SL_partial	PG_workingset
#define SL_full		PG_owner_2

static inline bool slab_test(const struct slab *slab, int bit)
{
	return slab->__page_flags & (1UL << bit);
}

static inline void slab_set(struct slab *slab, int bit, bool on)
{
	if (on)
		slab->__page_flags |= 1UL << bit;
	else
		slab->__page_flags &= ~(1UL << bit);
}

static inline struct page *slab_page(const struct slab *slab)
{
	return (struct page *)slab;
}

static inline struct slab *page_slab(const struct page *page)
{
	return (struct slab *)page;
}

static inline unsigned int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}

/* Per-machine slab state (Linux: globals in slab_common.c and slub.c). */
struct slab_state {
	struct list_head slab_caches;	/* newest first, as Linux lists */
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES]
					 [KMALLOC_SHIFT_HIGH + 1];
	u8 size_index[24];		/* kmalloc size class of 1..192 */
	struct kmem_cache *kmem_cache;	/* the boot caches: descriptors */
	struct kmem_cache *kmem_cache_node;	/* ... and per-node structs */
	unsigned int kmalloc_min_size;	/* KMALLOC_MIN_SIZE */
	unsigned int kmalloc_shift_low;	/* ilog2(KMALLOC_MIN_SIZE) */
	unsigned int kmalloc_minalign;	/* ARCH_KMALLOC_MINALIGN */
	unsigned int ptr_size;		/* sizeof(void *) of the kernel */
	unsigned int cache_line;	/* cache_line_size() */
	unsigned int nr_cpus;		/* num_present_cpus() */

	/* Boot options. */
	unsigned int slub_min_objects;	/* slub_min_objects=, 0: from CPUs */
	unsigned int slub_min_order;
	unsigned int slub_max_order;	/* slub_max_order=, default 3 */
	slab_flags_t slub_debug;	/* slub_debug= flags */

	/* Simulated RAM as the linear map sees it. */
	u8 *ram_base;
	vaddr_t page_offset;
	phys_addr_t phys_offset;
	/*
	 * SIM: a KASAN-like shadow, one bit per 8-byte granule of RAM, set
	 * at the first byte of every live object. It lets every free be
	 * checked in O(1) (double free, pointer never allocated) before the
	 * freelists are touched; Linux detects those only with slub_debug.
	 */
	u8 *shadow;
	size_t shadow_len;
	/*
	 * The hot paths' bases, so that a linear-map address becomes a host
	 * pointer with one addition: host byte = lin_host + va, shadow byte
	 * = shadow_lin + (va >> 6). Unsigned arithmetic: they may wrap.
	 */
	uintptr_t lin_host;
	uintptr_t shadow_lin;
	vaddr_t lin_to_phys;		/* __pa(va) = va + lin_to_phys */
	/*
	 * SIM: the order of the slab covering each lowmem pfn, 0 for a pfn
	 * in no slab (and for order-0 slabs, whose head is the pfn itself).
	 * Slabs are naturally aligned buddy blocks, so a free finds the head
	 * page as pfn & ~((1 << order) - 1) from this byte map, which stays
	 * in the host's cache, instead of reading the tail page's
	 * compound_head first as Linux's virt_to_slab() does: for objects
	 * of a multi-page slab, a random free would otherwise miss in the
	 * cache twice, on the tail's struct page and then the head's.
	 */
	u8 *slab_order_map;
	size_t slab_order_map_len;
	/*
	 * Lowmem pfns with RAM behind them, [start, start + pfns): kfree()'s
	 * one range check (slab_lowmem_range() at boot; lowmem never
	 * changes after it, and m:check() says so).
	 */
	unsigned long lowmem_start_pfn;
	unsigned long lowmem_pfns;
	bool up;			/* kmalloc caches created */
};

static inline struct slab_state *slab_state(void)
{
	return current_machine()->slab;
}

/* ---- simulated memory access ---- */

static inline phys_addr_t slab_va_to_pa(const struct slab_state *ss,
					vaddr_t va)
{
	return va + ss->lin_to_phys;
}

static inline u8 *slab_host(const struct slab_state *ss, vaddr_t va)
{
	return (u8 *)(ss->lin_host + (uintptr_t)va);
}

/*
 * page_address() of the slab, inline: new_slab() strips __GFP_HIGHMEM
 * (GFP_SLAB_BUG_MASK), so a slab is always lowmem and its address is the
 * linear map's __va(), with no call and no HighMem test on the free path.
 */
static inline vaddr_t slab_address(const struct slab *slab)
{
	const struct slab_state *ss = slab_state();

	return ss->page_offset +
	       (PFN_PHYS(page_to_pfn(slab_page(slab))) - ss->phys_offset);
}

/* The free pointer of @object, in the kernel's pointer width. */
static inline vaddr_t get_freepointer(const struct kmem_cache *s,
				      vaddr_t object)
{
	const struct slab_state *ss = slab_state();
	u8 *p = slab_host(ss, object + s->offset);

	if (ss->ptr_size == 4) {
		u32 v;

		__builtin_memcpy(&v, p, 4);
		return v;
	}
	u64 v;

	__builtin_memcpy(&v, p, 8);
	return v;
}

/*
 * Linux's prefetch_freepointer(): the next allocation will read the free
 * pointer of @object (the new head of the cpu freelist); start loading it.
 */
static inline void prefetch_freepointer(const struct slab_state *ss,
					const struct kmem_cache *s,
					vaddr_t object)
{
	if (object)
		prefetchw(slab_host(ss, object + s->offset));
}

static inline void set_freepointer(const struct kmem_cache *s, vaddr_t object,
				   vaddr_t fp)
{
	const struct slab_state *ss = slab_state();
	u8 *p = slab_host(ss, object + s->offset);

	if (ss->ptr_size == 4) {
		u32 v = (u32)fp;

		__builtin_memcpy(p, &v, 4);
	} else {
		__builtin_memcpy(p, &fp, 8);
	}
}

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

/*
 * The shadow byte of @va. page_offset - phys_offset is a multiple of 64
 * (page aligned), so the byte is shadow_lin + va / 64 and the bit is
 * (va / 8) % 8, with no linear-map subtraction.
 */
static inline u8 *slab_shadow_byte(const struct slab_state *ss, vaddr_t va)
{
	return (u8 *)(ss->shadow_lin + (uintptr_t)(va >> 6));
}

/* Shadow bit of the object starting at @va. */
static inline bool slab_shadow_test(const struct slab_state *ss, vaddr_t va)
{
	return *slab_shadow_byte(ss, va) & (1u << ((va >> 3) & 7));
}

static inline void slab_shadow_set(struct slab_state *ss, vaddr_t va, bool on)
{
	u8 *b = slab_shadow_byte(ss, va);

	if (on)
		*b |= (u8)(1u << ((va >> 3) & 7));
	else
		*b &= (u8)~(1u << ((va >> 3) & 7));
}

/*
 * The 64 live bits of @slab as one word (bit nr is object slab_live_nr()
 * == nr). live[] is 4-byte aligned, where Linux's fields put it, so the
 * word is copied, one unaligned load on the host rather than a choice
 * of word and a shift by the bit's half.
 */
static inline u64 slab_live_word(const struct slab *slab)
{
	u64 w;

	__builtin_memcpy(&w, slab->live, sizeof(w));
	return w;
}

static inline void slab_set_live_word(struct slab *slab, u64 w)
{
	__builtin_memcpy(slab->live, &w, sizeof(w));
}

/* Live bit @nr of @slab (numbered by slab_live_nr()). */
static inline bool slab_live_bit(const struct slab *slab, unsigned int nr)
{
	return slab_live_word(slab) >> nr & 1;
}

static inline void slab_live_bit_set(struct slab *slab, unsigned int nr,
				     bool on)
{
	u64 w = slab_live_word(slab);

	if (on)
		w |= 1ULL << nr;
	else
		w &= ~(1ULL << nr);
	slab_set_live_word(slab, w);
}

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
			   SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE);
}

/* Debug caches take objects one at a time from the nodes. */
static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !kmem_cache_debug(s);
}

/* First object of the slab: the slots start after the left red zone. */
static inline vaddr_t slab_first_object(const struct kmem_cache *s,
					const struct slab *slab)
{
	return slab_address(slab) + s->red_left_pad;
}

#define for_each_object(__p, __s, __slab)				\
	for (__p = slab_first_object(__s, __slab);			\
	     __p < slab_first_object(__s, __slab) +			\
		   (vaddr_t)(__slab)->objects * (__s)->size;		\
	     __p += (__s)->size)

/*
 * The slab holding simulated address @va, or NULL when @va is not inside
 * a slab (not lowmem, not RAM, or a page of another kind).
 */
struct slab *virt_to_slab(vaddr_t va);
/*
 * The page (head) behind a linear-map address, or NULL when @va is
 * outside lowmem RAM. Inline: kfree() starts with it (Linux's
 * virt_to_folio()); the bounds are checked as mmsim must, on any input.
 * A slab's head comes from slab_order_map (see struct slab_state).
 *
 * @for_free (a constant at each use): also start the host's fetch of
 * @va's line, so that the miss on the object (or on its page's host
 * translation), which the free's store of the free pointer would take
 * after the head page's line arrives, overlaps that one instead of
 * following it. SIM: host-side, like prefetch_freepointer() on
 * allocation; Linux needs none, its object and struct page being a few
 * loads apart in one address space either way. Measured in
 * docs/performance.md.
 */
static __always_inline struct page *
__slab_virt_to_head_page(vaddr_t va, bool for_free)
{
	const struct slab_state *ss = slab_state();
	unsigned long pfn;

	if (unlikely(va < ss->page_offset))
		return NULL;
	pfn = PHYS_PFN(slab_va_to_pa(ss, va));
	if (unlikely(pfn - ss->lowmem_start_pfn >= ss->lowmem_pfns))
		return NULL;
	if (for_free)
		__builtin_prefetch(slab_host(ss, va), 1);
	/* Other compound pages (large kmalloc) take compound_head()'s way. */
	pfn &= ~((1UL << ss->slab_order_map[pfn]) - 1);
	return compound_head(pfn_to_page(pfn));
}

static inline struct page *slab_virt_to_head_page(vaddr_t va)
{
	return __slab_virt_to_head_page(va, false);
}

/* ---- mm/slub.c ---- */
/*
 * GFP flags a slab can never satisfy (Linux's GFP_SLAB_BUG_MASK): Linux
 * warns and strips them (kmalloc_fix_flags()).
 */
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)
gfp_t kmalloc_fix_flags(gfp_t flags);
int __kmem_cache_create(struct kmem_cache *s, unsigned int size,
			unsigned int align, slab_flags_t flags);
int __kmem_cache_shutdown(struct kmem_cache *s);
void __kmem_cache_release(struct kmem_cache *s);
vaddr_t __slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node,
			  const char *caller, size_t orig_size);
void __slab_free(struct kmem_cache *s, struct slab *slab, vaddr_t x);
void slab_free_debug(struct kmem_cache *s, struct slab *slab, vaddr_t x,
		     const char *caller);
int slab_free_report(struct kmem_cache *s, struct slab *slab, vaddr_t x,
		     char *why, size_t whylen);
size_t slab_ksize(const struct kmem_cache *s);
/* Free objects on node partial lists (count_partial_free_approx). */
unsigned long count_partial_free(struct kmem_cache_node *n);
void flush_all_cpu_slabs(struct kmem_cache *s);
void slab_lowmem_range(struct machine *m, unsigned long *start,
		       unsigned long *pfns);

/* ---- the fast paths, inline as Linux's __always_inline ones ---- */

/*
 * Linux's slab_nid(): the node of the slab's page (page_to_nid()). Linux
 * reads it from page->flags; mmsim's zero-filled struct page has it only
 * through the zone lookup, a few dependent loads that a free into a node
 * partial slab would pay each time, so a machine of one node skips them.
 */
static inline int slab_nid(const struct slab *slab)
{
	if (likely(current_machine()->nr_node_ids == 1))
		return 0;
	return page_to_nid(slab_page(slab));
}

static inline bool node_match(const struct slab *slab, int node)
{
	return node == NUMA_NO_NODE || slab_nid(slab) == node;
}

static inline struct kmem_cache_cpu *this_cpu_slab(struct kmem_cache *s)
{
	/* page_alloc_get_cpu(), inline: this runs on every alloc and free. */
	return &s->cpu_slab[pa_state()->cpu];
}

/*
 * Linux's obj_to_index(): the object's slot number by reciprocal_divide(),
 * a multiply and two shifts instead of a division. @off is x - first,
 * below the slab's size (at most 4 MiB), so 32 bits hold it.
 */
static inline unsigned int obj_to_index(const struct kmem_cache *s,
					vaddr_t off)
{
	return reciprocal_divide((u32)off, s->reciprocal_size);
}

/*
 * The live bit of the object at @x in its slab, for a cache with
 * live_in_slab: the offset of @x in the naturally aligned block of the
 * cache's preferred slab size, shifted right by ilog2(size). Objects of
 * one slab lie at least size apart, so their bits differ; the block
 * holds at most 64 << live_shift bytes, so the bit is below 64
 * (slub_create.c chooses). A mask and a shift, where the slot number
 * needs a multiply: this runs on every allocation.
 */
static inline unsigned int slab_live_nr(const struct slab_state *ss,
					const struct kmem_cache *s, vaddr_t x)
{
	return (unsigned int)((slab_va_to_pa(ss, x) & s->live_mask) >>
			      s->live_shift);
}

/*
 * Is the object at @x of @slab live? SIM: Linux keeps no such record
 * (slub_debug finds a double free by walking the freelist); here every
 * free is checked in O(1), from struct slab's live bits when the cache's
 * slabs are small enough, else from the shadow.
 */
static inline bool slab_obj_live(const struct slab_state *ss,
				 const struct kmem_cache *s,
				 const struct slab *slab, vaddr_t x)
{
	if (likely(s->live_in_slab))
		return slab_live_bit(slab, slab_live_nr(ss, s, x));
	return slab_shadow_test(ss, x);
}

static inline void slab_obj_set_live(struct slab_state *ss,
				     const struct kmem_cache *s,
				     struct slab *slab, vaddr_t x, bool on)
{
	if (likely(s->live_in_slab))
		slab_live_bit_set(slab, slab_live_nr(ss, s, x), on);
	else
		slab_shadow_set(ss, x, on);
}

vaddr_t slab_zero_object(const struct kmem_cache *s, vaddr_t object);

/*
 * Linux's slab_post_alloc_hook(), the parts mmsim has: the live bit,
 * __GFP_ZERO. Return: @object. The memset is a call out of line, last,
 * so that the fast path around it keeps nothing across a call.
 */
static inline vaddr_t slab_post_alloc(struct slab_state *ss,
				      const struct kmem_cache *s,
				      struct slab *slab, gfp_t gfpflags,
				      vaddr_t object)
{
	slab_obj_set_live(ss, s, slab, object, true);
	if (unlikely(gfpflags & __GFP_ZERO))
		return slab_zero_object(s, object);
	return object;
}

/* slab_alloc_node()'s body; @node is known at each of its two uses. */
static __always_inline vaddr_t __slab_alloc_fast(struct kmem_cache *s,
						 gfp_t gfpflags, int node,
						 const char *caller,
						 size_t orig_size)
{
	struct slab_state *ss = slab_state();
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	vaddr_t object = c->freelist, next_object;

	if (unlikely(!object || !c->slab || !node_match(c->slab, node)))
		return __slab_alloc_node(s, gfpflags, node, caller, orig_size);
	next_object = get_freepointer(s, object);
	c->freelist = next_object;
	c->tid++;
	prefetch_freepointer(ss, s, next_object);
	return slab_post_alloc(ss, s, c->slab, gfpflags, object);
}

vaddr_t slab_alloc_exact_node(struct kmem_cache *s, gfp_t gfpflags, int node,
			      const char *caller, size_t orig_size);

/**
 * slab_alloc_node - allocate one object (Linux's slab_alloc_node())
 * @s: cache
 * @gfpflags: GFP flags (__GFP_ZERO clears the object)
 * @node: NUMA_NO_NODE or the node the object must come from
 * @caller: the API function, recorded by slub_debug=U
 * @orig_size: bytes the caller asked for (kmalloc)
 *
 * The fast path pops the cpu freelist (Linux's lockless
 * this_cpu_cmpxchg; SIM: single-threaded, a plain pop) and prefetches
 * the next object's free pointer; anything else is __slab_alloc_node().
 *
 * Return: the object's simulated address, or 0.
 */
static __always_inline vaddr_t slab_alloc_node(struct kmem_cache *s,
					       gfp_t gfpflags, int node,
					       const char *caller,
					       size_t orig_size)
{
	/*
	 * The node of a slab may take a call to find (page_to_nid()); one
	 * call anywhere in this inline body would make every allocation
	 * save and restore registers, so a caller's own node goes one call
	 * deeper instead, to the same fast path.
	 */
	if (unlikely(node != NUMA_NO_NODE))
		return slab_alloc_exact_node(s, gfpflags, node, caller,
					     orig_size);
	return __slab_alloc_fast(s, gfpflags, NUMA_NO_NODE, caller,
				 orig_size);
}

/*
 * Is @x, @off bytes past the first object of @slab, a live object of it
 * (and of @s when the caller named a cache)?
 * The free path's whole check, no report: SIM, Linux checks only with
 * slub_debug. One unsigned compare rejects x below the first object and
 * past the last slot together; the index times the size must give the
 * offset back (a pointer into the middle of an object fails); the live
 * bit says whether the object is live (a double free fails).
 */
static inline bool free_ok(const struct slab_state *ss,
			   const struct kmem_cache *s,
			   const struct kmem_cache *real,
			   const struct slab *slab, vaddr_t x, vaddr_t off)
{
	if (unlikely(s && s != real))
		return false;
	if (unlikely(off >= (vaddr_t)slab->objects * real->size))
		return false;
	/* Most kmalloc sizes are powers of two: a mask, not a multiply. */
	if (likely(real->size_mask)) {
		if (unlikely(off & real->size_mask))
			return false;
	} else if (unlikely((vaddr_t)obj_to_index(real, off) * real->size !=
			    off)) {
		return false;
	}
	return slab_obj_live(ss, real, slab, x);
}

int slab_free_slow(struct kmem_cache *s, struct slab *slab, vaddr_t x,
		   const char *caller, char *why, size_t whylen);

/*
 * Linux's do_slab_free(), once @x is known to be a live object of @s: an
 * object of this CPU's cpu slab is pushed onto the cpu freelist; any
 * other goes to __slab_free().
 */
static __always_inline void do_slab_free(struct slab_state *ss,
					 struct kmem_cache *s,
					 struct slab *slab, vaddr_t x)
{
	struct kmem_cache_cpu *c;

	slab_obj_set_live(ss, s, slab, x, false);
	c = this_cpu_slab(s);
	if (likely(slab == c->slab)) {
		set_freepointer(s, x, c->freelist);
		c->freelist = x;
		c->tid++;
		return;
	}
	__slab_free(s, slab, x);
}

/**
 * slab_free_fast - free @x of @slab if it is a live object of a plain cache
 * @s: the cache the caller named, or NULL (kfree)
 * @slab: the slab holding @x
 * @x: object address
 *
 * Linux's slab_free(). A bad pointer or a slub_debug cache is left to
 * slab_free_slow(), which checks again and says why: this path keeps no
 * buffer and makes no call before the free, so that a kfree() saves few
 * registers. (The object's line was prefetched by
 * __slab_virt_to_head_page(); Linux prefetches only on allocation.)
 *
 * Return: true when @x was freed, false with nothing changed.
 */
static __always_inline bool slab_free_fast(const struct kmem_cache *s,
					   struct slab *slab, vaddr_t x)
{
	struct slab_state *ss = slab_state();
	struct kmem_cache *real = slab->slab_cache;
	phys_addr_t pa;
	vaddr_t off;

	if (unlikely(kmem_cache_debug(real)))
		return false;
	/*
	 * No left red zone without slub_debug: the first object is at the
	 * start of the slab, a naturally aligned buddy block whose order
	 * slab_order_map holds, so the offset is the low bits of __pa().
	 */
	pa = slab_va_to_pa(ss, x);
	off = pa & ((PAGE_SIZE << ss->slab_order_map[PHYS_PFN(pa)]) - 1);
	if (unlikely(!free_ok(ss, s, real, slab, x, off)))
		return false;
	do_slab_free(ss, real, slab, x);
	return true;
}

/**
 * slab_free_checked - free @x of @slab, after checking it is a live object
 * @s: the cache the caller named, or NULL (kfree)
 * @slab: the slab holding @x
 * @x: object address
 * @caller: API function name, for slub_debug=U
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL with nothing changed but the dmesg report.
 */
static __always_inline int slab_free_checked(struct kmem_cache *s,
					     struct slab *slab, vaddr_t x,
					     const char *caller, char *why,
					     size_t whylen)
{
	if (likely(slab_free_fast(s, slab, x)))
		return 0;
	return slab_free_slow(s, slab, x, caller, why, whylen);
}

/* ---- mm/slub_debug.c (slub_debug=F,Z,P,U) ---- */
#define SLUB_RED_INACTIVE	0xbb
#define SLUB_RED_ACTIVE		0xcc
#define POISON_INUSE		0x5a
#define POISON_FREE		0x6b
#define POISON_END		0xa5
#define __OBJECT_POISON		((slab_flags_t)0x80000000U)

void setup_slab_debug(struct kmem_cache *s, struct slab *slab);
void init_object(struct kmem_cache *s, vaddr_t object, u8 val);
bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab,
			    vaddr_t object, const char *caller,
			    size_t orig_size);
bool free_debug_processing(struct kmem_cache *s, struct slab *slab,
			   vaddr_t object, const char *caller);
void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
	__printf(3, 4);
void object_err(struct kmem_cache *s, struct slab *slab, vaddr_t object,
		const char *reason);
void list_slab_objects(struct kmem_cache *s, struct slab *slab,
		       const char *text);
unsigned int track_size(const struct slab_state *ss);
int setup_slub_debug(struct slab_state *ss, const char *val);

#endif /* MMSIM_MM_SLAB_H */
