// SPDX-License-Identifier: GPL-2.0
/*
 * The context switch, as kernel/sched/core.c (context_switch: switch_mm
 * or lazy TLB, then __switch_to), init_idle()'s idle tasks, and the user
 * to kernel entry of an interrupt. The architecture's part goes through
 * struct pt_ops: switch_mm_irqs_off() (CR3 + PCID, TTBR0 + ASID), the TSS
 * stack slot of __switch_to() and the hardware's stack switch on entry
 * (arch/x86/tss.c).
 */
#include <stdio.h>

#include <mmsim/paging.h>

/*
 * __switch_to()'s stack part: cpu_current_top_of_stack, and on x86_32
 * TSS.sp1, which holds it (update_task_stack()).
 */
static void __switch_to_stack(struct machine *m, int cpu,
			      struct task_struct *next)
{
	u64 top = task_top_of_stack(next);

	m->paging->pcpu[cpu].top_of_stack = top;
	if (pt_ops()->switch_to_stack)
		pt_ops()->switch_to_stack(m, cpu, top);
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
	s->pcpu[cpu].nr_switches += prev != next;
	s->pcpu[cpu].curr = next;
	__switch_to_stack(m, cpu, next);
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
		__switch_to_stack(m, i, t);
		m->cpus[i].sp = t->thread.sp;
	}
	s->next_pid = 1;
	return 0;
}

/**
 * cpu_enter_kernel - an interrupt or system call arrives in user mode
 * @cpu_id: the CPU
 *
 * x86: the hardware loads the stack pointer from TSS.sp0 in simulated
 * memory, the entry code moves to the task stack (a kernel_entry event);
 * ARM: the SVC-mode banked sp. Then CPL 0.
 *
 * Context: acts on current_machine().
 * Return: 0, or -EINVAL if the CPU is not in user mode.
 */
int cpu_enter_kernel(int cpu_id)
{
	struct machine *m = current_machine();

	if (m->cpus[cpu_id].cpl != 3)
		return -EINVAL;
	return pt_ops()->enter_kernel(m, cpu_id);
}

/**
 * cpu_return_to_user - back to user mode (iret / sysret / eret)
 * @cpu_id: the CPU
 *
 * Return: 0.
 */
int cpu_return_to_user(int cpu_id)
{
	current_machine()->cpus[cpu_id].cpl = 3;
	return 0;
}
