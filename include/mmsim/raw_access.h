/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy behind the raw memory writes a front end offers
 * (m:phys_write, m:kwrite): which physical bytes may be written without
 * breaking an invariant the kernel relies on, and the taint a forced
 * write leaves, as Linux's add_taint(TAINT_USER). mm/raw_access.c.
 */
#ifndef MMSIM_RAW_ACCESS_H
#define MMSIM_RAW_ACCESS_H

#include <stddef.h>

#include "types.h"

struct machine;

/* The first forced raw write of a machine and how many followed. */
struct raw_taint {
	unsigned long count;	/* forced writes so far (0: not tainted) */
	const char *method;	/* "m:phys_write", "m:kwrite" (static) */
	u64 addr;		/* the address as given: physical or virtual */
	phys_addr_t pa;		/* first physical byte the policy refused */
	size_t len;		/* bytes written by that call */
	char what[160];		/* what the bytes belonged to */
};

/*
 * 0 when [pa, pa+len) may be written; -EPERM with the owner of the first
 * protected byte in @why ("page-table page of swapper_pg_dir (pte table,
 * pfn 0x1a2)").
 */
int raw_write_check(struct machine *m, phys_addr_t pa, size_t len, char *why,
		    size_t whylen);
/* Record a forced write that raw_write_check() refused: TAINT_USER. */
void add_taint_raw_write(struct machine *m, const char *method, u64 addr,
			 phys_addr_t pa, size_t len, const char *what);
/* The taint record, or NULL while no forced write happened. */
const struct raw_taint *machine_taint(const struct machine *m);
/* machine_check() on failure: put the taint sentence first in the report. */
void raw_taint_note_check(struct machine *m);
/* Free the policy's state (machine_destroy()). */
void raw_access_exit(struct machine *m);

#endif /* MMSIM_RAW_ACCESS_H */
