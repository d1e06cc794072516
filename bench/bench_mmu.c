// SPDX-License-Identifier: GPL-2.0
/*
 * MMU and TLB benchmark: translation with a TLB hit, a TLB miss with a full
 * 4-level walk, a 1 MiB copy through the MMU (one translation per page),
 * and TLB hit rates of one access pattern over 1 GiB mapped with 4 KiB,
 * 2 MiB and 1 GiB pages (the notes' claim P2). Medians of several runs.
 *
 * Peer column: QEMU's softmmu TLB hit and refill, measured in the same run
 * through Unicorn (bench/peer_unicorn.c, built in when CMake finds
 * libunicorn; `make bench` installs it). Without it the column says so.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "bench.h"
#ifdef MMSIM_HAVE_UNICORN
#include "peer_unicorn.h"
#endif

#define RUNS 7

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static u64 rng = 88172645463325252ULL;

static u64 xorshift(void) { return bench_xorshift(&rng); }

static volatile u64 sink;

int main(void)
{
	struct machine_config cfg;
	struct machine *m;
	struct cpu *cpu;
	char err[256];
	double t[RUNS];
	const u64 vbase = 0xffffc90000000000ULL;	/* vmalloc area */
	const u64 npages = 64 * 1024;			/* 256 MiB of 4K pages */
	struct mmu_fault f;
	phys_addr_t pa;

	machine_config_default(&cfg);
	cfg.arch = ARCH_X86_64;
	cfg.mem = 8ULL << 30;
	cfg.cpus = 1;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "boot failed: %s\n", err);
		return 1;
	}
	cpu = &m->cpus[0];
	u64 po = m->layout.page_offset;

	/* 1. TLB hit. */
	for (int r = 0; r < RUNS; r++) {
		const long n = 20000000;
		double t0 = now_ns();

		for (long i = 0; i < n; i++) {
			mmu_translate(cpu, po + 0x1000000 + (i & 0xff) * 8, 0, &pa, &f);
			sink += pa;
		}
		t[r] = (now_ns() - t0) / n;
	}
	double hit_ns = bench_median(t, RUNS);

	/*
	 * 2. Misses with a full 4-level walk. The pattern: translations of
	 * random pages among 64 Ki 4 KiB pages (256 MiB of the vmalloc area,
	 * 128 page tables) against a 1536-entry 4K TLB, so about 97.7 % miss
	 * and each miss reads PML4E, PDPTE, PDE and PTE from simulated RAM
	 * and fills the TLB. The addresses are drawn before timing; the cost
	 * of the hits among them (timed above) is subtracted.
	 */
	if (pt_map_range(&init_mm, vbase, 0x10000000, npages * PAGE_SIZE,
			 PAGE_KERNEL, PG_LEVEL_4K, false)) {
		fprintf(stderr, "map failed\n");
		return 1;
	}
	const long nmiss = 2000000;
	u64 *vas = malloc(sizeof(*vas) * nmiss);
	if (!vas)
		return 1;
	for (long i = 0; i < nmiss; i++)
		vas[i] = vbase + (xorshift() % npages) * PAGE_SIZE;
	double miss_rate = 0, walks_per_miss = 0;
	for (int r = 0; r < RUNS; r++) {
		struct tlb_stats s0 = cpu->tlb->stats;
		double t0 = now_ns();

		for (long i = 0; i < nmiss; i++) {
			mmu_translate(cpu, vas[i], 0, &pa, &f);
			sink += pa;
		}
		double dt = now_ns() - t0;
		u64 misses = cpu->tlb->stats.misses - s0.misses;
		u64 hits = cpu->tlb->stats.hits - s0.hits;

		t[r] = (dt - hits * hit_ns) / misses;
		miss_rate = (double)misses / nmiss;
		walks_per_miss = (double)(cpu->tlb->stats.walks - s0.walks) / misses;
	}
	double walk_ns = bench_median(t, RUNS);
	free(vas);

	/* 3. 1 MiB copy through the MMU, page by page. */
	static u8 buf[1 << 20];
	for (int r = 0; r < RUNS; r++) {
		const int n = 200;
		double t0 = now_ns();

		for (int i = 0; i < n; i++)
			mmu_copy_from(cpu, buf, po + 0x2000000 + (u64)(i % 8) * (1 << 20),
				      sizeof(buf), 0, &f);
		t[r] = (double)n * sizeof(buf) / (now_ns() - t0);	/* bytes/ns = GB/s */
	}
	double copy_gbs = bench_median(t, RUNS);

	/* 4. The peer, measured now on the same host. */
	char peer_hit[32] = "not installed", peer_miss[32] = "not installed";
