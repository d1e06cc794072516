/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress of long kernel operations (a boot of terabytes of RAM), for a
 * host that wants to show it. No Linux counterpart: a real kernel boots
 * in its own time. The kernel reports "what, done of total"; whether and
 * how to show it is the host's business (mmsim prints a meter on stderr
 * when it is a terminal).
 */
#ifndef MMSIM_PROGRESS_H
#define MMSIM_PROGRESS_H

#include "types.h"

/* Called on the thread doing the work; must be cheap and not re-enter. */
typedef void (*progress_fn)(const char *what, u64 done, u64 total,
			    void *ctx);

/* This thread's long operations report to @fn (NULL: to nobody). */
void progress_attach(progress_fn fn, void *ctx);
/* Report that @done of @total units of the step @what are done. */
void progress_update(const char *what, u64 done, u64 total);

#endif
