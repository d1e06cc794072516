// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, vfree, vmap and vunmap (mm/vmalloc.c, the second half: "vm
 * area" management and the page-table side). The address allocator is
 * in mm/vmap_area.c, ioremap in mm/ioremap.c.
 *
 * vmalloc(size) reserves size + one guard page of the vmalloc space
 * (get_vm_area), takes single pages from the buddy allocator wherever
 * they are (HighMem allowed: only the kernel page tables make them
 * contiguous), and maps each with a 4 KiB PTE of init_mm, allocating the
 * page-table pages it needs through apply_to_page_range(). A new kernel
 * top-level entry reaches every other pgd at once (pt_walk_alloc's
 * pgd_list walk: arch_sync_kernel_mappings() for the levels in
 * ARCH_PAGE_TABLE_SYNC_MASK, which matters on 2-level x86_32, where no
 * kernel pmd is shared). vfree() clears the PTEs at once, frees the pages
 * and queues the address range for a lazy, batched TLB flush.
 *
 * SIM: 4 KiB mappings only (no vmalloc_huge), one NUMA allocation policy
 * (the node asked or the local one), no KASAN/kmemleak hooks, no
 * VM_FLUSH_RESET_PERMS. struct vm_struct and the pages array are host
 * structures mirrored by simulated objects of Linux's sizes (kmalloc, or
 * a nested vmalloc for a pages array above PAGE_SIZE, the " vpages" of
 * /proc/vmallocinfo), so the memory they cost is accounted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/arch.h>
#include <mmsim/page_alloc.h>
#include <mmsim/paging.h>
#include <mmsim/slab.h>

#include "vmalloc_internal.h"

/* WARN(): Linux's report, into dmesg. */
static void vm_warn(const char *fn, const char *fmt, ...) __printf(2, 3);
static void vm_warn(const char *fn, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("%s\n", msg);
	pr_warn("WARNING: CPU: %d PID: 0 at mm/vmalloc.c %s\n",
		page_alloc_get_cpu(), fn);
}

static int ptr_digits(void)
{
	return (int)current_machine()->arch->bits / 4;
}

/**
 * is_vmalloc_addr - is @addr in [VMALLOC_START, VMALLOC_END)?
 * @addr: kernel virtual address
 *
 * Return: true inside the vmalloc range, mapped or not.
 */
bool is_vmalloc_addr(vaddr_t addr)
{
	const struct kernel_layout *l = &current_machine()->layout;

	return addr >= l->vmalloc_start && addr < l->vmalloc_end;
}

/* ---- page tables (vmap_range_noflush / vunmap_range_noflush) -------- */

struct vmap_ctx {
	const unsigned long *pfns;	/* the pages, or NULL: @phys onwards */
	phys_addr_t phys;
	pgprot_t prot;
	unsigned int nr;		/* PTEs written */
};

/* vmap_pte_range(): one PTE; an entry already there is a WARN, -EBUSY. */
static int vmap_pte_fn(pte_t *pte, u64 addr, void *data)
{
	struct vmap_ctx *c = data;
	unsigned long pfn = c->pfns ? c->pfns[c->nr] :
			    (unsigned long)PHYS_PFN(c->phys) + c->nr;

	if (!pte_none(ptep_get(pte))) {
		vm_warn("vmap_pte_range", "vmap: 0x%0*llx is already mapped",
			ptr_digits(), (unsigned long long)addr);
		return -EBUSY;
	}
	set_pte_at(&init_mm, addr, pte, pfn_pte(pfn, c->prot));
	c->nr++;
	return 0;
}

static int vunmap_pte_fn(pte_t *pte, u64 addr, void *data)
{
	if (!pte_none(ptep_get(pte)))
		pte_clear(&init_mm, addr, pte);
	return 0;
}

/**
 * vunmap_range_noflush - clear the kernel PTEs of [@start, @end)
 * @start: first address (page aligned)
 * @end: end (exclusive)
 *
 * Page tables stay (Linux never frees kernel page tables of the vmalloc
 * space); the TLB is not flushed: the caller batches that.
 */
