// SPDX-License-Identifier: GPL-2.0
/*
 * Bad ext2 images: each corruption (made with pwrite at a known offset of
 * a good mke2fs image) gives a clear mount error or -EIO with a message
 * naming the inode or block; never a crash, never an endless loop.
 */
#define _DEFAULT_SOURCE
#include "ext2_helpers.h"
#include <mmsim/strbuf.h>

#include "fs/ext2/ext2.h"

#define SB_OFF 1024

static void poke32(const char *img, long long off, u32 v)
{
	ext2_poke(img, off, &v, 4);
}

static void poke16(const char *img, long long off, u16 v)
{
	ext2_poke(img, off, &v, 2);
}

/* Mount must fail with @want and a message containing @msg. */
static void expect_mount_error(const char *img, int want, const char *msg)
{
	struct ext2_sb *sb = NULL;
	char err[256] = "";
	int ret = ext2_mount(img, true, &sb, err, sizeof(err));

	if (ret != want || !strstr(err, msg))
		FAIL_AT("mount %s: %d \"%s\", want %d \"...%s...\"", img, ret, err, want, msg);
	if (!ret)
		ext2_umount(sb);
}

/* The byte offset of inode @ino in @img, from debugfs's imap. */
static long long inode_offset(const char *img, unsigned long ino, int bs)
{
	char req[64], out[512];
	unsigned long block, off;
	const char *p;

	snprintf(req, sizeof(req), "imap <%lu>", ino);
	ext2_debugfs(img, req, out, sizeof(out));
	p = strstr(out, "located at block ");
	if (!p || sscanf(p, "located at block %lu, offset 0x%lx", &block, &off) != 2)
		return -1;
	return (long long)block * bs + (long long)off;
}

/* The first block of @path in @img, from debugfs's blocks. */
static long long first_block(const char *img, const char *path)
{
	char req[300], out[4096];

	snprintf(req, sizeof(req), "blocks %s", path);
	ext2_debugfs(img, req, out, sizeof(out));
	return atoll(out);
}

/* A 1 KiB-block image with /d/f (3 KiB of data) and /d/g. */
static int make_sample(char *img, size_t len, const char *name)
{
	struct ext2_inode_info *root, *d, *f;
	unsigned char data[3072];
	struct ext2_sb *sb;
	int ret = -1;

	if (ext2_mkimage(img, len, name, 1024, "1M", NULL))
		return -1;
	sb = ext2_test_mount(img, true);
	if (!sb)
		return -1;
	if (ext2_iget(sb, EXT2_ROOT_INO, &root))
		goto out;
	if (!ext2_mkdir(root, "d", 0755, &d)) {
		if (!ext2_create(d, "f", 0644, &f)) {
			ext2_pattern(data, sizeof(data), 1, 0);
			if (ext2_file_write(f, 0, data, sizeof(data)) == (long)sizeof(data))
				ret = 0;
			ext2_iput(f);
		}
		if (ext2_create(d, "g", 0644, NULL))
			ret = -1;
		ext2_iput(d);
	}
	ext2_iput(root);
out:
	if (ext2_umount(sb))
		ret = -1;
	return ret;
}

TEST(ext2_bad__superblock_fields)
{
	char img[512];

	ASSERT(!ext2_mkimage(img, sizeof(img), "sb.img", 1024, "1M", NULL));
	poke16(img, SB_OFF + 56, 0x1234);
	expect_mount_error(img, -EINVAL, "can't find an ext2 filesystem (magic 0x1234");
	poke16(img, SB_OFF + 56, 0xEF53);
	poke32(img, SB_OFF + 24, 7);
	expect_mount_error(img, -EINVAL, "unsupported blocksize 131072");
	poke32(img, SB_OFF + 24, 0);
	poke32(img, SB_OFF + 4, 5000);
	expect_mount_error(img, -EINVAL, "block count 5000 exceeds size of image (1024 blocks)");
	poke32(img, SB_OFF + 4, 1024);
	poke32(img, SB_OFF + 32, 0);
	expect_mount_error(img, -EINVAL, "#blocks per group 0");
	poke32(img, SB_OFF + 32, 8192);
	poke32(img, SB_OFF + 0, 100000);
	expect_mount_error(img, -EINVAL, "inodes for 1 groups");
	ASSERT(!ext2_mkimage(img, sizeof(img), "sb.img", 1024, "1M", NULL));
	{
		struct ext2_sb *sb = ext2_test_mount(img, true);

		EXPECT(sb);
		if (sb)
			EXPECT(!ext2_umount(sb));
	}
}

TEST(ext2_bad__truncated_and_missing_files)
{
	char img[512], cmd[600];
	struct ext2_sb *sb = NULL;
	char err[256];

	ASSERT(!ext2_mkimage(img, sizeof(img), "trunc.img", 1024, "1M", NULL));
	snprintf(cmd, sizeof(cmd), "truncate -s 500K '%s'", img);
	ASSERT(system(cmd) == 0);
	expect_mount_error(img, -EINVAL, "exceeds size of image (500 blocks)");
	snprintf(cmd, sizeof(cmd), "truncate -s 1500 '%s'", img);
	ASSERT(system(cmd) == 0);
	expect_mount_error(img, -EINVAL, "too small for an ext2 filesystem (1500 bytes)");
	snprintf(cmd, sizeof(cmd), "%s/none.img", ext2_tmpdir);
	EXPECT_EQ(ext2_mount(cmd, false, &sb, err, sizeof(err)), -ENOENT);
	EXPECT(strstr(err, "cannot open"));
}

