// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks and address spaces: creation and teardown, as kernel/fork.c
 * (mm_alloc, mmdrop, copy_process's stack and mm, free_task) and
 * include/linux/sched/task_stack.h. The page tables come from
 * pgd_alloc()/pgd_free() (mm/pgalloc.c), the ASID from the architecture's
 * init_new_context().
 */
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/arch.h>
#include <mmsim/paging.h>

/**
 * mm_alloc - a new address space
 *
 * pgd_alloc(): a top-level table whose kernel half is swapper_pg_dir's
 * (T2); init_new_context(): a fresh context id, tlb_gen 1 and, on ARM,
 * the next ASID.
 *
 * Context: acts on current_machine(), after the kernel page tables exist.
 * Return: the mm (one user, one reference), or NULL when out of memory.
 */
struct mm_struct *mm_alloc(void)
{
	struct paging_state *s = current_machine()->paging;
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	if (!mm)
		return NULL;
	mm->mm_users = 1;
	mm->mm_count = 1;
	if (pgd_alloc(mm)) {
		pgd_free(mm);
		free(mm);
		return NULL;
	}
	mm->context.ctx_id = s->next_ctx_id++;
	mm->context.tlb_gen = 1;
	if (s->fmt->ops->init_new_context)
		s->fmt->ops->init_new_context(s, mm);
	list_add_tail(&mm->pgd_list, &s->mm_list);
	return mm;
}

/**
 * mmdrop - drop a reference to @mm, freeing it with the last one
 * @mm: the address space (NULL and init_mm are ignored)
 *
 * The last reference frees the user half's page tables (the kernel half
 * is shared and stays) and the pgd.
 *
 * Context: acts on current_machine(); no CPU may still run @mm.
 */
void mmdrop(struct mm_struct *mm)
{
	struct machine *m = current_machine();

	if (!mm || mm == &m->paging->kernel_mm || --mm->mm_count > 0)
		return;
	pgd_free(mm);
	if (mm->pgd_list.next)
		list_del(&mm->pgd_list);
	mtree_destroy(&mm->mm_mt);	/* a bare mm never went through exit_mmap */
	free(mm);
}

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
	/* TOP_OF_KERNEL_STACK_PADDING: 8 on x86_32, 0 on x86_64 and ARM. */
	return tsk->stack + thread_size() - pt_ops()->top_of_stack_padding();
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
