// SPDX-License-Identifier: GPL-2.0
/*
 * Architecture dispatch and the linear map (L6).
 *
 * __pa()/__va() mirror arch/x86/mm/physaddr.c (__phys_addr with
 * CONFIG_DEBUG_VIRTUAL: the checks that make a bad __pa() a BUG instead of
 * a wrong number) and arch/arm/include/asm/memory.h (__virt_to_phys).
 * Where Linux would BUG or silently return garbage, mmsim says which
 * region the address is in.
 */
#include <string.h>

#include "arch_internal.h"

/**
 * arch_ops_for - the architecture of an --arch value
 * @id: ARCH_X86_64, ...
 *
 * Return: its const struct arch_ops, or NULL for an unknown id.
 */
const struct arch_ops *arch_ops_for(enum mm_arch_id id)
{
	switch (id) {
	case ARCH_X86_32: return &x86_32_arch_ops;
	case ARCH_X86_32_PAE: return &x86_32_pae_arch_ops;
	case ARCH_X86_64: return &x86_64_arch_ops;
	case ARCH_X86_64_LA57: return &x86_64_la57_arch_ops;
	case ARCH_ARM32: return &arm32_arch_ops;
	case NR_ARCHS: break;
	}
	return NULL;
}

int arch_check_common(const struct arch_ops *ops, const struct machine_config *cfg,
		      u64 max_mem, const char *why, char *err, size_t errlen)
{
	char a[32], b[32];

	if (cfg->mem < ops->min_mem) {
		snprintf(err, errlen, "--mem: %s is below the %s minimum of %s",
			 format_size(cfg->mem, a, sizeof(a)),
			 format_size(ops->min_mem, b, sizeof(b)), ops->name);
		return -EINVAL;
	}
	if (!IS_ALIGNED(cfg->mem, PAGE_SIZE)) {
		snprintf(err, errlen,
			 "--mem: %s is not a multiple of the 4K page size",
			 format_size(cfg->mem, a, sizeof(a)));
		return -EINVAL;
	}
	if (cfg->mem > max_mem) {
		snprintf(err, errlen, "--mem: %s is beyond %s's %s (%s)",
			 format_size(cfg->mem, a, sizeof(a)), ops->name,
			 format_size(max_mem, b, sizeof(b)), why);
		return -EINVAL;
	}
	if (cfg->nodes < 1 || cfg->nodes > ops->max_nodes) {
		snprintf(err, errlen,
			 "--nodes: %d is outside 1..%d (%s's MAX_NUMNODES)",
			 cfg->nodes, ops->max_nodes, ops->name);
		return -EINVAL;
	}
	if (!IS_ALIGNED(cfg->vmalloc, PAGE_SIZE)) {
		snprintf(err, errlen,
			 "--vmalloc: %s is not a multiple of the 4K page size",
			 format_size(cfg->vmalloc, a, sizeof(a)));
		return -EINVAL;
	}
	return 0;
}

int arch_reject_32bit_opts(const struct arch_ops *ops,
			   const struct machine_config *cfg, char *err,
			   size_t errlen)
{
	char a[32];

	/* 3G is every machine's default, so it cannot be told from "unset". */
	if (ops->bits == 64 && cfg->vmsplit != 3 * SZ_1G) {
		snprintf(err, errlen,
			 "--vmsplit: %s has no user/kernel split option (only x86_32 and arm32 kernels choose one)",
			 ops->name);
		return -EINVAL;
	}
	if (ops->bits == 64 && cfg->vmalloc) {
		snprintf(err, errlen,
			 "--vmalloc: %s's vmalloc area is fixed (vmalloc= is a 32-bit option), got %s",
			 ops->name, format_size(cfg->vmalloc, a, sizeof(a)));
		return -EINVAL;
	}
	if (cfg->dma_limit && ops->id != ARCH_ARM32) {
		snprintf(err, errlen,
			 "--dma-limit: only arm32 boards set a device DMA limit; %s's DMA zone is fixed at 16M (ISA)",
			 ops->name);
		return -EINVAL;
	}
	if (cfg->layout != LAYOUT_MAINLINE && ops->id != ARCH_X86_64) {
		snprintf(err, errlen,
			 "--layout: the 4.x layout exists only for x86_64, not %s",
			 ops->name);
		return -EINVAL;
	}
	return 0;
}

