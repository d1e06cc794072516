/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer measurement for bench_mmu: QEMU's softmmu TLB (CPUTLB) hit and
 * refill cost, measured through Unicorn in the same run. Only compiled
 * when CMake finds libunicorn (MMSIM_HAVE_UNICORN).
 */
#ifndef MMSIM_BENCH_PEER_UNICORN_H
#define MMSIM_BENCH_PEER_UNICORN_H

#define PEER_UC_MAX_SWEEP 12

struct peer_uc_sweep {
	unsigned long pages;	/* working set, distinct 4 KiB virtual pages */
	double excess_ns;	/* per load, over the hot-set loop */
};

struct peer_uc_result {
	char version[32];	/* "2.0.1" */
	int runs;		/* runs per figure; each figure is a median */
	long loads;		/* guest loads per run */
	unsigned long npages;	/* pages of the miss set */
	double base_ns;		/* per iteration: loop without the data load */
	double hot_ns;		/* per iteration: loads from 8 pages (all hit) */
	double miss_ns;		/* per iteration: loads from npages (miss) */
	double hit_ns;		/* hot - base: one load through a TLB hit */
	double refill_ns;	/* miss - hot: one softmmu TLB refill */
	double native_excess_ns; /* the same loads run natively: miss - hot */
	int nsweep;
	struct peer_uc_sweep sweep[PEER_UC_MAX_SWEEP];
};

/**
 * peer_unicorn_measure() - time QEMU's softmmu TLB hit and refill
 * @r: filled with medians and the working-set sweep
 * @err: message on failure
 * @errlen: size of @err
 *
 * Return: 0, or -1 with @err set.
 */
int peer_unicorn_measure(struct peer_uc_result *r, char *err, unsigned long errlen);

#endif
