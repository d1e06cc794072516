// SPDX-License-Identifier: GPL-2.0
/*
 * ARM address-space switches and TLB maintenance: arch/arm/mm/context.c
 * and proc-v7-2level.S (cpu_v7_switch_mm: TTBR0 and the ASID in
 * CONTEXTIDR), arch/arm/include/asm/tlbflush.h and
 * arch/arm/kernel/smp_tlb.c (TLBIALL, TLBIMVA, by-ASID flushes). The ARM
 * hooks of struct pt_ops behind mm/tlbflush.c.
 *
 * TLB entries are ASID-tagged, so a switch never flushes.
 */
#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/paging.h>

#include "arm.h"

/**
 * cpu_switch_mm - load @mm's translation table on @c
 * @c: the CPU
 * @mm: the address space
 *
 * TTBR0 = the pgd, CONTEXTIDR = the mm's ASID; the TLB is not flushed
 * (entries are ASID-tagged). Context: from switch_mm_irqs_off().
 */
void cpu_switch_mm(struct cpu *c, struct mm_struct *mm)
{
	cpu_arm_write(c, ARM_TTBR0, mm->pgd_phys);
	cpu_arm_write(c, ARM_CONTEXTIDR, mm->context.asid);
}

void arm_switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			    int cpu)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;

	if (prev == next && s->pcpu[cpu].loaded_mm == next)
		return;
	cpu_switch_mm(&m->cpus[cpu], next);
	trace_tlb_flush(m, TLB_FLUSH_ON_TASK_SWITCH, 0);
	*mm_cpumask(next) |= 1ULL << cpu;
	s->pcpu[cpu].loaded_mm = next;
}

/* local_flush_tlb_all(): TLBIALL, global entries too. */
void arm_flush_tlb_local(int cpu)
{
	struct machine *m = current_machine();

	cpu_arm_tlbiall(&m->cpus[cpu]);
	trace_tlb_flush(m, TLB_LOCAL_SHOOTDOWN, TLB_FLUSH_ALL);
}

void arm_flush_tlb_all(void)
{
	struct machine *m = current_machine();

	for (int i = 0; i < m->nr_cpus; i++) {
		cpu_arm_tlbiall(&m->cpus[i]);
		trace_tlb_flush(m, tlb_shootdown_reason(m, i, false),
				TLB_FLUSH_ALL);
	}
}

/*
 * TLBIMVA of a kernel address: on @cpu alone, as
 * local_flush_tlb_kernel_page() (set_fixmap(), kmap_local), or with
 * @cpu < 0 on every CPU, as flush_tlb_kernel_page()'s inner-shareable
 * broadcast.
 */
void arm_flush_tlb_one_kernel(int cpu, u64 addr)
{
	struct machine *m = current_machine();

	if (cpu >= 0) {
		cpu_arm_tlbimva(&m->cpus[cpu], addr);
		trace_tlb_flush(m, TLB_LOCAL_SHOOTDOWN, 1);
		return;
	}
	for (int i = 0; i < m->nr_cpus; i++) {
		cpu_arm_tlbimva(&m->cpus[i], addr);
		trace_tlb_flush(m, tlb_shootdown_reason(m, i, false), 1);
	}
}

/* flush_tlb_range(): TLBIMVAIS by the mm's ASID, seen by every CPU. */
void arm_flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			    unsigned int stride_shift)
{
	struct machine *m = current_machine();
	u64 stride = 1ULL << stride_shift;
	u64 nr = (end - start) >> stride_shift;
	bool full = end == (u64)TLB_FLUSH_ALL || nr > 33;

	for (int i = 0; i < m->nr_cpus; i++) {
		struct cpu *c = &m->cpus[i];

		if (!c->tlb)
			continue;
		if (full)
			tlb_flush_nonglobal(c->tlb, mm->context.asid);
		else
			for (u64 a = start & ~(stride - 1); a < end; a += stride)
				tlb_flush_va(c->tlb, a & 0xffffffffULL,
					     mm->context.asid);
		trace_tlb_flush(m, tlb_shootdown_reason(m, i, true),
				full ? TLB_FLUSH_ALL : (long)nr);
	}
}
