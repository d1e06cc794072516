// SPDX-License-Identifier: GPL-2.0
/*
 * File benchmark: the page cache's read path and ext2's write-back path,
 * each on a simulated x86_64 machine.
 *
 *   1. read():  a 1 GiB file already in the page cache (ramfs, written
 *               once) read by a task's read(2) (vfs_read: ->read_iter,
 *               each page copied to the task's 128 KiB buffer through
 *               its MMU by copy_to_user) in 128 KiB calls from offset 0
 *               to the end. GB/s (10^9 bytes per second); the host
 *               column is this program's own read(2) of a 1 GiB host
 *               file in the host's page cache, 128 KiB at a time.
 *   2. write + fsync: 256 MiB written with buffered 1 MiB writes
 *               (kernel_write) to a new file on an ext2 image made by
 *               the real mke2fs (4 KiB blocks) in a temporary directory,
 *               then vfs_fsync (writeback: block allocation and the
 *               pwrite()s of the image). The host column: write(2) of
 *               the same bytes in 1 MiB calls to a host file in the same
 *               directory, then fsync(2). MB/s and seconds; ratio is
 *               mmsim's time over the host's.
 *
 * Each figure is the median of RUNS runs, with the fastest and slowest.
 * Part 1 times process CPU time on both sides (both run on this thread,
 * and the host is shared). Part 2 times wall time on both sides: the
 * host's write-back runs in its kernel threads and waits for the disk,
 * which CPU time would miss; mmsim's includes the image's pwrite()s and
 * the fdatasync() of the image its fsync ends with (ext2_issue_flush,
 * Linux's blkdev_issue_flush). mmsim's CPU time for part 2 is printed
 * too: on a loaded host it shows how much of the wall time was mmsim's
 * own work. The host CPU and load average are
 * printed, as the figures depend on them.
 * Needs mke2fs (e2fsprogs) for part 2: without it part 2 is skipped.
 */
#define _GNU_SOURCE	/* getloadavg */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmsim/fs.h>
#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>

#include "bench.h"
#include "bench_host.h"
#include "peer_host_file.h"

#define RUNS		5
#define READ_BYTES	(1ULL << 30)
#define READ_CHUNK	(128u << 10)
#define WRITE_BYTES	(256ULL << 20)
#define WRITE_CHUNK	(1u << 20)

static void die(const char *what)
{
	fprintf(stderr, "bench_file: %s\n", what);
	exit(1);
}

static struct machine *boot(u64 mem)
{
	struct machine_config cfg;
	struct machine *m;
	char err[256];

	machine_config_default(&cfg);
	cfg.mem = mem;
	cfg.cpus = 2;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_file: %s\n", err);
		exit(1);
	}
	machine_enter(m);
	return m;
}

static void finish(struct machine *m)
{
	if (machine_check(m)) {
		fprintf(stderr, "bench_file: check failed:\n%s",
			sb_str(&m->check_report));
		exit(1);
	}
	machine_destroy(m);
}

/* A deterministic, not all-zero pattern (the host's fs might skip zeroes). */
static void pattern(char *buf, size_t len, unsigned int seed)
{
	u64 s = 0x9e3779b97f4a7c15ULL ^ seed;

	for (size_t i = 0; i + 8 <= len; i += 8) {
		u64 v = bench_xorshift(&s);

		memcpy(buf + i, &v, 8);
	}
}

/* ---- 1. read() of a cached 1 GiB file --------------------------------- */

static double read_sim(struct task_struct *t, struct file *f, u64 ubuf)
{
	double t0 = bench_cpu_now();
	u64 total = 0;
	ssize_t n;

	f->f_pos = 0;
	while ((n = vfs_read(t, f, ubuf, READ_CHUNK, &f->f_pos)) > 0)
		total += (u64)n;
	t0 = bench_cpu_now() - t0;
	if (n < 0 || total != READ_BYTES)
		die("read() of the cached file failed");
	return (double)READ_BYTES / t0 / 1e9;
}

static void bench_read(const char *dir, struct bench_stat3 *s,
		       struct bench_stat3 *h)
{
	struct spawn_opts o = { .text = 0x4000, .data = 0x1000, .bss = 0x2000,
				.norandmaps = true };
	struct machine *m = boot(4 * SZ_1G);
	double vs[RUNS], vh[RUNS];
	char path[4200], *buf = malloc(WRITE_CHUNK);
	struct task_struct *t;
	struct file *f;
	loff_t pos = 0;
	u64 ubuf;
	int err, fd;