phys_addr_t arch_memblock_add_ram(struct machine *m, phys_addr_t lowest,
				  phys_addr_t limit)
{
	phys_addr_t ignored = 0;

	for (int i = 0; i < m->fw.nr; i++) {
		const struct fw_mem_entry *e = &m->fw.map[i];
		phys_addr_t start = ALIGN(e->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);

		if (e->type != E820_TYPE_RAM)
			continue;
		if (end > limit) {
			ignored += end - max_u64(start, limit);
			end = limit;
		}
		start = max_u64(start, lowest);
		if (start < end)
			memblock_add_node(&m->memblock, start, end - start, 0);
	}
	return ignored;
}

/* Why a region is not linearly mapped, by its Linux name. */
static const char *region_why(const char *name)
{
	static const struct {
		const char *name, *why;
	} tab[] = {
		{ "vmalloc", "vmalloc address: vmalloc pages are mapped page by page, not in the linear map (use vmalloc_to_page)" },
		{ "pkmap", "pkmap address: a kmap() window onto a HighMem page, not in the linear map" },
		{ "fixmap", "fixmap address: a compile-time fixed mapping, not in the linear map" },
		{ "cpu_entry_area", "cpu_entry_area address: per-CPU alias mappings, not in the linear map" },
		{ "ldt", "LDT remap address, not in the linear map" },
		{ "modules", "module address: modules are vmalloc-backed, not in the linear map" },
		{ "vmemmap", "vmemmap address: the struct page array, mapped page by page, not in the linear map" },
		{ "vectors", "vectors page address, not in the linear map" },
		{ "espfix", "espfix stack address, not in the linear map" },
		{ "efi", "EFI runtime mapping, not in the linear map" },
		{ "vsyscall", "legacy vsyscall page, not in the linear map" },
		{ "user", "user-space address: only kernel addresses of the linear map have a __pa" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (!strcmp(tab[i].name, name))
			return tab[i].why;
	return "address outside the linear map";
}

/* x86_64: bits 63..va_bits-1 must all equal bit va_bits-1. */
static bool canonical(vaddr_t va, unsigned int va_bits)
{
	s64 s = (s64)(va << (64 - va_bits)) >> (64 - va_bits);

	return (vaddr_t)s == va;
}

/**
 * arch_virt_to_phys - __pa(): a linear-map virtual address to physical
 * @m: a machine whose layout is computed
 * @va: the virtual address
 * @pa: the physical address, on success
 * @why: on failure, why @va has no __pa (names the region)
 *
 * Valid for the direct map up to high_memory (DMA and Normal pages: kernel
 * data, kmalloc) and, on x86_64, for the kernel text mapping at
 * __START_KERNEL_map (__pa_symbol). Everything else is an error.
 *
 * Return: 0, or -EFAULT.
 */
int arch_virt_to_phys(struct machine *m, vaddr_t va, phys_addr_t *pa,
		      const char **why)
{
	const struct kernel_layout *l = &m->layout;
	const struct layout_region *r;

	if (l->va_bits < 64 && l->va_bits > 32 && !canonical(va, l->va_bits)) {
		*why = l->va_bits == 57 ?
			"non-canonical address: bits 63..56 must all equal bit 56 (#GP on access)" :
			"non-canonical address: bits 63..47 must all equal bit 47 (#GP on access)";
		return -EFAULT;
	}
	if (l->va_bits == 32 && va > 0xffffffffULL) {
		*why = "not a 32-bit address";
		return -EFAULT;
	}
	if (va >= l->page_offset && va < l->high_memory) {
		*pa = va - l->page_offset + l->phys_offset;
		return 0;
	}
	r = layout_lookup(l, va);
	if (r && !strcmp(r->name, "kernel text")) {
		/* __phys_addr_symbol(): the image mapping, phys_base 0. */
		*pa = va - r->start;
		if (*pa < PFN_PHYS(m->max_pfn))
			return 0;
		*why = "kernel text mapping beyond the end of RAM";
		return -EFAULT;
	}
	if (r && (!strcmp(r->name, "direct map") || !strcmp(r->name, "lowmem"))) {
		*why = "direct-map address beyond high_memory: no RAM is mapped there";
		return -EFAULT;
	}
	if (r) {
		*why = region_why(r->name);
		return -EFAULT;
	}
	if (va < l->task_size) {
		*why = region_why("user");
		return -EFAULT;
	}
	if (l->va_bits == 32 && va >= l->high_memory && va < l->vmalloc_start) {
		*why = "the VMALLOC_OFFSET guard hole between lowmem and vmalloc";
		return -EFAULT;
	}
	*why = "an unmapped hole of the kernel address space";
	return -EFAULT;
}

/**
 * arch_phys_to_virt - __va(): a physical address to its linear-map address
 * @m: a machine whose layout is computed
 * @pa: the physical address
 * @va: the virtual address, on success
 * @why: on failure, why @pa has no __va (HighMem, beyond RAM)
 *
 * Return: 0, or -EFAULT.
 */
int arch_phys_to_virt(struct machine *m, phys_addr_t pa, vaddr_t *va,
		      const char **why)
{
	const struct kernel_layout *l = &m->layout;
	phys_addr_t low_end = l->phys_offset + (l->high_memory - l->page_offset);

	if (pa < l->phys_offset) {
		*why = "below PHYS_OFFSET: no RAM there, and the linear map starts at PHYS_OFFSET";
		return -EFAULT;
	}
	if (pa < low_end) {
		*va = pa - l->phys_offset + l->page_offset;
		return 0;
	}
	if (pa < PFN_PHYS(m->max_pfn)) {
		*why = "HighMem: above max_low_pfn the kernel has no permanent mapping (use kmap)";
		return -EFAULT;
	}
	if (m->arch && pa >> m->arch->phys_bits) {
		*why = "beyond the physical address bits of this architecture";
		return -EFAULT;
	}
	*why = "beyond the end of RAM (max_pfn)";
	return -EFAULT;
}

/**
 * arch_layout_check - invariants of the computed layout and pfn limits
 * @m: a booted machine
 *
 * Return: 0, or nonzero after check_fail() reports.
 */
int arch_layout_check(struct machine *m)
{
	const struct kernel_layout *l = &m->layout;
	int bad = 0;

	if (m->max_low_pfn > m->max_pfn) {
		check_fail(m, "max_low_pfn %#lx above max_pfn %#lx",
			   m->max_low_pfn, m->max_pfn);
		bad = 1;
	}
	if (l->high_memory < l->page_offset ||
	    (l->vmalloc_start && l->high_memory > l->vmalloc_start)) {
		check_fail(m, "high_memory %#llx outside [PAGE_OFFSET, VMALLOC_START)",
			   (unsigned long long)l->high_memory);
		bad = 1;
	}
	for (int i = 0; i < l->nr_regions; i++) {
		const struct layout_region *a = &l->regions[i];

		if (a->end <= a->start) {
			check_fail(m, "layout region %s is empty or inverted",
				   a->name);
			bad = 1;
		}
		for (int j = i + 1; j < l->nr_regions; j++) {
			const struct layout_region *b = &l->regions[j];

			if (a->start < b->end && b->start < a->end) {
				check_fail(m, "layout regions %s and %s overlap",
					   a->name, b->name);
				bad = 1;
			}
		}
	}
	return bad;
}
