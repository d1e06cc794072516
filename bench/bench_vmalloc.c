// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc benchmark: vmalloc() + vfree() of 1 MiB and of 64 MiB on every
 * simulated architecture: x86_64 and x86_64_la57 with 1 GiB, x86_32,
 * x86_32_pae and arm32 with 2 GiB, where the pages come from HighMem
 * first (GFP_KERNEL | __GFP_HIGHMEM). Each pair takes its pages from the
 * buddy allocator (alloc_pages_bulk() up to 100 at a time), finds a free range
 * in the vmap_area tree, fills PTEs (allocating page-table pages the first
 * time), and vfree() clears the PTEs and frees the pages; the lazy purge
 * (TLB flush, freeing the ranges) runs when its threshold is crossed and
 * once more at the end of each run (vm_unmap_aliases()), so every cost is
 * counted.
 *
 * The peer in the same run: the host kernel's mmap(MAP_POPULATE) of the
 * same size, anonymous and private, then munmap(): it too allocates a
 * page per 4 KiB (zeroed, which vmalloc does not), fills PTEs and tears
 * them down. With transparent huge pages on "always" the host may map
 * 2 MiB at a time; the header prints the setting.
 *
 * Figures: median (and range) of RUNS runs, ns per mapped page by the
 * wall clock and by this process's CPU time (on a loaded machine the
 * wall clock also counts the time other jobs ran), and the
 * page-table pages the first vmalloc of that size added. `--quick` makes
 * one short run without the peer, for profiling:
 *   valgrind --tool=callgrind build/bench_vmalloc --quick
 */
#define _GNU_SOURCE	/* MAP_POPULATE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <mmsim/machine.h>
#include <mmsim/paging.h>
#include <mmsim/vmalloc.h>

#include "bench.h"

#define RUNS	7


/* Sort @v and return its median; @lo and @hi get the range. */
static double median(double *v, int n, double *lo, double *hi)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	*lo = v[0];
	*hi = v[n - 1];
	return v[n / 2];
}

/*
 * Iterations per run: @total bytes of mappings whatever the size (at
 * least 4 pairs). mmsim maps 1 GiB per run (tens of milliseconds, long
 * enough for a shared machine's noise to average out); the host, a
 * hundred times slower per page, 128 MiB.
 */
#define MMSIM_BYTES	(1UL << 30)
#define HOST_BYTES	(128UL << 20)

/* --quick (for callgrind): one run, 64 MiB each, no host peer. */
static int runs = RUNS;
static unsigned long mmsim_bytes = MMSIM_BYTES;

static long iterations(unsigned long size, unsigned long total)
{
	long n = (long)(total / size);

	return n < 4 ? 4 : n;
}

/* One run of vmalloc + vfree pairs: wall and CPU ns per mapped page. */
static bool run_vmalloc(unsigned long size, double *wall, double *cpu)
{
	long n = iterations(size, mmsim_bytes);
	double pages = (double)n * (double)(size / PAGE_SIZE);
	double t = bench_now(), c = bench_cpu_now();

	for (long i = 0; i < n; i++) {
		vaddr_t v = vmalloc(size);

		if (!v)
			return false;
		vfree(v);
	}
	vm_unmap_aliases();
	*wall = (bench_now() - t) / pages * 1e9;
	*cpu = (bench_cpu_now() - c) / pages * 1e9;
	return true;
}

/* One run of host mmap(MAP_POPULATE) + munmap pairs, the same figures. */
static bool run_host(unsigned long size, double *wall, double *cpu)
{
	long n = iterations(size, HOST_BYTES);
	double pages = (double)n * (double)(size / 4096);
	double t = bench_now(), c = bench_cpu_now();

	for (long i = 0; i < n; i++) {
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p == MAP_FAILED)
			return false;
		munmap(p, size);
	}
	*wall = (bench_now() - t) / pages * 1e9;
	*cpu = (bench_cpu_now() - c) / pages * 1e9;
	return true;
}

/* One table row: the medians of @wall and @cpu, the range of @wall. */
static void print_row(const char *label, const char *size, double *wall,
		      double *cpu, int n, const char *pt)
{
	double lo, hi, med = median(wall, n, &lo, &hi);
	double clo, chi, cmed = median(cpu, n, &clo, &chi);

	printf("%-30s %4s %8.1f %8.1f - %-8.1f %8.1f %9s\n", label, size, med,
	       lo, hi, cmed, pt);
}

