// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator-independent half of the slab layer, as Linux's
 * mm/slab_common.c: kmem_cache_create()/destroy(), the kmalloc caches and
 * their size classes, kmalloc()/kfree()/krealloc()/ksize(), large kmalloc
 * straight from the page allocator, slabinfo numbers and the boot options
 * slub_debug=, slub_min_objects=, slub_min_order=, slub_max_order=.
 *
 * Cache merging (__kmem_cache_alias): not done. Every kmem_cache_create()
 * makes its own cache, so /proc/slabinfo lists each by the name it was
 * created with. SIM: Linux would merge a compatible new cache into an
 * existing one of the same size.
 */
#define _DEFAULT_SOURCE	/* strtok_r, strdup, MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mmsim/arch.h>

#include "slab.h"

/* ---- pointers to slabs ---- */

/** virt_to_slab - the slab holding @va, or NULL */
struct slab *virt_to_slab(vaddr_t va)
{
	struct page *page = slab_virt_to_head_page(va);

	if (!page || !PageSlab(page))
		return NULL;
	return page_slab(page);
}

/* ---- boot options ---- */

static int parse_uint(const char *v, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long x = strtoul(v, &end, 0);

	if (end == v || *end || x > max || *v == '-')
		return -EINVAL;
	*out = (unsigned int)x;
	return 0;
}

/*
 * The slab options of the kernel command line, as Linux's __setup()
 * handlers read them. Unknown words belong to other subsystems; a bad
 * value is reported in dmesg and ignored, as Linux does.
 */
static void slab_parse_cmdline(struct slab_state *ss, const char *cmdline)
{
	char buf[sizeof(((struct machine_config *)0)->cmdline)];
	char *save, *tok;

	snprintf(buf, sizeof(buf), "%s", cmdline);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *val = strchr(tok, '=');
		int bad = 0;

		if (val)
			*val++ = 0;
		if (!strcmp(tok, "slub_debug") || !strcmp(tok, "slab_debug"))
			bad = setup_slub_debug(ss, val);
		else if (!val)
			continue;
		else if (!strcmp(tok, "slub_min_objects") ||
			 !strcmp(tok, "slab_min_objects"))
			bad = parse_uint(val, MAX_OBJS_PER_PAGE,
					 &ss->slub_min_objects);
		else if (!strcmp(tok, "slub_max_order") ||
			 !strcmp(tok, "slab_max_order")) {
			bad = parse_uint(val, ~0U, &ss->slub_max_order);
			if (ss->slub_max_order > MAX_PAGE_ORDER)
				ss->slub_max_order = MAX_PAGE_ORDER;
		} else if (!strcmp(tok, "slub_min_order") ||
			   !strcmp(tok, "slab_min_order")) {
			bad = parse_uint(val, ~0U, &ss->slub_min_order);
			if (ss->slub_min_order > MAX_PAGE_ORDER)
				ss->slub_min_order = MAX_PAGE_ORDER;
		} else
			continue;
		if (bad)
			pr_err("slub: bad boot option '%s=%s' ignored\n", tok,
			       val ? val : "");
	}
	if (ss->slub_min_order > ss->slub_max_order)
		ss->slub_max_order = ss->slub_min_order;
}

/* ---- cache creation ---- */

/* Linux's calculate_alignment(). */
static unsigned int calculate_alignment(const struct slab_state *ss,
					slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = ss->cache_line;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < 8)
		align = 8;	/* arch_slab_minalign(): __alignof__(u64) */
	return ALIGN(align, ss->ptr_size);
}

/*
 * The simulated descriptor of @s and its per-node structures, which
 * Linux's kmem_cache_create() takes from the boot caches: the kmem_cache
 * object (create_cache()'s kmem_cache_zalloc()) and one kmem_cache_node
 * per node (init_kmem_cache_nodes()). Nothing is taken before the boot
 * caches exist.
 */
static void cache_sim_free(struct slab_state *ss, struct kmem_cache *s)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (s->sim_node[nid] && ss->kmem_cache_node)
			kmem_cache_free(ss->kmem_cache_node, s->sim_node[nid]);
		s->sim_node[nid] = 0;
	}
	if (s->sim && ss->kmem_cache)
		kmem_cache_free(ss->kmem_cache, s->sim);
	s->sim = 0;
}

static int cache_sim_alloc(struct slab_state *ss, struct kmem_cache *s)
{
	if (!ss->kmem_cache || !ss->kmem_cache_node)
		return 0;
	s->sim = kmem_cache_zalloc(ss->kmem_cache, GFP_KERNEL);
	if (!s->sim)
		return -ENOMEM;
	for (int nid = 0; nid < current_machine()->nr_node_ids; nid++) {
		s->sim_node[nid] = kmem_cache_alloc_node(ss->kmem_cache_node,
							 GFP_KERNEL, nid);
		if (!s->sim_node[nid]) {
			cache_sim_free(ss, s);
			return -ENOMEM;
		}
	}
	return 0;
}

