// SPDX-License-Identifier: GPL-2.0
/*
 * A new process with a program image, as execve() builds it:
 * fs/binfmt_elf.c load_elf_binary (text, data and bss at the load bias,
 * the program break after bss, arch_randomize_brk), fs/exec.c
 * setup_arg_pages (the stack VMA under STACK_TOP, randomised by
 * randomize_stack_top), and arch_pick_mmap_layout (mmap_base below the
 * stack's gap). Randomisation follows randomize_va_space=2 unless the
 * norandmaps boot option or spawn option turns it off.
 *
 * SIM: there are no files yet, so text and data are anonymous VMAs
 * (their page offsets are those of the file, so they do not merge with
 * bss), and their pages read as zeroes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/fdtable.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/slab.h>

#define STACK_EXPAND	(128ULL << 10)	/* setup_arg_pages' stack_expand */

struct aslr {
	bool on;
	bool is64;
};

/* STACK_RND_MASK: 22 bits of pages on x86-64, 11 on 32-bit and ARM. */
static u64 stack_rnd_mask(const struct aslr *a)
{
	return a->is64 ? 0x3fffff : 0x7ff;
}

/* arch_mmap_rnd(): mmap_rnd_bits (28 on x86-64, 8 on 32-bit) of pages. */
static u64 arch_mmap_rnd(const struct aslr *a)
{
	if (!a->on)
		return 0;
	return (procs_random() & ((1ULL << (a->is64 ? 28 : 8)) - 1))
	       << PAGE_SHIFT;
}

/* mm/util.c mmap_base(): below the stack's rlimit, guard and randomness. */
static u64 mmap_base(const struct aslr *a, u64 task_size, u64 rlim_stack)
{
	u64 gap = rlim_stack, pad = stack_guard_gap;
	u64 max_gap = task_size / 6 * 5, rnd = arch_mmap_rnd(a);

	if (a->on)
		pad += stack_rnd_mask(a) << PAGE_SHIFT;
	if (gap + pad > gap)
		gap += pad;
	if (gap < SZ_128M)
		gap = SZ_128M;
	else if (gap > max_gap)
		gap = max_gap;
	return PAGE_ALIGN(task_size - gap - rnd);
}

/* randomize_page(): @start plus a random page offset below @range. */
static u64 randomize_page(u64 start, u64 range)
{
	return start + ((procs_random() % (range >> PAGE_SHIFT)) << PAGE_SHIFT);
}

/* ELF_ET_DYN_BASE: where a PIE is loaded (x86_32: 4 MiB, else 2/3). */
static u64 elf_et_dyn_base(u64 task_size)
{
	if (!pt_fmt()->arm && current_machine()->arch->bits == 32)
		return 0x400000;
	return (task_size / 3 * 2) & PAGE_MASK;
}

/* Add one VMA of the image, unmerged (each stands for its own segment). */
static int map_segment(struct mm_struct *mm, u64 start, u64 len,
		       unsigned long flags, unsigned long pgoff)
{
	struct vm_area_struct *vma;

	if (!len)
		return 0;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = start + PAGE_ALIGN(len);
	vma->vm_flags = flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	/* Writable segments and the stack are committed memory. */
	if (flags & VM_WRITE)
		vma->vm_flags |= VM_ACCOUNT;
	vma->vm_pgoff = pgoff;
	vma_set_page_prot(vma);
	vma_link(mm, vma);
	vm_stat_account(mm, vma->vm_flags, (long)(PAGE_ALIGN(len) >>
						  PAGE_SHIFT));
	return 0;
}

static int setup_image(struct task_struct *t, const struct spawn_opts *o,
		       struct aslr *a)
{
	struct mm_struct *mm = t->mm;
	u64 bias, stack_top, text = PAGE_ALIGN(o->text);
	u64 data = PAGE_ALIGN(o->data), stack;
	u64 window = current_machine()->layout.task_size;
	int ret;

