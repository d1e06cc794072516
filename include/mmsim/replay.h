/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replaying a real program's strace log (kernel/replay.c): every
 * brk/mmap/munmap/mprotect of the log is made again by a simulated
 * process at the address the real kernel returned, so the simulated
 * layout can be compared with the real one; file mappings map the files
 * of a disk mounted at /mnt when it holds them. No Linux counterpart.
 *
 * The log is what `strace -f [-y] [-tt|-ttt] -e trace=%memory,%process
 * -o FILE PROGRAM` writes (docs/cli-and-lua.md, "mmsim replay").
 */
#ifndef MMSIM_REPLAY_H
#define MMSIM_REPLAY_H

#include "machine.h"

/* What a replayed call was, for the per-kind counts. */
enum replay_kind {
	RK_BRK, RK_MMAP, RK_MUNMAP, RK_MPROTECT, RK_FORK, RK_EXECVE, RK_EXIT,
	RK_MREMAP, RK_MADVISE, RK_MLOCK, RK_MINCORE,	/* mlock: munlock too */
	NR_REPLAY_KINDS
};

struct replay_opts {
	bool maps;	/* /proc/PID/maps of each process at its end */
	bool check;	/* compare each final layout with the log's */
	/*
	 * Where the log's file paths are looked up: NULL, /mnt when a
	 * filesystem is mounted there (--disk); "": nowhere (file
	 * mappings are anonymous memory named after the file).
	 */
	const char *root;
};

/* A process alive at the end of the log. */
struct replay_alive {
	int pid;			/* the simulated pid */
	int spid;			/* the strace pid */
};

/* The outcome of a replay. */
struct replay_result {
	u64 lines;			/* lines read */
	u64 calls[NR_REPLAY_KINDS];	/* calls replayed, per kind */
	u64 skipped;			/* other syscalls (not memory) */
	u64 signals;			/* "--- SIGxxx ... ---" lines */
	u64 not_modelled;		/* memory calls mmsim lacks yet */
	u64 unmatched;			/* "<... resumed>" with no start */
	u64 unfinished;			/* calls never resumed */
	u64 failures;			/* mmsim's result differs */
	u64 beyond;			/* of which: beyond TASK_SIZE */
	u64 unnamed_files;		/* file mappings without -y's path */
	u64 processes;			/* simulated processes made */
	u64 checked;			/* layouts compared (--check) */
	u64 differences;		/* layouts that differ (--check) */
	bool files;			/* file paths were looked up */
	char root[256];			/* under this directory */
	u64 files_backed;		/* file mappings of a real file */
	u64 files_missing;		/* file mappings left anonymous */
	struct strbuf missing_list;	/* "PATH (missing), ..." */
	struct replay_alive *alive;	/* processes alive at the end */
	size_t nr_alive;
	struct strbuf not_modelled_by_name;	/* "3 madvise, 1 mremap" */
	struct strbuf failure_list;	/* the first failures, one a line */
	struct strbuf check_list;	/* the first differences */
	struct strbuf maps;		/* --maps output */
	char error[512];		/* why replay_file() failed */
};

/*
 * Replay the log at @path on @m (entered). The processes still alive at
 * the end of the log stay alive.
 * Return: 0 (failures are results, counted in @r), -ENOENT/-EACCES/...
 * when the file cannot be read, or -EINVAL for a line that cannot be
 * parsed; @r->error says why, with the line number.
 */
int replay_file(struct machine *m, const char *path,
		const struct replay_opts *opts, struct replay_result *r);
/* The same on a log in memory; @name is used in messages. */
int replay_buffer(struct machine *m, const char *name, const char *buf,
		  size_t len, const struct replay_opts *opts,
		  struct replay_result *r);
/* The summary of @r, as `mmsim replay` prints it. */
void replay_print_summary(const struct replay_result *r, const char *name,
			  struct strbuf *out);
/* Free the buffers of @r. */
void replay_result_free(struct replay_result *r);
/* "mmap", "brk", ... */
const char *replay_kind_name(enum replay_kind k);

#endif
