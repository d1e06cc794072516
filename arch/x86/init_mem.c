// SPDX-License-Identifier: GPL-2.0
/*
 * x86 paging_init: the kernel page tables, as arch/x86/mm/init.c
 * (init_mem_mapping, split_mem_range), init_64.c (phys_pud_init: 1 GiB and
 * 2 MiB pages), init_32.c (kernel_physical_mapping_init: 4 MiB PSE or
 * 2 MiB PAE pages, permanent_kmaps_init) and pat/set_memory.c
 * (direct_pages_count, arch_report_meminfo).
 *
 *   ISA range [0, 1 MiB) ........ 4 KiB pages (fixed-size MTRRs live there)
 *   each RAM range above ........ 4 KiB head up to the first large-page
 *                                 boundary, then 2 MiB / 4 MiB, then 1 GiB
 *                                 where aligned (x86_64), 4 KiB tail
 *
 * Only RAM is mapped (holes stay unmapped), and on 32-bit only lowmem, so
 * the number of entries follows the amount of RAM (P3).
 */
#include <stdlib.h>

#include <hw/mmu.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "pgtable_types.h"
#include "x86.h"

#define ISA_END_ADDRESS		0x100000ULL
#define START_KERNEL_MAP	0xffffffff80000000ULL

static bool is_64(const struct pt_format *f)
{
	return f->long_mode;
}

/* The end of the direct-mapped RAM: all of it on 64-bit, lowmem on 32. */
static phys_addr_t direct_map_end(struct machine *m)
{
	phys_addr_t end = PFN_PHYS(m->max_low_pfn);

	if (is_64(m->paging->fmt) && m->max_pfn > m->max_low_pfn)
		end = PFN_PHYS(m->max_pfn);
	if (!end)
		end = memblock_end_of_DRAM(&m->memblock);
	return end;
}

/* init_memory_mapping(): map [start, end) at PAGE_OFFSET + start. */
static int __init_memory_mapping(struct machine *m, phys_addr_t start,
				 phys_addr_t end, enum pg_level max,
				 pgprot_t prot)
{
	if (end <= start)
		return 0;
	return pt_map_range(&init_mm, layout_va(&m->layout, start), start,
			    end - start, prot, max, true);
}

/*
 * On 32-bit the kernel runs from the direct map, so its text is mapped
 * executable there (is_x86_32_kernel_text() in init_32.c).
 */
static int init_memory_mapping(struct machine *m, phys_addr_t start,
			       phys_addr_t end, enum pg_level max)
{
	phys_addr_t ks = ALIGN_DOWN(m->kernel_phys_start, PMD_SIZE);
	phys_addr_t ke = ALIGN(m->kernel_phys_end, PMD_SIZE);
	phys_addr_t a, b;
	int ret;

	if (is_64(m->paging->fmt) || ke <= ks)
		return __init_memory_mapping(m, start, end, max, PAGE_KERNEL);
	a = max_u64(start, min_u64(ks, end));
	b = max_u64(a, min_u64(ke, end));
	ret = __init_memory_mapping(m, start, a, max, PAGE_KERNEL);
	if (!ret)
		ret = __init_memory_mapping(m, a, b, max, PAGE_KERNEL_EXEC);
	if (!ret)
		ret = __init_memory_mapping(m, b, end, max, PAGE_KERNEL);
	return ret;
}

static int init_mem_mapping(struct machine *m)
{
	const struct pt_format *f = m->paging->fmt;
	struct cpu *cpu = &m->cpus[0];
	phys_addr_t top = direct_map_end(m);
	enum pg_level max = PG_LEVEL_2M;
	int ret;

	if (is_64(f) && cpu->has_gbpages)
		max = PG_LEVEL_1G;	/* direct_gbpages */
	ret = init_memory_mapping(m, 0, min_u64(ISA_END_ADDRESS, top),
				  PG_LEVEL_4K);
	for (unsigned long i = 0; !ret && i < m->memblock.memory.cnt; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		phys_addr_t s = max_u64(r->base, ISA_END_ADDRESS);
		phys_addr_t e = min_u64(r->base + r->size, top);

		s = ALIGN(s, PAGE_SIZE);
		e = ALIGN_DOWN(e, PAGE_SIZE);
		ret = init_memory_mapping(m, s, e, max);
	}
	if (!ret)
		pr_info("x86/mm: direct map [mem 0x%08llx-0x%08llx] at %#llx\n",
			0ULL, (unsigned long long)top - 1,
			(unsigned long long)m->layout.page_offset);
	return ret;
}

/* Page tables for the fixmap and pkmap ranges exist from boot on. */
static int prealloc_pte_range(u64 start, u64 end)
{
	for (u64 a = ALIGN_DOWN(start, PMD_SIZE); a < end; a += PMD_SIZE) {
		if (!pt_walk_alloc(&init_mm, a, PT_PTE))
			return -ENOMEM;
		if (a + PMD_SIZE < a)
			break;
	}
	return 0;
}