TEST(ext2_bad__features)
{
	char img[512], cmd[700];
	struct ext2_inode_info *root;
	struct ext2_sb *sb;
	u32 ro;

	/* An ext4 image: extents are an incompat feature ext2 lacks. */
	snprintf(img, sizeof(img), "%s/ext4.img", ext2_tmpdir);
	snprintf(cmd, sizeof(cmd), "mke2fs -q -t ext4 -F '%s' 8M >/dev/null 2>&1", img);
	ASSERT(system(cmd) == 0);
	expect_mount_error(img, -EINVAL, "mount: ext4 feature 'extent' not supported by ext2 (incompat 0x2c0)");

	/* An unknown ro_compat feature: mounted, but read-only. */
	ASSERT(!ext2_mkimage(img, sizeof(img), "rocompat.img", 1024, "1M", NULL));
	ASSERT(!ext2_peek(img, SB_OFF + 100, &ro, 4));
	poke32(img, SB_OFF + 100, ro | 0x0400);	/* metadata_csum */
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT(sb->s_rdonly);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	EXPECT_EQ(ext2_create(root, "x", 0644, NULL), -EROFS);
	EXPECT_EQ(ext2_mkdir(root, "x", 0755, NULL), -EROFS);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));

	/* A write-protected image file mounts read-only (not as root). */
	if (geteuid() != 0) {
		ASSERT(!ext2_mkimage(img, sizeof(img), "wp.img", 1024, "1M", NULL));
		snprintf(cmd, sizeof(cmd), "chmod 0444 '%s'", img);
		ASSERT(system(cmd) == 0);
		sb = ext2_test_mount(img, true);
		ASSERT(sb);
		EXPECT(sb->s_rdonly);
		EXPECT(!ext2_umount(sb));
	}
}

TEST(ext2_bad__group_descriptor)
{
	char img[512];

	ASSERT(!ext2_mkimage(img, sizeof(img), "gd.img", 1024, "1M", NULL));
	/* bg_inode_table of group 0 (descriptors in block 2). */
	poke32(img, 2 * 1024 + 8, 0x00ffffff);
	expect_mount_error(img, -EINVAL, "inode table of group 0 not in group (block 16777215)");
}

/* Block pointers past the end, into metadata, and an indirect loop. */
TEST(ext2_bad__block_pointers)
{
	struct ext2_inode_info *f;
	unsigned char buf[100];
	char img[512];
	struct ext2_sb *sb;
	long long ioff;
	u32 itable;

	ASSERT(!make_sample(img, sizeof(img), "bptr.img"));
	ioff = inode_offset(img, 13, 1024);	/* 12 is /d, 13 is /d/f */
	ASSERT(ioff > 0);
	poke32(img, ioff + 40 + 4, 999999);	/* i_block[1] */
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_namei(sb, "/d/f", &f));
	EXPECT_EQ(ext2_file_read(f, 0, buf, sizeof(buf)), sizeof(buf));
	EXPECT_EQ(ext2_file_read(f, 1024, buf, sizeof(buf)), -EIO);
	EXPECT(strstr(sb->s_last_error, "inode 13: bad block 999999"));
	/* Into the inode table: refused the same way. */
	itable = sb->s_gd[0].bg_inode_table;
	f->i_data[2] = itable + 1;
	EXPECT_EQ(ext2_file_read(f, 2048, buf, sizeof(buf)), -EIO);
	EXPECT(strstr(sb->s_last_error, "bad block"));
	/* Truncating frees what is valid and reports the rest. */
	EXPECT_EQ(ext2_setsize(f, 0), -EIO);
	ext2_iput(f);
	EXPECT(sb->s_error_count >= 3);
	EXPECT(!ext2_umount(sb));
	/* The filesystem is marked as having errors, for e2fsck. */
	{
		u16 state = 0;

		ext2_peek(img, SB_OFF + 58, &state, 2);
		EXPECT_EQ(state, 1 | 2);
	}

	/* An indirect block whose first pointer is itself: no endless walk. */
	ASSERT(!make_sample(img, sizeof(img), "loop.img"));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_namei(sb, "/d/f", &f));
	{
		unsigned char data[1024];
		u32 ind;

		memset(data, 7, sizeof(data));
		EXPECT_EQ(ext2_file_write(f, 12 * 1024, data, sizeof(data)), sizeof(data));
		ind = f->i_data[12];
		ASSERT(ind);
		ASSERT(!ext2_bread(sb, ind, data));
		memcpy(data, &ind, 4);
		ASSERT(!ext2_bwrite(sb, ind, data));
	}
	EXPECT(!ext2_setsize(f, 0));	/* frees it once, reports the second */
	EXPECT(strstr(sb->s_last_error, "bit already cleared"));
	ext2_iput(f);
	EXPECT(!ext2_umount(sb));
}

