// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel virtual address allocator of the vmalloc space: the first
 * half of mm/vmalloc.c ("Global kva allocator").
 *
 * [VMALLOC_START, VMALLOC_END) is always covered exactly by three sets of
 * struct vmap_area, each an rbtree ordered by address plus a sorted list:
 *
 *   free   free_vmap_area_root, augmented: every node holds the size of
 *          the largest free block in its subtree (subtree_max_size), so
 *          the lowest block that fits is found in O(log n) without
 *          visiting the rest; adjacent free blocks are always merged
 *   busy   areas handed out (va->vm is their vm_struct)
 *   lazy   areas freed whose PTEs are cleared but whose TLB entries may
 *          live on; they return to the free tree in one batch, after one
 *          flush_tlb_kernel_range() over all of them, once more than
 *          lazy_max_pages() pages wait (__purge_vmap_area_lazy)
 *
 * SIM: Linux's per-CPU vmap blocks (vm_map_ram), the per-node busy trees
 * and pools of 6.9+, the preloaded split node and the async drain work
 * are not modelled: the purge runs at once, in the caller.
 */
#include <stdlib.h>

#include <mmsim/arch.h>
#include <mmsim/paging.h>
#include <mmsim/slab.h>
#include <mmsim/trace.h>

#include "vmalloc_internal.h"

static unsigned long get_subtree_max_size(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vmap_area, rb_node)->subtree_max_size
		    : 0;
}

static unsigned long va_size_of(const struct vmap_area *va)
{
	return va_size(va);
}

RB_DECLARE_CALLBACKS_MAX(static, free_vmap_area_rb_augment_cb,
			 struct vmap_area, rb_node, unsigned long,
			 subtree_max_size, va_size_of);

/* ---- struct vmap_area objects ---------------------------------------- */

/*
 * A vmap_area: the host structure and, for a busy (or lazily freed)
 * area, its object in the "vmap_area" cache, which Linux allocates every
 * vmap_area from (so /proc/slabinfo counts them).
 *
 * SIM: the nodes of the free tree are host-only, and the cache is
 * created by the first allocation instead of at boot: a machine that
 * never calls vmalloc has the slab and page state of one without it.
 */
static struct vmap_area *va_new(gfp_t gfp, bool sim)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct vmap_area *va = calloc(1, sizeof(*va));

	if (!va)
		return NULL;
	if (sim && !vs->va_cache)	/* struct vmap_area: 64 or 32 bytes */
		vs->va_cache = kmem_cache_create("vmap_area", vs->ptr_size * 8,
						 0, SLAB_PANIC, NULL);
	if (sim) {
		va->sim = vs->va_cache ?
			  kmem_cache_alloc(vs->va_cache, gfp & ~(__GFP_HIGHMEM |
								 __GFP_ZERO)) : 0;
		if (!va->sim) {
			free(va);
			return NULL;
		}
	}
	RB_CLEAR_NODE(&va->rb_node);
	INIT_LIST_HEAD(&va->list);
	return va;
}

static void va_free_sim(struct vmap_area *va)
{
	if (va->sim)
		kmem_cache_free(vmalloc_state()->va_cache, va->sim);
	va->sim = 0;
}

static void va_free(struct vmap_area *va)
{
	va_free_sim(va);
	free(va);
}

/* ---- the three trees ------------------------------------------------- */

/*
 * find_va_links(): the link where @va goes in @root, and its parent.
 * NULL when @va overlaps a node (a broken caller: Linux WARNs).
 */
static struct rb_node **find_va_links(const struct vmap_area *va,
				      struct rb_root *root,
				      struct rb_node **parent)
{
	struct rb_node **link = &root->rb_node;

	*parent = NULL;
	while (*link) {
		struct vmap_area *tmp = rb_entry(*link, struct vmap_area,
						 rb_node);

		*parent = *link;
		if (va->va_end <= tmp->va_start)
			link = &(*link)->rb_left;
		else if (va->va_start >= tmp->va_end)
			link = &(*link)->rb_right;
		else
			return NULL;
	}
	return link;
}

/* Put @va on @head after its predecessor in the tree (address order). */
static void link_va_list(struct vmap_area *va, struct list_head *head)
{
	struct rb_node *prev = rb_prev(&va->rb_node);

	if (prev)
		list_add(&va->list, &rb_entry(prev, struct vmap_area,
					      rb_node)->list);
	else
		list_add(&va->list, head);
}