/* Load swapper_pg_dir on every CPU; secondaries via the trampoline. */
static int x86_load_swapper(struct machine *m)
{
	const struct pt_format *f = m->paging->fmt;

	for (int i = 0; i < m->nr_cpus; i++) {
		struct cpu *cpu = &m->cpus[i];

		if (i) {
			/*
			 * SIM: secondary CPUs run the real-mode trampoline
			 * (trampoline_64.S), which enters paging through its
			 * own identity map; only its end state is modelled.
			 */
			cpu_write_cr4(cpu, m->cpus[0].cr4 & ~X86_CR4_PCIDE);
			cpu_write_efer(cpu, m->cpus[0].efer);
			if (cpu_write_cr3(cpu, init_mm.pgd_phys) ||
			    cpu_write_cr0(cpu, m->cpus[0].cr0))
				return -EIO;
		} else if (cpu_write_cr3(cpu, init_mm.pgd_phys)) {
			return -EIO;
		}
		/* probe_page_size_mask(): PSE and PGE; PCID on x86_64. */
		if (!is_64(f) && cpu_write_cr4(cpu, cpu->cr4 | X86_CR4_PGE |
					       (f->levels == 2 ?
						X86_CR4_PSE : 0)))
			return -EIO;
		if (is_64(f) && cpu_write_cr4(cpu, cpu->cr4 | X86_CR4_PCIDE))
			return -EIO;
		if (x86_setup_smep_smap(m, cpu))
			return -EIO;
		cpu->ip = m->paging->kernel_text_virt;
	}
	trace_event(m, "boot_paging", TF_S("step", "swapper_pg_dir"),
		    TF_X("value", init_mm.pgd_phys));
	pr_info("paging: swapper_pg_dir at %#llx loaded on %d CPU%s\n",
		(unsigned long long)init_mm.pgd_phys, m->nr_cpus,
		m->nr_cpus > 1 ? "s" : "");
	return 0;
}

/**
 * x86_paging_init - build the kernel page tables and switch to them
 * @m: machine after setup_arch (memblock, max_low_pfn, layout known)
 *
 * Return: 0 or -errno.
 */
int x86_paging_init(struct machine *m)
{
	const struct pt_format *f = x86_format(m->cfg.arch);
	struct mm_struct early = { 0 };
	struct early_tables et;
	size_t early_first;
	phys_addr_t pa;
	u64 kvirt;
	int ret;

	ret = paging_setup(m, f);
	if (ret)
		return ret;
	if (!m->layout.page_offset)
		return -EINVAL;
	kvirt = is_64(f) ? START_KERNEL_MAP : m->layout.page_offset;
	early_first = m->paging->nr_pt_pages;
	ret = paging_head_boot(m, &early, kvirt);
	if (ret)
		return ret;
	paging_capture_early(m, early_first, &et);

	/*
	 * swapper_pg_dir (init_top_pgt), static in the kernel image in Linux
	 * and so below 4 GiB: the trampoline loads it before long mode.
	 * PAE: all four PMDs up front.
	 */
	m->paging->alloc_limit = SZ_4G;
	pa = pt_alloc_pages(m, 0);
	m->paging->alloc_limit = 0;
	if (!pa)
		return -ENOMEM;
	init_mm.pgd = pt_phys_to_ptr(pa);
	init_mm.pgd_phys = pa;
	init_mm.pgtables_bytes = PAGE_SIZE;
	if (f->pae_pdpt) {
		for (int i = 0; i < 4; i++) {
			void *pmd = pt_alloc_table(&init_mm);

			if (!pmd)
				return -ENOMEM;
			pud_populate(&init_mm, (pud_t *)((u8 *)init_mm.pgd + i * 8),
				     pmd);
		}
	}
	ret = init_mem_mapping(m);
	if (ret)
		return ret;
	if (is_64(f) && m->kernel_phys_end > m->kernel_phys_start) {
		/* The kernel image at __START_KERNEL_map (level2_kernel_pgt). */
		phys_addr_t ks = ALIGN_DOWN(m->kernel_phys_start, SZ_2M);
		phys_addr_t ke = ALIGN(m->kernel_phys_end, SZ_2M);

		ret = pt_map_range(&init_mm, kvirt + ks, ks, ke - ks,
				   PAGE_KERNEL_EXEC, PG_LEVEL_2M, false);
		if (ret)
			return ret;
		m->paging->kernel_text_virt = kvirt + ks;
	} else if (!is_64(f)) {
		m->paging->kernel_text_virt = layout_va(&m->layout,
			ALIGN_DOWN(m->kernel_phys_start ? m->kernel_phys_start :
				   SZ_16M, PAGE_SIZE));
	}
	if (m->layout.fixaddr_top > m->layout.fixaddr_start) {
		ret = prealloc_pte_range(m->layout.fixaddr_start,
					 m->layout.fixaddr_top);
		if (ret)
			return ret;
	}
	if (m->layout.pkmap_base && m->layout.last_pkmap) {
		ret = prealloc_pte_range(m->layout.pkmap_base,
					 m->layout.pkmap_base +
					 (u64)m->layout.last_pkmap * PAGE_SIZE);
		if (ret)
			return ret;
	}
	ret = x86_load_swapper(m);
	if (ret)
		return ret;
	/* The early tables are not reachable from CR3 any more. */
	paging_free_early(m, &et);
	return paging_init_finish(m);
}

/**
 * x86_report_meminfo - /proc/meminfo's DirectMap lines (arch_report_meminfo)
 * @m: machine
 * @sb: the meminfo text so far
 */
void x86_report_meminfo(struct machine *m, struct strbuf *sb)
{
	struct paging_state *s = m->paging;
	const struct pt_format *f;

	if (!s)
		return;
	f = s->fmt;
	sb_printf(sb, "DirectMap4k:    %8lu kB\n",
		  s->direct_pages_count[PG_LEVEL_4K] << 2);
	if (f->shift[PT_PMD] == 22)	/* non-PAE x86_32: 4 MiB pmds */
		sb_printf(sb, "DirectMap4M:    %8lu kB\n",
			  s->direct_pages_count[PG_LEVEL_2M] << 12);
	else
		sb_printf(sb, "DirectMap2M:    %8lu kB\n",
			  s->direct_pages_count[PG_LEVEL_2M] << 11);
	if (is_64(f) && m->cpus[0].has_gbpages)
		sb_printf(sb, "DirectMap1G:    %8lu kB\n",
			  s->direct_pages_count[PG_LEVEL_1G] << 20);
}
