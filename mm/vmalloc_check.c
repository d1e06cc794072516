// SPDX-License-Identifier: GPL-2.0
/*
 * m:check()'s invariants of the vmalloc space (CONFIG_DEBUG_VM-style,
 * and what lib/rbtree_test.c and mm/vmalloc.c's augment_tree_propagate_
 * check() verify in Linux):
 *
 *   - the free, busy and lazy areas are disjoint, page aligned, inside
 *     [VMALLOC_START, VMALLOC_END) and together cover it exactly; no two
 *     free blocks touch (they would have been merged);
 *   - each tree is a valid red-black tree listing the same areas, in the
 *     same order, as its list; subtree_max_size is right at every node;
 *   - each busy area's vm_struct matches it, and its pages are mapped by
 *     4 KiB PTEs exactly as the vm_struct says (vmalloc: pages[i], each
 *     with a reference; vmap: the pfns given; ioremap: phys_addr on),
 *     its guard page unmapped;
 *   - lazily freed areas are unmapped; vmap_lazy_nr and nr_vmalloc_pages
 *     are the sums they claim to be.
 */
#include <stdlib.h>

#include <mmsim/paging.h>

#include "vmalloc_internal.h"

struct span {
	vaddr_t start, end;
	int kind;		/* 0 free, 1 busy, 2 lazy */
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Max of the sizes below @n; -1 (and a report) when a node is wrong. */
static long long check_augment(struct machine *m, const struct rb_node *n)
{
	const struct vmap_area *va;
	long long l, r, max;

	if (!n)
		return 0;
	va = rb_entry(n, struct vmap_area, rb_node);
	l = check_augment(m, n->rb_left);
	r = check_augment(m, n->rb_right);
	if (l < 0 || r < 0)
		return -1;
	max = (long long)va_size(va);
	if (l > max)
		max = l;
	if (r > max)
		max = r;
	if ((long long)va->subtree_max_size != max) {
		check_fail(m, "vmalloc: free area 0x%llx-0x%llx: subtree_max_size %lu, subtree's largest block %lld",
			   (unsigned long long)va->va_start,
			   (unsigned long long)va->va_end,
			   va->subtree_max_size, max);
		return -1;
	}
	return max;
}

/* Tree and list agree: same nodes, same order, sorted, disjoint. */
static int check_set(struct machine *m, const char *name,
		     const struct rb_root *root, struct list_head *head,
		     struct span **spans, size_t *n, size_t *cap, int kind)
{
	struct rb_node *rb = rb_first(root);
	struct vmap_area *va;
	vaddr_t prev_end = 0;
	int bad = 0, rc = rb_check(root);

