// SPDX-License-Identifier: GPL-2.0
/*
 * setup_arch() for the four x86 kernels, after arch/x86/kernel/setup.c,
 * arch/x86/kernel/e820.c (e820__memblock_setup, e820__end_of_ram_pfn),
 * arch/x86/mm/init_32.c (find_low_pfn_range, initmem_init) and
 * arch/x86/mm/init.c (zone_sizes_init).
 *
 * Order, as in Linux: print the BIOS map, trim the first page
 * (trim_bios_range), feed memblock with the RAM the architecture can
 * address, reserve the kernel image and the first 1 MiB, decide max_pfn
 * and max_low_pfn, the zone limits and, once high_memory is known, the
 * virtual layout.
 */
#include <string.h>

#include <mmsim/paging.h>

#include "x86.h"

/* Per --arch facts that Linux has as CONFIG_ options and constants. */
struct x86_variant {
	bool is64, pae, la57;
	unsigned long max_arch_pfn;	/* MAX_ARCH_PFN of e820.c */
	u64 hw_max_mem;			/* largest --mem accepted */
	const char *hw_why;
	u64 image_size;			/* _text.._end of a defconfig kernel */
};

static const struct x86_variant v_x86_32 = {
	.max_arch_pfn = MAX_NONPAE_PFN,
	.hw_max_mem = 64 * SZ_1G,
	.hw_why = "a PC's 36-bit memory bus",
	.image_size = 8 * SZ_1M,
};

static const struct x86_variant v_x86_32_pae = {
	.pae = true,
	.max_arch_pfn = 1UL << (36 - PAGE_SHIFT),
	.hw_max_mem = 64 * SZ_1G,
	.hw_why = "36-bit PAE physical addresses",
	.image_size = 8 * SZ_1M,
};

static const struct x86_variant v_x86_64 = {
	.is64 = true,
	.max_arch_pfn = 1UL << (46 - PAGE_SHIFT),	/* MAXMEM >> PAGE_SHIFT */
	.hw_max_mem = 1ULL << 46,
	.hw_why = "MAX_PHYSMEM_BITS 46 of 4-level paging",
	.image_size = 16 * SZ_1M,
};

static const struct x86_variant v_x86_64_la57 = {
	.is64 = true,
	.la57 = true,
	.max_arch_pfn = 1UL << (52 - PAGE_SHIFT),
	.hw_max_mem = 1ULL << 52,
	.hw_why = "MAX_PHYSMEM_BITS 52 of 5-level paging",
	.image_size = 16 * SZ_1M,
};

static const struct x86_variant *variant(enum mm_arch_id id)
{
	switch (id) {
	case ARCH_X86_32: return &v_x86_32;
	case ARCH_X86_32_PAE: return &v_x86_32_pae;
	case ARCH_X86_64: return &v_x86_64;
	case ARCH_X86_64_LA57: return &v_x86_64_la57;
	default: return NULL;
	}
}

