// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_32 kernel virtual layout (L1-L3), computed with the formulas of
 * arch/x86/include/asm/pgtable_32_areas.h, fixmap.h, cpu_entry_area.h and
 * page_32_types.h. Top of the 4 GiB space first:
 *
 *	FIXADDR_TOP = 0xfffff000		one page left unused at the top
 *	FIXADDR_START = FIXADDR_TOP - FIXADDR_SIZE	permanent fixmap slots
 *	FIXADDR_TOT_START			... plus 512 early-ioremap slots
 *	CPU_ENTRY_AREA_BASE = (FIXADDR_TOT_START - PAGE_SIZE *
 *			       (CPU_ENTRY_AREA_PAGES + 1)) & PMD_MASK
 *	LDT_BASE_ADDR = (CPU_ENTRY_AREA_BASE - PAGE_SIZE) & PMD_MASK
 *	PKMAP_BASE = (LDT_BASE_ADDR - PAGE_SIZE) & PMD_MASK
 *	VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE
 *	MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE
 *	high_memory = __va(max_low_pfn << PAGE_SHIFT)
 *	VMALLOC_START = high_memory + VMALLOC_OFFSET
 *
 * The notes' (2.6-era) PKMAP_BASE formula starts from FIXADDR_BOOT_START;
 * since 4.15 the cpu_entry_area and the PTI LDT remap sit between fixmap
 * and pkmap, so the same formula chain gives lower addresses today (see
 * docs/notes-vs-linux.md, L2).
 */
#include <string.h>

#include "x86.h"

/* SIM: compile-time configuration of the simulated i386 kernel. */
#define NR_CPUS			8	/* CONFIG_NR_CPUS default on X86_32 */
#define MAX_IO_APICS		64	/* apicdef.h, CONFIG_X86_32 */
#define KM_MAX_IDX		16	/* kmap_size.h: kmap_local slots per CPU */
#define NR_FIX_BTMAPS		64
#define FIX_BTMAPS_SLOTS	8
#define TOTAL_FIX_BTMAPS	(NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS)
#define PTRS_PER_PTE_NONPAE	1024
#define PTRS_PER_PTE_PAE	512

/*
 * enum fixed_addresses of arch/x86/include/asm/fixmap.h for a defconfig
 * i386 kernel (LOCAL_APIC, IO_APIC, KMAP_LOCAL via HIGHMEM, PCI_MMCONFIG;
 * no OHCI1394 early DMA, no PARAVIRT_XXL, no APEI GHES, no Intel TXT).
 * Slot i lives at __fix_to_virt(i) = FIXADDR_TOP - (i << PAGE_SHIFT).
 */
enum fixed_addresses_32 {
	FIX_HOLE,
	FIX_DBGP_BASE,
	FIX_EARLYCON_MEM_BASE,
	FIX_APIC_BASE,
	FIX_IO_APIC_BASE_0,
	FIX_IO_APIC_BASE_END = FIX_IO_APIC_BASE_0 + MAX_IO_APICS - 1,
	FIX_KMAP_BEGIN,		/* kmap_local / kmap_atomic slots (K3) */
	FIX_KMAP_END = FIX_KMAP_BEGIN + (KM_MAX_IDX * NR_CPUS) - 1,
	FIX_PCIE_MCFG,
	__end_of_permanent_fixed_addresses_32,
};

/*
 * The 512 boot-time slots of early_ioremap(), rounded up so they do not
 * straddle a page-table page (the FIX_BTMAP_END expression of fixmap.h,
 * the same on x86_64).
 */
unsigned long x86_end_of_fixed_addresses(unsigned long end_perm,
					 unsigned long ptrs_per_pte)
{
	unsigned long btmap_end, btmap_begin;

	if ((end_perm ^ (end_perm + TOTAL_FIX_BTMAPS - 1)) & -ptrs_per_pte)
		btmap_end = end_perm + TOTAL_FIX_BTMAPS -
			    (end_perm & (TOTAL_FIX_BTMAPS - 1));
	else
		btmap_end = end_perm;
	btmap_begin = btmap_end + TOTAL_FIX_BTMAPS - 1;
	return btmap_begin + 1;		/* __end_of_fixed_addresses */
}

