// SPDX-License-Identifier: GPL-2.0
/*
 * setup_arch() and the kernel virtual layout of 32-bit ARM (L5, Z6), after
 * arch/arm/kernel/setup.c, arch/arm/mm/mmu.c (early_vmalloc,
 * adjust_lowmem_bounds), arch/arm/mm/init.c (setup_dma_zone,
 * zone_sizes_init, arm_memblock_init), arch/arm/include/asm/memory.h,
 * pgtable.h, highmem.h, fixmap.h and Documentation/arch/arm/memory.rst.
 *
 * The board: one device-tree memory node of --mem bytes at PHYS_OFFSET 0
 * (as the Raspberry Pi boards have it), short-descriptor (non-LPAE) MMU,
 * so 32-bit physical addresses. SIM: the kernel is built with
 * CONFIG_HIGHMEM and CONFIG_ZONE_DMA; --dma-limit is the board's
 * machine_desc.dma_zone_size. Without it arm_dma_limit is 0xffffffff and
 * ZONE_DMA spans all of lowmem, so ZONE_Normal is empty: exactly the
 * notes' distributions 2 and 4 (note 004).
 *
 * Layout, top first:
 *	0xffff0000	vectors page (high vectors)
 *	0xffc80000 - 0xfff00000	fixmap (FIXADDR_START .. FIXADDR_END)
 *	VMALLOC_START - 0xff800000	vmalloc (VMALLOC_END fixed)
 *	PAGE_OFFSET - high_memory	lowmem (the linear map)
 *	PAGE_OFFSET - 2M		pkmap (PKMAP_BASE, LAST_PKMAP 512)
 *	PAGE_OFFSET - 16M		modules (MODULES_VADDR .. PAGE_OFFSET - 2M)
 */
#include <string.h>

#include <mmsim/paging.h>

#include "arm.h"

#define PHYS_OFFSET_ARM		0ULL
#define TEXT_OFFSET		0x8000ULL	/* kernel entry above the pgd */
#define SWAPPER_PG_DIR_SIZE	0x4000ULL	/* 4096 first-level entries */
#define ARM_PMD_SIZE		SZ_2M		/* two 1M sections per pmd */
#define VMALLOC_OFFSET_ARM	SZ_8M
#define VMALLOC_END_ARM		0xff800000ULL
#define VMALLOC_DEFAULT		(240 * SZ_1M)
#define FIXADDR_START_ARM	0xffc80000ULL
#define FIXADDR_END_ARM		0xfff00000ULL
#define VECTORS_BASE		0xffff0000ULL
#define LAST_PKMAP_ARM		512		/* PTRS_PER_PTE */
#define ARM_IMAGE_SIZE		(8 * SZ_1M)

static int arm_validate(const struct machine_config *cfg, char *err,
			size_t errlen)
{
	char a[32];
	int ret;

	ret = arch_check_common(&arm32_arch_ops, cfg, SZ_4G,
				"32-bit physical addresses without LPAE",
				err, errlen);
	if (!ret)
		ret = arch_reject_32bit_opts(&arm32_arch_ops, cfg, err, errlen);
	if (ret)
		return ret;
	if (cfg->vmsplit != 3 * SZ_1G && cfg->vmsplit != 2 * SZ_1G) {
		snprintf(err, errlen,
			 "--vmsplit: %s is not one of 3G, 2G (arm32's VMSPLIT_3G/2G)",
			 format_size(cfg->vmsplit, a, sizeof(a)));
		return -EINVAL;
	}
	if (cfg->dma_limit && (cfg->dma_limit > SZ_4G ||
			       !IS_ALIGNED(cfg->dma_limit, SZ_1M))) {
		snprintf(err, errlen,
			 "--dma-limit: %s must be a whole number of megabytes up to 4G",
			 format_size(cfg->dma_limit, a, sizeof(a)));
		return -EINVAL;
	}
	if (cfg->vmalloc >= SZ_4G) {
		snprintf(err, errlen,
			 "--vmalloc: %s does not fit in the 4G address space",
			 format_size(cfg->vmalloc, a, sizeof(a)));
		return -EINVAL;
	}
	return 0;
}

/* DT memory node: all RAM in one bank at PHYS_OFFSET. */
static void arm_firmware_memmap(struct machine *m)
{
	fw_memmap_add(&m->fw, PHYS_OFFSET_ARM, m->cfg.mem, E820_TYPE_RAM,
		      "System RAM");
}

/* early_vmalloc(): vmalloc= is clamped, with Linux's warnings. */
static u64 arm_vmalloc_size(struct machine *m)
{
	u64 size = m->cfg.vmalloc, max;

	if (!size)
		return VMALLOC_DEFAULT;
	if (size < SZ_16M) {
		size = SZ_16M;
		pr_warn("vmalloc area is too small, limiting to %lluMiB\n",
			(unsigned long long)(size >> 20));
	}
	max = VMALLOC_END_ARM - (m->cfg.vmsplit + SZ_32M + VMALLOC_OFFSET_ARM);
	if (size > max) {
		size = max;
		pr_warn("vmalloc area is too big, limiting to %lluMiB\n",
			(unsigned long long)(size >> 20));
	}
	return size;
}