	if (!buf)
		die("out of host memory");
	pattern(buf, WRITE_CHUNK, 1);
	f = filp_open("/tmp/big", O_RDWR | O_CREAT, 0644, &err);
	if (!f)
		die("cannot create /tmp/big");
	/* Fill the cache: the file is written, so every page is cached. */
	while ((u64)pos < READ_BYTES)
		if (kernel_write(f, buf, WRITE_CHUNK, &pos) != WRITE_CHUNK)
			die("filling the cached file failed");
	t = spawn_process("reader", &o, &err);
	if (!t)
		die("cannot spawn a process");
	ubuf = do_mmap(t->mm, 0, READ_CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (ubuf & ~PAGE_MASK)
		die("mmap of the user buffer failed");

	/* The host's file, in its page cache: written just before. */
	snprintf(path, sizeof(path), "%s/host-read", dir);
	fd = peer_host_read_setup(path, buf, WRITE_CHUNK, READ_BYTES);
	if (fd < 0)
		die("cannot write the host file");
	read_sim(t, f, ubuf);		/* warm: the user buffer faults in */
	peer_host_read_s(fd, buf, READ_CHUNK, READ_BYTES);
	for (int r = 0; r < RUNS; r++) {
		double ht;

		vs[r] = read_sim(t, f, ubuf);
		ht = peer_host_read_s(fd, buf, READ_CHUNK, READ_BYTES);
		if (ht <= 0)
			die("host read() failed");
		vh[r] = (double)READ_BYTES / ht / 1e9;
	}
	*s = bench_stats(vs, RUNS);
	*h = bench_stats(vh, RUNS);
	peer_host_read_teardown(fd, path);
	filp_close(f);
	do_exit(t, 0);
	release_task(t);
	free(buf);
	finish(m);
}

/* ---- 2. write + fsync of 256 MiB on ext2 ------------------------------- */

static double write_sim(const char *buf, double *cpu)
{
	double c0 = bench_cpu_now(), t0 = bench_now();
	loff_t pos = 0;
	struct file *f;
	int err;

	f = filp_open("/mnt/w", O_RDWR | O_CREAT | O_TRUNC, 0644, &err);
	if (!f)
		die("cannot create /mnt/w");
	while ((u64)pos < WRITE_BYTES)
		if (kernel_write(f, buf, WRITE_CHUNK, &pos) != WRITE_CHUNK)
			die("ext2 write failed");
	if (vfs_fsync(f, 0))
		die("ext2 fsync failed");
	t0 = bench_now() - t0;
	*cpu = bench_cpu_now() - c0;
	filp_close(f);
	return t0;
}

static bool bench_write(const char *dir, struct bench_stat3 *s,
			struct bench_stat3 *h, struct bench_stat3 *c)
{
	char img[4200], host[4200], cmd[9000];
	double vs[RUNS], vh[RUNS], vc[RUNS];
	char *buf = malloc(WRITE_CHUNK);
	struct machine *m;

	if (!buf)
		die("out of host memory");
	pattern(buf, WRITE_CHUNK, 2);
	snprintf(img, sizeof(img), "%s/disk.img", dir);
	snprintf(host, sizeof(host), "%s/host-write", dir);
	snprintf(cmd, sizeof(cmd),
		 "PATH=$PATH:/sbin:/usr/sbin mke2fs -q -t ext2 -b 4096 -F '%s' 320M >/dev/null 2>&1",
		 img);
	if (system(cmd) != 0) {
		free(buf);
		return false;
	}
	m = boot(SZ_1G);
	if (do_mount(img, "/mnt", "ext2"))
		die("cannot mount the ext2 image");
	for (int r = 0; r < RUNS; r++) {
		vs[r] = write_sim(buf, &vc[r]);
		vh[r] = peer_host_write_fsync_s(host, buf, WRITE_CHUNK,
						WRITE_BYTES);
		if (vh[r] <= 0)
			die("host write + fsync failed");
	}
	*s = bench_stats(vs, RUNS);
	*h = bench_stats(vh, RUNS);
	*c = bench_stats(vc, RUNS);
	if (do_umount("/mnt"))
		die("umount failed");
	finish(m);
	unlink(host);
	unlink(img);
	free(buf);
	return true;
}

static void row(const char *what, struct bench_stat3 s, struct bench_stat3 h,
		const char *unit, double ratio, const char *goal)
{
	printf("%-28s %8.2f %7.2f-%-7.2f %8.2f %7.2f-%-7.2f %6.2fx  %-5s %s\n",
	       what, s.med, s.min, s.max, h.med, h.min, h.max, ratio, unit,
	       goal);
}

int main(void)
{
	char dir[] = "/tmp/bench_file.XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char tdir[4096];
	struct bench_stat3 rs, rh, ws, wh, wc;
	bool wrote;

	if (tmp && *tmp) {
		snprintf(tdir, sizeof(tdir), "%s/bench_file.XXXXXX", tmp);
	} else {
		snprintf(tdir, sizeof(tdir), "%s", dir);
	}
	if (!mkdtemp(tdir))
		die("cannot make a temporary directory");
	bench_host_info();
	printf("simulated: x86_64, 2 CPUs (4 GiB for read, 1 GiB for write); median of %d runs, fastest-slowest\n\n",
	       RUNS);
	bench_read(tdir, &rs, &rh);
	wrote = bench_write(tdir, &ws, &wh, &wc);
	rmdir(tdir);

	printf("%-28s %8s %-15s %8s %-15s %-7s  %-5s %s\n", "measure", "mmsim",
	       "  (range)", "host", "  (range)", "ratio", "unit", "goal");
	row("read() 1 GiB cached, 128K", rs, rh, "GB/s", rs.med / rh.med,
	    ">= 4 GB/s");
	if (!wrote) {
		printf("%-28s skipped: mke2fs (e2fsprogs) is not installed\n",
		       "ext2 write+fsync 256 MiB");
		return 0;
	}
	row("ext2 write+fsync 256 MiB", ws, wh, "s", ws.med / wh.med,
	    "<= 2x host");
	printf("%-28s %8.0f %-15s %8.0f %-15s %-7s  %s\n", "  (as throughput)",
	       (double)WRITE_BYTES / ws.med / 1e6, "", (double)WRITE_BYTES / wh.med / 1e6,
	       "", "", "MB/s");
	printf("%-28s %8.2f %7.2f-%-7.2f %8s %-15s %-7s  %s\n",
	       "  mmsim CPU time of it", wc.med, wc.min, wc.max, "-", "", "",
	       "s");
	return 0;
}