static struct kmem_cache *create_cache(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(vaddr_t))
{
	struct slab_state *ss = slab_state();
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	s->ctor = ctor;
	/* kmem_cache_flags(): slub_debug= applies to every cache. */
	flags |= ss->slub_debug;
	if (!s->name || __kmem_cache_create(s, size, align, flags) ||
	    cache_sim_alloc(ss, s)) {
		__kmem_cache_release(s);
		free(s->name);
		free(s);
		return NULL;
	}
	list_add(&s->list, &ss->slab_caches);
	return s;
}

/**
 * kmem_cache_create - create a cache of objects of @size bytes
 * @name: name in /proc/slabinfo (copied)
 * @size: object size, 1 .. KMALLOC_MAX_SIZE
 * @align: required alignment (0 or a power of two)
 * @flags: SLAB_* flags (SLAB_CREATE_MASK)
 * @ctor: constructor run on each object when its slab is created, or NULL
 *
 * Return: the cache, or NULL on a bad argument (with a dmesg line) or no
 * memory. SLAB_PANIC: SIM: a failure is a dmesg "Kernel panic" line and
 * NULL, not a halt.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(vaddr_t))
{
	struct slab_state *ss = slab_state();
	struct kmem_cache *s = NULL;
	const char *err = NULL;

	if (!name || !*name)
		err = "no name";
	else if (!size || size > KMALLOC_MAX_SIZE)
		err = "bad size";
	else if (align & (align - 1))
		err = "alignment is not a power of two";
	else if (align > PAGE_SIZE)
		err = "alignment above PAGE_SIZE";
	else if (flags & ~SLAB_CREATE_MASK)
		err = "unknown flags";
	if (!err) {
		flags &= SLAB_CREATE_MASK;
		s = create_cache(name, size,
				 calculate_alignment(ss, flags, align, size),
				 flags, ctor);
		if (!s)
			err = "cannot fit one object in a slab";
	}
	if (err) {
		pr_warn("kmem_cache_create(%s) failed with error %d: %s\n",
			name ? name : "(null)", -EINVAL, err);
		if (flags & SLAB_PANIC)
			pr_emerg("Kernel panic - not syncing: kmem_cache_create: Failed to create slab '%s'. Error %d\n",
				 name ? name : "(null)", -EINVAL);
	}
	return s;
}

static void release_cache(struct kmem_cache *s)
{
	cache_sim_free(slab_state(), s);
	list_del(&s->list);
	__kmem_cache_release(s);
	free(s->name);
	free(s);
}

/**
 * kmem_cache_destroy_checked - destroy @s unless objects are still live
 * @s: cache, or NULL
 *
 * Return: 0, or -EBUSY when objects remain: the cache stays, the report
 * and Linux's "Slab cache still has objects" warning are in dmesg.
 */
int kmem_cache_destroy_checked(struct kmem_cache *s)
{
	if (!s)
		return 0;
	if (__kmem_cache_shutdown(s)) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kmem_cache_destroy %s: Slab cache still has objects when called from kmem_cache_destroy\n",
			s->name);
		return -EBUSY;
	}
	release_cache(s);
	return 0;
}

/**
 * kmem_cache_destroy - free a cache whose objects are all freed
 * @s: cache, or NULL
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	kmem_cache_destroy_checked(s);
}

/** kmem_cache_name - the name @s was created with */
const char *kmem_cache_name(const struct kmem_cache *s)
{
	return s->name;
}

/** kmem_cache_size - object size of @s (Linux's kmem_cache_size()) */
unsigned int kmem_cache_size(const struct kmem_cache *s)
{
	return s->object_size;
}

/** kmem_cache_first - the newest cache of the current machine, or NULL */
struct kmem_cache *kmem_cache_first(void)
{
	struct slab_state *ss = slab_state();

	if (!ss || list_empty(&ss->slab_caches))
		return NULL;
	return list_first_entry(&ss->slab_caches, struct kmem_cache, list);
}

/** kmem_cache_next - the cache created before @s, or NULL */
struct kmem_cache *kmem_cache_next(struct kmem_cache *s)
{
	if (s->list.next == &slab_state()->slab_caches)
		return NULL;
	return list_entry(s->list.next, struct kmem_cache, list);
}

/* ---- allocation entry points ---- */

/*
 * The tracepoints of the allocation entry points. Linux's are static keys:
 * off, they cost a no-op. Here the caller tests whether anyone listens
 * (one predictable branch) and the event is built out of line, so that
 * the fast path carries neither a call nor the GFP string buffer.
 */
static inline bool slab_tracing(void)
{
	return unlikely(current_machine()->trace.nr_sinks);
}