void vunmap_range_noflush(vaddr_t start, vaddr_t end)
{
	if (end > start)
		apply_to_existing_page_range(&init_mm, start, end - start,
					     vunmap_pte_fn, NULL);
}

static int vmap_range(vaddr_t addr, struct vmap_ctx *c, unsigned long size)
{
	int ret = apply_to_page_range(&init_mm, addr, size, vmap_pte_fn, c);

	if (ret && c->nr)	/* undo what this call mapped, nothing else */
		vunmap_range_noflush(addr, addr + ((u64)c->nr << PAGE_SHIFT));
	return ret;
}

/**
 * vmap_pfns_range - map @nr pages at @addr with 4 KiB kernel PTEs
 * @addr: first address, inside a busy area
 * @pfns: the pages
 * @nr: how many
 * @prot: PTE protection
 *
 * Return: 0, -ENOMEM (page tables), or -EBUSY when a PTE was already
 * present (nothing stays mapped on failure).
 */
int vmap_pfns_range(vaddr_t addr, const unsigned long *pfns, unsigned int nr,
		    pgprot_t prot)
{
	struct vmap_ctx c = { .pfns = pfns, .prot = prot };

	return vmap_range(addr, &c, (unsigned long)nr << PAGE_SHIFT);
}

/**
 * vmap_phys_range - map [@phys, +@size) at @addr (ioremap_page_range)
 * @addr: first address, inside a busy area
 * @phys: first physical address (page aligned)
 * @size: bytes (page aligned)
 * @prot: PTE protection
 *
 * Return: as vmap_pfns_range().
 */
int vmap_phys_range(vaddr_t addr, phys_addr_t phys, unsigned long size,
		    pgprot_t prot)
{
	struct vmap_ctx c = { .phys = phys, .prot = prot };

	return vmap_range(addr, &c, size);
}

/* ---- vm areas ------------------------------------------------------- */

/* sizeof(struct vm_struct) of the simulated kernel (72 / 48 bytes). */
static size_t vm_struct_sim_size(void)
{
	return vmalloc_state()->ptr_size == 8 ? 72 : 48;
}

/**
 * __get_vm_area_node - reserve an area of the vmalloc space
 * @size: bytes wanted (rounded up to pages; a guard page is added)
 * @align: alignment, a power of two
 * @flags: VM_* (VM_IOREMAP aligns to the size's order, up to
 *         IOREMAP_MAX_ORDER)
 * @start: lowest address
 * @end: end of the range
 * @node: NUMA node of the bookkeeping
 * @gfp_mask: for the bookkeeping
 * @caller: who asked, shown by /proc/vmallocinfo
 *
 * Context: acts on current_machine().
 * Return: the vm_struct, or NULL (no room, no memory, size 0).
 */
struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align,
				     unsigned long flags, vaddr_t start,
				     vaddr_t end, int node, gfp_t gfp_mask,
				     const char *caller)
{
	struct machine *m = current_machine();
	gfp_t kgfp = gfp_mask & ~(__GFP_HIGHMEM | __GFP_DMA | __GFP_DMA32 |
				  __GFP_MOVABLE);
	struct vm_struct *area;
	struct vmap_area *va;
	int err;

	if (!m->vmalloc || size > ~0UL - 2 * PAGE_SIZE)
		return NULL;
	size = ALIGN(size, PAGE_SIZE);
	if (!size)
		return NULL;
	if (flags & VM_IOREMAP) {
		/* IOREMAP_MAX_ORDER: PUD_SHIFT on x86_64, 7 + PAGE_SHIFT else. */
		unsigned int max = m->arch->bits == 64 ? 30 : 7 + PAGE_SHIFT;
		unsigned int order = PAGE_SHIFT;

		while (order < max && (1UL << order) < size)
			order++;
		align = 1UL << order;
	}
	area = calloc(1, sizeof(*area));
	if (!area)
		return NULL;
	area->sim = kmalloc_node(vm_struct_sim_size(), kgfp | __GFP_ZERO, node);
	if (!area->sim) {
		free(area);
		return NULL;
	}
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	va = alloc_vmap_area(size, align, start, end, node, kgfp, &err);
	if (!va) {
		kfree(area->sim);
		free(area);
		return NULL;
	}
	area->flags = flags;
	area->addr = va->va_start;
	area->size = size;
	area->caller = caller;
	va->vm = area;
	return area;
}

