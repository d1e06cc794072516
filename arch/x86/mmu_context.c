// SPDX-License-Identifier: GPL-2.0
/*
 * Address-space switches and TLB flushes, as arch/x86/mm/tlb.c
 * (switch_mm_irqs_off, choose_new_asid, flush_tlb_*), arch/arm/mm/context.c
 * (ASIDs in CONTEXTIDR; cpu_switch_mm is in arch/arm/pgtable.c) and kernel/sched/core.c (context_switch), plus the
 * minimal tasks they act on.
 *
 * x86_64 with PCID: each CPU keeps TLB_NR_DYN_ASIDS recently used address
 * spaces tagged; switching back to one of them loads CR3 with the NOFLUSH
 * bit, so its TLB entries survive. Kernel threads borrow the previous mm
 * (lazy TLB) and load nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "../arm/arm.h"

#define TLB_NR_DYN_ASIDS	6
#define TLB_FLUSH_ALL		(-1L)

/* Linux's enum tlb_flush_reason, as the tlb_flush event prints it. */
static const char *const tlb_reason[] = {
	"flush on task switch", "remote shootdown", "local shootdown",
	"local mm shootdown", "remote ipi send",
};

static void trace_tlb_flush(struct machine *m, int reason, long pages)
{
	trace_event(m, "tlb_flush", TF_S("reason", tlb_reason[reason]),
		    TF_I("pages", pages));
}

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

	if (m->paging->fmt->arm || !(m->cpus[cpu].cr4 & X86_CR4_PCIDE))
		return false;
	d = cpu_asids(m, cpu);
	return d->tlb_gen[d->loaded_asid] < mm->context.tlb_gen;
}

/**
 * switch_mm_irqs_off - load @next's page tables on @cpu
 * @prev: the mm loaded so far
 * @next: the mm to load
 * @cpu: the CPU
 *
 * x86: CR3 = __pa(pgd) | PCID, NOFLUSH when the PCID still holds @next's
 * translations. ARM: TTBR0 and the ASID in CONTEXTIDR, never a flush.
 * Nothing is loaded if @cpu runs @next already and its PCID is current.
 * Emits tlb_flush.
 *
 * Context: acts on current_machine(); the caller is the scheduler
 * (context_switch()) or a test, with @cpu valid.
 */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
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
	if (s->fmt->arm) {
		cpu_switch_mm(c, next);
	} else if (c->cr4 & X86_CR4_PCIDE) {
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
	if (s->fmt->arm)
		need_flush = false;
	trace_tlb_flush(m, 0, need_flush ? TLB_FLUSH_ALL : 0);
	*mm_cpumask(next) |= 1ULL << cpu;
	s->pcpu[cpu].loaded_mm = next;
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
	struct machine *m = current_machine();
	struct cpu *c = &m->cpus[cpu];

	if (m->paging->fmt->arm)
		cpu_arm_tlbiall(c);
	else
		cpu_write_cr3(c, c->cr3);	/* non-global entries */
	trace_tlb_flush(m, 2, TLB_FLUSH_ALL);
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
	struct machine *m = current_machine();

	for (int i = 0; i < m->nr_cpus; i++) {
		/* __flush_tlb_all(): globals too (toggle CR4.PGE). */
		if (m->paging->fmt->arm) {
			cpu_arm_tlbiall(&m->cpus[i]);
		} else if (m->cpus[i].tlb) {
			tlb_flush_all(m->cpus[i].tlb);
		}
		trace_tlb_flush(m, i ? 1 : 2, TLB_FLUSH_ALL);
	}
}

/**
 * flush_tlb_one_kernel - drop the translation of one kernel address
 * @addr: the virtual address
 *
 * invlpg (ARM: TLBIMVA) on every CPU, as after a kernel PTE change.
 *
 * Context: acts on current_machine().
 */
