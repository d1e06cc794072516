// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_64 kernel virtual layout (L4): Documentation/arch/x86/x86_64/
 * mm.rst, arch/x86/include/asm/page_64_types.h, pgtable_64_types.h,
 * fixmap.h. Three generations:
 *
 *   mainline, 4-level (48-bit):	page_offset_base 0xffff888000000000,
 *	vmalloc_base 0xffffc90000000000, vmemmap_base 0xffffea0000000000
 *   mainline, 5-level (LA57, 57-bit):	page_offset_base 0xff11000000000000,
 *	vmalloc_base 0xffa0000000000000, vmemmap_base 0xffd4000000000000
 *   4.x (4.15-4.19), 4-level:		direct map at 0xffff880000000000,
 *	the table of note 001
 *
 * SIM: no KASLR (CONFIG_RANDOMIZE_MEMORY off), so the bases are the
 * documented defaults and KERNEL_IMAGE_SIZE is 512 MiB; no KASAN shadow.
 */
#include <string.h>

#include "x86.h"

#define START_KERNEL_MAP	0xffffffff80000000ULL	/* __START_KERNEL_map */
#define KERNEL_IMAGE_SIZE	(512 * SZ_1M)
#define MODULES_END		0xffffffffff000000ULL
#define VSYSCALL_ADDR		0xffffffffff600000ULL	/* -10 MiB */
#define CPU_ENTRY_AREA_BASE	0xfffffe0000000000ULL	/* PGD entry -4 */
#define ESPFIX_BASE_ADDR	0xffffff0000000000ULL	/* PGD entry -2 */
#define EFI_VA_END		0xffffffef00000000ULL	/* -68 GiB */
#define EFI_VA_START		0xffffffff00000000ULL	/* -4 GiB */
#define P4D_SIZE_4LEVEL		(1ULL << 39)		/* one PGD entry */
#define SZ_1T			(1ULL << 40)
#define SZ_1P			(1ULL << 50)

/*
 * FIXADDR_TOP = round_up(VSYSCALL_ADDR + PAGE_SIZE, PMD_SIZE) - PAGE_SIZE:
 * the vsyscall page is the first fixmap slot.
 */
#define FIXADDR_TOP_64 \
	(ALIGN(VSYSCALL_ADDR + PAGE_SIZE, SZ_2M) - PAGE_SIZE)

#define MAX_IO_APICS_64		128

/*
 * enum fixed_addresses of an x86_64 defconfig (VSYSCALL_EMULATION,
 * LOCAL_APIC, IO_APIC; no KMAP_LOCAL: no HighMem on 64-bit).
 */
enum fixed_addresses_64 {
	VSYSCALL_PAGE = (FIXADDR_TOP_64 - VSYSCALL_ADDR) >> PAGE_SHIFT,
	FIX_DBGP_BASE_64,
	FIX_EARLYCON_MEM_BASE_64,
	FIX_APIC_BASE_64,
	FIX_IO_APIC_BASE_0_64,
	FIX_IO_APIC_BASE_END_64 = FIX_IO_APIC_BASE_0_64 + MAX_IO_APICS_64 - 1,
	__end_of_permanent_fixed_addresses_64,
};

/* The enum above as data for set_fixmap() (K4); no kmap_local slots. */
static void x86_64_fill_fixmap(struct fixmap_layout *f)
{
	unsigned int end_perm = __end_of_permanent_fixed_addresses_64;
	unsigned int end = x86_end_of_fixed_addresses(end_perm, 512);

	memset(f, 0, sizeof(*f));
	f->top = FIXADDR_TOP_64;
	f->end_permanent = end_perm;
	f->end = end;
	fixmap_add_range(f, "VSYSCALL_PAGE", NULL, VSYSCALL_PAGE,
			 VSYSCALL_PAGE);
	fixmap_add_range(f, "FIX_DBGP_BASE", NULL, FIX_DBGP_BASE_64,
			 FIX_DBGP_BASE_64);
	fixmap_add_range(f, "FIX_EARLYCON_MEM_BASE", NULL,
			 FIX_EARLYCON_MEM_BASE_64, FIX_EARLYCON_MEM_BASE_64);
	fixmap_add_range(f, "FIX_APIC_BASE", NULL, FIX_APIC_BASE_64,
			 FIX_APIC_BASE_64);
	fixmap_add_range(f, "FIX_IO_APIC_BASE_0", "FIX_IO_APIC_BASE_END",
			 FIX_IO_APIC_BASE_0_64, FIX_IO_APIC_BASE_END_64);
	fixmap_add_range(f, "FIX_BTMAP_END", "FIX_BTMAP_BEGIN",
			 end - X86_TOTAL_FIX_BTMAPS, end - 1);
}

struct x86_64_bases {
	vaddr_t ldt, ldt_end;		/* LDT remap for PTI */
	vaddr_t page_offset;		/* page_offset_base */
	u64 direct_map_size;		/* 1 << MAX_PHYSMEM_BITS */
	vaddr_t vmalloc_base;
	u64 vmalloc_size;		/* VMALLOC_SIZE_TB */
	vaddr_t vmemmap_base;
	u64 vmemmap_size;
	vaddr_t task_size;		/* TASK_SIZE_MAX */
	unsigned int va_bits;
};

