/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hand-made machine for page-table tests: RAM, memblock with a PC-like
 * (or ARM) memory map, the kernel layout's page-table-relevant fields, and
 * paging_init run on it. Independent of the rest of the boot.
 */
#ifndef MMSIM_TEST_PGTABLE_FIXTURE_H
#define MMSIM_TEST_PGTABLE_FIXTURE_H

#include <mmsim/paging.h>

/* The tests look at both architectures' entries and arch-only calls. */
#include <arch/arm/arm.h>
#include <arch/x86/pgtable_types.h>
#include <arch/x86/x86.h>

static inline struct machine *pt_machine(enum mm_arch_id arch, u64 mem,
					 int cpus)
{
	struct machine *m = calloc(1, sizeof(*m));
	bool arm = arch == ARCH_ARM32;
	u64 lowmem;

	m->cfg.arch = arch;
	m->nr_cpus = cpus;
	m->cpus = calloc((size_t)cpus, sizeof(*m->cpus));
	machine_enter(m);
	if (ram_init(&m->ram, mem) || memblock_init(&m->memblock))
		return NULL;
	if (arm) {
		memblock_add(&m->memblock, 0, mem);
		lowmem = min_u64(mem, 760ULL << 20);
		m->layout.page_offset = 0xc0000000ULL;
		m->layout.task_size = 0xbf000000ULL;
		m->layout.fixaddr_start = 0xffc80000ULL;
		m->layout.fixaddr_top = 0xfff00000ULL;
		m->layout.pkmap_base = 0xbfe00000ULL;
		m->layout.last_pkmap = 512;
		m->kernel_phys_start = 0x8000;
		m->kernel_phys_end = 0x1000000;
	} else {
		memblock_add(&m->memblock, 0x1000, 0x9f000);
		memblock_add(&m->memblock, 0x100000, mem - 0x100000);
		memblock_reserve(&m->memblock, 0, 0x100000, "bios");
		m->kernel_phys_start = SZ_16M;
		m->kernel_phys_end = SZ_16M + 0xc00000;
		memblock_reserve(&m->memblock, SZ_16M, 0xc00000, "kernel");
		if (arch == ARCH_X86_64 || arch == ARCH_X86_64_LA57) {
			lowmem = mem;
			m->layout.page_offset = arch == ARCH_X86_64 ?
				0xffff888000000000ULL : 0xff11000000000000ULL;
			m->layout.task_size = arch == ARCH_X86_64 ?
				0x00007ffffffff000ULL : 0x00fffffffffff000ULL;
			m->layout.kernel_start = 0xffffffff80000000ULL;
			m->layout.fixaddr_start = 0xffffffffff578000ULL;
			m->layout.fixaddr_top = 0xffffffffff5ff000ULL;
		} else {
			lowmem = min_u64(mem, 896ULL << 20);
			m->layout.page_offset = 0xc0000000ULL;
			m->layout.task_size = 0xc0000000ULL;
			m->layout.fixaddr_start = 0xffd00000ULL;
			m->layout.fixaddr_top = 0xfffff000ULL;
			m->layout.pkmap_base = 0xff800000ULL;
			m->layout.last_pkmap = arch == ARCH_X86_32 ? 1024 : 512;
		}
	}
	m->max_pfn = PHYS_PFN(mem);
	m->max_low_pfn = PHYS_PFN(lowmem);
	m->memblock.current_limit = lowmem;
	if ((arm ? arm_paging_init(m) : x86_paging_init(m))) {
		printf("# paging_init failed\n%s", m->dmesg.buf ? m->dmesg.buf : "");
		return NULL;
	}
	return m;
}

static inline void pt_machine_free(struct machine *m)
{
	if (!m)
		return;
	paging_exit(m);
	memblock_release(&m->memblock);
	ram_exit(&m->ram);
	free(m->cpus);
	sb_free(&m->dmesg);
	sb_free(&m->check_report);
	machine_enter(NULL);
	free(m);
}

#endif /* MMSIM_TEST_PGTABLE_FIXTURE_H */
