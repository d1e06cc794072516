/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the tests/unit/test_ext2_*.c files: images made by the real
 * mke2fs, checked by the real e2fsck and read back by the real debugfs
 * (e2fsprogs). Without them a test prints why and exits 77 (ctest: skip).
 *
 * Each test file defines _DEFAULT_SOURCE before including this header
 * (popen, mkdtemp, setenv).
 */
#ifndef MMSIM_TEST_EXT2_HELPERS_H
#define MMSIM_TEST_EXT2_HELPERS_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../test.h"
#include <mmsim/ext2.h>

static char ext2_tmpdir[256];

/* Exit 77 unless mke2fs, e2fsck and debugfs are there; make a scratch dir. */
static inline void ext2_test_init(void)
{
	const char *path = getenv("PATH");
	char buf[2048];

	/* Debian installs e2fsprogs in /sbin, not always on a user's PATH. */
	snprintf(buf, sizeof(buf), "%s:/usr/sbin:/sbin", path ? path : "/usr/bin:/bin");
	setenv("PATH", buf, 1);
	if (system("(command -v mke2fs && command -v e2fsck && command -v debugfs) >/dev/null 2>&1") != 0) {
		printf("# SKIP: e2fsprogs (mke2fs, e2fsck, debugfs) not installed\n");
		exit(77);
	}
	snprintf(ext2_tmpdir, sizeof(ext2_tmpdir), "%s/mmsim-ext2-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(ext2_tmpdir)) {
		printf("# cannot make a scratch directory\n");
		exit(1);
	}
}

static inline void ext2_test_cleanup(void)
{
	char cmd[512];

	/* MMSIM_EXT2_KEEP=1 keeps the images for a look with debugfs. */
	if (getenv("MMSIM_EXT2_KEEP")) {
		printf("# images kept in %s\n", ext2_tmpdir);
		return;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ext2_tmpdir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", ext2_tmpdir);
}

/*
 * Make image @name in the scratch dir with `mke2fs -q -t ext2 -b @bs
 * @extra -F IMG @size`; its path goes to @img. Returns 0 or -1.
 */
static inline int ext2_mkimage(char *img, size_t len, const char *name, int bs,
			       const char *size, const char *extra)
{
	char cmd[1024];

	snprintf(img, len, "%s/%s", ext2_tmpdir, name);
	snprintf(cmd, sizeof(cmd), "mke2fs -q -t ext2 -b %d %s -F '%s' %s >/dev/null 2>&1",
		 bs, extra ? extra : "", img, size);
	if (system(cmd) != 0) {
		printf("# failed: %s\n", cmd);
		return -1;
	}
	return 0;
}

/* Run @cmd; its stdout (at most @len - 1 bytes) into @out; exit status. */
static inline int ext2_run(const char *cmd, char *out, size_t len)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;
	int st;

	if (!f)
		return -1;
	if (out && len) {
		n = fread(out, 1, len - 1, f);
		out[n] = '\0';
	}
	while (fgetc(f) != EOF)
		;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `e2fsck -fn IMG`: 0 when clean; prints the report as TAP diagnostics. */
static inline int ext2_fsck(const char *img)
{
	static char out[65536];
	char cmd[600];
	int st;

	snprintf(cmd, sizeof(cmd), "e2fsck -fn '%s' 2>&1", img);
	st = ext2_run(cmd, out, sizeof(out));
	if (st != 0) {
		printf("# e2fsck -fn exited %d:\n", st);
		for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n"))
			printf("#   %s\n", l);
	}
	return st;
}

/* `debugfs -R "@req" IMG` into @out (stderr, with the banner, dropped). */
static inline int ext2_debugfs(const char *img, const char *req, char *out,
			       size_t len)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "debugfs -R '%s' '%s' 2>/dev/null", req, img);
	return ext2_run(cmd, out, len);
}

/* `debugfs -R "cat @path"`: does it print exactly @len bytes of @want? */
static inline bool ext2_debugfs_cat_equals(const char *img, const char *path,
					   const void *want, size_t len)
{
	char cmd[1024];
	unsigned char *got = malloc(len + 2);
	FILE *f;
	size_t n;
	bool ok;

	snprintf(cmd, sizeof(cmd), "debugfs -R 'cat %s' '%s' 2>/dev/null", path, img);
	f = popen(cmd, "r");
	if (!f || !got) {
		free(got);
		return false;
	}
	n = fread(got, 1, len + 1, f);
	pclose(f);
	ok = n == len && (!len || !memcmp(got, want, len));
	if (!ok)
		printf("# debugfs cat %s: %zu bytes, %s\n", path, n,
		       n == len ? "contents differ" : "size differs");
	free(got);
	return ok;
}

/* A byte pattern that differs per file and per offset. */
static inline void ext2_pattern(unsigned char *buf, size_t len, unsigned seed,
				unsigned long long off)
{
	for (size_t i = 0; i < len; i++) {
		unsigned long long x = off + i;

		buf[i] = (unsigned char)(x * 131 + seed * 7 + (x >> 9) + (x >> 17));
	}
}

/* Poke @len bytes at @off of @img. */
static inline int ext2_poke(const char *img, long long off, const void *buf,
			    size_t len)
{
	int fd = open(img, O_RDWR);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pwrite(fd, buf, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static inline int ext2_peek(const char *img, long long off, void *buf,
			    size_t len)
{
	int fd = open(img, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static inline struct ext2_sb *ext2_test_mount(const char *img, bool rw)
{
	struct ext2_sb *sb = NULL;
	char err[256];
	int ret = ext2_mount(img, rw, &sb, err, sizeof(err));

	if (ret) {
		printf("# mount %s: %d: %s\n", img, ret, err);
		return NULL;
	}
	return sb;
}

#endif /* MMSIM_TEST_EXT2_HELPERS_H */
