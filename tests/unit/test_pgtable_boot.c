// SPDX-License-Identifier: GPL-2.0
/*
 * paging_init on every architecture: the identity-map boot (P4), the direct
 * map with the largest pages (P2) and its DirectMap counts (P3), the kernel
 * half shared by every pgd (T2), TSS and context switch (T1), the U/S fault
 * (T3), and the invariant checker catching broken tables.
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#include "pgtable_fixture.h"

static int xlate(struct machine *m, int cpu, u64 va, unsigned int acc,
		 phys_addr_t *pa, struct mmu_fault *f)
{
	return mmu_translate(&m->cpus[cpu], va, acc, pa, f);
}

static void expect_boot(enum mm_arch_id arch, enum mmu_mode mode)
{
	struct machine *m = pt_machine(arch, 1ULL << 30, 2);
	phys_addr_t pa = 0;
	struct mmu_fault f;

	ASSERT(m);
	EXPECT_EQ(m->cpus[0].mode, mode);
	EXPECT_EQ(m->cpus[1].mode, mode);
	/* The direct map: PAGE_OFFSET + 80M is physical 80M. */
	EXPECT_EQ(xlate(m, 1, m->layout.page_offset + 0x5000123, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x5000123);
	/* The identity map is gone: the old physical ip faults. */
	EXPECT_EQ(xlate(m, 0, m->kernel_phys_start, MMU_EXEC, &pa, &f), -EFAULT);
	/* The instruction pointer is in the kernel mapping. */
	EXPECT_EQ(xlate(m, 0, m->cpus[0].ip, MMU_EXEC, &pa, &f), 0);
	EXPECT(strstr(sb_str(&m->dmesg), "identity map removed"));
	EXPECT_EQ(pgtable_check(m), 0);
	if (m->check_report.len)
		printf("# %s", sb_str(&m->check_report));
	/* T3: user mode cannot touch the kernel: #PF with P=1, U=1. */
	m->cpus[0].cpl = 3;
	EXPECT_EQ(xlate(m, 0, m->layout.page_offset + 0x5000000, 0, &pa, &f),
		  -EFAULT);
	if (arch == ARCH_ARM32) {
		EXPECT_EQ(f.vector, ARM_VEC_DATA_ABORT);
		EXPECT_EQ(f.fsr & 0x40f, ARM_FS_PERM_SECT);
	} else {
		EXPECT_EQ(f.vector, 14);
		EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_USER);
	}
	m->cpus[0].cpl = 0;
	pt_machine_free(m);
}

TEST(boot__identity_map_every_arch)
{
	expect_boot(ARCH_X86_32, MMU_X86_32);
	expect_boot(ARCH_X86_32_PAE, MMU_X86_PAE);
	expect_boot(ARCH_X86_64, MMU_X86_4L);
	expect_boot(ARCH_X86_64_LA57, MMU_X86_5L);
	expect_boot(ARCH_ARM32, MMU_ARM_SD);
}

static const char *meminfo(struct machine *m, struct strbuf *sb)
{
	sb_reset(sb);
	x86_report_meminfo(m, sb);
	return sb_str(sb);
}

TEST(boot__direct_map_counts)
{
	struct strbuf sb = { 0 };
	struct machine *m;

	m = pt_machine(ARCH_X86_64, 4ULL << 30, 1);
	ASSERT(m);
	/* [0,2M) in 4K (ISA + head), [2M,1G) in 2M, [1G,4G) in 1G. */
	EXPECT_STR(meminfo(m, &sb),
		   "DirectMap4k:        2048 kB\n"
		   "DirectMap2M:     1046528 kB\n"
		   "DirectMap1G:     3145728 kB\n");
	pt_machine_free(m);

	m = pt_machine(ARCH_X86_32, 1ULL << 30, 1);
	ASSERT(m);
	/* [0,4M) in 4K, 4M pages up to 896M of lowmem. */
	EXPECT_STR(meminfo(m, &sb),
		   "DirectMap4k:        4096 kB\n"
		   "DirectMap4M:      913408 kB\n");
	pt_machine_free(m);

	m = pt_machine(ARCH_X86_32_PAE, 1ULL << 30, 1);
	ASSERT(m);
	EXPECT_STR(meminfo(m, &sb),
		   "DirectMap4k:        2048 kB\n"
		   "DirectMap2M:      915456 kB\n");
	pt_machine_free(m);

	/* P3: entries follow RAM size. */
	m = pt_machine(ARCH_X86_64, 64ULL << 30, 1);
	ASSERT(m);
	EXPECT_EQ(m->paging->direct_pages_count[PG_LEVEL_1G], 63);
	EXPECT_EQ(pgtable_check(m), 0);
	pt_machine_free(m);

	m = pt_machine(ARCH_ARM32, 512ULL << 20, 1);
	ASSERT(m);
	EXPECT_EQ(m->paging->direct_pages_count[PG_LEVEL_2M], 512);
	pt_machine_free(m);
	sb_free(&sb);
}