/* insert_vmap_area(): into the busy or lazy tree. 0 or -EEXIST. */
static int insert_vmap_area(struct vmap_area *va, struct rb_root *root,
			    struct list_head *head)
{
	struct rb_node *parent, **link = find_va_links(va, root, &parent);

	if (!link)
		return -EEXIST;
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, root);
	link_va_list(va, head);
	return 0;
}

static void unlink_va(struct vmap_area *va, struct rb_root *root)
{
	rb_erase(&va->rb_node, root);
	list_del_init(&va->list);
}

static void unlink_va_augment(struct vmap_area *va, struct rb_root *root)
{
	rb_erase_augmented(&va->rb_node, root, &free_vmap_area_rb_augment_cb);
	list_del_init(&va->list);
}

static void augment_tree_propagate_from(struct vmap_area *va)
{
	free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
}

/*
 * merge_or_add_vmap_area(): give [va_start, va_end) back to the free
 * tree, merged with the free neighbours it touches (so no two free
 * blocks are ever adjacent). @va is freed when it merges.
 */
static void merge_or_add_vmap_area(struct vmap_area *va)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct rb_node *parent, **link;
	struct vmap_area *prev = NULL, *next = NULL;

	va_free_sim(va);	/* free-tree nodes are host-only */
	link = find_va_links(va, &vs->free_root, &parent);
	if (!link) {
		pr_warn("vmalloc: freeing 0x%llx-0x%llx over a free area\n",
			(unsigned long long)va->va_start,
			(unsigned long long)va->va_end);
		va_free(va);
		return;
	}
	/* A new leaf's neighbours: its parent and the parent's other side. */
	if (parent) {
		struct vmap_area *p = rb_entry(parent, struct vmap_area,
					       rb_node);
		struct rb_node *o;

		if (link == &parent->rb_left) {
			next = p;
			o = rb_prev(parent);
			prev = o ? rb_entry(o, struct vmap_area, rb_node) : NULL;
		} else {
			prev = p;
			o = rb_next(parent);
			next = o ? rb_entry(o, struct vmap_area, rb_node) : NULL;
		}
	}
	if (next && next->va_start == va->va_end) {
		next->va_start = va->va_start;
		va_free(va);
		augment_tree_propagate_from(next);
		if (prev && prev->va_end == next->va_start) {
			prev->va_end = next->va_end;
			augment_tree_propagate_from(prev);
			unlink_va_augment(next, &vs->free_root);
			va_free(next);
		}
		return;
	}
	if (prev && prev->va_end == va->va_start) {
		prev->va_end = va->va_end;
		va_free(va);
		augment_tree_propagate_from(prev);
		return;
	}
	rb_link_node(&va->rb_node, parent, link);
	va->subtree_max_size = 0;
	rb_insert_augmented(&va->rb_node, &vs->free_root,
			    &free_vmap_area_rb_augment_cb);
	augment_tree_propagate_from(va);
	link_va_list(va, &vs->free_list);
}

/* is_within_this_va(): does [ALIGN(max(start, vstart)), +size) fit @va? */
static bool is_within_this_va(const struct vmap_area *va, unsigned long size,
			      unsigned long align, vaddr_t vstart)
{
	vaddr_t nva = ALIGN(va->va_start > vstart ? va->va_start : vstart,
			    (vaddr_t)align);

	if (nva + size < nva || nva < vstart)
		return false;	/* wrapped around */
	return nva + size <= va->va_end;
}

/*
 * find_vmap_lowest_match(): the free block at the lowest address that
 * holds @size at @align at or above @vstart. Down the tree: go left
 * whenever the left subtree has a block of @length (subtree_max_size)
 * that may lie above @vstart; else try this node, else the right subtree;
 * when nothing below fits (the vstart or alignment cut it), climb back to
 * the first ancestor whose right subtree still may.
 */
static struct vmap_area *find_vmap_lowest_match(unsigned long size,
						unsigned long align,
						vaddr_t vstart,
						bool adjust_search_size)
{
	struct rb_node *node = vmalloc_state()->free_root.rb_node;
	unsigned long length = adjust_search_size ? size + align - 1 : size;
	struct vmap_area *va;

	while (node) {
		va = rb_entry(node, struct vmap_area, rb_node);
		if (get_subtree_max_size(node->rb_left) >= length &&
		    vstart < va->va_start) {
			node = node->rb_left;
			continue;
		}
		if (is_within_this_va(va, size, align, vstart))
			return va;
		if (get_subtree_max_size(node->rb_right) >= length) {
			node = node->rb_right;
			continue;
		}
		while ((node = rb_parent(node))) {
			va = rb_entry(node, struct vmap_area, rb_node);
			if (is_within_this_va(va, size, align, vstart))
				return va;
			if (get_subtree_max_size(node->rb_right) >= length &&
			    vstart <= va->va_start) {
				/* Past this node: its left side was searched. */
				vstart = va->va_start + 1;
				node = node->rb_right;
				break;
			}
		}
	}
	return NULL;
}