/* The enum above as data, for set_fixmap() and kmap_local (K3, K4). */
static void x86_32_fill_fixmap(struct fixmap_layout *f, vaddr_t top,
			       unsigned long ptrs)
{
	unsigned long end_perm = __end_of_permanent_fixed_addresses_32;
	unsigned int end = x86_end_of_fixed_addresses(end_perm, ptrs);

	memset(f, 0, sizeof(*f));
	f->top = top;
	f->end_permanent = end_perm;
	f->end = end;
	f->kmap_begin = FIX_KMAP_BEGIN;
	f->nr_kmap = FIX_KMAP_END - FIX_KMAP_BEGIN + 1;
	f->km_max_idx = KM_MAX_IDX;
	f->kmap_cpus = NR_CPUS;
	fixmap_add_range(f, "FIX_HOLE", NULL, FIX_HOLE, FIX_HOLE);
	fixmap_add_range(f, "FIX_DBGP_BASE", NULL, FIX_DBGP_BASE,
			 FIX_DBGP_BASE);
	fixmap_add_range(f, "FIX_EARLYCON_MEM_BASE", NULL,
			 FIX_EARLYCON_MEM_BASE, FIX_EARLYCON_MEM_BASE);
	fixmap_add_range(f, "FIX_APIC_BASE", NULL, FIX_APIC_BASE,
			 FIX_APIC_BASE);
	fixmap_add_range(f, "FIX_IO_APIC_BASE_0", "FIX_IO_APIC_BASE_END",
			 FIX_IO_APIC_BASE_0, FIX_IO_APIC_BASE_END);
	fixmap_add_range(f, "FIX_KMAP_BEGIN", "FIX_KMAP_END", FIX_KMAP_BEGIN,
			 FIX_KMAP_END);
	fixmap_add_range(f, "FIX_PCIE_MCFG", NULL, FIX_PCIE_MCFG,
			 FIX_PCIE_MCFG);
	/* early_ioremap()'s slots: FIX_BTMAP_END is the lower index. */
	fixmap_add_range(f, "FIX_BTMAP_END", "FIX_BTMAP_BEGIN",
			 end - TOTAL_FIX_BTMAPS, end - 1);
}

/*
 * sizeof(struct cpu_entry_area) in pages on i386 (cpu_entry_area.h): gdt
 * (1) + entry_stack_page (1) + tss_struct with the 8K+8K I/O bitmaps
 * (5, page aligned) + doublefault guard and stack (2) + Intel debug store
 * (1) + BTS/PEBS buffers (16 + 1).
 */
#define CEA_PAGES_PER_CPU	27
#define CPU_ENTRY_AREA_PAGES	(NR_CPUS * CEA_PAGES_PER_CPU)

/**
 * x86_32_layout_top - the fixed part of the x86_32 layout, above vmalloc
 * @pae: CONFIG_X86_PAE (PMD 2M, LAST_PKMAP 512) or not (PMD = PGDIR 4M,
 *	LAST_PKMAP 1024)
 * @t: filled in
 *
 * None of this depends on RAM size or the user/kernel split.
 */