	if (rc) {
		check_fail(m, "vmalloc: %s tree breaks red-black rule %d", name,
			   -rc);
		bad = 1;
	}
	list_for_each_entry(va, head, list) {
		if (rb != &va->rb_node) {
			check_fail(m, "vmalloc: %s list and tree differ at 0x%llx",
				   name, (unsigned long long)va->va_start);
			return 1;
		}
		rb = rb_next(rb);
		if (va->va_end <= va->va_start || va->va_start < prev_end ||
		    ((va->va_start | va->va_end) & (PAGE_SIZE - 1))) {
			check_fail(m, "vmalloc: %s area 0x%llx-0x%llx empty, unaligned or out of order",
				   name, (unsigned long long)va->va_start,
				   (unsigned long long)va->va_end);
			bad = 1;
		}
		prev_end = va->va_end;
		if (*n == *cap) {
			struct span *s;

			*cap = *cap ? *cap * 2 : 64;
			s = realloc(*spans, *cap * sizeof(**spans));
			if (!s)
				return 1;
			*spans = s;
		}
		(*spans)[(*n)++] = (struct span){ va->va_start, va->va_end,
						  kind };
	}
	if (rb) {
		check_fail(m, "vmalloc: %s tree has nodes its list lacks", name);
		bad = 1;
	}
	return bad;
}

/* The pfn mapping @addr by a 4 KiB PTE, or -1 (unmapped), -2 (large). */
static long long mapped_pfn(vaddr_t addr)
{
	enum pt_level_idx lvl;
	void *p = pt_lookup(&init_mm, addr, &lvl);

	if (!p)
		return -1;
	if (lvl != PT_PTE)
		return -2;
	return (long long)pte_pfn(ptep_get(p));
}

static int check_busy(struct machine *m, const struct vmap_area *va,
		      unsigned long *nr_pages)
{
	const struct vm_struct *vm = va->vm;
	unsigned long n, i;
	int bad = 0;

	if (!vm || vm->addr != va->va_start || vm->size != va_size(va)) {
		check_fail(m, "vmalloc: busy area 0x%llx-0x%llx: vm_struct missing or not matching",
			   (unsigned long long)va->va_start,
			   (unsigned long long)va->va_end);
		return 1;
	}
	if (vm->flags & VM_UNINITIALIZED)
		return 0;	/* being set up */
	n = get_vm_area_size(vm) >> PAGE_SHIFT;
	if ((vm->flags & VM_ALLOC) && vm->nr_pages != n) {
		check_fail(m, "vmalloc: area 0x%llx: %u pages for %lu page slots",
			   (unsigned long long)vm->addr, vm->nr_pages, n);
		return 1;
	}
	*nr_pages += vm->nr_pages;
	for (i = 0; i < n && !bad; i++) {
		vaddr_t a = vm->addr + i * PAGE_SIZE;
		long long want = -1, got = mapped_pfn(a);

		if (vm->flags & VM_ALLOC) {
			want = (long long)page_to_pfn(vm->pages[i]);
			if (page_ref_count(vm->pages[i]) < 1) {
				check_fail(m, "vmalloc: area 0x%llx page %lu (pfn 0x%llx) has refcount %d",
					   (unsigned long long)vm->addr, i,
					   want, page_ref_count(vm->pages[i]));
				bad = 1;
			}
		} else if (vm->flags & VM_MAP) {
			want = vm->map_pfns ? (long long)vm->map_pfns[i] : -1;
		} else if (vm->flags & VM_IOREMAP) {
			want = (long long)PHYS_PFN(vm->phys_addr) + (long long)i;
		}
		if (want >= 0 && got != want) {
			check_fail(m, "vmalloc: 0x%llx (page %lu of 0x%llx) maps pfn %lld, its vm_struct says 0x%llx",
				   (unsigned long long)a, i,
				   (unsigned long long)vm->addr, got, want);
			bad = 1;
		}
	}
	if (!(vm->flags & VM_NO_GUARD) &&
	    mapped_pfn(vm->addr + vm->size - PAGE_SIZE) != -1) {
		check_fail(m, "vmalloc: guard page 0x%llx of area 0x%llx is mapped",
			   (unsigned long long)(vm->addr + vm->size - PAGE_SIZE),
			   (unsigned long long)vm->addr);
		bad = 1;
	}
	return bad;
}

static int check_lazy(struct machine *m, const struct vmap_area *va)
{
	for (vaddr_t a = va->va_start; a < va->va_end; a += PAGE_SIZE) {
		if (mapped_pfn(a) != -1) {
			check_fail(m, "vmalloc: lazily freed 0x%llx is still mapped",
				   (unsigned long long)a);
			return 1;
		}
	}
	return 0;
}

/**
 * vmalloc_check - the vmalloc space's invariants (m:check())
 * @m: the machine
 *
 * Return: 0, or 1 after check_fail() reports.
 */
int vmalloc_check(struct machine *m)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct span *spans = NULL;
	size_t n = 0, cap = 0;
	unsigned long nr_pages = 0, lazy = 0;
	struct vmap_area *va;
	vaddr_t at;
	int bad = 0;

	if (!vs)
		return 0;
	bad |= check_set(m, "free", &vs->free_root, &vs->free_list, &spans,
			 &n, &cap, 0);
	bad |= check_set(m, "busy", &vs->busy_root, &vs->busy_list, &spans,
			 &n, &cap, 1);
	bad |= check_set(m, "lazy", &vs->lazy_root, &vs->lazy_list, &spans,
			 &n, &cap, 2);
	if (check_augment(m, vs->free_root.rb_node) < 0)
		bad = 1;
	if (n)
		qsort(spans, n, sizeof(*spans), span_cmp);
	at = vs->start;
	for (size_t i = 0; i < n; i++) {
		if (spans[i].start != at) {
			check_fail(m, "vmalloc: 0x%llx-0x%llx is %s",
				   (unsigned long long)min_u64(at, spans[i].start),
				   (unsigned long long)max_u64(at, spans[i].start),
				   spans[i].start > at ? "in no area" :
				   "in two areas");
			bad = 1;
		}
		if (i && !spans[i].kind && !spans[i - 1].kind &&
		    spans[i - 1].end == spans[i].start) {
			check_fail(m, "vmalloc: free areas at 0x%llx touch but are not merged",
				   (unsigned long long)spans[i].start);
			bad = 1;
		}
		at = spans[i].end;
	}
	if (vs->end > vs->start && at != vs->end) {
		check_fail(m, "vmalloc: the areas end at 0x%llx, VMALLOC_END is 0x%llx",
			   (unsigned long long)at, (unsigned long long)vs->end);
		bad = 1;
	}
	free(spans);
	list_for_each_entry(va, &vs->busy_list, list)
		bad |= check_busy(m, va, &nr_pages);
	list_for_each_entry(va, &vs->lazy_list, list) {
		lazy += va_size(va) >> PAGE_SHIFT;
		bad |= check_lazy(m, va);
	}
	if (nr_pages != vs->nr_vmalloc_pages) {
		check_fail(m, "vmalloc: nr_vmalloc_pages %lu, the areas hold %lu",
			   vs->nr_vmalloc_pages, nr_pages);
		bad = 1;
	}
	if (lazy != vs->lazy_nr) {
		check_fail(m, "vmalloc: vmap_lazy_nr %lu, the lazy areas hold %lu pages",
			   vs->lazy_nr, lazy);
		bad = 1;
	}
	return bad;
}
