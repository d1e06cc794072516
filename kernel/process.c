// SPDX-License-Identifier: GPL-2.0
/*
 * Processes: the caches and zero page they need (kernel/fork.c
 * proc_caches_init, mm/memory.c's ZERO_PAGE), the ASLR random source,
 * fork (kernel/fork.c copy_process -> copy_mm -> dup_mmap) and the
 * machine-teardown of what is left.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/fdtable.h>
#include <mmsim/gfp.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/slab.h>

/*
 * SIM: object sizes of a Linux 6.x defconfig build (pahole), rounded:
 * the caches hold the simulated kernel's share of RAM; the host structs
 * live beside the objects.
 */
static unsigned int obj_size(unsigned int size64, unsigned int size32)
{
	return current_machine()->arch->bits == 64 ? size64 : size32;
}

static bool cmdline_has(const char *cmdline, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = cmdline; (p = strstr(p, word)); p += n)
		if ((p == cmdline || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/**
 * proc_caches_init - the slab caches of processes and the zero page
 * @m: the machine
 *
 * "task_struct", "mm_struct" and "vm_area_struct" caches, as
 * proc_caches_init() and vma_state_init(); the shared zero page; the
 * norandmaps boot option (randomize_va_space=0).
 *
 * SIM: Linux does this at boot (and the zero page is in the kernel
 * image); mmsim does it when the first process is spawned, so a machine
 * without processes boots to exactly the state it had before processes
 * existed (buddyinfo, slabinfo).
 *
 * Context: after boot; spawn_process() calls it once.
 * Return: 0 or -ENOMEM.
 */
int proc_caches_init(struct machine *m)
{
	struct machine *prev = machine_enter(m);
	struct procs_state *ps = calloc(1, sizeof(*ps));
	int ret = -ENOMEM;

	if (!ps || !m->paging)
		goto out;
	m->procs = ps;
	INIT_LIST_HEAD(&ps->zombies);
	ps->task_cachep = kmem_cache_create("task_struct",
					    obj_size(7296, 3456), 0,
					    SLAB_HWCACHE_ALIGN, NULL);
	ps->mm_cachep = kmem_cache_create("mm_struct", obj_size(1152, 576),
					  0, SLAB_HWCACHE_ALIGN, NULL);
	ps->vm_area_cachep = kmem_cache_create("vm_area_struct",
					       obj_size(184, 96), 0, 0, NULL);
	ps->zero_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!ps->task_cachep || !ps->mm_cachep || !ps->vm_area_cachep ||
	    !ps->zero_page)
		goto out;
	memset(ram_ptr(&m->ram, (phys_addr_t)page_to_pfn(ps->zero_page) <<
		       PAGE_SHIFT), 0, PAGE_SIZE);
	ps->rnd = m->cfg.seed ^ 0x9e3779b97f4a7c15ULL;
	ps->norandmaps = cmdline_has(m->cfg.cmdline, "norandmaps");
	ret = 0;
out:
	if (ret && ps && m->procs == ps) {
		/* SIM: caches stay (kmem_cache_exit frees them); no leak. */
		if (ps->zero_page)
			__free_page(ps->zero_page);
		m->procs = NULL;
	}
	if (ret)
		free(ps);
	machine_enter(prev);
	return ret;
}

/**
 * proc_caches_exit - free every process left on @m
 * @m: a machine being destroyed
 *
 * Live processes are killed (their memory freed), zombies reaped.
 */
void proc_caches_exit(struct machine *m)
{
	struct procs_state *ps = m->procs;
	struct task_struct *t, *n;

	if (!ps)
		return;
	list_for_each_entry_safe(t, n, &m->paging->task_list, tasks)
		if (t->mm && t->mm->slab_obj)
			do_exit(t, SIGKILL);
	while (!list_empty(&ps->zombies))
		release_task(list_first_entry(&ps->zombies,
					      struct task_struct, tasks));
	free(ps);
	m->procs = NULL;
}

/**
 * procs_random - 64 random bits for address-space randomisation
 *
 * splitmix64 over a state seeded from the machine's --seed, so a run is
 * repeatable.
 *
 * Return: the bits.
 */
u64 procs_random(void)
{
	struct procs_state *ps = current_machine()->procs;
	u64 z = (ps->rnd += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The mm fields dup_mm() copies before dup_mmap(). */
static void dup_mm_fields(struct mm_struct *mm, const struct mm_struct *old)
{
	mm->mmap_base = old->mmap_base;
	mm->mmap_legacy = old->mmap_legacy;
	mm->task_size = old->task_size;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->def_flags = old->def_flags;
	mm->stack_rlimit = old->stack_rlimit;
	mm->brk_randomized = old->brk_randomized;
	mm->hiwater_rss = get_mm_rss(old);
}

/*
 * dup_mmap(): copy each VMA (not VM_DONTCOPY ones) and its PTEs; COW
 * write-protects the private writable pages of both.
 */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;

	for_each_vma(oldmm, mpnt) {
		long pages = (long)((mpnt->vm_end - mpnt->vm_start) >>
				    PAGE_SHIFT);

		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		tmp = vm_area_dup(mpnt);
		if (!tmp)
			return -ENOMEM;
		tmp->vm_mm = mm;
		tmp->vm_flags &= ~VM_LOCKED;	/* mlock is not inherited */
		/*
		 * vm_area_dup() reserved tree nodes in the parent's tree; the
		 * child's needs its own before the store (vma_iter_bulk_alloc
		 * in Linux's dup_mmap), so that running out is an -ENOMEM.
		 */
		MA_STATE(mas, &mm->mm_mt, 0, 0);
		if (mas_preallocate(&mas, tmp, GFP_KERNEL)) {
			vm_area_free(tmp);
			return -ENOMEM;
		}
		vma_link(mm, tmp);
		vm_stat_account(mm, tmp->vm_flags, pages);
		/* MADV_WIPEONFORK: the child's range starts empty. */
		if (!(tmp->vm_flags & VM_WIPEONFORK) &&
		    copy_page_range(tmp, mpnt))
			return -ENOMEM;
	}
	return 0;
}

/**
 * do_fork - fork(2): a copy of @parent sharing its pages copy-on-write
 * @parent: a live user task
 * @err: set to -ENOMEM / -ESRCH on failure
 *
 * Context: acts on current_machine().
 * Return: the child, or NULL.
 */
struct task_struct *do_fork(struct task_struct *parent, int *err)
{
	struct procs_state *ps = current_machine()->procs;
	struct task_struct *child;

	if (!parent->mm || parent->exit_state) {
		*err = -ESRCH;
		return NULL;
	}
	*err = -ENOMEM;
	child = task_create(parent->comm, true);
	if (!child)
		return NULL;
	child->ppid = parent->pid;
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	child->cpu = parent->cpu;
	child->slab_obj = kmem_cache_alloc(ps->task_cachep, GFP_KERNEL);
	child->mm->slab_obj = kmem_cache_alloc(ps->mm_cachep, GFP_KERNEL);
	trace_event(current_machine(), "task:task_newtask",
		    TF_I("pid", child->pid), TF_S("comm", child->comm),
		    TF_X("clone_flags", 0x11 /* SIGCHLD */),
		    TF_I("oom_score_adj", 0));
	dup_mm_fields(child->mm, parent->mm);
	/* copy_files(): no CLONE_FILES, the child gets a copy (dup_fd). */
	if (parent->files)
		child->files = dup_fd(parent->files, err);
	if (!child->slab_obj || !child->mm->slab_obj ||
	    (parent->files && !child->files) ||
	    dup_mmap(child->mm, parent->mm)) {
		*err = -ENOMEM;
		do_exit(child, SIGKILL);
		release_task(child);
		return NULL;
	}
	*err = 0;
	return child;
}

/**
 * procs_pgtables_pages - page-table pages of every process
 *
 * Return: the sum of their mm_pgtables_bytes(), in pages.
 */
unsigned long procs_pgtables_pages(void)
{
	struct machine *m = current_machine();
	struct task_struct *t;
	unsigned long bytes = 0;

	if (!m->paging || !m->procs)
		return 0;
	list_for_each_entry(t, &m->paging->task_list, tasks)
		if (t->mm && t->mm->slab_obj)
			bytes += t->mm->pgtables_bytes;
	return bytes >> PAGE_SHIFT;
}

/**
 * procs_committed_pages - pages of VM_ACCOUNT mappings of every process
 *
 * /proc/meminfo's Committed_AS. SIM: Linux keeps vm_committed_as as a
 * counter charged by mmap, brk, mprotect, mremap and stack growth and
 * uncharged by munmap and exit; mmsim sums the VM_ACCOUNT VMAs when
 * asked, which gives the same number for anonymous memory.
 *
 * Return: the pages.
 */
unsigned long procs_committed_pages(void)
{
	struct machine *m = current_machine();
	struct vm_area_struct *vma;
	struct task_struct *t;
	unsigned long pages = 0;

	if (!m->paging || !m->procs)
		return 0;
	list_for_each_entry(t, &m->paging->task_list, tasks) {
		if (!t->mm || !t->mm->slab_obj)
			continue;
		for_each_vma(t->mm, vma)
			if (vma->vm_flags & VM_ACCOUNT)
				pages += (vma->vm_end - vma->vm_start) >>
					 PAGE_SHIFT;
	}
	return pages;
}