/*
 * va_clip(): cut [nva_start, +size) out of the free block @va: all of it,
 * its left or right edge, or its middle (which needs a new free node for
 * the left part). Return: 0 or -ENOMEM.
 */
static int va_clip(struct vmap_area *va, vaddr_t nva_start,
		   unsigned long size, gfp_t gfp)
{
	struct vmalloc_state *vs = vmalloc_state();
	vaddr_t nva_end = nva_start + size;
	struct vmap_area *lva;

	if (va->va_start == nva_start && va->va_end == nva_end) {
		unlink_va_augment(va, &vs->free_root);	/* FL_FIT_TYPE */
		va_free(va);
	} else if (va->va_start == nva_start) {
		va->va_start = nva_end;			/* LE_FIT_TYPE */
		augment_tree_propagate_from(va);
	} else if (va->va_end == nva_end) {
		va->va_end = nva_start;			/* RE_FIT_TYPE */
		augment_tree_propagate_from(va);
	} else {
		lva = va_new(gfp, false);		/* NE_FIT_TYPE */
		if (!lva)
			return -ENOMEM;
		lva->va_start = va->va_start;
		lva->va_end = nva_start;
		va->va_start = nva_end;
		augment_tree_propagate_from(va);
		merge_or_add_vmap_area(lva);
	}
	return 0;
}

/* __alloc_vmap_area(): the address, or a negative errno as unsigned. */
static vaddr_t __alloc_vmap_area(unsigned long size, unsigned long align,
				 vaddr_t vstart, vaddr_t vend, gfp_t gfp)
{
	bool adjust = !(align <= PAGE_SIZE ||
			(align > PAGE_SIZE && vend - vstart == size));
	struct vmap_area *va = find_vmap_lowest_match(size, align, vstart,
						      adjust);
	vaddr_t nva;

	if (!va)
		return (vaddr_t)-ENOENT;
	nva = ALIGN(va->va_start > vstart ? va->va_start : vstart,
		    (vaddr_t)align);
	if (nva + size > vend || nva + size < nva)
		return (vaddr_t)-ENOENT;
	if (va_clip(va, nva, size, gfp))
		return (vaddr_t)-ENOMEM;
	return nva;
}

#define IS_ERR_VALUE(x)	((x) >= (vaddr_t)-4095)

static void trace_alloc_vmap_area(vaddr_t addr, unsigned long size,
				  unsigned long align, vaddr_t vstart,
				  vaddr_t vend, int failed)
{
	struct machine *m = current_machine();
	/* An error value as the kernel's unsigned long prints it. */
	u64 a = m->arch->bits == 32 ? (u32)addr : addr;

	trace_event(m, "alloc_vmap_area", TF_U("va_start", a),
		    TF_U("size", size), TF_U("align", align),
		    TF_X("vstart", vstart), TF_X("vend", vend),
		    TF_I("failed", failed));
}