/*
 * enum fixed_addresses of arch/arm/include/asm/fixmap.h with NR_CPUS 4
 * (arch/arm/Kconfig's default) and KM_MAX_IDX 16: kmap_local's slots
 * share their indices with early_ioremap()'s, which is only used before
 * paging_init() (K3, K4).
 */
#define NR_CPUS_ARM		4
#define KM_MAX_IDX_ARM		16
#define FIX_EARLYCON_MEM_BASE	0
#define FIX_KMAP_BEGIN_ARM	1	/* __end_of_permanent_fixed_addresses */
#define FIX_KMAP_END_ARM	(FIX_KMAP_BEGIN_ARM + KM_MAX_IDX_ARM * NR_CPUS_ARM - 1)
#define FIX_TEXT_POKE0		(FIX_KMAP_END_ARM + 1)
#define FIX_TEXT_POKE1		(FIX_KMAP_END_ARM + 2)
#define END_OF_FIXMAP_REGION	(FIX_KMAP_END_ARM + 3)
#define TOTAL_FIX_BTMAPS_ARM	(32 * 7)	/* NR_FIX_BTMAPS * SLOTS */
#define FIX_BTMAP_END_ARM	FIX_KMAP_BEGIN_ARM
#define FIX_BTMAP_BEGIN_ARM	(FIX_BTMAP_END_ARM + TOTAL_FIX_BTMAPS_ARM - 1)
#define END_OF_EARLY_IOREMAP	(FIX_BTMAP_BEGIN_ARM + 1)

static void arm_fill_fixmap(struct fixmap_layout *f)
{
	memset(f, 0, sizeof(*f));
	f->top = FIXADDR_END_ARM - PAGE_SIZE;
	f->end_permanent = FIX_KMAP_BEGIN_ARM;
	/* the larger of __end_of_fixmap_region, __end_of_early_ioremap_region */
	f->end = (unsigned int)max_u64(END_OF_FIXMAP_REGION,
				       END_OF_EARLY_IOREMAP);
	f->kmap_begin = FIX_KMAP_BEGIN_ARM;
	f->nr_kmap = FIX_KMAP_END_ARM - FIX_KMAP_BEGIN_ARM + 1;
	f->km_max_idx = KM_MAX_IDX_ARM;
	f->kmap_cpus = NR_CPUS_ARM;
	f->kmap_flush_on_map = true;	/* local_flush_tlb_kernel_page() */
	fixmap_add_range(f, "FIX_EARLYCON_MEM_BASE", NULL,
			 FIX_EARLYCON_MEM_BASE, FIX_EARLYCON_MEM_BASE);
	fixmap_add_range(f, "FIX_KMAP_BEGIN", "FIX_KMAP_END",
			 FIX_KMAP_BEGIN_ARM, FIX_KMAP_END_ARM);
	fixmap_add_range(f, "FIX_TEXT_POKE0", NULL, FIX_TEXT_POKE0,
			 FIX_TEXT_POKE0);
	fixmap_add_range(f, "FIX_TEXT_POKE1", NULL, FIX_TEXT_POKE1,
			 FIX_TEXT_POKE1);
	fixmap_add_range(f, "FIX_BTMAP_END", "FIX_BTMAP_BEGIN",
			 FIX_BTMAP_END_ARM, FIX_BTMAP_BEGIN_ARM);
}

static void arm_fill_layout(struct machine *m, phys_addr_t lowmem_limit)
{
	struct kernel_layout *l = &m->layout;
	vaddr_t page_offset = m->cfg.vmsplit;	/* CONFIG_PAGE_OFFSET */

	l->va_bits = 32;
	l->page_offset = page_offset;
	l->phys_offset = PHYS_OFFSET_ARM;
	l->task_size = page_offset - SZ_16M;	/* TASK_SIZE */
	/* high_memory = __va(arm_lowmem_limit - 1) + 1 */
	l->high_memory = page_offset + (lowmem_limit - PHYS_OFFSET_ARM);
	l->vmalloc_start = (l->high_memory + VMALLOC_OFFSET_ARM) &
			   ~(VMALLOC_OFFSET_ARM - 1);
	l->vmalloc_end = VMALLOC_END_ARM;
	l->modules_vaddr = page_offset - SZ_16M;
	l->modules_end = page_offset - ARM_PMD_SIZE;	/* CONFIG_HIGHMEM */
	l->pkmap_base = page_offset - ARM_PMD_SIZE;
	l->last_pkmap = LAST_PKMAP_ARM;
	l->fixaddr_start = FIXADDR_START_ARM;
	l->fixaddr_top = FIXADDR_END_ARM - PAGE_SIZE;
	arm_fill_fixmap(&l->fixmap);
	l->vmemmap_base = 0;
	l->kernel_start = page_offset + (m->kernel_phys_start - PHYS_OFFSET_ARM);

	/* Top-down, as arch/arm/mm/init.c's mem_init() printed it. */
	l->nr_regions = 0;
	layout_add(l, "vectors", VECTORS_BASE, VECTORS_BASE + PAGE_SIZE);
	layout_add(l, "fixmap", FIXADDR_START_ARM, FIXADDR_END_ARM);
	layout_add(l, "vmalloc", l->vmalloc_start, l->vmalloc_end);
	layout_add(l, "lowmem", page_offset, l->high_memory);
	layout_add(l, "pkmap", l->pkmap_base,
		   l->pkmap_base + LAST_PKMAP_ARM * PAGE_SIZE);
	layout_add(l, "modules", l->modules_vaddr, l->modules_end);
	layout_add(l, "user", 0, l->task_size);
}