/**
 * get_vm_area_caller - reserve an area anywhere in the vmalloc space
 * @size: bytes
 * @flags: VM_*
 * @caller: shown by /proc/vmallocinfo
 *
 * Return: the vm_struct, or NULL.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const char *caller)
{
	const struct kernel_layout *l = &current_machine()->layout;

	return __get_vm_area_node(size, 1, flags, l->vmalloc_start,
				  l->vmalloc_end, NUMA_NO_NODE, GFP_KERNEL,
				  caller);
}

/**
 * find_vm_area - the vm_struct of the busy area holding @addr
 * @addr: an address inside it
 *
 * Return: the vm_struct, or NULL.
 */
struct vm_struct *find_vm_area(vaddr_t addr)
{
	struct vmap_area *va = find_vmap_area(addr);

	return va ? va->vm : NULL;
}

/**
 * remove_vm_area - unmap an area and queue its range for the lazy purge
 * @addr: the area's first address
 *
 * Context: acts on current_machine().
 * Return: its vm_struct (the caller frees pages and vm_struct), or NULL
 * when no busy area starts at @addr.
 */
struct vm_struct *remove_vm_area(vaddr_t addr)
{
	struct vmap_area *va;
	struct vm_struct *vm;

	if (!vmalloc_state() || (addr & (PAGE_SIZE - 1)))
		return NULL;
	va = find_unlink_vmap_area(addr);
	if (!va)
		return NULL;
	vm = va->vm;
	vunmap_range_noflush(va->va_start, va->va_end);	/* free_unmap_vmap_area */
	free_vmap_area_noflush(va);
	return vm;
}

/**
 * vm_struct_free - free a removed area's pages array and vm_struct
 * @vm: from remove_vm_area(); its pages are already dealt with
 */
void vm_struct_free(struct vm_struct *vm)
{
	if (vm->sim_pages) {
		if (is_vmalloc_addr(vm->sim_pages))
			vfree(vm->sim_pages);	/* kvfree() */
		else
			kfree(vm->sim_pages);
	}
	kfree(vm->sim);
	free(vm->pages);
	free(vm->map_pfns);
	free(vm);
}

/* ---- vmalloc -------------------------------------------------------- */

/* __vfree(): the pages back to the buddy allocator, then the bookkeeping. */
static void free_area_pages(struct vm_struct *vm)
{
	for (unsigned int i = 0; i < vm->nr_pages; i++)
		__free_page(vm->pages[i]);
	vmalloc_state()->nr_vmalloc_pages -= vm->nr_pages;
	vm_struct_free(vm);
}


/*
 * Linux's most a bulk call asks for: it keeps the time the pcp lock is
 * held (interrupts off) short.
 */
#define VMALLOC_BULK_MAX	100U

/*
 * vm_area_alloc_pages(): fill @pages (all NULL) with @nr_pages order-0
 * pages, from node @nid first. The bulk allocator takes them up to 100 at
 * a time; once a call returns fewer than asked, the rest come one at a
 * time from the single-page path, which may use the min watermark and
 * the other nodes. SIM: order 0 only (no huge vmalloc), and NUMA_NO_NODE
 * means the local node (no mempolicy to interleave with).
 * Returns the pages allocated; fewer than @nr_pages when memory is short.
 */
static unsigned int vm_area_alloc_pages(gfp_t gfp, int nid,
					unsigned int nr_pages,
					struct page **pages)
{
	unsigned int nr_allocated = 0;

