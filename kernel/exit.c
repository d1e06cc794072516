// SPDX-License-Identifier: GPL-2.0
/*
 * Process exit, as kernel/exit.c: do_exit -> exit_mm (exit_mmap, mmput),
 * the kernel stack freed, the task left a zombie that keeps its exit
 * code and signal records until release_task() reaps it.
 *
 * SIM: Linux frees the kernel stack and task_struct when the parent
 * reaps the zombie; mmsim frees the stack at exit (a zombie here holds
 * only a host record) so that "exit frees everything" is checkable at
 * once.
 */
#include <stdlib.h>

#include <mmsim/fdtable.h>
#include <mmsim/mm.h>
#include <mmsim/slab.h>

/* THREAD_SIZE_ORDER, as kernel/fork.c computes it. */
static unsigned int stack_order(void)
{
	return thread_size() == 4 * PAGE_SIZE ? 2 : 1;
}

/**
 * mmput - drop a user of @mm; the last one tears the address space down
 * @mm: the address space
 */
void mmput(struct mm_struct *mm)
{
	struct procs_state *ps = current_machine()->procs;

	if (--mm->mm_users > 0)
		return;
	exit_mmap(mm);
	if (mm->slab_obj)
		kmem_cache_free(ps->mm_cachep, mm->slab_obj);
	mm->slab_obj = 0;
	mmdrop(mm);
}

/**
 * do_exit - terminate @tsk
 * @tsk: a user task
 * @code: exit code (a signal number, or status << 8)
 *
 * Takes it off its CPU (the CPU runs its idle task), frees its address
 * space, kernel stack and slab object, and leaves it a zombie.
 *
 * Context: acts on current_machine().
 */
void do_exit(struct task_struct *tsk, int code)
{
	struct machine *m = current_machine();
	struct procs_state *ps = m->procs;

	if (tsk->exit_state)
		return;
	if (tsk->on_cpu >= 0)
		context_switch(tsk->on_cpu, m->paging->pcpu[tsk->on_cpu].idle);
	/*
	 * A CPU that ran it lazily (an idle task borrowing the mm) lets go:
	 * switch it to init_mm as the last mmdrop would wait for.
	 */
	for (int i = 0; i < m->nr_cpus; i++) {
		struct task_struct *c = m->paging->pcpu[i].curr;

		if (c->active_mm == tsk->mm && c != tsk) {
			switch_mm_irqs_off(tsk->mm, &init_mm, i);
			c->active_mm = &init_mm;
		}
	}
	tsk->exit_code = code;
	tsk->exit_state = EXIT_ZOMBIE;
	exit_files(tsk);	/* before exit_mm, as Linux's do_exit() */
	if (tsk->mm) {
		struct mm_struct *mm = tsk->mm;

		tsk->mm = tsk->active_mm = NULL;
		mmput(mm);
	}
	if (tsk->stack_phys) {
		paging_free_pages(m, tsk->stack_phys, stack_order());
		tsk->stack_phys = 0;
	}
	if (tsk->slab_obj)
		kmem_cache_free(ps->task_cachep, tsk->slab_obj);
	tsk->slab_obj = 0;
	list_del(&tsk->tasks);
	list_add_tail(&tsk->tasks, &ps->zombies);
}

/**
 * release_task - reap a zombie: free what is left of it
 * @tsk: a task do_exit() ended
 */
void release_task(struct task_struct *tsk)
{
	if (!tsk->exit_state)
		return;
	list_del(&tsk->tasks);
	free(tsk->sigs);
	free(tsk);
}