TEST(pgtable__shared_kernel_half_and_switch)
{
	enum mm_arch_id archs[] = { ARCH_X86_32, ARCH_X86_32_PAE, ARCH_X86_64,
				    ARCH_X86_64_LA57, ARCH_ARM32 };

	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = pt_machine(archs[i], 256ULL << 20, 2);
		struct task_struct *a, *b;
		phys_addr_t pa;
		struct mmu_fault f;
		u64 cr3_before;

		ASSERT(m);
		a = task_create("a", true);
		b = task_create("b", true);
		ASSERT(a && b);
		EXPECT_EQ(pgtable_check(m), 0);
		EXPECT_EQ(context_switch(0, a), 0);
		EXPECT_EQ(cpu_curr(0), a);
		/* The kernel is mapped in a's page tables too (T2). */
		EXPECT_EQ(xlate(m, 0, m->layout.page_offset + 0x300000, 0, &pa, &f), 0);
		EXPECT_EQ(pa, 0x300000);
		cr3_before = archs[i] == ARCH_ARM32 ? m->cpus[0].ttbr0 : m->cpus[0].cr3;
		EXPECT_EQ(context_switch(0, b), 0);
		EXPECT((archs[i] == ARCH_ARM32 ? m->cpus[0].ttbr0 : m->cpus[0].cr3)
		       != cr3_before);
		/* A user page mapped in b only. */
		EXPECT_EQ(pt_map_range(b->mm, 0x400000, 0x800000, PAGE_SIZE,
				       PAGE_SHARED, PG_LEVEL_4K, false), 0);
		m->cpus[0].cpl = 3;
		EXPECT_EQ(xlate(m, 0, 0x400010, 0, &pa, &f), 0);
		EXPECT_EQ(pa, 0x800010);
		m->cpus[0].cpl = 0;
		EXPECT_EQ(context_switch(0, a), 0);
		EXPECT_EQ(xlate(m, 0, 0x400010, 0, &pa, &f), -EFAULT);
		/* A kernel mapping added later shows up in every pgd. */
		EXPECT_EQ(pt_map_range(&init_mm, m->layout.fixaddr_start - (8ULL << 20),
				       0x900000, PAGE_SIZE, PAGE_KERNEL,
				       PG_LEVEL_4K, false), 0);
		EXPECT_EQ(pgtable_check(m), 0);
		if (m->check_report.len)
			printf("# %s", sb_str(&m->check_report));
		EXPECT_EQ(context_switch(0, m->paging->pcpu[0].idle), 0);
		task_destroy(a);
		task_destroy(b);
		pt_machine_free(m);
	}
}

