// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB, as Linux's mm/slub.c (6.8+ shape): objects of one size packed into
 * slabs of 2^order pages taken from the page allocator; the free pointer
 * lives inside each free object; each CPU allocates from its own cpu slab
 * through a lockless freelist and keeps a short list of partial slabs;
 * each node keeps the rest of the partial slabs.
 *
 *   alloc: c->freelist ─pop─> object            (fast path)
 *          else ___slab_alloc(): the cpu slab's own freelist (remote
 *          frees), then a cpu partial slab, then a node partial slab,
 *          then new_slab()
 *   free:  object in the cpu slab ─push─> c->freelist  (fast path)
 *          else __slab_free(): onto slab->freelist; a full slab goes to
 *          the cpu partial list, an empty one back to the page allocator
 *          once the node keeps min_partial partial slabs
 *
 * Caches with slub_debug flags skip the per-CPU layer and take one object
 * at a time from the node lists, as Linux does (alloc_single_from_*).
 *
 * Split across files: cache geometry in mm/slub_create.c, slub_debug in
 * mm/slub_debug.c, the invariant checker in mm/slub_check.c, kmalloc and
 * the cache list in mm/slab_common.c.
 *
 * Left out: SLUB_TINY, sheaves, freelist randomization and hardening
 * (CONFIG_SLAB_FREELIST_RANDOM/HARDENED), memcg, KASAN, kfence, sysfs.
 * SIM: single-threaded, so no cmpxchg loops, locks or tid retries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slab.h"

#define DEACTIVATE_TO_HEAD	false
#define DEACTIVATE_TO_TAIL	true


static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return s->node[node];
}

/* ---- list management ---- */

static void add_partial(struct kmem_cache_node *n, struct slab *slab,
			bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	slab_set(slab, SL_partial, true);
}

static void remove_partial(struct kmem_cache_node *n, struct slab *slab)
{
	list_del(&slab->slab_list);
	slab_set(slab, SL_partial, false);
	n->nr_partial--;
}

/*
 * Linux's add_full()/remove_full(): a full slab is on no list (Linux lists
 * full slabs only for slub_debug's SLAB_STORE_USER). Linking it would
 * write the struct pages of its neighbours on the list, and unlinking it
 * at its first free, random ones. SIM: the slab is marked SL_full in its
 * own flags instead, so that m:check() and kmem_cache_destroy()'s
 * "Objects remaining" report find full slabs by their pages.
 */
static void add_full(struct kmem_cache_node *n, struct slab *slab)
{
	(void)n;
	slab_set(slab, SL_full, true);
}

static void remove_full(struct slab *slab)
{
	slab_set(slab, SL_full, false);
}

/*
 * Full slabs of @s, from the pages (there is no full list): lowmem pfns
 * whose head page is a slab of @s marked SL_full. Rare (cache shutdown).
 */
static void list_full_slabs(struct kmem_cache *s, const char *text)
{
	struct machine *m = current_machine();

	for (unsigned long pfn = 0; pfn < m->max_low_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageSlab(page) && page_slab(page)->slab_cache == s &&
		    slab_test(page_slab(page), SL_full))
			list_slab_objects(s, page_slab(page), text);
	}
}

/* ---- slab pages ---- */

static int cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE :
						   NR_SLAB_UNRECLAIMABLE;
}

static void account_slab(struct kmem_cache *s, struct slab *slab, int sign)
{
	long pages = (long)(1UL << slab_order(slab));

	/* SIM: Linux counts bytes (NR_SLAB_*_B); whole pages here. */
	__mod_node_page_state(NODE_DATA(slab_nid(slab)),
			      (enum node_stat_item)cache_vmstat_idx(s),
			      sign * pages);
}

/* Record @slab's order for each of its pages (slab_virt_to_head_page()). */
static void slab_order_map_set(struct slab *slab, unsigned int order)
{
	struct slab_state *ss = slab_state();

	memset(ss->slab_order_map + page_to_pfn(slab_page(slab)), (int)order,
	       1UL << slab_order(slab));
}

static struct slab *alloc_slab_page(gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	struct page *page = alloc_pages_node(node, flags, oo_order(oo));
	struct slab *slab;

	if (!page)
		return NULL;
	__SetPageSlab(page);
	slab = page_slab(page);
	slab->freelist = 0;
	slab->counters = 0;
	slab_set_live_word(slab, 0);
	return slab;
}

