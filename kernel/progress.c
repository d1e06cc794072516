// SPDX-License-Identifier: GPL-2.0
/*
 * Progress reports of long kernel operations to the host (see
 * include/mmsim/progress.h). No Linux counterpart. The sink is per thread,
 * like the current machine, so that machines booting on two threads do
 * not report to each other's host.
 */
#include <stddef.h>

#include <mmsim/progress.h>

static _Thread_local progress_fn progress_sink;
static _Thread_local void *progress_ctx;

/**
 * progress_attach - route this thread's progress reports
 * @fn: the host's sink, or NULL to stop reporting
 * @ctx: passed to @fn
 */
void progress_attach(progress_fn fn, void *ctx)
{
	progress_sink = fn;
	progress_ctx = ctx;
}

/**
 * progress_update - report progress of a long step
 * @what: the step, e.g. "freeing pages"
 * @done: units done
 * @total: units in all (0: unknown)
 *
 * Costs a test and a branch when no host listens.
 */
void progress_update(const char *what, u64 done, u64 total)
{
	if (progress_sink)
		progress_sink(what, done, total, progress_ctx);
}