TEST(tss__sp0_constant_top_of_stack_switches)
{
	struct machine *m = pt_machine(ARCH_X86_32, 256ULL << 20, 1);
	struct task_struct *a;
	u32 sp0, sp1, ss0;
	u32 sp0_after;

	ASSERT(m);
	ASSERT(ram_read32(&m->ram, m->cpus[0].tss_phys + 4, &sp0));
	ASSERT(ram_read32(&m->ram, m->cpus[0].tss_phys + 8, &ss0));
	EXPECT_EQ(ss0, 0x68);
	EXPECT_EQ(sp0, m->paging->pcpu[0].entry_stack_top);
	a = task_create("a", true);
	ASSERT(a);
	EXPECT_EQ(context_switch(0, a), 0);
	ASSERT(ram_read32(&m->ram, m->cpus[0].tss_phys + 4, &sp0_after));
	ASSERT(ram_read32(&m->ram, m->cpus[0].tss_phys + 12, &sp1));
	EXPECT_EQ(sp0_after, sp0);
	EXPECT_EQ(sp1, task_top_of_stack(a));
	EXPECT_EQ(sp1, a->stack + 8192 - 8);
	/* User mode, then an interrupt: the CPU takes TSS.sp0. */
	cpu_return_to_user(0);
	EXPECT_EQ(cpu_enter_kernel(0), 0);
	EXPECT_EQ(m->cpus[0].cpl, 0);
	EXPECT_EQ(m->cpus[0].sp, task_top_of_stack(a));
	EXPECT_EQ(cpu_enter_kernel(0), -EINVAL);
	EXPECT_EQ(context_switch(0, m->paging->pcpu[0].idle), 0);
	task_destroy(a);
	pt_machine_free(m);
}

TEST(switch_mm__pcid_noflush_on_return)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	struct task_struct *a, *b;
	phys_addr_t pa;
	struct mmu_fault f;

	ASSERT(m);
	EXPECT(m->cpus[0].cr4 & X86_CR4_PCIDE);
	a = task_create("a", true);
	b = task_create("b", true);
	ASSERT(a && b);
	EXPECT_EQ(pt_map_range(a->mm, 0x400000, 0x800000, PAGE_SIZE,
			       PAGE_SHARED, PG_LEVEL_4K, false), 0);
	EXPECT_EQ(context_switch(0, a), 0);
	/* A user-mode read: CR4.SMAP refuses the kernel's own. */
	EXPECT_EQ(xlate(m, 0, 0x400000, MMU_USER, &pa, &f), 0);
	EXPECT_EQ(context_switch(0, b), 0);
	EXPECT_EQ(context_switch(0, a), 0);
	/* a's PCID kept its entries: a TLB hit, no walk. */
	{
		u64 walks = m->cpus[0].tlb->stats.walks;

		EXPECT_EQ(xlate(m, 0, 0x400000, MMU_USER, &pa, &f), 0);
		EXPECT_EQ(m->cpus[0].tlb->stats.walks, walks);
	}
	EXPECT_EQ(context_switch(0, m->paging->pcpu[0].idle), 0);
	task_destroy(a);
	task_destroy(b);
	pt_machine_free(m);
}

TEST(pgtable__corrupted_entries_never_crash)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	enum pt_level_idx lvl;
	u64 va = 0x0000100000000000ULL;
	pgd_t *pgd;
	p4d_t *p4d;

	ASSERT(m);
	pgd = pgd_offset_k(va);
	p4d = p4d_offset(pgd, va);
	/* A table entry pointing far outside RAM. */
	pt_entry_write(p4d, 0x000f000000000000ULL | _PAGE_TABLE);
	EXPECT(p4d_bad(p4dp_get(p4d)));
	EXPECT(!pt_lookup(&init_mm, va, &lvl));
	EXPECT(!pmd_present(pmdp_get(pmd_offset(pud_offset(p4d, va), va))));
	pt_entry_write(p4d, 0);
	/* A swapped-in kernel half difference is caught. */
	{
		struct mm_struct *mm = mm_alloc();
		u64 *top = (u64 *)mm->pgd + 511;

		ASSERT(mm);
		*top ^= 0x1000;
		EXPECT(pgtable_check(m) != 0);
		EXPECT(strstr(sb_str(&m->check_report), "kernel half"));
		*top ^= 0x1000;
		mmdrop(mm);
	}
	pt_machine_free(m);
}

int main(void)
{
	RUN(boot__identity_map_every_arch);
	RUN(boot__direct_map_counts);
	RUN(pgtable__shared_kernel_half_and_switch);
	RUN(tss__sp0_constant_top_of_stack_switches);
	RUN(switch_mm__pcid_noflush_on_return);
	RUN(pgtable__corrupted_entries_never_crash);
	return done();
}