static void setup_object(struct kmem_cache *s, vaddr_t object)
{
	if (kmem_cache_debug(s))
		init_object(s, object, SLUB_RED_INACTIVE);
	if (s->ctor)
		s->ctor(object);
}

/*
 * Chain @n objects from @first, each to the next and the last to none:
 * set_freepointer() in a loop, with the host pointer and the pointer
 * width read once (a store through a byte pointer may alias anything, so
 * the compiler would reload them for every object).
 */
static void link_free_objects(const struct kmem_cache *s, vaddr_t first,
			      unsigned int n)
{
	const struct slab_state *ss = slab_state();
	u8 *fp = slab_host(ss, first + s->offset);
	const size_t step = s->size;
	vaddr_t next = first + step;

	if (ss->ptr_size == 4) {
		u32 v;

		for (unsigned int i = 1; i < n; i++, fp += step, next += step) {
			v = (u32)next;
			memcpy(fp, &v, 4);
		}
		v = 0;
		memcpy(fp, &v, 4);
	} else {
		u64 v;

		for (unsigned int i = 1; i < n; i++, fp += step, next += step) {
			v = next;
			memcpy(fp, &v, 8);
		}
		v = 0;
		memcpy(fp, &v, 8);
	}
}

/* Linux's allocate_slab(): a new slab with every object on its freelist. */
static struct slab *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct kmem_cache_node *n;
	struct slab *slab;
	gfp_t alloc_gfp;
	vaddr_t p, next;

	flags |= s->allocflags;
	/* Try the preferred order without reclaim; then one object's worth. */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(alloc_gfp, node, oo);
	if (!slab) {
		oo = s->min;
		slab = alloc_slab_page(flags, node, oo);
		if (!slab)
			return NULL;
	}
	slab->objects = oo_objects(oo) & 0x7fff;
	slab->inuse = 0;
	slab->frozen = 0;
	slab->slab_cache = s;
	slab_order_map_set(slab, oo_order(oo));
	account_slab(s, slab, +1);
	if (kmem_cache_debug(s))
		setup_slab_debug(s, slab);

	/*
	 * Link every object to the next, the last to none. Caches with a
	 * constructor or debugging set each object up first, as Linux's
	 * setup_object(); the plain loop is the common case, run for every
	 * object of every new slab.
	 */
	p = slab_first_object(s, slab);
	slab->freelist = p;
	if (unlikely(kmem_cache_debug(s) || s->ctor)) {
		for (unsigned int i = 0; i < slab->objects; i++, p = next) {
			next = i + 1 < slab->objects ? p + s->size : 0;
			setup_object(s, p);
			set_freepointer(s, p, next);
		}
	} else {
		link_free_objects(s, p, slab->objects);
	}
	n = get_node(s, slab_nid(slab));
	n->nr_slabs++;
	n->total_objects += slab->objects;
	return slab;
}

/*
 * GFP flags a slab can never satisfy (Linux's GFP_SLAB_BUG_MASK): Linux
 * warns once per call and strips them (kmalloc_fix_flags()).
 */

/** kmalloc_fix_flags - warn about and strip GFP_SLAB_BUG_MASK bits */
gfp_t kmalloc_fix_flags(gfp_t flags)
{
	gfp_t invalid = flags & GFP_SLAB_BUG_MASK;
	char a[GFP_STR_LEN], b[GFP_STR_LEN];

	flags &= ~GFP_SLAB_BUG_MASK;
	pr_warn("Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n",
		invalid, gfp_format(invalid, a, sizeof(a), false), flags,
		gfp_format(flags, b, sizeof(b), false));
	return flags;
}

static struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	return allocate_slab(s, flags & (GFP_ZONEMASK | GFP_VALID_MASK) &
				    ~__GFP_ZERO, node);
}

static void __free_slab(struct kmem_cache *s, struct slab *slab)
{
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	account_slab(s, slab, -1);
	slab_order_map_set(slab, 0);
	slab->slab_cache = NULL;
	slab->freelist = 0;
	slab->counters = 0;
	slab_set_live_word(slab, 0);
	page->mapping = NULL;	/* slab_list.prev overlays it */
	page->lru.next = NULL;
	slab_set(slab, SL_partial, false);
	slab_set(slab, SL_full, false);
	__ClearPageSlab(page);
	__free_pages(page, order);
}

