// SPDX-License-Identifier: GPL-2.0
/*
 * x86 address-space switches and TLB flushes, as arch/x86/mm/tlb.c
 * (switch_mm_irqs_off, choose_new_asid, flush_tlb_func, flush_tlb_*): the
 * x86 hooks of struct pt_ops behind the generic calls of mm/tlbflush.c.
 *
 * x86_64 with PCID: each CPU keeps TLB_NR_DYN_ASIDS recently used address
 * spaces tagged; switching back to one of them loads CR3 with the NOFLUSH
 * bit, so its TLB entries survive.
 */
#include <string.h>

#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "x86.h"

#define TLB_NR_DYN_ASIDS	6

/* Per-CPU dynamic ASIDs (cpu_tlbstate.ctxs[] and loaded_mm_asid). */
struct dyn_asids {
	u64 ctx_id[TLB_NR_DYN_ASIDS];
	u64 tlb_gen[TLB_NR_DYN_ASIDS];	/* the mm's tlb_gen this slot saw */
	unsigned int next;
	unsigned int loaded_asid;
};
static _Thread_local struct {
	struct machine *m;
	struct dyn_asids cpu[MAX_NR_CPUS];
} asids;

static struct dyn_asids *cpu_asids(struct machine *m, int cpu)
{
	if (asids.m != m) {
		memset(&asids, 0, sizeof(asids));
		asids.m = m;
	}
	return &asids.cpu[cpu];
}

/* The PCID slot @cpu runs @mm in has missed a flush of it. */
static bool loaded_slot_stale(struct machine *m, int cpu, struct mm_struct *mm)
{
	struct dyn_asids *d;

	if (!(m->cpus[cpu].cr4 & X86_CR4_PCIDE))
		return false;
	d = cpu_asids(m, cpu);
	return d->tlb_gen[d->loaded_asid] < mm->context.tlb_gen;
}

/* switch_mm_irqs_off(): CR3 = __pa(pgd) | PCID, NOFLUSH when it is current. */
void x86_switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			    int cpu)
{
	struct machine *m = current_machine();
	struct cpu *c = &m->cpus[cpu];
	struct paging_state *s = m->paging;
	bool need_flush = true;
	unsigned int asid = 0;

	if (prev == next && s->pcpu[cpu].loaded_mm == next &&
	    !loaded_slot_stale(m, cpu, next))
		return;
	if (c->cr4 & X86_CR4_PCIDE) {
		struct dyn_asids *d = cpu_asids(m, cpu);
		unsigned int i;

		/* choose_new_asid(): reuse the slot unless it missed a flush. */
		for (i = 0; i < TLB_NR_DYN_ASIDS; i++)
			if (d->ctx_id[i] == next->context.ctx_id)
				break;
		if (i < TLB_NR_DYN_ASIDS) {
			asid = i;
			need_flush = d->tlb_gen[i] < next->context.tlb_gen;
		} else {
			asid = d->next;
			d->next = (d->next + 1) % TLB_NR_DYN_ASIDS;
			d->ctx_id[asid] = next->context.ctx_id;
		}
		d->tlb_gen[asid] = next->context.tlb_gen;
		d->loaded_asid = asid;
		/* kern_pcid(asid) = asid + 1: PCID 0 stays for non-PCID use. */
		cpu_write_cr3(c, next->pgd_phys | (asid + 1) |
			      (need_flush ? 0 : X86_CR3_PCID_NOFLUSH));
	} else {
		cpu_write_cr3(c, next->pgd_phys);
	}
	trace_tlb_flush(m, TLB_FLUSH_ON_TASK_SWITCH,
			need_flush ? TLB_FLUSH_ALL : 0);
	*mm_cpumask(next) |= 1ULL << cpu;
	s->pcpu[cpu].loaded_mm = next;
}

/* flush_tlb_local(): reload CR3, the non-global entries of this PCID. */
void x86_flush_tlb_local(int cpu)
{
	struct machine *m = current_machine();
	struct cpu *c = &m->cpus[cpu];

	cpu_write_cr3(c, c->cr3);
	trace_tlb_flush(m, TLB_LOCAL_SHOOTDOWN, TLB_FLUSH_ALL);
}

/* flush_tlb_all(): __flush_tlb_all() (a CR4.PGE toggle), globals too. */
void x86_flush_tlb_all(void)
{
	struct machine *m = current_machine();

	for (int i = 0; i < m->nr_cpus; i++) {
		if (m->cpus[i].tlb)
			tlb_flush_all(m->cpus[i].tlb);
		trace_tlb_flush(m, tlb_shootdown_reason(m, i, false),
				TLB_FLUSH_ALL);
	}
}

/*
 * invlpg of a kernel address: on @cpu alone, as Linux's
 * flush_tlb_one_kernel() (local: fixmap and kmap_local slots are used by
 * one CPU), or with @cpu < 0 on every CPU, as flush_tlb_kernel_range()'s
 * do_kernel_range_flush() on each.
 */
void x86_flush_tlb_one_kernel(int cpu, u64 addr)
{
	struct machine *m = current_machine();

	if (cpu >= 0) {
		cpu_invlpg(&m->cpus[cpu], addr);
		trace_tlb_flush(m, TLB_LOCAL_SHOOTDOWN, 1);
		return;
	}
	for (int i = 0; i < m->nr_cpus; i++) {
		cpu_invlpg(&m->cpus[i], addr);
		trace_tlb_flush(m, tlb_shootdown_reason(m, i, false), 1);
	}
}

/* flush_tlb_func(): one CPU drops [start, end) of the mm it runs. */
static void flush_tlb_func(struct machine *m, int cpu, struct mm_struct *mm,
			   u64 start, u64 end, unsigned int stride_shift)
{
	struct cpu *c = &m->cpus[cpu];
	u64 stride = 1ULL << stride_shift, nr = (end - start) >> stride_shift;
	bool full = end == (u64)TLB_FLUSH_ALL || nr > 33;

	if (full)
		cpu_write_cr3(c, c->cr3);	/* non-global, this PCID */
	else
		for (u64 a = start & ~(stride - 1); a < end; a += stride)
			cpu_invlpg(c, a);
	if (c->cr4 & X86_CR4_PCIDE) {
		struct dyn_asids *d = cpu_asids(m, cpu);

		d->tlb_gen[d->loaded_asid] = mm->context.tlb_gen;
	}
	trace_tlb_flush(m, tlb_shootdown_reason(m, cpu, true),
			full ? TLB_FLUSH_ALL : (long)nr);
}

/*
 * flush_tlb_mm_range(): the caller bumped the mm's tlb_gen; flush the CPUs
 * that run @mm now. The PCID slots of the others are stale and flush at
 * the next switch_mm_irqs_off().
 */
void x86_flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			    unsigned int stride_shift)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;

	for (int i = 0; i < m->nr_cpus; i++)
		if (s->pcpu[i].loaded_mm == mm)
			flush_tlb_func(m, i, mm, start, end, stride_shift);
}
