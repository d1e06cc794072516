// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim replay throughput: a synthetic strace log of brk, mmap, munmap
 * and mprotect lines (one process, up to 512 live mappings, the shape of
 * a malloc-heavy program), replayed several times; the median in lines
 * per second, with and without --check.
 *
 * Usage: bench_replay [LINES] (default 2000000). The log is written to a
 * temporary file and removed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmsim/machine.h>
#include <mmsim/replay.h>

#include "bench.h"

#define RUNS	5
#define LIVE	512

/* The log: each mapping in its own 1 MiB slot, so none overlap. */
static void write_log(FILE *f, long lines)
{
	unsigned long long base = 0x7f0000000000ULL, brk = 0x555555560000ULL;
	unsigned long long live[LIVE] = { 0 }, len[LIVE] = { 0 };
	unsigned int rnd = 1;
	long n = 2;

	fprintf(f, "100 execve(\"/usr/bin/bench\", [\"bench\"], 0x7ffd00000000 /* 1 var */) = 0\n");
	fprintf(f, "100 brk(NULL) = 0x%llx\n", brk);
	for (long i = 0; n < lines; i++) {
		int slot = (int)(i % LIVE);

		rnd = rnd * 1103515245u + 12345u;
		if (live[slot]) {
			fprintf(f, "100 munmap(0x%llx, %llu) = 0\n", live[slot],
				len[slot]);
			n++;
		}
		live[slot] = base + (unsigned long long)slot * 0x100000;
		len[slot] = ((rnd >> 16) % 64 + 1) * 4096;
		fprintf(f, "100 mmap(NULL, %llu, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x%llx\n",
			len[slot], live[slot]);
		n++;
		if (i % 4 == 0) {
			fprintf(f, "100 mprotect(0x%llx, 4096, PROT_READ) = 0\n",
				live[slot]);
			n++;
		}
		if (i % 8 == 0) {
			brk += (i % 16 == 0) ? 0x21000 : -0x21000ULL;
			fprintf(f, "100 brk(0x%llx) = 0x%llx\n", brk, brk);
			n++;
		}
	}
	fprintf(f, "100 exit_group(0) = ?\n100 +++ exited with 0 +++\n");
}

static double run(const char *path, bool check, struct replay_result *keep,
		  double *cpu)
{
	struct machine_config cfg;
	struct replay_opts o = { .check = check };
	struct replay_result r;
	struct machine *m;
	char err[256];
	double t;

	machine_config_default(&cfg);
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_replay: cannot boot: %s\n", err);
		exit(1);
	}
	machine_enter(m);
	t = bench_now();
	*cpu = bench_cpu_now();
	if (replay_file(m, path, &o, &r)) {
		fprintf(stderr, "bench_replay: %s\n", r.error);
		exit(1);
	}
	t = bench_now() - t;
	*cpu = bench_cpu_now() - *cpu;
	if (r.failures || r.differences) {
		fprintf(stderr, "bench_replay: %llu failures, %llu differences\n",
			(unsigned long long)r.failures,
			(unsigned long long)r.differences);
		exit(1);
	}
	*keep = r;
	machine_destroy(m);
	machine_enter(NULL);
	return t;
}

int main(int argc, char **argv)
{
	long lines = argc > 1 ? atol(argv[1]) : 2000000;
	char path[] = "/tmp/bench_replay_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f || lines < 10) {
		fprintf(stderr, "usage: bench_replay [LINES >= 10]\n");
		return 1;
	}
	write_log(f, lines);
	fclose(f);
	printf("| log | lines | wall (median of %d) | lines/s | CPU (median) | lines/s of CPU |\n"
	       "|---|---:|---:|---:|---:|---:|\n", RUNS);
	for (int check = 0; check < 2; check++) {
		double t[RUNS], c[RUNS];
		struct replay_result r;

		for (int i = 0; i < RUNS; i++) {
			t[i] = run(path, check, &r, &c[i]);
			if (i < RUNS - 1)
				replay_result_free(&r);
		}
		double wall = bench_median(t, RUNS), cpu = bench_median(c, RUNS);

		printf("| brk/mmap/munmap/mprotect%s | %llu | %.2f s | %.2f M | %.2f s | %.2f M |\n",
		       check ? ", --check" : "", (unsigned long long)r.lines,
		       wall, r.lines / wall / 1e6, cpu, r.lines / cpu / 1e6);
		replay_result_free(&r);
	}
	unlink(path);
	return 0;
}