/**
 * alloc_vmap_area - reserve [addr, addr+size) of [vstart, vend)
 * @size: bytes, page aligned, guard page included
 * @align: a power of two
 * @vstart: lowest address
 * @vend: end of the range (exclusive)
 * @node: NUMA node of the vmap_area object
 * @gfp_mask: for the vmap_area objects
 *
 * The lowest fitting free block is split; when none fits, the lazily
 * freed areas are purged once and the search repeated, as Linux does,
 * before "vmap allocation for size N failed: use vmalloc=<size> to
 * increase size" is logged.
 *
 * Context: acts on current_machine().
 * Return: the busy area (its vm still NULL), or NULL with *@err set to
 * -ENOMEM (no vmap_area object) or -EBUSY (no room).
 */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  vaddr_t vstart, vaddr_t vend, int node,
				  gfp_t gfp_mask, int *err)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct vmap_area *va;
	bool purged = false;
	vaddr_t addr;

	if (!size || (size & (PAGE_SIZE - 1)) || !align ||
	    (align & (align - 1))) {
		*err = -EINVAL;
		return NULL;
	}
	va = va_new(gfp_mask, true);
	if (!va) {
		*err = -ENOMEM;
		return NULL;
	}
	for (;;) {
		addr = __alloc_vmap_area(size, align, vstart, vend, gfp_mask);
		trace_alloc_vmap_area(addr, size, align, vstart, vend,
				      IS_ERR_VALUE(addr));
		if (!IS_ERR_VALUE(addr))
			break;
		if (addr == (vaddr_t)-ENOMEM || purged) {
			if (addr != (vaddr_t)-ENOMEM &&
			    !(gfp_mask & __GFP_NOWARN))
				pr_warn("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n",
					size);
			va_free(va);
			*err = addr == (vaddr_t)-ENOMEM ? -ENOMEM : -EBUSY;
			return NULL;
		}
		vm_unmap_aliases();	/* reclaim_and_purge_vmap_areas() */
		purged = true;
	}
	va->va_start = addr;
	va->va_end = addr + size;
	va->vm = NULL;
	if (insert_vmap_area(va, &vs->busy_root, &vs->busy_list)) {
		pr_warn("vmalloc: 0x%llx overlaps a busy area\n",
			(unsigned long long)addr);
		va_free(va);
		*err = -EBUSY;
		return NULL;
	}
	*err = 0;
	return va;
}

/* ---- finding and freeing busy areas ---------------------------------- */

static struct vmap_area *__find_vmap_area(vaddr_t addr,
					  const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

/**
 * find_vmap_area - the busy area holding @addr
 * @addr: any address inside it
 *
 * Return: the area, or NULL.
 */
struct vmap_area *find_vmap_area(vaddr_t addr)
{
	struct vmalloc_state *vs = vmalloc_state();

	return vs ? __find_vmap_area(addr, &vs->busy_root) : NULL;
}

bool vmalloc_area_busy(vaddr_t addr)
{
	struct vmalloc_state *vs = vmalloc_state();

	return vs && (__find_vmap_area(addr, &vs->busy_root) ||
		      __find_vmap_area(addr, &vs->lazy_root));
}

/**
 * find_unlink_vmap_area - take the busy area that starts at @addr out
 * @addr: its first address
 *
 * SIM: Linux unlinks the area *containing* @addr, so vfree() of a
 * page-aligned pointer into an area frees all of it; mmsim takes only
 * the area's own start and treats an inner pointer as a bad one.
 *
 * Return: the area, unlinked from the busy tree, or NULL.
 */
struct vmap_area *find_unlink_vmap_area(vaddr_t addr)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct vmap_area *va = __find_vmap_area(addr, &vs->busy_root);

	if (!va || va->va_start != addr)
		return NULL;
	unlink_va(va, &vs->busy_root);
	return va;
}

/**
 * lazy_max_pages - lazily freed pages gathered before one purge
 *
 * 32 MiB worth of pages times fls(number of CPUs): a log scale, so a big
 * machine flushes less often without a long purge.
 *
 * Return: pages.
 */
unsigned long lazy_max_pages(void)
{
	unsigned int cpus = (unsigned int)current_machine()->nr_cpus, log = 0;

	while (cpus >> log)
		log++;		/* fls() */
	return log * (32UL * 1024 * 1024 / PAGE_SIZE);
}

/*
 * __purge_vmap_area_lazy(): one flush over [min start, max end) of all
 * the lazy areas, then give them back to the free tree.
 */
static bool __purge_vmap_area_lazy(vaddr_t start, vaddr_t end)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct vmap_area *va, *n;
	unsigned int nr = 0;

	if (list_empty(&vs->lazy_list))
		return false;
	va = list_first_entry(&vs->lazy_list, struct vmap_area, list);
	if (va->va_start < start)
		start = va->va_start;
	va = list_last_entry(&vs->lazy_list, struct vmap_area, list);
	if (va->va_end > end)
		end = va->va_end;
	flush_tlb_kernel_range(start, end);
	vs->nr_purges++;
	list_for_each_entry_safe(va, n, &vs->lazy_list, list) {
		unlink_va(va, &vs->lazy_root);
		vs->lazy_nr -= va_size(va) >> PAGE_SHIFT;
		merge_or_add_vmap_area(va);
		nr++;
	}
	trace_event(current_machine(), "purge_vmap_area_lazy",
		    TF_X("start", start), TF_X("end", end),
		    TF_U("num_purged", nr));
	return true;
}

/**
 * vm_unmap_aliases - purge every lazily freed area now
 *
 * One TLB flush over all of them, then their address space is free
 * again (Linux also flushes the per-CPU vmap blocks here).
 *
 * Context: acts on current_machine().
 */
