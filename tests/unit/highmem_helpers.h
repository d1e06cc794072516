/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the tests/unit/test_highmem_*.c files. */
#ifndef MMSIM_TEST_HIGHMEM_HELPERS_H
#define MMSIM_TEST_HIGHMEM_HELPERS_H

#include "../test.h"
#include <hw/mmu.h>
#include <mmsim/highmem.h>
#include <mmsim/page_alloc.h>
#include <mmsim/paging.h>
#include <mmsim/vmstat.h>

static inline struct machine *hm_boot(const char *arch, const char *mem,
				      int cpus)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem))
		return NULL;
	cfg.cpus = cpus;
	return test_boot_cfg(&cfg);
}

/* The physical address CPU @cpu reaches at @va in kernel mode, or ~0. */
static inline phys_addr_t hm_xlate(struct machine *m, int cpu, vaddr_t va,
				   bool write)
{
	struct mmu_fault f;
	phys_addr_t pa;

	if (mmu_translate(&m->cpus[cpu], va,
			  MMU_SUPER | (write ? MMU_WRITE : 0), &pa, &f))
		return ~(phys_addr_t)0;
	return pa;
}

/* Write @s at @va through CPU 0's MMU, as the kernel's stores would. */
static inline int hm_kwrite(struct machine *m, vaddr_t va, const char *s)
{
	phys_addr_t pa = hm_xlate(m, 0, va, true);

	if (pa == ~(phys_addr_t)0)
		return -EFAULT;
	return ram_write(&m->ram, pa, s, strlen(s));
}

/* The PTE value of kernel address @va, 0 when none. */
static inline u64 hm_pte(vaddr_t va)
{
	pte_t *pte = fixmap_kernel_pte(va, false);

	return pte ? pte_val(ptep_get(pte)) : 0;
}

/* Free pages with the per-CPU lists drained: the leak-check baseline. */
static inline unsigned long hm_free_pages(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static const char *const hm_archs32[] = { "x86_32", "x86_32_pae", "arm32" };

#endif
