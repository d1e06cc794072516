/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer measurements for bench_file: the host kernel's own read(2) from its
 * page cache and write(2) + fsync(2). A file of its own because the
 * host's <fcntl.h> and mmsim's <mmsim/fs.h> define the same O_* names.
 */
#ifndef MMSIM_BENCH_PEER_HOST_FILE_H
#define MMSIM_BENCH_PEER_HOST_FILE_H

#include <stddef.h>

/*
 * Create @path with @bytes of @buf (@chunk bytes, repeated), read it
 * once so it is in the host's page cache. Return: a descriptor, or -1.
 */
int peer_host_read_setup(const char *path, const char *buf, size_t chunk,
			 unsigned long long bytes);
/* read(2) the whole file in @chunk calls: CPU seconds, or -1. */
double peer_host_read_s(int fd, char *buf, size_t chunk,
			unsigned long long bytes);
void peer_host_read_teardown(int fd, const char *path);
/*
 * Create (truncate) @path, write(2) @bytes of @buf in @chunk calls,
 * fsync(2): wall seconds, or -1.
 */
double peer_host_write_fsync_s(const char *path, const char *buf,
			       size_t chunk, unsigned long long bytes);

#endif /* MMSIM_BENCH_PEER_HOST_FILE_H */