/*
 * Measure one size on a freshly booted machine, so that the page-table
 * pages counted are those this size needs from a clean vmalloc area (the
 * lazily freed ranges of earlier runs walk through the whole area and
 * leave page tables behind, which Linux never frees). False on failure.
 */
static bool bench_one(enum mm_arch_id arch, u64 mem, const char *label,
		      unsigned long size, const char *name)
{
	struct machine_config cfg;
	double wall[RUNS], cpu[RUNS];
	struct machine *m;
	vaddr_t first;
	char err[256];
	char pt[32];
	size_t pt0;

	machine_config_default(&cfg);
	cfg.arch = arch;
	cfg.mem = mem;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_vmalloc: %s\n", err);
		return false;
	}
	pt0 = m->paging->nr_pt_pages;
	first = vmalloc(size);
	if (!first)
		goto fail;
	snprintf(pt, sizeof(pt), "%zu", m->paging->nr_pt_pages - pt0);
	vfree(first);
	vm_unmap_aliases();
	for (int r = 0; r < runs; r++)
		if (!run_vmalloc(size, &wall[r], &cpu[r]))
			goto fail;
	print_row(label, name, wall, cpu, runs, pt);
	if (machine_check(m)) {
		fprintf(stderr, "bench_vmalloc: check failed:\n%s",
			sb_str(&m->check_report));
		return false;
	}
	machine_destroy(m);
	return true;
fail:
	fprintf(stderr, "bench_vmalloc: %s: vmalloc(%s) failed\n", label, name);
	return false;
}

static void thp_setting(char *buf, size_t len)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char *a, *b;

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(buf, (int)len, f) && (a = strchr(buf, '[')) &&
	    (b = strchr(a, ']'))) {
		*b = '\0';
		memmove(buf, a + 1, strlen(a + 1) + 1);
	} else {
		snprintf(buf, len, "unknown");
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	static const unsigned long sizes[] = { 1UL << 20, 64UL << 20 };
	static const char *const names[] = { "1M", "64M" };
	/* Every architecture; the 32-bit ones with HighMem to take first. */
	static const struct {
		enum mm_arch_id arch;
		u64 mem;
		const char *label;
	} machines[] = {
		{ ARCH_X86_64, SZ_1G, "mmsim x86_64 1G" },
		{ ARCH_X86_64_LA57, SZ_1G, "mmsim x86_64_la57 1G" },
		{ ARCH_X86_32, 2 * SZ_1G, "mmsim x86_32 2G (HighMem)" },
		{ ARCH_X86_32_PAE, 2 * SZ_1G, "mmsim x86_32_pae 2G (HighMem)" },
		{ ARCH_ARM32, 2 * SZ_1G, "mmsim arm32 2G (HighMem)" },
	};
	char thp[128];

	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		runs = 1;
		mmsim_bytes = 64UL << 20;
	} else if (argc > 1) {
		fprintf(stderr, "usage: bench_vmalloc [--quick]\n");
		return 2;
	}
	thp_setting(thp, sizeof(thp));
	printf("vmalloc+vfree vs host mmap(MAP_POPULATE)+munmap, median of %d runs\n",
	       RUNS);
	printf("(ns per mapped 4 KiB page, wall clock and this process's CPU time;\n"
	       " host transparent_hugepage: %s)\n", thp);
	printf("%-30s %4s %8s %19s %8s %9s\n", "", "size", "wall", "wall range",
	       "cpu", "pt pages");
	for (size_t a = 0; a < ARRAY_SIZE(machines); a++)
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
			if (!bench_one(machines[a].arch, machines[a].mem,
				       machines[a].label, sizes[s], names[s]))
				return 1;
	for (size_t s = 0; runs == RUNS && s < ARRAY_SIZE(sizes); s++) {
		double wall[RUNS], cpu[RUNS];

		for (int r = 0; r < RUNS; r++) {
			if (!run_host(sizes[s], &wall[r], &cpu[r])) {
				perror("bench_vmalloc: host mmap");
				return 1;
			}
		}
		print_row("host mmap(MAP_POPULATE)", names[s], wall, cpu, RUNS,
			  "-");
	}
	return 0;
}