TEST(ext2_bad__directory_entries)
{
	struct ext2_inode_info *d, *root, *x;
	char img[512];
	struct ext2_sb *sb;
	unsigned long ino;
	long long dblk;

	ASSERT(!make_sample(img, sizeof(img), "dirent.img"));
	dblk = first_block(img, "/d");
	ASSERT(dblk > 0);
	/* The rec_len of "." is 0. */
	poke16(img, dblk * 1024 + 4, 0);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, 12, &d));
	EXPECT_EQ(ext2_inode_by_name(d, "f", &ino), -EIO);
	EXPECT(strstr(sb->s_last_error, "bad entry in directory #12: rec_len is smaller than minimal - offset=0"));
	EXPECT_EQ(ext2_create(d, "new", 0644, NULL), -EIO);
	ext2_iput(d);
	EXPECT(!ext2_umount(sb));

	/* ".." runs past the block. */
	poke16(img, dblk * 1024 + 4, 12);
	poke16(img, dblk * 1024 + 12 + 4, 2000);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(ext2_namei(sb, "/d/f", &x), -EIO);
	EXPECT(strstr(sb->s_last_error, "directory entry across blocks - offset=12"));
	EXPECT(!ext2_umount(sb));

	/* An inode number beyond s_inodes_count, then a free inode. */
	poke16(img, dblk * 1024 + 12 + 4, 12);
	poke32(img, dblk * 1024 + 24, 0x00ffffff);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(ext2_namei(sb, "/d/f", &x), -EIO);
	EXPECT(strstr(sb->s_last_error, "inode out of bounds"));
	EXPECT(!ext2_umount(sb));
	poke32(img, dblk * 1024 + 24, 100);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(ext2_namei(sb, "/d/f", &x), -EIO);
	EXPECT(strstr(sb->s_last_error, "deleted inode referenced: 100"));
	EXPECT_EQ(ext2_iget(sb, 5, &x), -EIO);
	EXPECT(strstr(sb->s_last_error, "bad inode number: 5"));
	EXPECT_EQ(ext2_iget(sb, sb->s_inodes_count + 1, &x), -EIO);

	/* A directory that is its own parent: rename's ancestry walk ends. */
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_iget(sb, 12, &d));
	ASSERT(!ext2_mkdir(root, "e", 0755, NULL));
	poke32(img, dblk * 1024 + 12, 12);	/* /d/.. -> /d */
	EXPECT_EQ(ext2_rename(root, "e", d, "e2"), -EIO);
	EXPECT(strstr(sb->s_last_error, "directory loop above directory #12"));
	ext2_iput(d);
	ext2_iput(root);
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
}

/* errors=remount-ro in the superblock: the first error stops writes. */
TEST(ext2_bad__errors_remount_ro)
{
	struct ext2_inode_info *root, *x;
	char img[512];
	struct ext2_sb *sb;

	ASSERT(!ext2_mkimage(img, sizeof(img), "ro.img", 1024, "1M", NULL));
	poke16(img, SB_OFF + 60, 2);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	EXPECT(!ext2_create(root, "before", 0644, NULL));
	EXPECT_EQ(ext2_iget(sb, 4, &x), -EIO);
	EXPECT(sb->s_rdonly);
	EXPECT_EQ(ext2_create(root, "after", 0644, NULL), -EROFS);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	{
		u16 state = 0;

		/* The error state reached the disk before the switch. */
		ext2_peek(img, SB_OFF + 58, &state, 2);
		EXPECT(state & 2);
	}
}

/* ext2_error() lines reach the current machine's dmesg. */
TEST(ext2_bad__errors_reach_dmesg)
{
	struct machine *m = test_boot("x86_64", "64M");
	struct ext2_inode_info *x;
	char img[512];
	struct ext2_sb *sb;

	ASSERT(m);
	ASSERT(!ext2_mkimage(img, sizeof(img), "dmesg.img", 1024, "1M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(ext2_iget(sb, 3, &x), -EIO);
	EXPECT(!ext2_umount(sb));
	if (!strstr(sb_str(&m->dmesg), "EXT2-fs (") ||
	    !strstr(sb_str(&m->dmesg), "error: ext2_iget: bad inode number: 3"))
		FAIL_AT("dmesg: %s", sb_str(&m->dmesg));
	machine_destroy(m);
}

int main(void)
{
	ext2_test_init();
	RUN(ext2_bad__superblock_fields);
	RUN(ext2_bad__truncated_and_missing_files);
	RUN(ext2_bad__features);
	RUN(ext2_bad__group_descriptor);
	RUN(ext2_bad__block_pointers);
	RUN(ext2_bad__directory_entries);
	RUN(ext2_bad__errors_remount_ro);
	RUN(ext2_bad__errors_reach_dmesg);
	ext2_test_cleanup();
	return done();
}
