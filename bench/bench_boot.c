// SPDX-License-Identifier: GPL-2.0
/*
 * Boot time and host memory of large machines.
 *
 * For each size: boot N times, report the median wall time, and the host
 * memory the booted machine holds (resident set growth) next to what a
 * fully written struct page array plus the kernel page tables would cost.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmsim/arch.h>
#include <mmsim/machine.h>

#include "bench.h"

static long resident_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

/* Simulated bytes reserved by memblock under @owner. */
static u64 reserved_by(struct machine *m, const char *owner)
{
	u64 sum = 0;

	for (unsigned long i = 0; i < m->memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &m->memblock.reserved.regions[i];

		if (r->owner && strstr(r->owner, owner))
			sum += r->size;
	}
	return sum;
}

static void bench_one(const char *arch, const char *mem, int runs)
{
	struct machine_config cfg;
	double t[16];
	long rss_grow = 0;
	u64 full_map = 0, pgtables = 0;
	char err[256];

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem))
		return;
	for (int i = 0; i < runs; i++) {
		long before = resident_bytes();
		double t0 = bench_now();
		struct machine *m = machine_boot(&cfg, err, sizeof(err));

		t[i] = bench_now() - t0;
		if (!m) {
			printf("%-10s %6s  boot failed: %s\n", arch, mem, err);
			return;
		}
		rss_grow = resident_bytes() - before;
		full_map = (u64)m->max_pfn * sizeof(struct page);
		pgtables = reserved_by(m, "page table");
		machine_destroy(m);
	}
	qsort(t, runs, sizeof(t[0]), bench_cmp_double);
	printf("%-10s %6s  %9.3f  %11.1f  %13.1f  %9.1f  %7.3f\n", arch, mem,
	       t[runs / 2] * 1e3, rss_grow / 1048576.0,
	       full_map / 1048576.0, pgtables / 1048576.0,
	       (double)rss_grow / (double)(full_map + pgtables));
}

int main(int argc, char **argv)
{
	printf("boot: median of runs; host MiB = resident growth of the booted machine\n");
	printf("%-10s %6s  %9s  %11s  %13s  %9s  %7s\n", "arch", "mem",
	       "boot ms", "host MiB", "full map MiB", "pgtbl MiB", "ratio");
	bench_one("x86_64", "1G", 9);
	bench_one("x86_64", "64G", 7);
	bench_one("x86_32_pae", "64G", 5);
	bench_one("x86_64", "1T", 3);
	return 0;
}