void vm_unmap_aliases(void)
{
	__purge_vmap_area_lazy(~(vaddr_t)0, 0);
}

/**
 * free_vmap_area_noflush - queue an unmapped area for the next purge
 * @va: a busy area already unlinked, whose PTEs are cleared
 *
 * Its pages count towards vmap_lazy_nr; past lazy_max_pages() the purge
 * runs (Linux: schedules drain_vmap_work).
 *
 * Context: acts on current_machine().
 */
void free_vmap_area_noflush(struct vmap_area *va)
{
	struct vmalloc_state *vs = vmalloc_state();
	unsigned long nr_lazy_max = lazy_max_pages(), nr_lazy;
	vaddr_t va_start = va->va_start;

	va->vm = NULL;
	vs->lazy_nr += va_size(va) >> PAGE_SHIFT;
	nr_lazy = vs->lazy_nr;
	if (insert_vmap_area(va, &vs->lazy_root, &vs->lazy_list)) {
		vs->lazy_nr -= va_size(va) >> PAGE_SHIFT;
		va_free(va);
		return;
	}
	trace_event(current_machine(), "free_vmap_area_noflush",
		    TF_X("va_start", va_start), TF_U("nr_lazy", nr_lazy),
		    TF_U("nr_lazy_max", nr_lazy_max));
	if (nr_lazy > nr_lazy_max)
		__purge_vmap_area_lazy(~(vaddr_t)0, 0);
}

/**
 * vmap_area_walk - call @fn on every busy, then every lazy area
 * @fn: the callback; a nonzero return stops the walk
 * @data: passed to @fn
 *
 * Each set in address order (/proc/vmallocinfo prints the busy areas,
 * then the "unpurged vm_area" ones, as Linux does).
 *
 * Return: 0 or @fn's nonzero result.
 */
int vmap_area_walk(vmap_area_fn fn, void *data)
{
	struct vmalloc_state *vs = vmalloc_state();
	struct vmap_area *va;
	int ret;

	if (!vs)
		return 0;
	list_for_each_entry(va, &vs->busy_list, list) {
		ret = fn(va, false, data);
		if (ret)
			return ret;
	}
	list_for_each_entry(va, &vs->lazy_list, list) {
		ret = fn(va, true, data);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- boot and teardown ----------------------------------------------- */

/**
 * vmalloc_init - the vmap_area cache and one free block over the range
 * @m: the machine, booted through kmem_cache_init()
 *
 * Return: 0 or -ENOMEM.
 */
int vmalloc_init(struct machine *m)
{
	struct machine *prev = machine_enter(m);
	struct vmalloc_state *vs = calloc(1, sizeof(*vs));
	struct vmap_area *va;
	int ret = -ENOMEM;

	if (!vs)
		goto out;
	m->vmalloc = vs;
	vs->start = m->layout.vmalloc_start;
	vs->end = m->layout.vmalloc_end;
	vs->free_root = vs->busy_root = vs->lazy_root = RB_ROOT;
	INIT_LIST_HEAD(&vs->free_list);
	INIT_LIST_HEAD(&vs->busy_list);
	INIT_LIST_HEAD(&vs->lazy_list);
	vs->ptr_size = m->arch->bits / 8;
	if (vs->end <= vs->start) {
		ret = 0;	/* no vmalloc space: every request fails */
		goto out;
	}
	va = va_new(GFP_KERNEL, false);
	if (!va)
		goto out;
	va->va_start = vs->start;
	va->va_end = vs->end;
	merge_or_add_vmap_area(va);
	ret = 0;
out:
	machine_enter(prev);
	return ret;
}

static void free_list_of(struct list_head *head)
{
	struct vmap_area *va, *n;

	list_for_each_entry_safe(va, n, head, list) {
		if (va->vm && head != &vmalloc_state()->free_list) {
			free(va->vm->pages);
			free(va->vm->map_pfns);
			free(va->vm);
		}
		free(va);
	}
}

/**
 * vmalloc_exit - free the host side of the allocator
 * @m: the machine being destroyed (its simulated RAM goes with it)
 */
void vmalloc_exit(struct machine *m)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct machine *prev;

	if (!vs)
		return;
	prev = machine_enter(m);
	free_list_of(&vs->busy_list);
	free_list_of(&vs->lazy_list);
	free_list_of(&vs->free_list);
	free(vs);
	m->vmalloc = NULL;
	machine_enter(prev);
}