static void discard_slab(struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));

	n->nr_slabs--;
	n->total_objects -= slab->objects;
	__free_slab(s, slab);
}

/* ---- the per-CPU layer ---- */

/*
 * deactivate_slab - give the cpu slab back to its node: splice the cpu
 * freelist onto the slab's, unfreeze, then list it as partial or full,
 * or free it when empty and the node has enough partial slabs.
 */
static void deactivate_slab(struct kmem_cache *s, struct slab *slab,
			    vaddr_t freelist)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	bool tail = slab->freelist ? DEACTIVATE_TO_TAIL : DEACTIVATE_TO_HEAD;
	vaddr_t freelist_tail = 0;
	unsigned int free_delta = 0;

	for (vaddr_t p = freelist; p; p = get_freepointer(s, p)) {
		free_delta++;
		freelist_tail = p;
	}
	slab->frozen = 0;
	if (freelist_tail) {
		slab->inuse = (slab->inuse - free_delta) & 0xffff;
		set_freepointer(s, freelist_tail, slab->freelist);
		slab->freelist = freelist;
	}
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard_slab(s, slab);
	else if (slab->freelist)
		add_partial(n, slab, tail);
	else
		add_full(n, slab);
}

/* Linux's __put_partials(): a cpu partial list back to the nodes. */
static void __put_partials(struct kmem_cache *s, struct slab *partial)
{
	while (partial) {
		struct slab *slab = partial;
		struct kmem_cache_node *n = get_node(s, slab_nid(slab));

		partial = slab->next;
		if (!slab->inuse && n->nr_partial >= s->min_partial)
			discard_slab(s, slab);
		else
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
	}
}

/* Linux's put_cpu_partial(): push @slab; @drain flushes a full list. */
static void put_cpu_partial(struct kmem_cache *s, struct slab *slab,
			    bool drain)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	struct slab *oldslab = c->partial, *slab_to_put = NULL;
	int slabs = 0;

	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slab->slabs = slabs + 1;
	slab->next = oldslab;
	c->partial = slab;
	if (slab_to_put)
		__put_partials(s, slab_to_put);
}

static void flush_cpu_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	if (c->slab) {
		deactivate_slab(s, c->slab, c->freelist);
		c->slab = NULL;
		c->freelist = 0;
		c->tid++;
	}
	if (c->partial) {
		__put_partials(s, c->partial);
		c->partial = NULL;
	}
}

/** flush_all_cpu_slabs - every CPU's cpu slab and partials to the nodes */
void flush_all_cpu_slabs(struct kmem_cache *s)
{
	for (int cpu = 0; cpu < current_machine()->nr_cpus; cpu++)
		flush_cpu_slab(s, &s->cpu_slab[cpu]);
}

/* Take a slab's whole freelist for the cpu: it becomes frozen and full. */
static vaddr_t freeze_slab(struct slab *slab)
{
	vaddr_t freelist = slab->freelist;

	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	return freelist;
}

/* Linux's get_freelist(): remote frees of the cpu slab; unfreeze if none. */
static vaddr_t get_freelist(struct slab *slab)
{
	vaddr_t freelist = slab->freelist;

	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = freelist != 0;
	return freelist;
}

/* ---- debug caches: one object at a time from the node lists ---- */

static vaddr_t alloc_single_from_partial(struct kmem_cache *s,
					 struct kmem_cache_node *n,
					 struct slab *slab, const char *caller,
					 size_t orig_size)
{
	vaddr_t object = slab->freelist;

	slab->freelist = get_freepointer(s, object);
	slab->inuse++;
	alloc_debug_processing(s, slab, object, caller, orig_size);
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(n, slab);
	}
	return object;
}

static vaddr_t alloc_single_from_new_slab(struct kmem_cache *s,
					  struct slab *slab,
					  const char *caller, size_t orig_size)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	vaddr_t object = slab->freelist;

	slab->freelist = get_freepointer(s, object);
	slab->inuse = 1;
	alloc_debug_processing(s, slab, object, caller, orig_size);
	if (slab->inuse == slab->objects)
		add_full(n, slab);
	else
		add_partial(n, slab, DEACTIVATE_TO_HEAD);
	return object;
}

