/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer measurements for bench_fault: the host kernel's own anonymous page
 * faults and fork(). A file of its own because the host's <sys/mman.h>
 * and mmsim's <mmsim/mm.h> define the same MAP_* and SEGV_* names.
 */
#ifndef MMSIM_BENCH_PEER_HOST_MM_H
#define MMSIM_BENCH_PEER_HOST_MM_H

/* mmap + a store to each page + munmap of @bytes: ns per page, or -1. */
double peer_host_fault_ns(unsigned long long bytes);
/* Map and touch @bytes that peer_host_fork_ms() forks with. 0 or -1. */
int peer_host_fork_setup(unsigned long long bytes);
/* One fork(), timed in the parent until it returns (ms), or -1. */
double peer_host_fork_ms(void);
void peer_host_fork_teardown(void);

#endif /* MMSIM_BENCH_PEER_HOST_MM_H */