/* arm_memblock_init(): the kernel image and the first-level page table. */
static void arm_reserve_kernel(struct machine *m)
{
	phys_addr_t start = PHYS_OFFSET_ARM + TEXT_OFFSET;
	phys_addr_t size = ARM_IMAGE_SIZE;

	if (start + size + SZ_8M > PHYS_OFFSET_ARM + m->cfg.mem)
		size = ALIGN_DOWN(m->cfg.mem / 2, PAGE_SIZE);	/* SIM */
	memblock_reserve(&m->memblock, PHYS_OFFSET_ARM + SWAPPER_PG_DIR_SIZE,
			 SWAPPER_PG_DIR_SIZE, "swapper_pg_dir");
	memblock_reserve(&m->memblock, start, size, "Kernel code/data");
	m->kernel_phys_start = start;
	m->kernel_phys_end = start + size;
}

static int arm_setup_arch(struct machine *m)
{
	phys_addr_t vmalloc_limit, lowmem_limit, memblock_limit, dram_end;
	unsigned long dma_pfn_limit;
	u64 vmalloc_size;

	m->ignored_ram = arch_memblock_add_ram(m, 0, SZ_4G);
	pr_info("OF: fdt: Machine model: mmsim ARM board\n");
	arm_reserve_kernel(m);

	/* adjust_lowmem_bounds(), with a single memory bank. */
	vmalloc_size = arm_vmalloc_size(m);
	vmalloc_limit = VMALLOC_END_ARM - vmalloc_size - VMALLOC_OFFSET_ARM -
			m->cfg.vmsplit + PHYS_OFFSET_ARM;
	dram_end = memblock_end_of_DRAM(&m->memblock);
	lowmem_limit = min_u64(vmalloc_limit, dram_end);
	memblock_limit = ALIGN_DOWN(lowmem_limit, ARM_PMD_SIZE);
	m->memblock.current_limit = memblock_limit;

	/* find_limits() of arch/arm/mm/init.c. */
	m->min_low_pfn = PFN_UP(memblock_start_of_DRAM(&m->memblock));
	m->max_low_pfn = PFN_DOWN(memblock_limit);
	m->max_pfn = PFN_DOWN(dram_end);

	/*
	 * setup_dma_zone() and zone_sizes_init(). Linux's arm_dma_pfn_limit is
	 * the pfn of the last DMA-able byte, and zone_sizes_init() uses it as
	 * the exclusive zone end: a 32M limit gives a DMA zone one page short
	 * of 32M. Kept as Linux has it.
	 */
	if (m->cfg.dma_limit)
		dma_pfn_limit = (PHYS_OFFSET_ARM + m->cfg.dma_limit - 1) >>
				PAGE_SHIFT;
	else
		dma_pfn_limit = 0xffffffffUL >> PAGE_SHIFT;
	memset(m->max_zone_pfn, 0, sizeof(m->max_zone_pfn));
	m->max_zone_pfn[ZONE_DMA] = min_u64(dma_pfn_limit, m->max_low_pfn);
	m->max_zone_pfn[ZONE_NORMAL] = m->max_low_pfn;
	m->max_zone_pfn[ZONE_HIGHMEM] = m->max_pfn;

	arm_fill_layout(m, lowmem_limit);
	layout_dmesg(m);
	return 0;
}

const struct arch_ops arm32_arch_ops = {
	.name = "arm32",
	.id = ARCH_ARM32,
	.bits = 32,
	.phys_bits = 32,
	.struct_page_size = 32,
	.zones = BIT(ZONE_DMA) | BIT(ZONE_NORMAL) | BIT(ZONE_HIGHMEM) |
		 BIT(ZONE_MOVABLE),
	.max_nodes = 1,			/* no NUMA on arm32 */
	.min_mem = SZ_16M,
	/* short descriptors: no hugetlb, no THP: pageblock_order 10 */
	.hugetlb_page_order = 0,
	.validate = arm_validate,
	.firmware_memmap = arm_firmware_memmap,
	.setup_arch = arm_setup_arch,
	.paging_init = arm_paging_init,
	.check = arch_layout_check,
};