	/* DEFAULT_MAP_WINDOW: 47 bits even with 5-level paging. */
	if (window > (1ULL << 47) - PAGE_SIZE)
		window = (1ULL << 47) - PAGE_SIZE;
	mm->task_size = window;
	mm->stack_rlimit = o->stack ? o->stack : 8ULL << 20;
	/*
	 * arch_pick_mmap_layout(): mm/util.c's (ARM's) mmap_is_legacy()
	 * gives an unlimited stack the legacy layout, bottom-up from
	 * TASK_UNMAPPED_BASE; x86's own no longer looks at the stack limit
	 * (its gap is then the largest, 5/6 of the address space).
	 */
	mm->mmap_legacy = current_machine()->arch->id == ARCH_ARM32 &&
			  mm->stack_rlimit == RLIM_INFINITY;
	if (mm->mmap_legacy)
		mm->mmap_base = PAGE_ALIGN(window / 3) + arch_mmap_rnd(a);
	else
		mm->mmap_base = mmap_base(a, window, mm->stack_rlimit);
	bias = (elf_et_dyn_base(window) + arch_mmap_rnd(a)) & PAGE_MASK;
	mm->start_code = bias;
	mm->end_code = bias + text;
	mm->start_data = bias + text;
	mm->end_data = bias + text + data;
	ret = map_segment(mm, bias, text, VM_READ | VM_EXEC, 0);
	if (!ret)
		ret = map_segment(mm, mm->start_data, data,
				  VM_READ | VM_WRITE, text >> PAGE_SHIFT);
	if (!ret)
		ret = map_segment(mm, mm->end_data, o->bss,
				  VM_READ | VM_WRITE,
				  mm->end_data >> PAGE_SHIFT);
	if (ret)
		return ret;
	mm->start_brk = mm->brk = PAGE_ALIGN(mm->end_data + o->bss);
	if (a->on) {
		/* arch_randomize_brk(): 1 GiB on x86-64, 32 MiB otherwise. */
		mm->start_brk = mm->brk = randomize_page(mm->brk,
			a->is64 ? 1ULL << 30 : 32ULL << 20);
		mm->brk_randomized = true;
	}
	stack_top = window;
	if (a->on)
		stack_top -= (procs_random() & stack_rnd_mask(a)) << PAGE_SHIFT;
	stack_top &= PAGE_MASK;
	stack = STACK_EXPAND + PAGE_SIZE;
	if (stack > mm->stack_rlimit)
		stack = PAGE_ALIGN(mm->stack_rlimit);
	mm->start_stack = stack_top - 64;	/* argc, argv[], envp[] */
	return map_segment(mm, stack_top - stack, stack,
			   VM_READ | VM_WRITE | VM_GROWSDOWN,
			   (stack_top - stack) >> PAGE_SHIFT);
}

/*
 * setup_image() of @t under the ASLR @o asks for: the machine's
 * norandmaps or the image's, and a seed of its own that leaves the
 * machine's random sequence where it was.
 */
static int load_image(struct task_struct *t, const struct spawn_opts *o)
{
	struct machine *m = current_machine();
	struct procs_state *ps = m->procs;
	struct aslr a = { .is64 = m->arch->bits == 64 };
	u64 saved_rnd = ps->rnd;
	int ret;

	a.on = !ps->norandmaps && !o->norandmaps;
	if (o->has_seed)
		ps->rnd = o->seed ^ 0x9e3779b97f4a7c15ULL;
	ret = setup_image(t, o, &a);
	if (o->has_seed)
		ps->rnd = saved_rnd;	/* the machine's sequence goes on */
	return ret;
}

/**
 * spawn_process - a new process running a program image
 * @name: its comm
 * @opts: image sizes, RLIMIT_STACK (@opts->stack, 0: 8 MiB), ASLR
 * @err: set to -ENOMEM on failure
 *
 * Context: acts on current_machine().
 * Return: the task (not running yet), or NULL.
 */
