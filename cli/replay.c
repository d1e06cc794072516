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
#include <stdio.h>

#include "cli.h"

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
	struct lmm_meter meter;
	struct strbuf out = STRBUF_INIT;
	struct replay_result r;
	struct machine *m = boot_or_exit(host);
	int ret, status = EXIT_OK;

	lmm_meter_begin_file(&meter, host, file);
	ret = replay_file(m, file, opts, &r);
	lmm_meter_end(&meter);
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