/* ---- partial slabs from the nodes ---- */

struct partial_context {
	gfp_t flags;
	size_t orig_size;
	const char *caller;
	vaddr_t object;		/* debug caches: the object taken */
};

static struct slab *get_partial_node(struct kmem_cache *s,
				     struct kmem_cache_node *n,
				     struct partial_context *pc)
{
	struct slab *slab, *slab2, *partial = NULL;
	unsigned int partial_slabs = 0;

	if (!n || !n->nr_partial)
		return NULL;
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		if (kmem_cache_debug(s)) {
			pc->object = alloc_single_from_partial(s, n, slab,
							       pc->caller,
							       pc->orig_size);
			return slab;
		}
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (!s->cpu_partial_slabs)
				break;
		} else {
			put_cpu_partial(s, slab, false);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	return partial;
}

static struct slab *get_partial(struct kmem_cache *s, int node,
				struct partial_context *pc)
{
	struct machine *m = current_machine();
	int searchnode = node == NUMA_NO_NODE ? numa_node_id() : node;
	struct slab *slab;

	slab = get_partial_node(s, get_node(s, searchnode), pc);
	if (slab || (node != NUMA_NO_NODE && (pc->flags & __GFP_THISNODE)))
		return slab;
	/* get_any_partial(): other nodes with more than min_partial. */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);

		if (nid == searchnode || n->nr_partial <= s->min_partial)
			continue;
		slab = get_partial_node(s, n, pc);
		if (slab)
			return slab;
	}
	return NULL;
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfpflags, int nid)
{
	struct machine *m = current_machine();
	int cpu = page_alloc_get_cpu();
	char b[GFP_STR_LEN];

	/* SIM: Linux also rate-limits this (slub_oom_rs); mmsim prints all. */
	if (gfpflags & __GFP_NOWARN)
		return;
	pr_warn("SLUB: Unable to allocate memory on CPU %d (of node %d), gfp=%#x(%s)\n",
		cpu, cpu_to_node(cpu), gfpflags,
		gfp_format(gfpflags, b, sizeof(b), false));
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, oo_order(s->oo),
		oo_order(s->min));
	for (int n = 0; n < m->nr_node_ids; n++)
		pr_warn("  node %d: slabs: %lu, objs: %lu, free: %lu\n", n,
			s->node[n]->nr_slabs, s->node[n]->total_objects,
			count_partial_free(s->node[n]));
	(void)nid;
}

/* Linux's ___slab_alloc(): the slow path. */
static vaddr_t ___slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node,
			     struct kmem_cache_cpu *c, const char *caller,
			     size_t orig_size)
{
	struct partial_context pc = { gfpflags, orig_size, caller, 0 };
	struct slab *slab = c->slab;
	vaddr_t freelist;

	if (slab) {
		if (!node_match(slab, node)) {
			deactivate_slab(s, slab, c->freelist);
			c->slab = NULL;
			c->freelist = 0;
		} else {
			freelist = c->freelist;
			if (!freelist)
				freelist = get_freelist(slab);
			if (freelist)
				goto load_freelist;
			/* The cpu slab is full: it leaves the cpu. */
			add_full(get_node(s, slab_nid(slab)), slab);
			c->slab = NULL;
		}
		c->tid++;
	}

	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (!node_match(slab, node)) {
			slab->next = NULL;
			__put_partials(s, slab);
			continue;
		}
		freelist = freeze_slab(slab);
		goto install;
	}

	slab = get_partial(s, node, &pc);
	if (slab) {
		if (kmem_cache_debug(s))
			return pc.object;
		freelist = freeze_slab(slab);
		goto install;
	}

	slab = new_slab(s, gfpflags, node);
	if (!slab) {
		slab_out_of_memory(s, gfpflags, node);
		return 0;
	}
	if (kmem_cache_debug(s))
		return alloc_single_from_new_slab(s, slab, caller, orig_size);
	freelist = freeze_slab(slab);
install:
	c->slab = slab;
load_freelist:
	c->freelist = get_freepointer(s, freelist);
	c->tid++;
	return freelist;
}