struct task_struct *spawn_process(const char *name,
				  const struct spawn_opts *opts, int *err)
{
	struct machine *m = current_machine();
	struct task_struct *t;
	struct procs_state *ps;

	*err = -ENOMEM;
	if (!m->procs && proc_caches_init(m))
		return NULL;
	ps = m->procs;
	t = task_create(name, true);
	if (!t)
		return NULL;
	init_rlimits(t->rlim);
	if (opts->stack)
		t->rlim[RLIMIT_STACK].rlim_cur = opts->stack;
	t->slab_obj = kmem_cache_alloc(ps->task_cachep, GFP_KERNEL);
	t->mm->slab_obj = kmem_cache_alloc(ps->mm_cachep, GFP_KERNEL);
	t->files = alloc_files_struct();	/* SIM: starts with no fds */
	trace_event(m, "task:task_newtask", TF_I("pid", t->pid),
		    TF_S("comm", t->comm), TF_X("clone_flags", 0),
		    TF_I("oom_score_adj", 0));
	if (!t->slab_obj || !t->mm->slab_obj || !t->files ||
	    load_image(t, opts)) {
		do_exit(t, SIGKILL);
		release_task(t);
		t = NULL;
	} else {
		*err = 0;
	}
	return t;
}

/* do_close_on_exec(): close every fd with FD_CLOEXEC set. */
static void do_close_on_exec(struct task_struct *t)
{
	struct files_struct *files = t->files;

	if (!files)
		return;
	for (unsigned int fd = 0; fd < files_fdtable(files)->max_fds; fd++)
		if (close_on_exec(fd, files))
			close_fd(t, fd);
}

/*
 * exec_mmap(): @t runs @mm from now on. The CPU running @t loads it
 * (activate_mm), CPUs that borrowed the old mm lazily let it go, and the
 * old image is put (mmput frees it with its last user).
 */
static void exec_mmap(struct task_struct *t, struct mm_struct *mm)
{
	struct machine *m = current_machine();
	struct mm_struct *old = t->mm;

	if (t->on_cpu >= 0)
		switch_mm_irqs_off(old, mm, t->on_cpu);
	t->mm = t->active_mm = mm;
	for (int i = 0; i < m->nr_cpus; i++) {
		struct task_struct *c = m->paging->pcpu[i].curr;

		if (c != t && c->active_mm == old) {
			switch_mm_irqs_off(old, &init_mm, i);
			c->active_mm = &init_mm;
		}
	}
	mmput(old);
}

/**
 * do_execve - run a new program image in @t (fs/exec.c do_execveat_common)
 * @t: a live user task
 * @name: the program's name, its new comm
 * @opts: the image (sizes, ASLR); the stack limit is @t's RLIMIT_STACK
 *
 * Builds the image in a fresh mm first (bprm_mm_init, load_elf_binary),
 * owned by @t so that its limits and fault counts apply:
 * if that fails, @t keeps its old image, as before Linux's point of no
 * return. Then begin_new_exec(): exec_mmap() switches to the new mm and
 * frees the old one, FD_CLOEXEC fds are closed, the comm changes. The
 * pid, the other fds and the resource limits stay.
 *
 * Context: acts on current_machine().
 * Return: 0, -ESRCH (@t has exited) or -ENOMEM.
 */
int do_execve(struct task_struct *t, const char *name,
	      const struct spawn_opts *opts)
{
	struct machine *m = current_machine();
	struct spawn_opts o = *opts;
	struct mm_struct *mm, *old = t->mm;
	const char *base = strrchr(name, '/');
	int ret;

	if (t->exit_state || !old)
		return -ESRCH;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	mm->owner = t;		/* mm_init_owner(): its limits, its faults */
	mm->slab_obj = kmem_cache_alloc(m->procs->mm_cachep, GFP_KERNEL);
	/* The stack's limit is RLIMIT_STACK's (at least a page). */
	o.stack = t->rlim[RLIMIT_STACK].rlim_cur;
	if (o.stack < PAGE_SIZE)
		o.stack = PAGE_SIZE;
	t->mm = mm;		/* setup_image() builds in t->mm */
	ret = mm->slab_obj ? load_image(t, &o) : -ENOMEM;
	t->mm = old;
	if (ret) {
		mmput(mm);
		return ret;
	}
	exec_mmap(t, mm);
	do_close_on_exec(t);
	/* __set_task_comm(kbasename(filename)) */
	snprintf(t->comm, sizeof(t->comm), "%s", base ? base + 1 : name);
	trace_event(m, "sched:sched_process_exec", TF_S("filename", name),
		    TF_I("pid", t->pid), TF_I("old_pid", t->pid));
	return 0;
}