static void __cold __trace_cache_alloc(struct kmem_cache *s, vaddr_t ret,
				       gfp_t flags, int node,
				       const char *caller)
{
	struct machine *m = current_machine();
	char b[GFP_STR_LEN];

	trace_event(m, "kmem_cache_alloc", TF_S("call_site", caller),
		    TF_P("ptr", ret, m->arch->bits), TF_S("name", s->name),
		    TF_U("bytes_req", s->object_size),
		    TF_U("bytes_alloc", s->size),
		    TF_S("gfp_flags", gfp_format(flags, b, sizeof(b), true)),
		    TF_I("node", node),
		    TF_S("accounted", (flags & __GFP_ACCOUNT) ||
				      (s->flags & SLAB_ACCOUNT) ? "true" : "false"));
}

static void __cold __trace_kmalloc(vaddr_t ret, size_t req, size_t alloc,
				   gfp_t flags, int node, const char *caller)
{
	struct machine *m = current_machine();
	char b[GFP_STR_LEN];

	trace_event(m, "kmalloc", TF_S("call_site", caller),
		    TF_P("ptr", ret, m->arch->bits), TF_U("bytes_req", req),
		    TF_U("bytes_alloc", alloc),
		    TF_S("gfp_flags", gfp_format(flags, b, sizeof(b), true)),
		    TF_I("node", node),
		    TF_S("accounted", flags & __GFP_ACCOUNT ? "true" : "false"));
}

static inline void trace_cache_alloc(struct kmem_cache *s, vaddr_t ret,
				     gfp_t flags, int node, const char *caller)
{
	if (slab_tracing())
		__trace_cache_alloc(s, ret, flags, node, caller);
}

static inline void trace_kmalloc(vaddr_t ret, size_t req, size_t alloc,
				 gfp_t flags, int node, const char *caller)
{
	if (slab_tracing())
		__trace_kmalloc(ret, req, alloc, flags, node, caller);
}

static __cold bool node_not_online(int node)
{
	pr_warn("slab: allocation on node %d, which is not online\n", node);
	return false;
}

/* A node the caller may name: NUMA_NO_NODE or an online node. */
static inline bool node_ok(int node)
{
	if (node == NUMA_NO_NODE ||
	    (node >= 0 && node < current_machine()->nr_node_ids))
		return true;
	return node_not_online(node);
}

static vaddr_t cache_alloc(struct kmem_cache *s, gfp_t flags, int node,
			   const char *caller)
{
	vaddr_t ret;

	if (!s || !node_ok(node))
		return 0;
	ret = slab_alloc_node(s, flags, node, caller, s->object_size);
	trace_cache_alloc(s, ret, flags, node, caller);
	return ret;
}

/**
 * kmem_cache_alloc - allocate one object of @s
 * @s: cache
 * @flags: GFP flags (__GFP_ZERO clears the object)
 *
 * Return: the object's linear-map address, or 0.
 */
vaddr_t kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	return cache_alloc(s, flags, NUMA_NO_NODE, "kmem_cache_alloc");
}

/**
 * kmem_cache_alloc_node - kmem_cache_alloc() from node @node
 * @s: cache
 * @flags: GFP flags
 * @node: NUMA_NO_NODE or an online node
 *
 * Return: the object, or 0 (also for an offline @node, with a warning).
 */
vaddr_t kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	return cache_alloc(s, flags, node, "kmem_cache_alloc_node");
}

/** kmem_cache_zalloc - kmem_cache_alloc() of a zeroed object */
vaddr_t kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return cache_alloc(s, flags | __GFP_ZERO, NUMA_NO_NODE,
			   "kmem_cache_alloc");
}

/**
 * kmem_cache_alloc_bulk - allocate @size objects into @p
 * @s: cache
 * @flags: GFP flags
 * @size: number of objects
 * @p: array receiving them
 *
 * Return: @size, or 0 with nothing allocated (Linux's all-or-nothing).
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size,
			  vaddr_t *p)
{
	for (size_t i = 0; i < size; i++) {
		p[i] = slab_alloc_node(s, flags, NUMA_NO_NODE,
				       "kmem_cache_alloc_bulk", s->object_size);
		if (!p[i]) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
		trace_cache_alloc(s, p[i], flags, NUMA_NO_NODE,
				  "kmem_cache_alloc_bulk");
	}
	return (int)size;
}

/** kmem_cache_free_bulk - free @size objects of @p (NULL entries skipped) */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, vaddr_t *p)
{
	char why[160];

	for (size_t i = 0; i < size; i++)
		if (p[i])
			kmem_cache_free_checked(s, p[i], why, sizeof(why));
}

static inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (likely(!(flags & (__GFP_DMA | __GFP_RECLAIMABLE | __GFP_ACCOUNT))))
		return KMALLOC_NORMAL;
	if ((flags & __GFP_DMA) &&
	    zone_configured(current_machine(), ZONE_DMA))
		return KMALLOC_DMA;
	if (flags & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	return (flags & __GFP_ACCOUNT) ? KMALLOC_CGROUP : KMALLOC_NORMAL;
}