	while (nr_allocated < nr_pages) {
		unsigned int request = nr_pages - nr_allocated;
		unsigned long nr;

		if (request > VMALLOC_BULK_MAX)
			request = VMALLOC_BULK_MAX;
		nr = alloc_pages_bulk_node(gfp, nid, request,
					   pages + nr_allocated);
		nr_allocated += (unsigned int)nr;
		if (nr != request)
			break;
	}
	while (nr_allocated < nr_pages) {
		struct page *page = nid == NUMA_NO_NODE ?
			alloc_pages(gfp, 0) : alloc_pages_node(nid, gfp, 0);

		if (unlikely(!page))
			break;
		pages[nr_allocated++] = page;
	}
	return nr_allocated;
}

/* __vmalloc_area_node(): the pages array, the pages, the PTEs. */
static vaddr_t __vmalloc_area_node(struct vm_struct *area, gfp_t gfp_mask,
				   pgprot_t prot, int node)
{
	struct vmalloc_state *vs = vmalloc_state();
	gfp_t nested_gfp = (gfp_mask & ~(__GFP_HIGHMEM | __GFP_DMA |
					 __GFP_DMA32 | __GFP_MOVABLE)) |
			   __GFP_ZERO;
	unsigned long nr_small_pages = get_vm_area_size(area) >> PAGE_SHIFT;
	unsigned long array_size = nr_small_pages * vs->ptr_size;
	unsigned long *pfns;
	int ret;

	if (!(gfp_mask & (__GFP_DMA | __GFP_DMA32)))
		gfp_mask |= __GFP_HIGHMEM;
	/* The array of struct page pointers, in simulated memory too. */
	if (array_size > PAGE_SIZE)
		area->sim_pages = __vmalloc_node(array_size, 1, nested_gfp,
						 node, area->caller);
	else
		area->sim_pages = kmalloc_node(array_size, nested_gfp, node);
	area->pages = calloc(nr_small_pages, sizeof(*area->pages));
	pfns = calloc(nr_small_pages, sizeof(*pfns));
	if (!area->sim_pages || !area->pages || !pfns) {
		warn_alloc(gfp_mask, "vmalloc error: size %lu, failed to allocated page array size %lu",
			   nr_small_pages * PAGE_SIZE, array_size);
		goto fail;
	}
	area->nr_pages = vm_area_alloc_pages(gfp_mask | __GFP_NOWARN, node,
					     (unsigned int)nr_small_pages,
					     area->pages);
	for (unsigned int i = 0; i < area->nr_pages; i++)
		pfns[i] = page_to_pfn(area->pages[i]);
	vs->nr_vmalloc_pages += area->nr_pages;
	if (area->nr_pages != nr_small_pages) {
		warn_alloc(gfp_mask, "vmalloc error: size %lu, failed to allocate pages",
			   area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	ret = vmap_pfns_range(area->addr, pfns, area->nr_pages, prot);
	if (ret) {
		warn_alloc(gfp_mask, "vmalloc error: size %lu, failed to map pages",
			   area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	free(pfns);
	return area->addr;
fail:
	free(pfns);
	free_area_pages(remove_vm_area(area->addr));
	return 0;
}

/**
 * __vmalloc_node_range - allocate virtually contiguous memory
 * @size: bytes
 * @align: alignment of the area, a power of two
 * @start: lowest address of the range to use
 * @end: end of that range
 * @gfp_mask: for the pages (GFP_KERNEL: HighMem allowed, __GFP_ZERO)
 * @prot: PTE protection (PAGE_KERNEL)
 * @vm_flags: extra VM_* (VM_NO_GUARD)
 * @node: NUMA node of the pages, or NUMA_NO_NODE
 * @caller: shown by /proc/vmallocinfo
 *
 * Size 0 is a WARN and NULL; a size beyond the machine's RAM, a full
 * vmalloc space or a failed page allocation log Linux's "vmalloc error:
 * size N, ..." warn_alloc() line and return NULL with nothing kept.
 *
 * Context: acts on current_machine().
 * Return: the address, or 0.
 */
vaddr_t __vmalloc_node_range(unsigned long size, unsigned long align,
			     vaddr_t start, vaddr_t end, gfp_t gfp_mask,
			     pgprot_t prot, unsigned long vm_flags, int node,
			     const char *caller)
{
	struct machine *m = current_machine();
	unsigned long real_size = size;
	struct vm_struct *area;
	vaddr_t addr;

	if (!size) {
		vm_warn("__vmalloc_node_range", "vmalloc: size 0");
		return 0;
	}
	if ((size >> PAGE_SHIFT) > m->totalram_pages) {
		warn_alloc(gfp_mask, "vmalloc error: size %lu, exceeds total pages",
			   real_size);
		return 0;
	}
	if (node != NUMA_NO_NODE && (node < 0 || node >= m->nr_node_ids)) {
		pr_warn("vmalloc: allocation on node %d, which is not online\n",
			node);
		return 0;
	}
	area = __get_vm_area_node(real_size, align, VM_ALLOC |
				  VM_UNINITIALIZED | vm_flags, start, end,
				  node, gfp_mask, caller);
	if (!area) {
		warn_alloc(gfp_mask, "vmalloc error: size %lu, vm_struct allocation failed",
			   real_size);
		return 0;
	}
	addr = __vmalloc_area_node(area, gfp_mask, prot, node);
	if (addr)
		area->flags &= ~VM_UNINITIALIZED;	/* clear_vm_uninitialized_flag */
	return addr;
}

/**
 * __vmalloc_node - vmalloc with alignment, flags and node
 * @size: bytes
 * @align: alignment, a power of two
 * @gfp_mask: page flags
 * @node: NUMA node, or NUMA_NO_NODE
 * @caller: shown by /proc/vmallocinfo
 *
 * Return: the address, or 0.
 */
vaddr_t __vmalloc_node(unsigned long size, unsigned long align,
		       gfp_t gfp_mask, int node, const char *caller)
{
	const struct kernel_layout *l = &current_machine()->layout;

	return __vmalloc_node_range(size, align, l->vmalloc_start,
				    l->vmalloc_end, gfp_mask, PAGE_KERNEL, 0,
				    node, caller);
}

/**
 * vmalloc - @size bytes, virtually contiguous, from any pages
 * @size: bytes
 *
 * Context: acts on current_machine().
 * Return: the address, or 0.
 */
vaddr_t vmalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, NUMA_NO_NODE, "vmalloc");
}

/** vzalloc - vmalloc() of zeroed memory; Return: the address, or 0 */
vaddr_t vzalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			      "vzalloc");
}

