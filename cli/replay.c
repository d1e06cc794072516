// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim replay [--check] [--maps] FILE: boot the machine of the command
 * line, replay a real program's strace log on it (kernel/replay.c),
 * print the maps (--maps) and the summary. A meter shows the progress of
 * a long log when stderr is a terminal.
 *
 * Exit status: 0; 1 when the log cannot be read or a line cannot be
 * parsed, or with --check when a result or a final layout differs from
 * the log's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mmsim/progress.h>

#include "cli.h"

#define METER_AFTER_NS	1000000000ULL	/* a second: short logs show none */
#define METER_EVERY_NS	100000000ULL

struct replay_meter {
	const char *file;
	u64 start_ns, last_ns;
	bool shown;
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void meter_sink(const char *what, u64 done, u64 total, void *ctx)
{
	struct replay_meter *mt = ctx;
	u64 now = now_ns();

	if (now - mt->start_ns < METER_AFTER_NS ||
	    now - mt->last_ns < METER_EVERY_NS)
		return;
	mt->last_ns = now;
	mt->shown = true;
	if (total)
		fprintf(stderr, "\rmmsim: %s %s: %d%%\033[K", what, mt->file,
			(int)(done * 100 / total));
	else
		fprintf(stderr, "\rmmsim: %s %s: %llu MB\033[K", what, mt->file,
			(unsigned long long)(done >> 20));
	fflush(stderr);
}

/**
 * cmd_replay - mmsim replay
 * @host: the machine options
 * @file: the strace log
 * @opts: --check, --maps
 *
 * Return: the exit status.
 */
int cmd_replay(struct lmm_host *host, const char *file,
	       const struct replay_opts *opts)
{
	struct replay_meter mt = { .file = file };
	struct strbuf out = STRBUF_INIT;
	struct replay_result r;
	struct machine *m = boot_or_exit(host);
	int ret, status = EXIT_OK;

	if (host->progress) {
		mt.start_ns = now_ns();
		progress_attach(meter_sink, &mt);
	}
	ret = replay_file(m, file, opts, &r);
	if (host->progress) {
		progress_attach(NULL, NULL);
		if (mt.shown)
			fputs("\r\033[K", stderr);
	}
	if (ret) {
		fprintf(stderr, "mmsim: replay: %s\n", r.error);
		status = EXIT_FAIL;
	} else {
		fwrite(sb_str(&r.maps), 1, r.maps.len, stdout);
		replay_print_summary(&r, file, &out);
		fwrite(sb_str(&out), 1, out.len, stdout);
		if (opts->check && (r.failures || r.differences))
			status = EXIT_FAIL;
	}
	sb_free(&out);
	replay_result_free(&r);
	machine_destroy(m);
	machine_enter(NULL);
	return status;
}