static inline unsigned int kmalloc_index(const struct slab_state *ss,
					 size_t size)
{
	if (size <= 192)
		return ss->size_index[(size - 1) / 8];
	return (unsigned int)(64 - __builtin_clzll((u64)size - 1));
}

/* kmalloc_slab() of a size known to be 1 .. KMALLOC_MAX_CACHE_SIZE. */
static inline struct kmem_cache *__kmalloc_slab(size_t size, gfp_t flags)
{
	struct slab_state *ss = slab_state();

	return ss->kmalloc_caches[kmalloc_type(flags)][kmalloc_index(ss, size)];
}

/**
 * kmalloc_slab - the kmalloc cache serving (@size, @flags)
 * @size: 1 .. KMALLOC_MAX_CACHE_SIZE
 * @flags: GFP flags (__GFP_DMA, __GFP_RECLAIMABLE, __GFP_ACCOUNT pick
 *         the dma-, -rcl- and -cg- caches)
 *
 * Return: the cache, or NULL for a size no cache serves.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return __kmalloc_slab(size, flags);
}

static unsigned int size_order(size_t size)
{
	unsigned int order = 0;

	if (size > KMALLOC_MAX_SIZE)
		return MAX_PAGE_ORDER + 1;
	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Linux's __kmalloc_large_node(): whole pages, a compound block. */
static noinline vaddr_t kmalloc_large_node(size_t size, gfp_t flags, int node,
				  const char *caller)
{
	unsigned int order = size_order(size);
	struct page *page;
	vaddr_t ret = 0;

	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	page = alloc_pages_node(node, flags | __GFP_COMP, order);
	if (page) {
		__SetPageLargeKmalloc(page);
		__mod_node_page_state(NODE_DATA(page_to_nid(page)),
				      NR_SLAB_UNRECLAIMABLE, 1L << order);
		ret = page_address(page);
	}
	trace_kmalloc(ret, size, PAGE_SIZE << order, flags, node, caller);
	return ret;
}

/* kmalloc from @s with a trace listener: the event follows the object. */
static __cold vaddr_t kmalloc_traced(struct kmem_cache *s, size_t size,
				     gfp_t flags, int node,
				     const char *caller)
{
	vaddr_t ret = slab_alloc_node(s, flags, node, caller, size);

	trace_kmalloc(ret, size, s->size, flags, node, caller);
	return ret;
}

static vaddr_t __do_kmalloc_node(size_t size, gfp_t flags, int node,
				 const char *caller)
{
	struct kmem_cache *s;

	if (unlikely(!node_ok(node)))
		return 0;
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large_node(size, flags, node, caller);
	if (unlikely(!size)) {
		trace_kmalloc(ZERO_SIZE_PTR, 0, 0, flags, node, caller);
		return ZERO_SIZE_PTR;
	}
	s = __kmalloc_slab(size, flags);
	/*
	 * With no listener, nothing follows the allocation, so the slow
	 * path of slab_alloc_node() is a tail call and the fast path saves
	 * no registers.
	 */
	if (unlikely(slab_tracing()))
		return kmalloc_traced(s, size, flags, node, caller);
	return slab_alloc_node(s, flags, node, caller, size);
}

/**
 * kmalloc - allocate @size bytes of physically contiguous lowmem
 * @size: bytes; 0 gives ZERO_SIZE_PTR
 * @flags: GFP flags
 *
 * Return: a linear-map address (so __pa() works), or 0.
 */
vaddr_t kmalloc(size_t size, gfp_t flags)
{
	return __do_kmalloc_node(size, flags, NUMA_NO_NODE, "kmalloc");
}

/**
 * kmalloc_node - kmalloc() from node @node
 * @size: bytes
 * @flags: GFP flags
 * @node: NUMA_NO_NODE or an online node
 *
 * Return: a linear-map address, ZERO_SIZE_PTR for 0 bytes, or 0.
 */
vaddr_t kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __do_kmalloc_node(size, flags, node, "kmalloc_node");
}

/** kzalloc - kmalloc() of zeroed memory */
vaddr_t kzalloc(size_t size, gfp_t flags)
{
	return __do_kmalloc_node(size, flags | __GFP_ZERO, NUMA_NO_NODE,
				 "kmalloc");
}

/** kmalloc_array - @n * @size bytes; 0 (NULL) when the product overflows */
vaddr_t kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return 0;
	return __do_kmalloc_node(bytes, flags, NUMA_NO_NODE, "kmalloc");
}

/** kcalloc - zeroed kmalloc_array(): 0 when @n * @size overflows */
vaddr_t kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/**
 * ksize_checked - ksize() that reports a pointer that is not live
 * @x: object, NULL or ZERO_SIZE_PTR (0 bytes)
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: usable bytes, or -EINVAL.
 */