/**
 * __slab_alloc_node - slab_alloc_node()'s slow half: ___slab_alloc()
 * @s: cache
 * @gfpflags: GFP flags (__GFP_ZERO clears the object)
 * @node: NUMA_NO_NODE or the node the object must come from
 * @caller: the API function, recorded by slub_debug=U
 * @orig_size: bytes the caller asked for (kmalloc)
 *
 * Linux's __slab_alloc(): the cpu freelist is empty or of the wrong node.
 *
 * Return: the object's simulated address, or 0.
 */
vaddr_t __slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node,
			  const char *caller, size_t orig_size)
{
	struct slab_state *ss = slab_state();
	vaddr_t object;

	object = ___slab_alloc(s, gfpflags, node, this_cpu_slab(s), caller,
			       orig_size);
	if (!object)
		return 0;
	/* Debug caches take objects from node lists, not the cpu slab. */
	return slab_post_alloc(ss, s,
			       page_slab(slab_virt_to_head_page(object)),
			       gfpflags, object);
}

/** slab_alloc_exact_node - slab_alloc_node() for one node (not NUMA_NO_NODE) */
vaddr_t slab_alloc_exact_node(struct kmem_cache *s, gfp_t gfpflags, int node,
			      const char *caller, size_t orig_size)
{
	return __slab_alloc_fast(s, gfpflags, node, caller, orig_size);
}

/** slab_zero_object - __GFP_ZERO: clear @object of @s; return it */
vaddr_t slab_zero_object(const struct kmem_cache *s, vaddr_t object)
{
	memset(slab_host(slab_state(), object), 0, s->object_size);
	return object;
}

/* ---- free ---- */

/*
 * Linux's __slab_free(): an object of a slab that is not this cpu slab.
 * The node is looked up only when a node list changes (Linux takes
 * n->list_lock only then): a free into another CPU's slab or into a
 * slab already on a cpu partial list touches nothing but the slab.
 */
void __slab_free(struct kmem_cache *s, struct slab *slab, vaddr_t x)
{
	struct kmem_cache_node *n;
	vaddr_t prior = slab->freelist;
	bool was_frozen = slab->frozen;

	set_freepointer(s, x, prior);
	slab->freelist = x;
	slab->inuse--;

	if (was_frozen)
		return;		/* another CPU's cpu slab: it will see it */
	if (!prior) {
		/* The slab was full. */
		remove_full(slab);
		if (kmem_cache_has_cpu_partial(s)) {
			put_cpu_partial(s, slab, true);
			return;
		}
	} else if (!slab_test(slab, SL_partial)) {
		return;		/* on some CPU's partial list */
	}
	n = get_node(s, slab_nid(slab));
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, slab);
		discard_slab(s, slab);
		return;
	}
	if (!prior)
		add_partial(n, slab, DEACTIVATE_TO_TAIL);
}

/**
 * slab_free_slow - slab_free_checked() where slab_free_fast() declined
 * @s: the cache the caller named, or NULL (kfree)
 * @slab: the slab holding @x
 * @x: object address
 * @caller: API function name, for slub_debug=U
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * A bad pointer (reported) or an object of a slub_debug cache. The
 * offset is computed here from the slab's first object, independently
 * of slab_free_fast()'s; a live object of a plain cache, which that path
 * would have freed, is freed the plain way all the same.
 *
 * Return: 0, or -EINVAL with nothing changed but the dmesg report.
 */
int slab_free_slow(struct kmem_cache *s, struct slab *slab, vaddr_t x,
		   const char *caller, char *why, size_t whylen)
{
	struct slab_state *ss = slab_state();
	struct kmem_cache *real = slab->slab_cache;

	if (!free_ok(ss, s, real, slab, x, x - slab_first_object(real, slab)))
		return slab_free_report(s, slab, x, why, whylen);
	if (kmem_cache_debug(real))
		slab_free_debug(real, slab, x, caller);
	else
		do_slab_free(ss, real, slab, x);
	return 0;
}

/**
 * slab_free_report - free_ok() failed: say why
 * @s: the cache the caller named, or NULL (kfree)
 * @slab: the slab holding @x
 * @x: object address
 * @why: receives the reason
 * @whylen: size of @why
 *
 * The report goes to dmesg in slub_debug's words and, shorter, to @why.
 *
 * Return: -EINVAL.
 */
