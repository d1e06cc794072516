// SPDX-License-Identifier: GPL-2.0
/*
 * The invariant checker behind m:check(), like CONFIG_DEBUG_VM's checks run
 * on demand. Each subsystem contributes a *_check() that reports every
 * broken invariant with check_fail() and returns nonzero.
 */
#include <stdarg.h>

#include <mmsim/arch.h>
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/highmem.h>
#include <mmsim/paging.h>
#include <mmsim/mm_init.h>
#include <mmsim/page_alloc.h>
#include <mmsim/raw_access.h>
#include <mmsim/slab.h>
#include <mmsim/vmalloc.h>

void check_fail(struct machine *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&m->check_report, fmt, ap);
	va_end(ap);
	sb_puts(&m->check_report, "\n");
}

/**
 * machine_check - run every invariant check on @m
 * @m: machine
 *
 * Return: 0, or -EUCLEAN with the failures in m->check_report.
 */
int machine_check(struct machine *m)
{
	struct machine *prev = machine_enter(m);
	int bad = 0;

	sb_reset(&m->check_report);
	bad |= memblock_check(m);
	bad |= zones_check(m);
	bad |= page_alloc_check(m);
	bad |= pgtable_check(m);
	bad |= slab_check(m);
	bad |= procs_check(m);
	bad |= highmem_check(m);
	bad |= vmalloc_check(m);
	bad |= filemap_check(m);
	bad |= files_check(m);
	if (m->arch->check)
		bad |= m->arch->check(m);
	if (bad)
		raw_taint_note_check(m);
	machine_enter(prev);
	return bad ? -EUCLEAN : 0;
}