long ksize_checked(vaddr_t x, char *why, size_t whylen)
{
	struct page *page;
	struct slab *slab;

	if (ZERO_OR_NULL_PTR(x))
		return 0;
	page = slab_virt_to_head_page(x);
	if (!page) {
		snprintf(why, whylen, "0x%llx is not a lowmem address",
			 (unsigned long long)x);
		return -EINVAL;
	}
	if (PageLargeKmalloc(page)) {
		if (x != page_address(page)) {
			snprintf(why, whylen,
				 "0x%llx is inside a large kmalloc block, not its start",
				 (unsigned long long)x);
			return -EINVAL;
		}
		return (long)(PAGE_SIZE << compound_order(page));
	}
	if (!PageSlab(page)) {
		snprintf(why, whylen, "0x%llx is not a kmalloc allocation",
			 (unsigned long long)x);
		return -EINVAL;
	}
	slab = page_slab(page);
	{
		struct kmem_cache *s = slab->slab_cache;
		vaddr_t first = slab_first_object(s, slab);

		if (x < first || (x - first) % s->size ||
		    (x - first) / s->size >= slab->objects ||
		    !slab_obj_live(slab_state(), s, slab, x)) {
			snprintf(why, whylen,
				 "0x%llx is not a live object of %s",
				 (unsigned long long)x, s->name);
			return -EINVAL;
		}
		return (long)slab_ksize(s);
	}
}

/**
 * ksize - usable size of the allocation at @objp
 * @objp: a live kmalloc or cache object
 *
 * Return: bytes, 0 for NULL/ZERO_SIZE_PTR or an address that is not one.
 */
size_t ksize(vaddr_t objp)
{
	char why[160];
	long n = ksize_checked(objp, why, sizeof(why));

	return n < 0 ? 0 : (size_t)n;
}

static void free_large_kmalloc(struct page *page)
{
	unsigned int order = compound_order(page);

	__mod_node_page_state(NODE_DATA(page_to_nid(page)),
			      NR_SLAB_UNRECLAIMABLE, -(1L << order));
	__ClearPageLargeKmalloc(page);
	__free_pages(page, order);
}

static int __cold bad_free(const char *fn, vaddr_t x, char *why,
			   size_t whylen, const char *reason)
{
	snprintf(why, whylen, "%s", reason);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: CPU: %d PID: 0 at mm/slub.c %s: object pointer: 0x%0*llx: %s\n",
		page_alloc_get_cpu(), fn, (int)slab_state()->ptr_size * 2,
		(unsigned long long)x, reason);
	return -EINVAL;
}

/* kfree() of what is not a slab object: a large kmalloc, or garbage. */
static __attribute__((__noinline__)) int
kfree_not_slab(struct page *page, vaddr_t x, char *why, size_t whylen)
{
	char r[96];

	if (!PageLargeKmalloc(page)) {
		snprintf(r, sizeof(r), "not a kmalloc allocation (pfn 0x%lx)",
			 page_to_pfn(page));
		return bad_free("kfree", x, why, whylen, r);
	}
	if (x != page_address(page))
		return bad_free("kfree", x, why, whylen,
				"inside a large kmalloc block, not its start");
	free_large_kmalloc(page);
	return 0;
}

/*
 * Linux's kfree(): the object's folio says slab or large kmalloc. Inline
 * in kfree() and kfree_checked(), so that the free of a slab object is
 * one call deep, as Linux's slab_free() is __always_inline.
 */
static __always_inline int __kfree(vaddr_t x, char *why, size_t whylen)
{
	struct machine *m = current_machine();
	struct page *page;

	trace_event(m, "kfree", TF_S("call_site", "kfree"),
		    TF_P("ptr", x, m->arch->bits));
	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return 0;
	page = slab_virt_to_head_page(x);
	if (unlikely(!page))
		return bad_free("kfree", x, why, whylen,
				"not a lowmem address");
	if (likely(PageSlab(page)))
		return slab_free_checked(NULL, page_slab(page), x, "kfree",
					 why, whylen);
	return kfree_not_slab(page, x, why, whylen);
}

/**
 * kfree_checked - kfree() that reports a bad pointer instead of ignoring it
 * @x: object, NULL or ZERO_SIZE_PTR
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL with the allocator untouched.
 */
int kfree_checked(vaddr_t x, char *why, size_t whylen)
{
	return __kfree(x, why, whylen);
}

/*
 * kfree() where slab_free_lean() declined: NULL, a large kmalloc, a bad
 * pointer, a slub_debug cache or a listener.
 */
static __cold void kfree_slow(vaddr_t x)
{
	char why[160];

	__kfree(x, why, sizeof(why));
}

/*
 * The lean half of kfree() and kmem_cache_free(): free @x when it is a
 * live object of a plain cache (of @s, if named) and no listener wants
 * the event. Keeps no buffer for a reason and calls nothing before the
 * free. Return: false with nothing changed otherwise (NULL too: it lies
 * below the linear map), for the checked path to redo and report.
 */
