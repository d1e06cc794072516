/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmalloc allocator's per-machine state (mm/vmalloc.c), shared with
 * its checker (mm/vmalloc_check.c) and ioremap (mm/ioremap.c).
 */
#ifndef MMSIM_MM_VMALLOC_INTERNAL_H
#define MMSIM_MM_VMALLOC_INTERNAL_H

#include <mmsim/machine.h>
#include <mmsim/vmalloc.h>

/*
 * Linux keeps these in globals (free_vmap_area_root, ...) and, since 6.9,
 * the busy and lazy trees per vmap_node; mmsim has one node and one set
 * per machine.
 */
struct vmalloc_state {
	vaddr_t start, end;		/* VMALLOC_START, VMALLOC_END */
	struct rb_root free_root;	/* free_vmap_area_root (augmented) */
	struct list_head free_list;	/* free_vmap_area_list */
	struct rb_root busy_root;	/* vmap_node.busy.root */
	struct list_head busy_list;
	struct rb_root lazy_root;	/* vmap_node.lazy.root: to purge */
	struct list_head lazy_list;
	unsigned long lazy_nr;		/* vmap_lazy_nr, pages */
	unsigned long nr_vmalloc_pages;	/* nr_vmalloc_pages */
	unsigned long nr_purges;	/* purges done (TLB flushes) */
	struct kmem_cache *va_cache;	/* vmap_area_cachep */
	unsigned int ptr_size;		/* sizeof(void *) of the machine */
};

static inline struct vmalloc_state *vmalloc_state(void)
{
	return current_machine()->vmalloc;
}

static inline unsigned long va_size(const struct vmap_area *va)
{
	return (unsigned long)(va->va_end - va->va_start);
}

/* get_vm_area_size(): the area without its guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *area)
{
	if (!(area->flags & VM_NO_GUARD))
		return area->size - PAGE_SIZE;
	return area->size;
}

/* The PTE callbacks of vmap/vunmap, shared with ioremap. */
int vmap_pfns_range(vaddr_t addr, const unsigned long *pfns,
		    unsigned int nr, pgprot_t prot);
int vmap_phys_range(vaddr_t addr, phys_addr_t phys, unsigned long size,
		    pgprot_t prot);
void vunmap_range_noflush(vaddr_t start, vaddr_t end);
struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align,
				     unsigned long flags, vaddr_t start,
				     vaddr_t end, int node, gfp_t gfp_mask,
				     const char *caller);
/* mm/vmap_area.c: the KVA allocator. */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  vaddr_t vstart, vaddr_t vend, int node,
				  gfp_t gfp_mask, int *err);
struct vmap_area *find_unlink_vmap_area(vaddr_t addr);
void free_vmap_area_noflush(struct vmap_area *va);

/* Free a vm_struct whose area was removed (host and simulated copies). */
void vm_struct_free(struct vm_struct *vm);

#endif /* MMSIM_MM_VMALLOC_INTERNAL_H */