int __cold slab_free_report(struct kmem_cache *s, struct slab *slab,
			    vaddr_t x, char *why, size_t whylen)
{
	vaddr_t first = slab_first_object(slab->slab_cache, slab);
	struct kmem_cache *real = slab->slab_cache;
	vaddr_t obj_index = x >= first ? (x - first) / real->size : 0;

	if (s && s != real) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kmem_cache_free: Wrong slab cache. %s but object is from %s\n",
			s->name, real->name);
		snprintf(why, whylen, "wrong slab cache: %s but object is from %s",
			 s->name, real->name);
		return -EINVAL;
	}
	if (x < first || (x - first) != (vaddr_t)obj_index * real->size ||
	    obj_index >= slab->objects) {
		slab_err(real, slab, "Invalid object pointer 0x%016llx",
			 (unsigned long long)x);
		snprintf(why, whylen,
			 "invalid object pointer 0x%llx (not the start of an object of %s)",
			 (unsigned long long)x, real->name);
		return -EINVAL;
	}
	object_err(real, slab, x, "Object already free");
	snprintf(why, whylen, "object 0x%llx of %s is already free (double free)",
		 (unsigned long long)x, real->name);
	return -EINVAL;
}

/**
 * slab_free_debug - free a checked object of a slub_debug cache
 * @s: the object's cache (kmem_cache_debug(@s))
 * @slab: the slab holding @x
 * @x: a live object of @slab (free_ok() said so)
 * @caller: API function name, for slub_debug=U
 *
 * Linux's free_to_partial_list(): debug caches have no per-CPU layer;
 * the object goes straight back to its slab under the node's lock.
 */
void slab_free_debug(struct kmem_cache *s, struct slab *slab, vaddr_t x,
		     const char *caller)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	vaddr_t prior = slab->freelist;

	free_debug_processing(s, slab, x, caller);
	slab_obj_set_live(slab_state(), s, slab, x, false);
	set_freepointer(s, x, prior);
	slab->freelist = x;
	slab->inuse--;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, slab);
		else
			remove_full(slab);
		discard_slab(s, slab);
	} else if (!prior) {
		remove_full(slab);
		add_partial(n, slab, DEACTIVATE_TO_TAIL);
	}
}

/**
 * slab_ksize - usable bytes of an object of @s (Linux's slab_ksize())
 * @s: cache
 *
 * Return: object_size with red zones or poisoning, inuse with RCU or
 * user tracking, else the whole slot.
 */
size_t slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/* ---- shrink and shutdown ---- */

/** count_partial_free - free objects on @n's partial list */
unsigned long count_partial_free(struct kmem_cache_node *n)
{
	unsigned long x = 0;
	struct slab *slab;

	list_for_each_entry(slab, &n->partial, slab_list)
		x += slab->objects - slab->inuse;
	return x;
}

/**
 * kmem_cache_shrink - release every empty slab of @s to the page allocator
 * @s: cache
 *
 * Flushes the per-CPU slabs first, as Linux's __kmem_cache_do_shrink().
 *
 * Return: 0 when the cache holds no slab afterwards, 1 otherwise.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	struct machine *m = current_machine();
	int ret = 0;

	if (!s)
		return 0;
	flush_all_cpu_slabs(s);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct slab *slab, *t;

		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			if (slab->inuse)
				continue;
			remove_partial(n, slab);
			discard_slab(s, slab);
		}
		if (n->nr_slabs)
			ret = 1;
	}
	return ret;
}

/**
 * __kmem_cache_shutdown - free every slab of @s, or report the live ones
 * @s: cache
 *
 * Return: 0, or 1 when objects remain (each listed in dmesg, as Linux's
 * list_slab_objects()); the cache is then left usable.
 */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct machine *m = current_machine();
	char text[160];
	bool full = false;
	int ret = 0;

	snprintf(text, sizeof(text),
		 "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	flush_all_cpu_slabs(s);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct slab *slab, *t;

		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			if (!slab->inuse) {
				remove_partial(n, slab);
				discard_slab(s, slab);
			} else {
				list_slab_objects(s, slab, text);
			}
		}
		/* After the flush, a slab on no partial list is full. */
		if (n->nr_slabs > n->nr_partial)
			full = true;
		if (n->nr_partial || n->nr_slabs)
			ret = 1;
	}
	if (full)
		list_full_slabs(s, text);
	return ret;
}
