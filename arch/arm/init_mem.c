// SPDX-License-Identifier: GPL-2.0
/*
 * ARM paging_init, as arch/arm/mm/mmu.c: map_lowmem() with 1 MiB sections
 * (the kernel image executable, the rest of lowmem execute-never),
 * devicemaps_init()'s vectors page at 0xffff0000, the pkmap and fixmap
 * page tables, then swapper_pg_dir in TTBR0 on every CPU.
 *
 * SIM: ARM's head.S builds its initial sections directly in
 * swapper_pg_dir; mmsim builds them in a separate early table (the same
 * identity-map steps as x86) and then fills a fresh swapper_pg_dir.
 * ARM has no arch_report_meminfo: /proc/meminfo has no DirectMap lines.
 */
#include <hw/mmu.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "arm.h"

#define ARM_VECTORS_BASE	0xffff0000ULL

static int map_lowmem(struct machine *m, phys_addr_t kstart, phys_addr_t kend)
{
	phys_addr_t top = PFN_PHYS(m->max_low_pfn);
	u64 off = m->layout.page_offset - m->layout.phys_offset;

	if (!top)
		top = memblock_end_of_DRAM(&m->memblock);
	for (unsigned long i = 0; i < m->memblock.memory.cnt; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		phys_addr_t s = ALIGN(r->base, SECTION_SIZE);
		phys_addr_t e = ALIGN_DOWN(min_u64(r->base + r->size, top),
					   SECTION_SIZE);
		phys_addr_t pieces[4] = { s, max_u64(s, min_u64(kstart, e)),
					  max_u64(s, min_u64(kend, e)), e };

		for (int k = 0; k < 3; k++) {
			pgprot_t prot = k == 1 ? PAGE_KERNEL_EXEC : PAGE_KERNEL;
			int ret;

			if (pieces[k + 1] <= pieces[k])
				continue;
			ret = pt_map_range(&init_mm, pieces[k] + off, pieces[k],
					   pieces[k + 1] - pieces[k], prot,
					   PG_LEVEL_2M, true);
			if (ret)
				return ret;
		}
	}
	pr_info("ARM: lowmem mapped with sections: %lu MiB\n",
		m->paging->direct_pages_count[PG_LEVEL_2M]);
	return 0;
}

/* devicemaps_init(): the vectors page (user read-only) and the stubs. */
static int map_vectors(struct machine *m)
{
	phys_addr_t pa = paging_alloc_pages(m, 1, "vectors");
	u64 user_ro = pgprot_val(PAGE_READONLY) & ~L_PTE_XN;
	u64 kern_ro = pgprot_val(PAGE_KERNEL_RO) & ~L_PTE_XN;
	pte_t *pte;

	if (!pa)
		return -ENOMEM;
	pte = pt_walk_alloc(&init_mm, ARM_VECTORS_BASE, PT_PTE);
	if (!pte)
		return -ENOMEM;
	set_pte_at(&init_mm, ARM_VECTORS_BASE, pte,
		   pfn_pte(PHYS_PFN(pa), __pgprot(user_ro)));
	pte = pt_walk_alloc(&init_mm, ARM_VECTORS_BASE + PAGE_SIZE, PT_PTE);
	if (!pte)
		return -ENOMEM;
	set_pte_at(&init_mm, ARM_VECTORS_BASE + PAGE_SIZE, pte,
		   pfn_pte(PHYS_PFN(pa) + 1, __pgprot(kern_ro)));
	return 0;
}

/*
 * swapper_pg_dir in TTBR0 on every CPU (secondary_startup sets the same
 * TTBCR and DACR as head.S), ASID 0, MMU on, TLB flushed.
 */
static int arm_load_swapper(struct machine *m)
{
	for (int i = 0; i < m->nr_cpus; i++) {
		struct cpu *cpu = &m->cpus[i];

		if (i) {
			cpu_arm_write(cpu, ARM_TTBCR, 0);
			cpu_arm_write(cpu, ARM_DACR, 0x55555555);
		}
		cpu_arm_write(cpu, ARM_TTBR0, init_mm.pgd_phys);
		cpu_arm_write(cpu, ARM_CONTEXTIDR, 0);
		cpu_arm_write(cpu, ARM_SCTLR, cpu->sctlr | ARM_SCTLR_M);
		cpu_arm_tlbiall(cpu);
	}
	trace_event(m, "boot_paging", TF_S("step", "swapper_pg_dir"),
		    TF_X("value", init_mm.pgd_phys));
	pr_info("paging: swapper_pg_dir at %#llx loaded on %d CPU%s\n",
		(unsigned long long)init_mm.pgd_phys, m->nr_cpus,
		m->nr_cpus > 1 ? "s" : "");
	return 0;
}

/**
 * arm_paging_init - build swapper_pg_dir and turn to it
 * @m: machine after setup_arch
 *
 * Return: 0 or -errno.
 */
int arm_paging_init(struct machine *m)
{
	struct mm_struct early = { 0 };
	struct early_tables et;
	phys_addr_t kstart = m->kernel_phys_start, kend = m->kernel_phys_end;
	size_t first;
	phys_addr_t pa;
	int ret;

	ret = paging_setup(m, &pt_format_arm);
	if (ret)
		return ret;
	if (!m->layout.page_offset)
		return -EINVAL;
	first = m->paging->nr_pt_pages;
	ret = paging_head_boot(m, &early, m->layout.page_offset -
			       m->layout.phys_offset);
	if (ret)
		return ret;
	paging_capture_early(m, first, &et);

	pa = pt_alloc_pages(m, 2);	/* 16 KiB, 16 KiB aligned */
	if (!pa)
		return -ENOMEM;
	init_mm.pgd = pt_phys_to_ptr(pa);
	init_mm.pgd_phys = pa;
	init_mm.pgtables_bytes = 4 * PAGE_SIZE;
	if (!kend || kend <= kstart) {
		kstart = m->layout.phys_offset + 0x8000;
		kend = kstart + SZ_8M;
	}
	ret = map_lowmem(m, ALIGN_DOWN(kstart, SECTION_SIZE),
			 ALIGN(kend, SECTION_SIZE));
	if (!ret)
		ret = map_vectors(m);
	if (!ret && m->layout.pkmap_base && m->layout.last_pkmap)
		ret = pt_walk_alloc(&init_mm, m->layout.pkmap_base, PT_PTE) ?
		      0 : -ENOMEM;
	if (!ret && m->layout.fixaddr_top > m->layout.fixaddr_start)
		ret = pt_walk_alloc(&init_mm, m->layout.fixaddr_start, PT_PTE) ?
		      0 : -ENOMEM;
	if (!ret)
		ret = arm_load_swapper(m);
	if (ret)
		return ret;
	paging_free_early(m, &et);
	return paging_init_finish(m);
}