static __always_inline bool slab_free_lean(const struct kmem_cache *s,
					   vaddr_t x)
{
	struct page *page;

	if (unlikely(slab_tracing()))
		return false;
	page = __slab_virt_to_head_page(x, true);
	return page && PageSlab(page) && slab_free_fast(s, page_slab(page), x);
}

/**
 * kfree - free a kmalloc (or any slab) object; NULL and ZERO_SIZE_PTR are no-ops
 * @x: object
 *
 * A bad @x is reported in dmesg and ignored (kfree_checked() says why).
 */
void kfree(vaddr_t x)
{
	if (likely(slab_free_lean(NULL, x)))
		return;
	kfree_slow(x);
}

/**
 * kmem_cache_free_checked - kmem_cache_free() that reports a bad pointer
 * @s: the cache @x came from
 * @x: object
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL with the allocator untouched.
 */
int kmem_cache_free_checked(struct kmem_cache *s, vaddr_t x, char *why,
			    size_t whylen)
{
	struct machine *m = current_machine();
	struct slab *slab;

	trace_event(m, "kmem_cache_free", TF_S("call_site", "kmem_cache_free"),
		    TF_P("ptr", x, m->arch->bits),
		    TF_S("name", s ? s->name : "(null)"));
	if (!x)
		return 0;
	slab = virt_to_slab(x);
	if (!slab)
		return bad_free("kmem_cache_free", x, why, whylen,
				"not a slab object");
	return slab_free_checked(s, slab, x, "kmem_cache_free", why, whylen);
}

/* kmem_cache_free() where slab_free_lean() declined. */
static __cold void kmem_cache_free_slow(struct kmem_cache *s, vaddr_t x)
{
	char why[160];

	kmem_cache_free_checked(s, x, why, sizeof(why));
}

/**
 * kmem_cache_free - free an object of @s
 * @s: the cache @x came from
 * @x: object, or 0
 *
 * A bad @x is reported in dmesg and ignored (kmem_cache_free_checked()).
 */
void kmem_cache_free(struct kmem_cache *s, vaddr_t x)
{
	if (likely(slab_free_lean(s, x)))
		return;
	kmem_cache_free_slow(s, x);
}

/**
 * krealloc - resize an allocation, moving it when it no longer fits
 * @p: object, NULL or ZERO_SIZE_PTR
 * @new_size: bytes; 0 frees @p and returns ZERO_SIZE_PTR
 * @flags: GFP flags
 *
 * Return: the (possibly new) object, or 0 with @p untouched.
 */
vaddr_t krealloc(vaddr_t p, size_t new_size, gfp_t flags)
{
	struct slab_state *ss = slab_state();
	char why[160];
	long ks = 0;
	vaddr_t ret;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (!ZERO_OR_NULL_PTR(p)) {
		ks = ksize_checked(p, why, sizeof(why));
		if (ks < 0)
			return 0;
		if (PageSlab(slab_virt_to_head_page(p)))
			ks = virt_to_slab(p)->slab_cache->object_size;
		if ((size_t)ks >= new_size)
			return p;
	}
	ret = __do_kmalloc_node(new_size, flags, NUMA_NO_NODE, "krealloc");
	if (ret && ks > 0) {
		memmove(slab_host(ss, ret), slab_host(ss, p), (size_t)ks);
		kfree(p);
	}
	return ret;
}

/* ---- slabinfo ---- */

/**
 * get_slabinfo - the numbers /proc/slabinfo prints for @s
 * @s: cache
 * @sinfo: filled in
 *
 * As Linux's: objects on cpu slabs and cpu partial lists count as active;
 * only the node partial lists' free objects are inactive.
 */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	struct machine *m = current_machine();
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = s->node[nid];

		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		nr_free += count_partial_free(n);
	}
	memset(sinfo, 0, sizeof(*sinfo));
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = oo_objects(s->oo);
	sinfo->cache_order = oo_order(s->oo);
	sinfo->objsize = s->size;
}

/* ---- boot ---- */

static const char *const kmalloc_prefix[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-",
	[KMALLOC_RECLAIM] = "kmalloc-rcl-",
	[KMALLOC_DMA] = "dma-kmalloc-",
	[KMALLOC_CGROUP] = "kmalloc-cg-",
};

