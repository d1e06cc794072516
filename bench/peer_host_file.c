// SPDX-License-Identifier: GPL-2.0
/*
 * bench_file's host column: the same operations on the host kernel.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "peer_host_file.h"

/* @bytes of @buf's @chunk bytes over and over; 0 on a short write. */
static int write_chunks(int fd, const char *buf, size_t chunk,
			unsigned long long bytes)
{
	for (unsigned long long done = 0; done < bytes; done += chunk)
		if (write(fd, buf, chunk) != (ssize_t)chunk)
			return 0;
	return 1;
}

int peer_host_read_setup(const char *path, const char *buf, size_t chunk,
			 unsigned long long bytes)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	if (!write_chunks(fd, buf, chunk, bytes)) {
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

double peer_host_read_s(int fd, char *buf, size_t chunk,
			unsigned long long bytes)
{
	unsigned long long total = 0;
	double t0;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	t0 = bench_cpu_now();
	while ((n = read(fd, buf, chunk)) > 0)
		total += (unsigned long long)n;
	t0 = bench_cpu_now() - t0;
	return n < 0 || total != bytes ? -1 : t0;
}

void peer_host_read_teardown(int fd, const char *path)
{
	close(fd);
	unlink(path);
}

double peer_host_write_fsync_s(const char *path, const char *buf,
			       size_t chunk, unsigned long long bytes)
{
	double t0 = bench_now();
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	if (!write_chunks(fd, buf, chunk, bytes) || fsync(fd)) {
		close(fd);
		return -1;
	}
	t0 = bench_now() - t0;
	close(fd);
	return t0;
}
