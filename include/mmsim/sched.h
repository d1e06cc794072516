/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal struct task_struct (include/linux/sched.h): what the context
 * switch needs, the address space and the kernel stack. The process code
 * (fork, exit, signals) extends it.
 */
#ifndef MMSIM_SCHED_H
#define MMSIM_SCHED_H

#include "mm_struct.h"
#include "resource.h"

struct ksiginfo;
struct files_struct;

#define TASK_COMM_LEN	16

/* arch/x86/include/asm/processor.h struct thread_struct (the part we use). */
struct thread_struct {
	u64 sp0;		/* top of the kernel stack (x86_32: TSS.sp1) */
	u64 sp;			/* saved kernel stack pointer */
};

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;		/* NULL for kernel threads */
	struct mm_struct *active_mm;	/* borrowed mm of a kernel thread */
	u64 stack;			/* kernel virtual address of the stack */
	phys_addr_t stack_phys;
	int on_cpu;			/* CPU it runs on, or -1 */
	struct thread_struct thread;
	struct list_head tasks;		/* all tasks of the machine */
	/* Processes (kernel/exec.c, exit.c, signal.c). */
	int ppid;			/* parent's pid, 0 if none */
	int exit_state;			/* EXIT_ZOMBIE once exited */
	int exit_code;			/* signal number, or status << 8 */
	int cpu;			/* CPU it last ran on */
	struct ksiginfo *sigs;		/* signals delivered, in order */
	int nr_sigs, cap_sigs;
	vaddr_t slab_obj;		/* SIM: its "task_struct" slab object */
	/* Faults it took (mm_account_fault): /proc/PID/stat, getrusage. */
	unsigned long min_flt, maj_flt;
	/* SIM: Linux keeps them in signal_struct (one per thread group). */
	struct rlimit rlim[RLIM_NLIMITS];
	struct files_struct *files;	/* open fds (fs/file.c), NULL if none */
};

#define EXIT_ZOMBIE	0x0020

/* THREAD_SIZE of the running machine's architecture. */
u64 thread_size(void);
/* task_top_of_stack(): stack + THREAD_SIZE - TOP_OF_KERNEL_STACK_PADDING. */
u64 task_top_of_stack(const struct task_struct *tsk);

/*
 * Create a task with a kernel stack in the direct map and (if @user) a new
 * address space. Return: the task or NULL (-ENOMEM).
 */
struct task_struct *task_create(const char *comm, bool user);
void task_destroy(struct task_struct *tsk);
struct task_struct *find_task_by_pid(int pid);
/* The task running on @cpu (its idle task at boot). */
struct task_struct *cpu_curr(int cpu);

/*
 * context_switch - switch @cpu from its current task to @next, as
 * kernel/sched/core.c: switch_mm_irqs_off() (CR3 / TTBR0 + PCID / ASID),
 * then __switch_to() (the TSS stack slot, current_top_of_stack).
 */
int context_switch(int cpu, struct task_struct *next);

#endif /* MMSIM_SCHED_H */