static const struct x86_64_bases mainline_4level = {
	.ldt = 0xffff880000000000ULL,
	.ldt_end = 0xffff888000000000ULL,
	.page_offset = 0xffff888000000000ULL,
	.direct_map_size = 64 * SZ_1T,
	.vmalloc_base = 0xffffc90000000000ULL,
	.vmalloc_size = 32 * SZ_1T,		/* VMALLOC_SIZE_TB_L4 */
	.vmemmap_base = 0xffffea0000000000ULL,
	.vmemmap_size = SZ_1T,
	.task_size = (1ULL << 47) - PAGE_SIZE,
	.va_bits = 48,
};

static const struct x86_64_bases mainline_5level = {
	.ldt = 0xff10000000000000ULL,
	.ldt_end = 0xff11000000000000ULL,
	.page_offset = 0xff11000000000000ULL,
	.direct_map_size = 32 * SZ_1P,
	.vmalloc_base = 0xffa0000000000000ULL,
	.vmalloc_size = 12800 * SZ_1T,		/* VMALLOC_SIZE_TB_L5 */
	.vmemmap_base = 0xffd4000000000000ULL,
	.vmemmap_size = SZ_1P / 2,
	.task_size = (1ULL << 56) - PAGE_SIZE,
	.va_bits = 57,
};

/* 4.17's Documentation/x86/x86_64/mm.txt: LDT remap after cpu_entry_area. */
static const struct x86_64_bases v4x_4level = {
	.ldt = 0xfffffe8000000000ULL,
	.ldt_end = 0xffffff0000000000ULL,
	.page_offset = 0xffff880000000000ULL,
	.direct_map_size = 64 * SZ_1T,
	.vmalloc_base = 0xffffc90000000000ULL,
	.vmalloc_size = 32 * SZ_1T,
	.vmemmap_base = 0xffffea0000000000ULL,
	.vmemmap_size = SZ_1T,
	.task_size = (1ULL << 47) - PAGE_SIZE,
	.va_bits = 48,
};

/**
 * x86_64_fill_layout - compute m->layout for x86_64 / x86_64_la57
 * @m: the machine, with max_pfn known (high_memory = __va(max_pfn))
 * @la57: 5-level paging
 *
 * Regions are added bottom-up, as mm.rst lists them.
 */
void x86_64_fill_layout(struct machine *m, bool la57)
{
	const struct x86_64_bases *b = la57 ? &mainline_5level :
		m->cfg.layout == LAYOUT_4X ? &v4x_4level : &mainline_4level;
	struct kernel_layout *l = &m->layout;
	vaddr_t fixaddr_size = (vaddr_t)__end_of_permanent_fixed_addresses_64
			       << PAGE_SHIFT;

	l->va_bits = b->va_bits;
	l->page_offset = b->page_offset;
	l->task_size = b->task_size;
	l->phys_offset = 0;
	l->high_memory = b->page_offset + PFN_PHYS(m->max_pfn);
	l->vmalloc_start = b->vmalloc_base;
	l->vmalloc_end = b->vmalloc_base + b->vmalloc_size;
	l->vmemmap_base = b->vmemmap_base;
	l->pkmap_base = 0;
	l->last_pkmap = 0;
	l->fixaddr_top = FIXADDR_TOP_64;
	l->fixaddr_start = FIXADDR_TOP_64 - fixaddr_size;
	x86_64_fill_fixmap(&l->fixmap);
	l->modules_vaddr = START_KERNEL_MAP + KERNEL_IMAGE_SIZE;
	l->modules_end = MODULES_END;
	l->kernel_start = START_KERNEL_MAP + m->kernel_phys_start;

	l->nr_regions = 0;
	layout_add(l, "user", 0, l->task_size);
	if (b->ldt < b->page_offset)
		layout_add(l, "ldt", b->ldt, b->ldt_end);
	layout_add(l, "direct map", b->page_offset,
		   b->page_offset + b->direct_map_size);
	layout_add(l, "vmalloc", l->vmalloc_start, l->vmalloc_end);
	layout_add(l, "vmemmap", b->vmemmap_base,
		   b->vmemmap_base + b->vmemmap_size);
	layout_add(l, "cpu_entry_area", CPU_ENTRY_AREA_BASE,
		   CPU_ENTRY_AREA_BASE + P4D_SIZE_4LEVEL);
	if (b->ldt > b->page_offset)
		layout_add(l, "ldt", b->ldt, b->ldt_end);
	layout_add(l, "espfix", ESPFIX_BASE_ADDR,
		   ESPFIX_BASE_ADDR + P4D_SIZE_4LEVEL);
	layout_add(l, "efi", EFI_VA_END, EFI_VA_START);
	layout_add(l, "kernel text", START_KERNEL_MAP, l->modules_vaddr);
	layout_add(l, "modules", l->modules_vaddr, l->modules_end);
	layout_add(l, "fixmap", l->fixaddr_start, VSYSCALL_ADDR);
	layout_add(l, "vsyscall", VSYSCALL_ADDR, VSYSCALL_ADDR + PAGE_SIZE);
}