void x86_32_layout_top(bool pae, struct x86_32_top *t)
{
	u64 pmd_mask = ~((pae ? SZ_2M : SZ_4M) - 1);
	unsigned long ptrs = pae ? PTRS_PER_PTE_PAE : PTRS_PER_PTE_NONPAE;
	unsigned long end_perm = __end_of_permanent_fixed_addresses_32;

	t->fixaddr_top = 0xfffff000ULL;
	t->fixaddr_start = t->fixaddr_top - ((u64)end_perm << PAGE_SHIFT);
	t->fixaddr_tot_start = t->fixaddr_top -
		((u64)x86_end_of_fixed_addresses(end_perm, ptrs) << PAGE_SHIFT);
	t->cpu_entry_area_base = (t->fixaddr_tot_start -
		PAGE_SIZE * (CPU_ENTRY_AREA_PAGES + 1)) & pmd_mask;
	/* CPU_ENTRY_AREA_MAP_SIZE: the read-only IDT page + all CPUs. */
	t->cpu_entry_area_end = t->cpu_entry_area_base + PAGE_SIZE +
		(u64)CPU_ENTRY_AREA_PAGES * PAGE_SIZE;
	t->ldt_base = (t->cpu_entry_area_base - PAGE_SIZE) & pmd_mask;
	t->ldt_end = t->ldt_base + (pae ? SZ_2M : SZ_4M);
	t->pkmap_base = (t->ldt_base - PAGE_SIZE) & pmd_mask;
	t->last_pkmap = pae ? 512 : 1024;
	t->vmalloc_end = t->pkmap_base - 2 * PAGE_SIZE;
}

u64 x86_32_vmalloc_reserve(const struct machine_config *cfg)
{
	/* parse_vmalloc(): the guard hole is added to the asked size. */
	return cfg->vmalloc ? cfg->vmalloc + SZ_8M : SZ_128M;
}

s64 x86_32_maxmem(const struct machine_config *cfg, bool pae)
{
	struct x86_32_top t;

	x86_32_layout_top(pae, &t);
	return (s64)t.vmalloc_end - (s64)cfg->vmsplit -
	       (s64)x86_32_vmalloc_reserve(cfg);
}

/**
 * x86_32_fill_layout - compute m->layout for x86_32 / x86_32_pae
 * @m: the machine, with m->max_low_pfn decided by find_low_pfn_range()
 * @pae: PAE paging
 *
 * PAGE_OFFSET is CONFIG_PAGE_OFFSET of VMSPLIT_3G/2G/1G, i.e. the size of
 * user space; TASK_SIZE equals it on x86_32. Modules live inside vmalloc
 * (MODULES_VADDR = VMALLOC_START).
 */
void x86_32_fill_layout(struct machine *m, bool pae)
{
	struct kernel_layout *l = &m->layout;
	struct x86_32_top t;

	x86_32_layout_top(pae, &t);
	l->va_bits = 32;
	l->page_offset = m->cfg.vmsplit;
	l->task_size = l->page_offset;
	l->phys_offset = 0;
	l->high_memory = layout_va(l, PFN_PHYS(m->max_low_pfn));
	l->vmalloc_start = l->high_memory + SZ_8M;	/* VMALLOC_OFFSET */
	l->vmalloc_end = t.vmalloc_end;
	l->modules_vaddr = l->vmalloc_start;
	l->modules_end = l->vmalloc_end;
	l->pkmap_base = t.pkmap_base;
	l->last_pkmap = t.last_pkmap;
	l->fixaddr_start = t.fixaddr_start;
	l->fixaddr_top = t.fixaddr_top;
	x86_32_fill_fixmap(&l->fixmap, t.fixaddr_top,
			   pae ? PTRS_PER_PTE_PAE : PTRS_PER_PTE_NONPAE);
	l->vmemmap_base = 0;
	l->kernel_start = layout_va(l, m->kernel_phys_start);

	/* Top-down, as init_32.c's mem_init() printed it. */
	l->nr_regions = 0;
	layout_add(l, "fixmap", t.fixaddr_start, t.fixaddr_top);
	layout_add(l, "cpu_entry_area", t.cpu_entry_area_base,
		   t.cpu_entry_area_end);
	layout_add(l, "ldt", t.ldt_base, t.ldt_end);
	layout_add(l, "pkmap", t.pkmap_base,
		   t.pkmap_base + (u64)t.last_pkmap * PAGE_SIZE);
	layout_add(l, "vmalloc", l->vmalloc_start, l->vmalloc_end);
	layout_add(l, "lowmem", l->page_offset, l->high_memory);
	layout_add(l, "user", 0, l->task_size);
}