static int x86_validate(const struct machine_config *cfg, char *err,
			size_t errlen)
{
	const struct arch_ops *ops = arch_ops_for(cfg->arch);
	const struct x86_variant *v = variant(cfg->arch);
	char a[32], b[32], c[32];
	int ret;

	if (!ops || !v) {
		snprintf(err, errlen, "--arch: not an x86 kernel");
		return -EINVAL;
	}
	ret = arch_check_common(ops, cfg, v->hw_max_mem, v->hw_why, err, errlen);
	if (!ret)
		ret = arch_reject_32bit_opts(ops, cfg, err, errlen);
	if (ret || v->is64)
		return ret;

	/* VMSPLIT_3G / VMSPLIT_2G / VMSPLIT_1G: CONFIG_PAGE_OFFSET. */
	if (cfg->vmsplit != 3 * SZ_1G && cfg->vmsplit != 2 * SZ_1G &&
	    cfg->vmsplit != SZ_1G) {
		snprintf(err, errlen,
			 "--vmsplit: %s is not one of 3G, 2G, 1G (VMSPLIT_3G/2G/1G user space)",
			 format_size(cfg->vmsplit, a, sizeof(a)));
		return -EINVAL;
	}
	if (cfg->vmalloc) {
		s64 maxmem = x86_32_maxmem(cfg, v->pae);
		struct x86_32_top t;

		x86_32_layout_top(v->pae, &t);
		if (cfg->vmalloc >= SZ_4G || maxmem < (s64)(64 * SZ_1M)) {
			u64 most = t.vmalloc_end - cfg->vmsplit - 64 * SZ_1M -
				   SZ_8M;

			snprintf(err, errlen,
				 "--vmalloc: %s leaves less than 64M of lowmem on %s with the %s split (at most %s)",
				 format_size(cfg->vmalloc, a, sizeof(a)),
				 ops->name,
				 format_size(cfg->vmsplit, b, sizeof(b)),
				 format_size(ALIGN_DOWN(most, SZ_1M), c,
					       sizeof(c)));
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The bootloader puts the kernel at CONFIG_PHYSICAL_START (16 MiB). SIM: on
 * machines too small for that, it goes right after the first MiB, and a
 * tiny machine gets a smaller kernel, so every --mem >= 16M boots.
 */
static void x86_reserve_kernel(struct machine *m, const struct x86_variant *v)
{
	phys_addr_t ram_low = min_u64(m->cfg.mem, 3 * SZ_1G);
	phys_addr_t start = SZ_16M, size = v->image_size;

	if (start + size + SZ_16M > ram_low) {
		start = SZ_1M;
		if (start + size + SZ_4M > ram_low)
			size = ALIGN_DOWN((ram_low - start) / 2, PAGE_SIZE);
	}
	m->kernel_phys_start = start;
	m->kernel_phys_end = start + size;
	memblock_reserve(&m->memblock, start, size, "Kernel code/data");
}

#define pages_to_mb(x)	((x) >> (20 - PAGE_SHIFT))

/*
 * find_low_pfn_range() and initmem_init() of init_32.c: lowmem is what
 * fits below MAXMEM; the rest of RAM is HighMem (CONFIG_HIGHMEM is on for
 * both x86_32 kernels here: HIGHMEM4G without PAE, HIGHMEM64G with).
 */
static void find_low_pfn_range(struct machine *m, bool pae)
{
	unsigned long maxmem_pfn = PFN_DOWN(x86_32_maxmem(&m->cfg, pae));
	unsigned long highstart;

	if (m->max_pfn <= maxmem_pfn)
		m->max_low_pfn = m->max_pfn;
	else
		m->max_low_pfn = maxmem_pfn;
	highstart = m->max_low_pfn;
	pr_notice("%luMB HIGHMEM available.\n",
		  pages_to_mb(m->max_pfn - highstart));
	pr_notice("%luMB LOWMEM available.\n", pages_to_mb(m->max_low_pfn));
}

/* zone_sizes_init() of arch/x86/mm/init.c. */
static void x86_zone_limits(struct machine *m, bool is64)
{
	memset(m->max_zone_pfn, 0, sizeof(m->max_zone_pfn));
	/*
	 * Zones the kernel is not configured with stay 0, as in Linux's
	 * "unsigned long max_zone_pfns[MAX_NR_ZONES] = { 0 }": free_area_init()
	 * then gives them an empty span. ZONE_MOVABLE is only ever sized by
	 * kernelcore=/movablecore=.
	 */
	m->max_zone_pfn[ZONE_DMA] = min_u64(MAX_DMA_PFN, m->max_low_pfn);
	if (is64)
		m->max_zone_pfn[ZONE_DMA32] = min_u64(MAX_DMA32_PFN,
						      m->max_low_pfn);
	m->max_zone_pfn[ZONE_NORMAL] = m->max_low_pfn;
	if (!is64)
		m->max_zone_pfn[ZONE_HIGHMEM] = m->max_pfn;
}

static int x86_setup_arch(struct machine *m)
{
	const struct x86_variant *v = variant(m->cfg.arch);
	phys_addr_t ignored;

	if (!v)
		return -EINVAL;
	/* The BIOS map itself is printed by start_kernel() before us. */
	/* trim_bios_range(): page 0 holds the BIOS data area. */
	pr_info("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n");

	ignored = arch_memblock_add_ram(m, PAGE_SIZE,
					PFN_PHYS((phys_addr_t)v->max_arch_pfn));
	m->ignored_ram = ignored;
	m->max_pfn = PFN_DOWN(memblock_end_of_DRAM(&m->memblock));
	m->min_low_pfn = PFN_UP(memblock_start_of_DRAM(&m->memblock));
	pr_info("e820: last_pfn = %#lx max_arch_pfn = %#lx\n", m->max_pfn,
		v->max_arch_pfn);
	if (ignored && !v->pae && !v->is64)
		pr_warn("Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!\n");
	else if (ignored)
		/* SIM: Linux clamps silently at max_arch_pfn. */
		pr_warn("Warning: %lluMB of RAM above max_arch_pfn %#lx ignored\n",
			(unsigned long long)(ignored >> 20), v->max_arch_pfn);

	x86_reserve_kernel(m, v);
	/*
	 * Since Linux 5.13 the first 1 MiB is always reserved (BIOS data,
	 * real-mode trampoline, and firmware that scribbles on low memory):
	 * arch/x86/realmode/init.c reserve_real_mode().
	 */
	memblock_reserve(&m->memblock, 0, SZ_1M, "BIOS/real mode (first 1M)");

	if (v->is64)
		m->max_low_pfn = m->max_pfn;	/* init_mem_mapping() */
	else
		find_low_pfn_range(m, v->pae);
	x86_zone_limits(m, v->is64);
	/* memblock_set_current_limit(get_max_mapped()): lowmem only. */
	m->memblock.current_limit = PFN_PHYS((phys_addr_t)m->max_low_pfn);

	if (v->is64)
		x86_64_fill_layout(m, v->la57);
	else
		x86_32_fill_layout(m, v->pae);
	layout_dmesg(m);
	return 0;
}

#define X86_32_ZONES	(BIT(ZONE_DMA) | BIT(ZONE_NORMAL) | \
			 BIT(ZONE_HIGHMEM) | BIT(ZONE_MOVABLE))
#define X86_64_ZONES	(BIT(ZONE_DMA) | BIT(ZONE_DMA32) | \
			 BIT(ZONE_NORMAL) | BIT(ZONE_MOVABLE) | BIT(ZONE_DEVICE))

/* What the four x86 flavours share: e820 boot, one setup and paging path. */
#define X86_COMMON_OPS						\
	.min_mem = SZ_16M,					\
	.validate = x86_validate,				\
	.firmware_memmap = e820_firmware_memmap,		\
	.setup_arch = x86_setup_arch,				\
	.paging_init = x86_paging_init,				\
	.report_meminfo = x86_report_meminfo,			\
	.check = arch_layout_check

const struct arch_ops x86_32_arch_ops = {
	.name = "x86_32",
	.id = ARCH_X86_32,
	.bits = 32,
	.phys_bits = 32,
	.struct_page_size = 32,
	.zones = X86_32_ZONES,
	.max_nodes = 8,			/* NODES_SHIFT 3 */
	.hugetlb_page_order = 10,	/* two-level: PMD_SHIFT 22 - 12 */
	X86_COMMON_OPS,
};

const struct arch_ops x86_32_pae_arch_ops = {
	.name = "x86_32_pae",
	.id = ARCH_X86_32_PAE,
	.bits = 32,
	.phys_bits = 36,
	.struct_page_size = 32,
	.zones = X86_32_ZONES,
	.max_nodes = 8,
	.hugetlb_page_order = 9,	/* PMD_SHIFT 21 - PAGE_SHIFT 12 */
	X86_COMMON_OPS,
};

const struct arch_ops x86_64_arch_ops = {
	.name = "x86_64",
	.id = ARCH_X86_64,
	.bits = 64,
	.phys_bits = 46,
	.struct_page_size = 64,
	.zones = X86_64_ZONES,
	.max_nodes = 64,		/* NODES_SHIFT 6 */
	.hugetlb_page_order = 9,	/* PMD_SHIFT 21 - PAGE_SHIFT 12 */
	X86_COMMON_OPS,
};

const struct arch_ops x86_64_la57_arch_ops = {
	.name = "x86_64_la57",
	.id = ARCH_X86_64_LA57,
	.bits = 64,
	.phys_bits = 52,
	.struct_page_size = 64,
	.zones = X86_64_ZONES,
	.max_nodes = 64,
	.hugetlb_page_order = 9,	/* PMD_SHIFT 21 - PAGE_SHIFT 12 */
	X86_COMMON_OPS,
};
