// SPDX-License-Identifier: GPL-2.0
/*
 * Process benchmark, side by side with the host kernel in one run, on a
 * simulated x86_64 machine with 4 GiB of RAM and 2 CPUs:
 *
 *   1. fault:    an anonymous demand-paging fault per page over a 256 MiB
 *                mapping (mmap, then a one-byte store to each page through
 *                the simulated MMU: TLB miss, walk, fault, find_vma, zeroed
 *                frame, PTE set, retry); the host: mmap(MAP_PRIVATE |
 *                MAP_ANONYMOUS) of 256 MiB and a store to each page.
 *                ns per page (per fault), mmap and munmap/exit included
 *                on both sides.
 *   2. find_vma: 10,000 one-page VMAs with holes between them, lookups at
 *                random addresses over their range (ns per lookup; the
 *                host kernel's own find_vma cannot be called from user
 *                space, so there is no peer).
 *   3. fork:     fork of a process with 1 GiB of touched anonymous memory
 *                (copy_page_range: 262,144 PTEs write-protected and their
 *                pages shared); the host: fork() of this program after it
 *                touched 1 GiB, timed in the parent until fork() returns.
 *                ms per fork; the child's exit is not timed on either side.
 *
 * Each figure is the median of RUNS runs; the table also shows the
 * fastest and slowest run. The host CPU and load average are printed, as
 * the host figures depend on them.
 *
 * `--profile [N]` runs only the fault part over 64 MiB (16,384 faults),
 * one run to touch the host pages behind the simulated RAM, then N
 * measured (default 1), without the host peer, for a profiler:
 *   valgrind --tool=callgrind build/bench_fault --profile
 *   perf record build/bench_fault --profile 50
 */
#define _GNU_SOURCE	/* getloadavg */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>

#include "peer_host_mm.h"
#include "bench.h"
#include "bench_host.h"

#define RUNS		7
#define FAULT_BYTES	(256ULL << 20)
#define NR_VMAS		10000
#define LOOKUPS		2000000
#define FORK_BYTES	(1ULL << 30)

static u64 rng = 0x2545f4914f6cdd1dULL;

static inline u64 rnd(void) { return bench_xorshift(&rng); }

static void die(const char *what)
{
	fprintf(stderr, "bench_fault: %s\n", what);
	exit(1);
}

static struct task_struct *spawn(void)
{
	struct spawn_opts o = { .text = 0x4000, .data = 0x1000, .bss = 0x2000,
				.norandmaps = true };
	struct task_struct *t;
	int err;

	t = spawn_process("bench", &o, &err);
	if (!t)
		die("cannot spawn a process");
	return t;
}

static void end(struct task_struct *t)
{
	do_exit(t, 0);
	release_task(t);
}

/* Store one byte to each page of [va, va + len) as @t, faulting each in. */
static void touch_sim(struct task_struct *t, u64 va, u64 len)
{
	char c = 1;

	for (u64 off = 0; off < len; off += PAGE_SIZE)
		if (access_process_vm_user(t, va + off, &c, 1, true, false))
			die("a store faulted fatally");
}

static u64 map_sim(struct task_struct *t, u64 len)
{
	u64 va = do_mmap(t->mm, 0, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, 0);

	if (va & ~PAGE_MASK)
		die("mmap failed");
	return va;
}

/* ---- 1. demand-paging faults ------------------------------------------ */

static double fault_sim(u64 bytes)
{
	struct task_struct *t = spawn();
	double t0 = bench_cpu_now();
	u64 va = map_sim(t, bytes);

	touch_sim(t, va, bytes);
	if (do_munmap(t->mm, va, bytes))
		die("munmap failed");
	t0 = bench_cpu_now() - t0;
	end(t);
	return t0 / (double)(bytes / PAGE_SIZE) * 1e9;
}

/* ---- 2. find_vma over 10,000 VMAs ------------------------------------- */

static double findvma_sim(struct task_struct *t, u64 base, const u64 *addrs)
{
	double t0 = bench_cpu_now();
	uintptr_t sum = 0;

	for (int i = 0; i < LOOKUPS; i++)
		sum += (uintptr_t)find_vma(t->mm, addrs[i]);
	t0 = bench_cpu_now() - t0;
	if (!sum || base == 0)
		die("find_vma found nothing");
	return t0 / LOOKUPS * 1e9;
}

/* ---- 3. fork with 1 GiB touched --------------------------------------- */

static double fork_sim(struct task_struct *parent)
{
	struct task_struct *child;
	double t0 = bench_cpu_now();
	int err;

	child = do_fork(parent, &err);
	t0 = bench_cpu_now() - t0;
	if (!child)
		die("fork failed");
	end(child);
	return t0 * 1e3;
}