void flush_tlb_one_kernel(u64 addr)
{
	struct machine *m = current_machine();

	for (int i = 0; i < m->nr_cpus; i++) {
		if (m->paging->fmt->arm)
			cpu_arm_tlbimva(&m->cpus[i], addr);
		else
			cpu_invlpg(&m->cpus[i], addr);
		trace_tlb_flush(m, i ? 1 : 2, 1);
	}
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
	/* tlb_single_page_flush_ceiling = 33 pages, then a full flush. */
	if ((end - start) >> PAGE_SHIFT > 33) {
		flush_tlb_all();
		return;
	}
	for (u64 a = start & PAGE_MASK; a < end; a += PAGE_SIZE)
		flush_tlb_one_kernel(a);
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
	trace_tlb_flush(m, cpu ? 1 : 3, full ? TLB_FLUSH_ALL : (long)nr);
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
 * x86 (arch/x86/mm/tlb.c): bump the mm's tlb_gen, flush the CPUs that run
 * @mm now; the PCID slots of the others are stale and flush at the next
 * switch_mm_irqs_off(). ARM (arch/arm/kernel/smp_tlb.c): TLBIMVAIS by the
 * mm's ASID, seen by every CPU. A NULL @mm does nothing.
 *
 * Context: acts on current_machine(), after the page tables of @mm have
 * changed.
 */
void flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			unsigned int stride_shift, bool freed_tables)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;

	(void)freed_tables;
	if (!mm)
		return;
	mm->context.tlb_gen++;		/* inc_mm_tlb_gen() */
	if (s->fmt->arm) {
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
				for (u64 a = start & ~(stride - 1); a < end;
				     a += stride)
					tlb_flush_va(c->tlb, a & 0xffffffffULL,
						     mm->context.asid);
			trace_tlb_flush(m, i ? 1 : 3,
					full ? TLB_FLUSH_ALL : (long)nr);
		}
		return;
	}
	for (int i = 0; i < m->nr_cpus; i++)
		if (s->pcpu[i].loaded_mm == mm)
			flush_tlb_func(m, i, mm, start, end, stride_shift);
}

/* ---- tasks ---------------------------------------------------------- */

/**
 * thread_size - THREAD_SIZE of the current machine's architecture
 *
 * Context: acts on current_machine().
 * Return: 16 KiB on 64-bit, 8 KiB on 32-bit.
 */
u64 thread_size(void)
{
	struct machine *m = current_machine();

	/* THREAD_SIZE: 16 KiB on x86_64 (KASAN off), 8 KiB on 32-bit. */
	return (m->arch && m->arch->bits == 64) ? 4 * PAGE_SIZE : 2 * PAGE_SIZE;
}

/* THREAD_SIZE_ORDER: the buddy order of a kernel stack. */
static unsigned int thread_stack_order(void)
{
	return thread_size() == 4 * PAGE_SIZE ? 2 : 1;
}

/**
 * task_top_of_stack - the address sp0 points to for @tsk
 * @tsk: the task
 *
 * The end of its kernel stack less TOP_OF_KERNEL_STACK_PADDING (8 bytes on
 * x86_32).
 *
 * Context: acts on current_machine().
 * Return: the virtual address.
 */
u64 task_top_of_stack(const struct task_struct *tsk)
{
	struct machine *m = current_machine();
	/* TOP_OF_KERNEL_STACK_PADDING: 8 on x86_32, 0 on x86_64 and ARM. */
	u64 pad = (!m->paging->fmt->arm && thread_size() == 2 * PAGE_SIZE) ?
		  8 : 0;

	return tsk->stack + thread_size() - pad;
}

/**
 * task_create - a new task with a kernel stack, not running anywhere
 * @comm: its name (truncated to TASK_COMM_LEN)
 * @user: give it its own address space (mm_alloc()); else a kernel
 *	thread, which borrows the mm of whatever ran before it
 *
 * Context: acts on current_machine(), after paging_init_finish().
 * Return: the task (next pid), or NULL when out of memory.
 */
struct task_struct *task_create(const char *comm, bool user)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;
	struct task_struct *t = calloc(1, sizeof(*t));
	unsigned int order = thread_stack_order();

	if (!t)
		return NULL;
	t->stack_phys = paging_alloc_pages(m, order, "kernel stack");
	if (!t->stack_phys) {
		free(t);
		return NULL;
	}
	/* SIM: stacks in the direct map (no CONFIG_VMAP_STACK). */
	t->stack = layout_va(&m->layout, t->stack_phys);
	t->thread.sp0 = task_top_of_stack(t);
	t->thread.sp = t->thread.sp0;
	t->on_cpu = -1;
	t->pid = s->next_pid++;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	if (user) {
		t->mm = mm_alloc();
		if (!t->mm) {
			paging_free_pages(m, t->stack_phys, order);
			free(t);
			return NULL;
		}
		t->active_mm = t->mm;
		t->mm->owner = t;
	}
	list_add_tail(&t->tasks, &s->task_list);
	return t;
}

/**
 * task_destroy - free a task that runs nowhere
 * @tsk: the task (NULL, or a task running on a CPU, is ignored)
 *
 * Drops its mm and frees its kernel stack.
 *
 * Context: acts on current_machine().
 */