static const slab_flags_t kmalloc_flags[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = 0,
	[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
	[KMALLOC_DMA] = SLAB_CACHE_DMA,
	[KMALLOC_CGROUP] = SLAB_ACCOUNT,
};

static unsigned int kmalloc_size(unsigned int idx)
{
	return idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
}

/* Linux's new_kmalloc_cache(): "kmalloc-96", "dma-kmalloc-1k", ... */
static int new_kmalloc_cache(struct slab_state *ss, unsigned int idx,
			     enum kmalloc_cache_type type)
{
	unsigned int size = kmalloc_size(idx), align = ss->kmalloc_minalign;
	char name[32];
	struct kmem_cache *s;

	if (size >= 1024)
		snprintf(name, sizeof(name), "%s%uk", kmalloc_prefix[type],
			 size >> 10);
	else
		snprintf(name, sizeof(name), "%s%u", kmalloc_prefix[type], size);
	/* create_boot_cache(): power-of-two caches align to their size. */
	if (!(size & (size - 1)) && size > align)
		align = size;
	s = create_cache(name, size,
			 calculate_alignment(ss, kmalloc_flags[type], align, size),
			 kmalloc_flags[type] | SLAB_KMALLOC | SLAB_NO_MERGE,
			 NULL);
	if (!s)
		return -ENOMEM;
	ss->kmalloc_caches[type][idx] = s;
	return 0;
}

/*
 * kmem_cache_init()'s bootstrap: the "kmem_cache_node" and "kmem_cache"
 * caches are made first (Linux: static boot_kmem_cache_node and
 * boot_kmem_cache), then each gets its descriptor from "kmem_cache" and
 * its per-node structs from "kmem_cache_node" (bootstrap()), so both are
 * in /proc/slabinfo with the objects of every cache created after them.
 * Listed as Linux lists them: kmem_cache bootstrapped first, so last.
 *
 * SIM: object sizes are those of Linux's structs with CONFIG_SLUB_DEBUG,
 * not of mmsim's host structs: struct kmem_cache_node is 64 bytes on
 * 64-bit kernels and 32 on 32-bit ones; struct kmem_cache is its fields
 * up to node[] (about 224 and 124 bytes) plus a pointer per node (Linux's
 * offsetof(struct kmem_cache, node) + nr_node_ids * sizeof(void *)).
 */
static int create_boot_caches(struct slab_state *ss, int nr_node_ids)
{
	const slab_flags_t flags = SLAB_HWCACHE_ALIGN;
	unsigned int node_size = ss->ptr_size == 8 ? 64 : 32;
	unsigned int cache_size = (ss->ptr_size == 8 ? 224 : 124) +
				  (unsigned int)nr_node_ids * ss->ptr_size;
	struct kmem_cache *kc, *kcn;

	kcn = create_cache("kmem_cache_node", node_size,
			   calculate_alignment(ss, flags, 0, node_size), flags,
			   NULL);
	kc = create_cache("kmem_cache", cache_size,
			  calculate_alignment(ss, flags, 0, cache_size), flags,
			  NULL);
	if (!kc || !kcn)
		return -ENOMEM;
	ss->kmem_cache = kc;
	ss->kmem_cache_node = kcn;
	if (cache_sim_alloc(ss, kc) || cache_sim_alloc(ss, kcn))
		return -ENOMEM;
	list_del(&kc->list);
	list_del(&kcn->list);
	list_add(&kc->list, &ss->slab_caches);
	list_add(&kcn->list, &ss->slab_caches);
	return 0;
}

/* Linux's setup_kmalloc_cache_index_table() for KMALLOC_MIN_SIZE > 8. */
static void setup_kmalloc_cache_index_table(struct slab_state *ss)
{
	static const u8 size_index[24] = {
		3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1,
		7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2,
	};

	memcpy(ss->size_index, size_index, sizeof(size_index));
	for (unsigned int i = 8; i < ss->kmalloc_min_size && i <= 192; i += 8)
		ss->size_index[(i - 1) / 8] = (u8)ss->kmalloc_shift_low;
	if (ss->kmalloc_min_size >= 64)
		for (unsigned int i = 64 + 8; i <= 96; i += 8)
			ss->size_index[(i - 1) / 8] = 7;
	if (ss->kmalloc_min_size >= 128)
		for (unsigned int i = 128 + 8; i <= 192; i += 8)
			ss->size_index[(i - 1) / 8] = 8;
}

static int create_kmalloc_caches(struct slab_state *ss)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		if (type == KMALLOC_DMA &&
		    !zone_configured(current_machine(), ZONE_DMA))
			continue;
		if (ss->kmalloc_min_size <= 32 &&
		    new_kmalloc_cache(ss, 1, (enum kmalloc_cache_type)type))
			return -ENOMEM;
		if (ss->kmalloc_min_size <= 64 &&
		    new_kmalloc_cache(ss, 2, (enum kmalloc_cache_type)type))
			return -ENOMEM;
		for (unsigned int i = ss->kmalloc_shift_low;
		     i <= KMALLOC_SHIFT_HIGH; i++)
			if (new_kmalloc_cache(ss, i,
					      (enum kmalloc_cache_type)type))
				return -ENOMEM;
	}
	/* Sizes below KMALLOC_MIN_SIZE use the smallest cache. */
	for (int type = 0; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int i = 3; i < ss->kmalloc_shift_low; i++)
			ss->kmalloc_caches[type][i] =
				ss->kmalloc_caches[type][ss->kmalloc_shift_low];
	return 0;
}

/**
 * slab_lowmem_range - the pfns a slab object may lie in
 * @m: booted machine (its lowmem limits set)
 * @start: receives the first lowmem pfn
 * @pfns: receives the number of lowmem pfns with RAM behind them
 */