static void row(const char *what, struct bench_stat3 s, struct bench_stat3 h,
		const char *unit, const char *goal)
{
	char hs[64] = "-", ratio[16] = "-";

	if (h.med > 0) {
		snprintf(hs, sizeof(hs), "%8.1f %8.1f-%-8.1f", h.med, h.min,
			 h.max);
		snprintf(ratio, sizeof(ratio), "%.2fx", s.med / h.med);
	}
	printf("%-26s %8.1f %8.1f-%-8.1f %-28s %-7s %-6s %s\n", what, s.med,
	       s.min, s.max, hs, ratio, unit, goal);
}

int main(int argc, char **argv)
{
	struct machine_config cfg;
	double s[RUNS], h[RUNS];
	struct bench_stat3 fs, fh, vs, ks, kh;
	struct task_struct *t;
	struct machine *m;
	int profile = 0;
	char err[256];
	u64 base, va;
	u64 *addrs;

	if (argc > 1 && !strcmp(argv[1], "--profile")) {
		profile = argc > 2 ? atoi(argv[2]) : 1;
	} else if (argc > 1) {
		fprintf(stderr, "usage: bench_fault [--profile [N]]\n");
		return 2;
	}
	if (profile < 0 || (argc > 2 && profile == 0) || argc > 3) {
		fprintf(stderr, "usage: bench_fault [--profile [N]]\n");
		return 2;
	}
	machine_config_default(&cfg);
	cfg.mem = 4 * SZ_1G;
	cfg.cpus = 2;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_fault: %s\n", err);
		return 1;
	}
	machine_enter(m);
	if (profile) {
		fault_sim(64ULL << 20);
		for (int r = 0; r < profile; r++)
			s[r % RUNS] = fault_sim(64ULL << 20);
		printf("anon fault, per page: %.1f ns (64 MiB, the last of %d warm runs)\n",
		       s[(profile - 1) % RUNS], profile);
		machine_destroy(m);
		return 0;
	}
	bench_host_info();
	printf("simulated: x86_64, 4 GiB, 2 CPUs; median of %d runs, fastest-slowest\n\n",
	       RUNS);

	/* 1. Faults, alternating mmsim and host runs. */
	for (int r = 0; r < RUNS; r++) {
		s[r] = fault_sim(FAULT_BYTES);
		h[r] = peer_host_fault_ns(FAULT_BYTES);
		if (h[r] < 0)
			die("host mmap failed");
	}
	fs = bench_stats(s, RUNS);
	fh = bench_stats(h, RUNS);

	/* 2. find_vma: 10,000 VMAs, a hole after each so none merge. */
	t = spawn();
	base = 0x100000000ULL;
	for (int i = 0; i < NR_VMAS; i++)
		if (do_mmap(t->mm, base + (u64)i * 2 * PAGE_SIZE, PAGE_SIZE,
			    PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			    0) & ~PAGE_MASK)
			die("mmap of a small VMA failed");
	if (t->mm->map_count < NR_VMAS)
		die("the small VMAs merged");
	addrs = malloc(LOOKUPS * sizeof(*addrs));
	if (!addrs)
		die("out of host memory");
	for (int i = 0; i < LOOKUPS; i++)
		addrs[i] = base + rnd() % ((u64)NR_VMAS * 2 * PAGE_SIZE);
	for (int r = 0; r < RUNS; r++)
		s[r] = findvma_sim(t, base, addrs);
	vs = bench_stats(s, RUNS);
	free(addrs);
	end(t);

	/* 3. fork with 1 GiB touched, on both sides. */
	t = spawn();
	va = map_sim(t, FORK_BYTES);
	touch_sim(t, va, FORK_BYTES);
	if (peer_host_fork_setup(FORK_BYTES))
		die("host mmap of 1 GiB failed");
	for (int r = 0; r < RUNS; r++) {
		s[r] = fork_sim(t);
		h[r] = peer_host_fork_ms();
		if (h[r] < 0)
			die("host fork failed");
	}
	ks = bench_stats(s, RUNS);
	kh = bench_stats(h, RUNS);
	peer_host_fork_teardown();
	end(t);

	printf("%-26s %8s %-17s %-28s %-7s %-6s %s\n", "measure", "mmsim",
	       "  (range)", "     host  (range)", "ratio", "unit", "goal");
	row("anon fault, per page", fs, fh, "ns", "<= 0.2x host");
	row("find_vma, 10,000 VMAs", vs, (struct bench_stat3){ 0 }, "ns",
	    "<= 50 ns");
	row("fork, 1 GiB touched", ks, kh, "ms", "< host");

	if (machine_check(m)) {
		fprintf(stderr, "bench_fault: check failed:\n%s",
			sb_str(&m->check_report));
		return 1;
	}
	machine_destroy(m);
	return 0;
}
