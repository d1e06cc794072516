// SPDX-License-Identifier: GPL-2.0
/*
 * The generic TLB-flush and switch_mm interface (include/linux/tlbflush.h
 * callers' view): each call goes to the machine's architecture through
 * struct pt_ops (arch/x86/tlb.c, arch/arm/tlb.c). What every architecture
 * shares stays here: the tlb_flush event, the tlb_gen bump of
 * flush_tlb_mm_range() and the single-page flush ceiling of
 * flush_tlb_kernel_range().
 *
 * SIM: Linux links one architecture's functions; mmsim dispatches at run
 * time, one indirect call per flush (never on the MMU or TLB lookup path).
 */
#include <mmsim/page_alloc.h>
#include <mmsim/paging.h>

/* enum tlb_flush_reason as the tlb_flush event prints it. */
static const char *const tlb_reason[NR_TLB_FLUSH_REASONS] = {
	[TLB_FLUSH_ON_TASK_SWITCH]	= "flush on task switch",
	[TLB_REMOTE_SHOOTDOWN]		= "remote shootdown",
	[TLB_LOCAL_SHOOTDOWN]		= "local shootdown",
	[TLB_LOCAL_MM_SHOOTDOWN]	= "local mm shootdown",
	[TLB_REMOTE_SEND_IPI]		= "remote ipi send",
};

/* The CPU that runs a flush: CPU 0 on a machine without a page allocator. */
static int flushing_cpu(const struct machine *m)
{
	return m->pa ? m->pa->cpu : 0;
}

enum tlb_flush_reason tlb_shootdown_reason(struct machine *m, int cpu,
					   bool mm_range)
{
	if (cpu != flushing_cpu(m))
		return TLB_REMOTE_SHOOTDOWN;
	return mm_range ? TLB_LOCAL_MM_SHOOTDOWN : TLB_LOCAL_SHOOTDOWN;
}

void trace_tlb_flush(struct machine *m, enum tlb_flush_reason reason,
		     long pages)
{
	trace_event(m, "tlb_flush", TF_S("reason", tlb_reason[reason]),
		    TF_I("pages", pages));
}

/**
 * switch_mm_irqs_off - load @next's page tables on @cpu
 * @prev: the mm loaded so far
 * @next: the mm to load
 * @cpu: the CPU
 *
 * x86: CR3 = __pa(pgd) | PCID, NOFLUSH when the PCID still holds @next's
 * translations. ARM: TTBR0 and the ASID in CONTEXTIDR, never a flush.
 * Nothing is loaded if @cpu runs @next already (and, x86, its PCID is
 * current). Emits tlb_flush.
 *
 * Context: acts on current_machine(); the caller is the scheduler
 * (context_switch()) or a test, with @cpu valid.
 */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			int cpu)
{
	pt_ops()->switch_mm_irqs_off(prev, next, cpu);
}

/**
 * flush_tlb_local - drop @cpu's non-global translations
 * @cpu: the CPU
 *
 * x86: reload CR3 (of the current PCID); ARM: TLBIALL (global entries go
 * too). Emits tlb_flush.
 *
 * Context: acts on current_machine(); @cpu must exist.
 */
void flush_tlb_local(int cpu)
{
	pt_ops()->flush_tlb_local(cpu);
}

/**
 * flush_tlb_all - drop every translation of every CPU, global ones too
 *
 * x86: __flush_tlb_all() (a CR4.PGE toggle) on each CPU; ARM: TLBIALL.
 * Emits one tlb_flush per CPU.
 *
 * Context: acts on current_machine().
 */
void flush_tlb_all(void)
{
	pt_ops()->flush_tlb_all();
}

/**
 * flush_tlb_one_kernel - drop one kernel address from this CPU's TLB
 * @addr: the virtual address
 *
 * invlpg (ARM: TLBIMVA) on the current CPU only, as Linux's: it serves
 * set_fixmap() and kmap_local, whose slots one CPU uses. A change other
 * CPUs may have cached needs flush_tlb_kernel_range().
 *
 * Context: acts on current_machine(), on page_alloc_get_cpu()'s CPU.
 */
void flush_tlb_one_kernel(u64 addr)
{
	pt_ops()->flush_tlb_one_kernel(flushing_cpu(current_machine()), addr);
}

/**
 * flush_tlb_one_kernel_on - flush_tlb_one_kernel() as run on @cpu
 * @cpu: the CPU whose TLB drops @addr (SIM: Linux's smp_processor_id())
 * @addr: the virtual address
 */
void flush_tlb_one_kernel_on(int cpu, u64 addr)
{
	pt_ops()->flush_tlb_one_kernel(cpu, addr);
}

/**
 * flush_tlb_kernel_range - drop the translations of a kernel range
 * @start: first address
 * @end: end (exclusive)
 *
 * Page by page up to tlb_single_page_flush_ceiling (33 pages), a full
 * flush_tlb_all() beyond.
 *
 * Context: acts on current_machine().
 */
void flush_tlb_kernel_range(u64 start, u64 end)
{
	/* SIM: x86's ceiling, used for ARM too (Linux ARM flushes by page). */
	if ((end - start) >> PAGE_SHIFT > 33) {
		flush_tlb_all();
		return;
	}
	for (u64 a = start & PAGE_MASK; a < end; a += PAGE_SIZE)
		pt_ops()->flush_tlb_one_kernel(-1, a);
}

/**
 * flush_tlb_mm_range - flush a user address range of @mm on every CPU
 * @mm: the address space whose page tables changed
 * @start: first address
 * @end: end (exclusive), or TLB_FLUSH_ALL (~0) for everything
 * @stride_shift: page size of the range (PAGE_SHIFT)
 * @freed_tables: page-table pages were freed (unused: no paging-structure
 *	caches are simulated)
 *
 * Bumps the mm's tlb_gen (inc_mm_tlb_gen()), then x86 (arch/x86/mm/tlb.c)
 * flushes the CPUs that run @mm now, the PCID slots of the others flush at
 * the next switch_mm_irqs_off(); ARM (arch/arm/kernel/smp_tlb.c) flushes
 * by the mm's ASID on every CPU. A NULL @mm does nothing.
 *
 * Context: acts on current_machine(), after the page tables of @mm have
 * changed.
 */
void flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			unsigned int stride_shift, bool freed_tables)
{
	(void)freed_tables;
	if (!mm)
		return;
	mm->context.tlb_gen++;
	pt_ops()->flush_tlb_mm_range(mm, start, end, stride_shift);
}