/** vmalloc_node - vmalloc() with pages of NUMA node @node; Return: as vmalloc() */
vaddr_t vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, node, "vmalloc_node");
}

/* The checks of vfree/vunmap; 0 or -EINVAL with @why. */
static int check_free(vaddr_t addr, const char *fn, bool want_alloc,
		      char *why, size_t whylen)
{
	struct vmap_area *va = find_vmap_area(addr);
	const char *reason = NULL;

	if (!is_vmalloc_addr(addr))
		reason = "not a vmalloc address";
	else if (!va)
		reason = vmalloc_area_busy(addr) ? "already freed" :
			 "no area there (never allocated, or already freed)";
	else if (va->va_start != addr)
		reason = "not the start of its area";
	else if (!va->vm || (va->vm->flags & VM_UNINITIALIZED))
		reason = "area not set up";
	else if (want_alloc && (va->vm->flags & VM_IOREMAP))
		reason = "an ioremap area: use iounmap";
	else if (!want_alloc && (va->vm->flags & VM_ALLOC))
		reason = "a vmalloc area: vunmap would leak its pages, use vfree";
	if (!reason)
		return 0;
	snprintf(why, whylen, "%s", reason);
	vm_warn(fn, "Trying to %s() nonexistent vm area (0x%0*llx): %s", fn,
		ptr_digits(), (unsigned long long)addr, reason);
	return -EINVAL;
}

/**
 * vfree_checked - vfree() that reports a bad address instead of a WARN alone
 * @addr: what vmalloc() (or vmap()) returned, or 0
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL (logged as Linux's WARN, nothing freed).
 */
