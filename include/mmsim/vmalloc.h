/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtually contiguous kernel memory (include/linux/vmalloc.h, K2):
 * vmalloc() gathers single pages from the buddy allocator, wherever they
 * are (HighMem too on 32-bit), and maps them one 4 KiB PTE at a time into
 * [VMALLOC_START, VMALLOC_END), with an unmapped guard page after each
 * area. vmap() maps pages the caller already has; ioremap() maps device
 * (non-RAM) physical addresses.
 *
 *	vaddr_t buf = vmalloc(4 << 20);
 *	struct page *p = vmalloc_to_page(buf + 8192);
 *	vfree(buf);
 *
 * Addresses are vaddr_t (simulated kernel virtual addresses); read and
 * write them through the MMU (m:kread / m:kwrite in Lua).
 */
#ifndef MMSIM_VMALLOC_H
#define MMSIM_VMALLOC_H

#include "gfp.h"
#include "list.h"
#include "rbtree.h"
#include "pgtable.h"

struct machine;
struct page;

/* vm_struct->flags, as include/linux/vmalloc.h. */
#define VM_IOREMAP		0x00000001	/* ioremap() and friends */
#define VM_ALLOC		0x00000002	/* vmalloc() */
#define VM_MAP			0x00000004	/* vmap()ed pages */
#define VM_USERMAP		0x00000008	/* suitable for remap_vmalloc_range */
#define VM_DMA_COHERENT		0x00000010	/* dma_alloc_coherent */
#define VM_UNINITIALIZED	0x00000020	/* vm_struct is not fully initialized */
#define VM_NO_GUARD		0x00000040	/* don't add guard page */

/* One mapped area: what /proc/vmallocinfo lists. */
struct vm_struct {
	vaddr_t addr;			/* first byte */
	unsigned long size;		/* bytes, guard page included */
	unsigned long flags;		/* VM_* */
	struct page **pages;		/* VM_ALLOC: the pages, in order */
	unsigned int nr_pages;		/* VM_ALLOC: pages= of vmallocinfo */
	phys_addr_t phys_addr;		/* VM_IOREMAP: first physical byte */
	const char *caller;		/* who asked (%pS in vmallocinfo) */
	/*
	 * SIM: the host copy is authoritative; these are the simulated
	 * objects Linux would have: the vm_struct from kmalloc, and the
	 * pages array (kmalloc, or a nested vmalloc above PAGE_SIZE).
	 */
	vaddr_t sim;			/* kzalloc(sizeof(struct vm_struct)) */
	vaddr_t sim_pages;		/* area->pages in simulated memory */
	unsigned long *map_pfns;	/* SIM: VM_MAP: the pfns vmap() got */
};

/*
 * A range of the vmalloc space (busy, free or waiting to be purged), as
 * mm/vmalloc.c's struct vmap_area. Free areas carry subtree_max_size (the
 * augmented value of free_vmap_area_root), busy ones their vm_struct.
 */
struct vmap_area {
	vaddr_t va_start;
	vaddr_t va_end;			/* exclusive */
	struct rb_node rb_node;		/* in the free, busy or purge tree */
	struct list_head list;		/* address-sorted list of that tree */
	union {
		unsigned long subtree_max_size;	/* free tree */
		struct vm_struct *vm;		/* busy tree */
	};
	vaddr_t sim;			/* SIM: its object in "vmap_area" */
};

/* ---- the simple API ------------------------------------------------- */

vaddr_t vmalloc(unsigned long size);
vaddr_t vzalloc(unsigned long size);
vaddr_t vmalloc_node(unsigned long size, int node);
void vfree(vaddr_t addr);
vaddr_t vmap(struct page **pages, unsigned int count, unsigned long flags,
	     pgprot_t prot);
void vunmap(vaddr_t addr);
vaddr_t ioremap(phys_addr_t phys_addr, unsigned long size);
void iounmap(vaddr_t addr);
struct page *vmalloc_to_page(vaddr_t addr);
unsigned long vmalloc_to_pfn(vaddr_t addr);
bool is_vmalloc_addr(vaddr_t addr);

/* ---- the advanced API ----------------------------------------------- */

vaddr_t __vmalloc_node_range(unsigned long size, unsigned long align,
			     vaddr_t start, vaddr_t end, gfp_t gfp_mask,
			     pgprot_t prot, unsigned long vm_flags, int node,
			     const char *caller);
vaddr_t __vmalloc_node(unsigned long size, unsigned long align,
		       gfp_t gfp_mask, int node, const char *caller);
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const char *caller);
struct vm_struct *find_vm_area(vaddr_t addr);
struct vm_struct *remove_vm_area(vaddr_t addr);
struct vmap_area *find_vmap_area(vaddr_t addr);
/*
 * vmalloc_area_busy - is @addr inside a busy vmap area, or one freed but
 * not yet purged? The raw mapping methods (m:map_page) refuse such
 * addresses: they would corrupt a live area's page tables.
 */
bool vmalloc_area_busy(vaddr_t addr);
unsigned long lazy_max_pages(void);
/* Does a busy ioremap() area map @addr to physical @phys? */
bool ioremap_maps(vaddr_t addr, phys_addr_t phys);
/* Purge every lazily freed area now: one TLB flush for all. */
void vm_unmap_aliases(void);
/* Pages vmalloc() holds (VmallocUsed of /proc/meminfo). */
unsigned long vmalloc_nr_pages(void);

/*
 * Checked frees for callers that may pass garbage (the Lua binding): 0,
 * or -EINVAL with a lower-case reason in @why and nothing changed.
 */
int vfree_checked(vaddr_t addr, char *why, size_t whylen);
int vunmap_checked(vaddr_t addr, char *why, size_t whylen);
int iounmap_checked(vaddr_t addr, char *why, size_t whylen);
/*
 * ioremap() with the reason of a refusal: 0 and the address in @out, or
 * -EINVAL / -ENOMEM with a lower-case reason in @why.
 */
int ioremap_checked(phys_addr_t phys_addr, unsigned long size,
		    const char *caller, vaddr_t *out, char *why, size_t whylen);

/* Walk the areas in address order: busy (vm set) and lazily freed. */
typedef int (*vmap_area_fn)(const struct vmap_area *va, bool lazy,
			    void *data);
int vmap_area_walk(vmap_area_fn fn, void *data);

int vmalloc_init(struct machine *m);
void vmalloc_exit(struct machine *m);
int vmalloc_check(struct machine *m);

#endif /* MMSIM_VMALLOC_H */