#ifdef MMSIM_HAVE_UNICORN
	struct peer_uc_result uc;
	char uc_err[160];
	int uc_ok = peer_unicorn_measure(&uc, uc_err, sizeof(uc_err)) == 0;

	if (uc_ok) {
		snprintf(peer_hit, sizeof(peer_hit), "%8.2f ns", uc.hit_ns);
		snprintf(peer_miss, sizeof(peer_miss), "%8.2f ns", uc.refill_ns);
	} else {
		snprintf(peer_hit, sizeof(peer_hit), "failed");
		snprintf(peer_miss, sizeof(peer_miss), "failed");
	}
#endif

	printf("mmsim MMU benchmark (x86_64, 4-level, TLB 1536x4K/12-way, 1024x2M/8-way, 16x1G/4-way)\n\n");
	printf("%-40s %11s %10s  %s\n", "measure", "mmsim", "goal", "QEMU/Unicorn (measured)");
	printf("%-40s %8.2f ns %10s  %s\n", "translate, TLB hit", hit_ns, "<= 5 ns",
	       peer_hit);
	printf("%-40s %8.2f ns %10s  %s\n", "TLB miss + 4-level walk (per miss)", walk_ns,
	       "<= 30 ns", peer_miss);
	printf("%-40s %7.2f %%   walks/miss %.2f\n", "  (random pages of 256 MiB: miss rate)",
	       100 * miss_rate, walks_per_miss);
	printf("%-40s %7.2f GB/s %9s\n", "1 MiB copy through the MMU", copy_gbs,
	       ">= 2 GB/s");
#ifdef MMSIM_HAVE_UNICORN
	if (!uc_ok) {
		printf("\nQEMU/Unicorn: %s\n", uc_err);
	} else {
		printf("\nQEMU/Unicorn %s (TCG softmmu, x86_64 guest, 4-level tables), medians of %d runs\n",
		       uc.version, uc.runs);
		printf("  ns per guest iteration: loop %.2f, + load hitting %.2f, + load missing %.2f\n",
		       uc.base_ns, uc.hot_ns, uc.miss_ns);
		printf("  ratios: QEMU refill / mmsim miss %.2fx, QEMU refill / QEMU hit %.0fx\n",
		       uc.refill_ns / walk_ns, uc.refill_ns / uc.hit_ns);
		printf("  same loads natively, 64 Ki pages vs 8 (host cost, not subtracted): %+.2f ns\n",
		       uc.native_excess_ns);
		printf("  excess per load by working set (CPUTLB sanity):");
		for (int k = 0; k < uc.nsweep; k++)
			printf("%s%lu: %.1f", k ? ", " : " ", uc.sweep[k].pages,
			       uc.sweep[k].excess_ns);
		printf(" ns\n");
	}
#endif

	/* 5. Hit rates: the same pattern over 1 GiB mapped three ways. */
	printf("\nTLB hit rate, 4M random 8-byte reads over 1 GiB (80%% within a 64 MiB hot set)\n");
	printf("%-10s %10s %10s %10s\n", "page size", "hit rate", "walks", "entries");
	static const enum pg_level lv[] = { PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G };
	static const char *const nm[] = { "4K", "2M", "1G" };
	for (int k = 0; k < 3; k++) {
		u64 base = 0xffffc98000000000ULL + (u64)k * SZ_4G;
		struct tlb_stats before;

		if (pt_map_range(&init_mm, base, SZ_1G, SZ_1G, PAGE_KERNEL, lv[k],
				 false)) {
			fprintf(stderr, "map %s failed\n", nm[k]);
			return 1;
		}
		tlb_flush_all(cpu->tlb);
		before = cpu->tlb->stats;
		rng = 42;
		for (long i = 0; i < 4000000; i++) {
			u64 off = (xorshift() % 10 < 8) ? xorshift() % (64ULL << 20) :
							  xorshift() % SZ_1G;
			mmu_translate(cpu, base + (off & ~7ULL), 0, &pa, &f);
		}
		u64 h = cpu->tlb->stats.hits - before.hits;
		u64 mi = cpu->tlb->stats.misses - before.misses;
		printf("%-10s %9.2f%% %10llu %10u\n", nm[k], 100.0 * h / (h + mi),
		       (unsigned long long)(cpu->tlb->stats.walks - before.walks),
		       tlb_nr_entries(cpu->tlb));
	}
	machine_destroy(m);
	return 0;
}