int vfree_checked(vaddr_t addr, char *why, size_t whylen)
{
	struct vm_struct *vm;

	if (!addr)
		return 0;
	if (check_free(addr, "vfree", true, why, whylen))
		return -EINVAL;
	vm = remove_vm_area(addr);
	free_area_pages(vm);
	return 0;
}

/**
 * vfree - release memory from vmalloc()
 * @addr: its address, or 0 (nothing happens)
 *
 * The PTEs are cleared and the pages freed now; the address range waits
 * for the next lazy purge (one TLB flush for many frees). A bad address
 * is a WARN and nothing is freed.
 */
void vfree(vaddr_t addr)
{
	char why[96];

	vfree_checked(addr, why, sizeof(why));
}

/**
 * vmap - map @count existing pages at one virtual range
 * @pages: the pages
 * @count: how many
 * @flags: VM_MAP (others as get_vm_area)
 * @prot: PTE protection (made non-executable, as pgprot_nx())
 *
 * The pages stay the caller's: vunmap() unmaps, it frees nothing.
 *
 * Context: acts on current_machine().
 * Return: the address, or 0.
 */
vaddr_t vmap(struct page **pages, unsigned int count, unsigned long flags,
	     pgprot_t prot)
{
	struct vm_struct *area;
	unsigned long *pfns;

	if (!count || count > current_machine()->totalram_pages)
		return 0;
	area = get_vm_area_caller((unsigned long)count << PAGE_SHIFT, flags,
				  "vmap");
	if (!area)
		return 0;
	pfns = calloc(count, sizeof(*pfns));
	if (!pfns) {
		vunmap(area->addr);
		return 0;
	}
	for (unsigned int i = 0; i < count; i++)
		pfns[i] = page_to_pfn(pages[i]);
	area->map_pfns = pfns;
	area->nr_pages = 0;	/* vmallocinfo: no pages= for vmap */
	prot = __pgprot(pgprot_val(prot) | pt_ops()->pte.nx);
	if (vmap_pfns_range(area->addr, pfns, count, prot)) {
		vunmap(area->addr);
		return 0;
	}
	return area->addr;
}

/** vunmap_checked - vunmap() with the reason of a refusal; 0 or -EINVAL */
int vunmap_checked(vaddr_t addr, char *why, size_t whylen)
{
	if (!addr)
		return 0;
	if (check_free(addr, "vunmap", false, why, whylen))
		return -EINVAL;
	vm_struct_free(remove_vm_area(addr));
	return 0;
}

/**
 * vunmap - release a mapping made by vmap()
 * @addr: what vmap() returned, or 0
 *
 * SIM: Linux unmaps a vmalloc area too (leaking its pages); mmsim
 * refuses it with the WARN.
 */
void vunmap(vaddr_t addr)
{
	char why[96];

	vunmap_checked(addr, why, sizeof(why));
}

/**
 * vmalloc_to_page - the page a vmalloc-space address maps
 * @addr: the address
 *
 * Return: the page, or NULL (not mapped, or not a page of RAM).
 */
struct page *vmalloc_to_page(vaddr_t addr)
{
	unsigned int level;
	pte_t *pte;
	unsigned long pfn;

	pte = lookup_address(addr, &level);
	if (!pte)
		return NULL;
	if (level == PG_LEVEL_4K)
		pfn = pte_pfn(ptep_get(pte));
	else if (level == PG_LEVEL_2M)
		pfn = pmd_pfn(pmdp_get((pmd_t *)pte)) +
		      (unsigned long)((addr & (pt_leaf_size(PT_PMD) - 1)) >>
				      PAGE_SHIFT);
	else
		return NULL;
	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
}

/** vmalloc_to_pfn - page_to_pfn(vmalloc_to_page()); Return: the pfn, or 0 */
unsigned long vmalloc_to_pfn(vaddr_t addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

/** vmalloc_nr_pages - pages held by vmalloc areas (VmallocUsed) */
unsigned long vmalloc_nr_pages(void)
{
	struct vmalloc_state *vs = vmalloc_state();

	return vs ? vs->nr_vmalloc_pages : 0;
}
