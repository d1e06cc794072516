/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the unit tests that run processes on a booted machine
 * (test_fault_cow.c, test_vma_tree.c): the leak-check baseline, a small
 * process, and a machine whose one-time allocations are already made.
 */
#ifndef MMSIM_TEST_PROC_HELPERS_H
#define MMSIM_TEST_PROC_HELPERS_H

#include "../test.h"

#include <mmsim/gfp.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/slab.h>
#include <mmsim/vmstat.h>

/* Free pages with the slabs shrunk and the per-CPU lists drained. */
static inline unsigned long free_pages_now(void)
{
	/* Empty slabs first: their pages go to the per-CPU lists. */
	for (struct kmem_cache *c = kmem_cache_first(); c;
	     c = kmem_cache_next(c))
		kmem_cache_shrink(c);
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

/* A process with a small image and no randomized layout. */
static inline struct task_struct *spawn(const char *name)
{
	struct spawn_opts o = { .text = 0x4000, .data = 0x1000, .bss = 0x2000,
				.norandmaps = true };
	int err;

	return spawn_process(name, &o, &err);
}

/*
 * Boot @arch with @mem, spawn and end one process, so that the caches and
 * the zero page exist; *@before gets the free page count a test that
 * leaks nothing ends with.
 */
static inline struct machine *proc_machine(const char *arch, const char *mem,
					   unsigned long *before)
{
	struct machine *m = test_boot(arch, mem);
	struct task_struct *t;

	if (!m)
		return NULL;
	machine_enter(m);
	t = spawn("warmup");
	if (!t) {
		machine_destroy(m);
		return NULL;
	}
	do_exit(t, 0);
	release_task(t);
	*before = free_pages_now();
	return m;
}

#endif