void slab_lowmem_range(struct machine *m, unsigned long *start,
		       unsigned long *pfns)
{
	unsigned long end = m->max_low_pfn;

	if (end > m->max_pfn)
		end = m->max_pfn;
	if (end > PHYS_PFN(m->ram.limit))
		end = PHYS_PFN(m->ram.limit);
	*start = m->min_low_pfn;
	*pfns = end > *start ? end - *start : 0;
}

/**
 * kmem_cache_init - bring up the slab allocator on @m (mm_core_init)
 * @m: machine whose page allocator is up
 *
 * Reads the slab boot options, then creates the kmalloc caches.
 *
 * Return: 0, -ENOMEM, or -EINVAL for a linear map not page aligned on RAM.
 */
int kmem_cache_init(struct machine *m)
{
	struct slab_state *ss = calloc(1, sizeof(*ss));

	if (!ss)
		return -ENOMEM;
	m->slab = ss;
	INIT_LIST_HEAD(&ss->slab_caches);
	ss->ptr_size = m->arch->bits / 8;
	ss->cache_line = 64;
	ss->nr_cpus = (unsigned int)m->nr_cpus;
	ss->slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	/*
	 * ARCH_KMALLOC_MINALIGN: ARCH_DMA_MINALIGN where the arch defines
	 * it (arm32: L1_CACHE_BYTES = 64, non-coherent DMA), else
	 * __alignof__(unsigned long long) = 8. KMALLOC_MIN_SIZE follows.
	 */
	ss->kmalloc_minalign = m->arch->id == ARCH_ARM32 ? 64 : 8;
	ss->kmalloc_min_size = ss->kmalloc_minalign;
	ss->kmalloc_shift_low = (unsigned int)__builtin_ctz(ss->kmalloc_min_size);
	ss->ram_base = m->ram.base;
	ss->page_offset = m->layout.page_offset;
	ss->phys_offset = m->layout.phys_offset;
	ss->shadow_len = (size_t)(m->ram.limit / 64) + 1;
	ss->shadow = mmap(NULL, ss->shadow_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ss->shadow == MAP_FAILED) {
		ss->shadow = NULL;
		return -ENOMEM;
	}
	/*
	 * The shadow is 1/64 of RAM and only the parts under slabs are
	 * touched: huge pages cost little memory there and spare the free
	 * path a TLB miss per random object (the simulated RAM has them only
	 * on machines small enough, see hw/ram.c).
	 */
	madvise(ss->shadow, ss->shadow_len, MADV_HUGEPAGE);
	slab_lowmem_range(m, &ss->lowmem_start_pfn, &ss->lowmem_pfns);
	/* One byte per lowmem page, touched only where slabs are. */
	ss->slab_order_map_len = (size_t)m->max_low_pfn + 1;
	ss->slab_order_map = mmap(NULL, ss->slab_order_map_len,
				  PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				  -1, 0);
	if (ss->slab_order_map == MAP_FAILED) {
		ss->slab_order_map = NULL;
		return -ENOMEM;
	}
	/* slab_host() and slab_shadow_byte() need a page-aligned offset. */
	if ((ss->page_offset - ss->phys_offset) & (PAGE_SIZE - 1))
		return -EINVAL;
	ss->lin_host = (uintptr_t)ss->ram_base + (uintptr_t)ss->phys_offset -
		       (uintptr_t)ss->page_offset;
	ss->lin_to_phys = ss->phys_offset - ss->page_offset;
	ss->shadow_lin = (uintptr_t)ss->shadow -
			 (uintptr_t)((ss->page_offset - ss->phys_offset) >> 6);
	slab_parse_cmdline(ss, m->cfg.cmdline);
	setup_kmalloc_cache_index_table(ss);
	if (create_boot_caches(ss, m->nr_node_ids) || create_kmalloc_caches(ss))
		return -ENOMEM;
	pr_info("SLUB: HWalign=%u, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%d\n",
		ss->cache_line, ss->slub_min_order, ss->slub_max_order,
		ss->slub_min_objects, ss->nr_cpus, m->nr_node_ids);
	ss->up = true;
	return 0;
}

/**
 * kmem_cache_exit - drop every cache's host memory (machine teardown)
 * @m: machine being destroyed
 */
void kmem_cache_exit(struct machine *m)
{
	struct slab_state *ss = m->slab;
	struct kmem_cache *s, *t;

	if (!ss)
		return;
	/* Teardown frees host memory only: no simulated object goes back. */
	ss->kmem_cache = ss->kmem_cache_node = NULL;
	list_for_each_entry_safe(s, t, &ss->slab_caches, list)
		release_cache(s);
	if (ss->shadow)
		munmap(ss->shadow, ss->shadow_len);
	if (ss->slab_order_map)
		munmap(ss->slab_order_map, ss->slab_order_map_len);
	free(ss);
	m->slab = NULL;
}