void task_destroy(struct task_struct *tsk)
{
	struct machine *m = current_machine();

	if (!tsk || tsk->on_cpu >= 0)
		return;
	list_del(&tsk->tasks);
	if (tsk->mm)
		mmdrop(tsk->mm);
	paging_free_pages(m, tsk->stack_phys, thread_stack_order());
	free(tsk);
}

/**
 * find_task_by_pid - look a task up by pid
 * @pid: the pid
 *
 * Context: acts on current_machine().
 * Return: the task, or NULL.
 */
struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &current_machine()->paging->task_list, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

/**
 * cpu_curr - the task running on @cpu
 * @cpu: the CPU (must exist)
 *
 * Context: acts on current_machine().
 * Return: the task (the idle task swapper/@cpu when nothing else runs).
 */
struct task_struct *cpu_curr(int cpu)
{
	return current_machine()->paging->pcpu[cpu].curr;
}

/**
 * context_switch - run @next on @cpu
 * @cpu: the CPU
 * @next: the task to run
 *
 * As kernel/sched/core.c: switch_mm_irqs_off() for a user task, lazy TLB
 * (keep the previous active_mm) for a kernel thread, then __switch_to():
 * the TSS stack pointer (sp0/rsp0) and the CPU's sp. Emits sched_switch.
 *
 * Context: acts on current_machine(), after paging_init_finish().
 * Return: 0, -EINVAL for a bad @cpu or a NULL @next, or -EBUSY if @next
 * runs on another CPU.
 */
int context_switch(int cpu, struct task_struct *next)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;
	struct task_struct *prev;
	struct mm_struct *oldmm;

	if (cpu < 0 || cpu >= m->nr_cpus || !next)
		return -EINVAL;
	prev = s->pcpu[cpu].curr;
	if (next->on_cpu >= 0 && next != prev)
		return -EBUSY;
	oldmm = prev->active_mm ? prev->active_mm : &init_mm;
	if (!next->mm) {
		next->active_mm = oldmm;	/* enter_lazy_tlb */
	} else {
		switch_mm_irqs_off(oldmm, next->mm, cpu);
	}
	/* __switch_to(): current, the stack slot, the saved sp. */
	prev->on_cpu = -1;
	next->on_cpu = cpu;
	s->pcpu[cpu].curr = next;
	arch_switch_to_stack(m, cpu, next);
	m->cpus[cpu].sp = next->thread.sp;
	trace_event(m, "sched_switch", TF_S("prev_comm", prev->comm),
		    TF_I("prev_pid", prev->pid), TF_S("next_comm", next->comm),
		    TF_I("next_pid", next->pid));
	return 0;
}

/**
 * paging_tasks_init - create the idle tasks swapper/N
 * @m: the machine
 *
 * One per CPU, running with init_mm, its stack in the TSS; the next task
 * gets pid 1.
 *
 * Context: boot, after tss_setup().
 * Return: 0 or -ENOMEM.
 */
int paging_tasks_init(struct machine *m)
{
	struct paging_state *s = m->paging;

	for (int i = 0; i < m->nr_cpus; i++) {
		char name[32];
		struct task_struct *t;

		snprintf(name, sizeof(name), "swapper/%d", i);
		s->next_pid = 0;
		t = task_create(name, false);
		if (!t)
			return -ENOMEM;
		t->active_mm = &init_mm;
		t->on_cpu = i;
		s->pcpu[i].curr = s->pcpu[i].idle = t;
		s->pcpu[i].loaded_mm = &init_mm;
		arch_switch_to_stack(m, i, t);
		m->cpus[i].sp = t->thread.sp;
	}
	s->next_pid = 1;
	return 0;
}

/**
 * paging_init_finish - the last step of paging boot
 * @m: the machine
 *
 * Sets up the TSSs and the idle tasks and reports the paging mode in
 * dmesg.
 *
 * Context: boot, once the kernel page tables are live.
 * Return: 0 or a negative errno of tss_setup() / paging_tasks_init().
 */
int paging_init_finish(struct machine *m)
{
	struct paging_state *s = m->paging;
	int ret = tss_setup(m);

	if (!ret)
		ret = paging_tasks_init(m);
	if (ret)
		return ret;
	pr_info("paging: %s, %zu page-table pages, %s\n", s->fmt->name,
		s->nr_pt_pages, mmu_mode_name(m->cpus[0].mode));
	return 0;
}
