// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 files of many sizes, through every level of the block map, on
 * images made by mke2fs with 1, 2 and 4 KiB blocks; e2fsck finds them
 * clean, debugfs reads the same bytes, a second mount reads them back.
 */
#define _DEFAULT_SOURCE
#include "ext2_helpers.h"

/* "ls -l" output of debugfs: is there a line for @name with size @size? */
static bool ls_has(const char *out, const char *name, unsigned long long size)
{
	char want[32], line[512];
	const char *p = out;

	snprintf(want, sizeof(want), "%llu", size);
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *tok, *last = NULL, *save;
		bool size_ok = false;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
			if (!strcmp(tok, want))
				size_ok = true;
			last = tok;
		}
		if (last && !strcmp(last, name) && size_ok)
			return true;
	}
	return false;
}

/* i_blocks a file of @size bytes without holes has: data + indirect. */
static unsigned long expected_i_blocks(unsigned long bs, unsigned long long size)
{
	unsigned long long a = bs / 4, n = (size + bs - 1) / bs, meta = 0;

	if (n > 12)
		meta++;
	if (n > 12 + a)
		meta += 1 + (n - 12 - a + a - 1) / a;
	return (unsigned long)((n + meta) * (bs / 512));
}

static u16 peek16(const char *img, long long off)
{
	u16 v = 0;

	ext2_peek(img, off, &v, 2);
	return v;
}

static void sizes_roundtrip(int bs)
{
	unsigned long long a = bs / 4;
	unsigned long long sizes[] = {
		0, 1, 4095, 4096, 4097, 12ULL * bs, 12ULL * bs + 1,
		(12 + a) * bs + 5, (12 + a + 2 * a) * bs + 77,
	};
	enum { NF = ARRAY_SIZE(sizes) };
	struct ext2_inode_info *d1, *d2, *f, *root;
	unsigned char *buf, *got;
	char img[512], name[32], path[64], out[16384];
	struct ext2_sb *sb;
	u16 mnt_count;

	ASSERT(!ext2_mkimage(img, sizeof(img), "files.img", bs, "24M", NULL));
	mnt_count = peek16(img, 1024 + 52);
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(sb->s_blocksize, bs);
	/* Mounted read-write: the on-disk state says "not clean". */
	EXPECT_EQ(peek16(img, 1024 + 58) & 1, 0);
	EXPECT_EQ(peek16(img, 1024 + 52), mnt_count + 1);

	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_mkdir(root, "d1", 0755, &d1));
	ASSERT(!ext2_mkdir(d1, "d2", 0700, &d2));
	EXPECT_EQ(root->i_links_count, 4);	/* ., .., lost+found, d1 */
	EXPECT_EQ(d1->i_links_count, 3);
	buf = malloc((size_t)sizes[NF - 1] + 1);
	got = malloc((size_t)sizes[NF - 1] + 1);
	ASSERT(buf && got);
	for (unsigned i = 0; i < NF; i++) {
		snprintf(name, sizeof(name), "f%llu", sizes[i]);
		ASSERT(!ext2_create(d2, name, 0644, &f));
		ext2_pattern(buf, sizes[i], i, 0);
		/* Odd chunks: partial blocks at both ends of most writes. */
		for (unsigned long long off = 0; off < sizes[i]; off += 3001) {
			size_t n = (size_t)min_u64(3001, sizes[i] - off);

			EXPECT_EQ(ext2_file_write(f, off, buf + off, n), n);
		}
		EXPECT_EQ(f->i_size, sizes[i]);
		EXPECT_EQ(f->i_blocks, expected_i_blocks(bs, sizes[i]));
		ext2_iput(f);
	}
	ext2_iput(d2);
	ext2_iput(d1);
	ext2_iput(root);
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(peek16(img, 1024 + 58), 1);	/* clean again */

	EXPECT_EQ(ext2_fsck(img), 0);
	for (unsigned i = 0; i < NF; i++) {
		snprintf(path, sizeof(path), "/d1/d2/f%llu", sizes[i]);
		ext2_pattern(buf, sizes[i], i, 0);
		EXPECT(ext2_debugfs_cat_equals(img, path, buf, sizes[i]));
	}
	ext2_debugfs(img, "ls -l /d1/d2", out, sizeof(out));
	for (unsigned i = 0; i < NF; i++) {
		snprintf(name, sizeof(name), "f%llu", sizes[i]);
		if (!ls_has(out, name, sizes[i]))
			FAIL_AT("debugfs ls -l: no %s of %llu bytes in:\n%s", name, sizes[i], out);
	}

	/* Read back through a read-only mount: nothing may be written. */
	sb = ext2_test_mount(img, false);
	ASSERT(sb);
	EXPECT(sb->s_rdonly);
	for (unsigned i = 0; i < NF; i++) {
		snprintf(path, sizeof(path), "//d1/d2//f%llu", sizes[i]);
		ASSERT(!ext2_namei(sb, path, &f));
		ext2_pattern(buf, sizes[i], i, 0);
		memset(got, 0xee, sizes[i] + 1);
		EXPECT_EQ(ext2_file_read(f, 0, got, sizes[i] + 1), sizes[i]);
		EXPECT(!memcmp(got, buf, sizes[i]));
		EXPECT_EQ(ext2_file_write(f, 0, "x", 1), -EROFS);
		ext2_iput(f);
	}
	EXPECT_EQ(ext2_namei(sb, "/d1/nope", &f), -ENOENT);
	EXPECT_EQ(ext2_namei(sb, "/d1/d2/f1/x", &f), -ENOTDIR);
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(peek16(img, 1024 + 52), mnt_count + 1);	/* ro: not counted */
	free(buf);
	free(got);
}

TEST(ext2_files__sizes_roundtrip_1k) { sizes_roundtrip(1024); }
TEST(ext2_files__sizes_roundtrip_2k) { sizes_roundtrip(2048); }
TEST(ext2_files__sizes_roundtrip_4k) { sizes_roundtrip(4096); }

/* A write at 10 MiB only: one data block and its indirect blocks. */
TEST(ext2_files__sparse_write_far_out)
{
	const unsigned long long off = 10ULL << 20;
	struct ext2_inode_info *root, *f;
	unsigned char data[100], got[200], zero[200] = { 0 };
	char img[512], out[4096];
	struct ext2_sb *sb;
	unsigned long free_before;

	ASSERT(!ext2_mkimage(img, sizeof(img), "sparse.img", 1024, "4M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	free_before = ext2_count_free_blocks(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_create(root, "sparse", 0600, &f));
	ext2_pattern(data, sizeof(data), 3, off);
	EXPECT_EQ(ext2_file_write(f, off, data, sizeof(data)), sizeof(data));
	EXPECT_EQ(f->i_size, off + sizeof(data));
	/* Block 10240 is double-indirect with 1 KiB blocks: dind + ind + data. */
	EXPECT_EQ(f->i_blocks, 3 * 2);
	EXPECT_EQ(free_before - ext2_count_free_blocks(sb), 3);
	EXPECT_EQ(ext2_file_read(f, off - 100, got, sizeof(got)), sizeof(got));
	EXPECT(!memcmp(got, zero, 100));
	EXPECT(!memcmp(got + 100, data, 100));
	ext2_iput(f);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "stat /sparse", out, sizeof(out));
	if (!strstr(out, "Size: 10485860"))
		FAIL_AT("debugfs stat: %s", out);
	ext2_debugfs(img, "ls -l /", out, sizeof(out));
	EXPECT(ls_has(out, "sparse", off + sizeof(data)));
}

/* Triple-indirect blocks (1 KiB blocks: past 12 + 256 + 65536 blocks). */
TEST(ext2_files__triple_indirect_and_truncate)
{
	const unsigned long long off = (12ULL + 256 + 65536 + 1000) * 1024 + 3;
	struct ext2_inode_info *root, *f;
	unsigned char data[3000], got[3000];
	char img[512], dump[600], cmd[1400];
	struct ext2_sb *sb;
	unsigned long free_before;

	ASSERT(!ext2_mkimage(img, sizeof(img), "tind.img", 1024, "4M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	free_before = ext2_count_free_blocks(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_create(root, "big", 0600, &f));
	ext2_pattern(data, sizeof(data), 9, off);
	EXPECT_EQ(ext2_file_write(f, off, data, sizeof(data)), sizeof(data));
	EXPECT_EQ(ext2_file_write(f, 5000, data, 10), 10);
	/* tind + dind + ind + 3 data (bytes 3..3002 of the first block on),
	 * + 1 data block at 5000: 7 blocks in all. */
	EXPECT_EQ(f->i_blocks, 7 * 2);
	EXPECT_EQ(free_before - ext2_count_free_blocks(sb), 7);
	EXPECT_EQ(ext2_file_read(f, off, got, sizeof(got)), sizeof(got));
	EXPECT(!memcmp(got, data, sizeof(got)));
	ext2_iput(f);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	snprintf(dump, sizeof(dump), "%s/big.out", ext2_tmpdir);
	snprintf(cmd, sizeof(cmd), "dump /big %s", dump);
	ext2_debugfs(img, cmd, NULL, 0);
	memset(got, 0, sizeof(got));
	EXPECT(!ext2_peek(dump, (long long)off, got, sizeof(got)));
	EXPECT(!memcmp(got, data, sizeof(got)));

	/* Truncate into the first data block: every indirect block goes. */
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_namei(sb, "/big", &f));
	EXPECT(!ext2_setsize(f, 5003));
	EXPECT_EQ(f->i_blocks, 1 * 2);
	EXPECT_EQ(ext2_count_free_blocks(sb), free_before - 1);
	EXPECT_EQ(ext2_file_read(f, 5000, got, 100), 3);
	EXPECT(!memcmp(got, data, 3));
	/* Growing again leaves zeros, not the old bytes past 5003. */
	EXPECT(!ext2_setsize(f, 5010));
	EXPECT_EQ(ext2_file_read(f, 5000, got, 100), 10);
	EXPECT(!memcmp(got, data, 3));
	EXPECT(!memcmp(got + 3, "\0\0\0\0\0\0\0", 7));
	ext2_iput(f);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

/* ext2_sync_fs() writes counters while mounted; umount marks clean. */
TEST(ext2_files__sync_writes_counters)
{
	struct ext2_inode_info *root;
	char img[512];
	struct ext2_sb *sb;
	u32 free_inodes = 0, wtime = 0;

	ASSERT(!ext2_mkimage(img, sizeof(img), "sync.img", 4096, "8M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	EXPECT(!ext2_mkdir(root, "a", 0755, NULL));
	EXPECT(!ext2_create(root, "b", 0644, NULL));
	EXPECT(!ext2_sync_fs(sb));
	ext2_peek(img, 1024 + 16, &free_inodes, 4);
	ext2_peek(img, 1024 + 48, &wtime, 4);
	EXPECT_EQ(free_inodes, ext2_count_free_inodes(sb));
	EXPECT(wtime != 0);
	EXPECT_EQ(peek16(img, 1024 + 58) & 1, 0);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(peek16(img, 1024 + 58), 1);
	EXPECT_EQ(ext2_fsck(img), 0);
}

/* A revision 0 image (128-byte inodes, first inode 11, no features). */
TEST(ext2_files__revision_0_image)
{
	struct ext2_inode_info *root, *d, *f;
	unsigned char data[5000];
	char img[512];
	struct ext2_sb *sb;

	ASSERT(!ext2_mkimage(img, sizeof(img), "rev0.img", 1024, "2M", "-r 0"));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	EXPECT_EQ(sb->s_inode_size, 128);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_mkdir(root, "d", 0755, &d));
	ASSERT(!ext2_create(d, "f", 0644, &f));
	ext2_pattern(data, sizeof(data), 4, 0);
	EXPECT_EQ(ext2_file_write(f, 0, data, sizeof(data)), sizeof(data));
	ext2_iput(f);
	ext2_iput(d);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	EXPECT(ext2_debugfs_cat_equals(img, "/d/f", data, sizeof(data)));
}

/* Past 4 GiB: i_size's high half (i_dir_acl) and large_file. */
TEST(ext2_files__large_file_size_high)
{
	const unsigned long long off = 5ULL << 30;
	struct ext2_inode_info *root, *f;
	char img[512], out[4096];
	unsigned char got[10];
	struct ext2_sb *sb;

	ASSERT(!ext2_mkimage(img, sizeof(img), "large.img", 4096, "8M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_create(root, "large", 0644, &f));
	EXPECT_EQ(ext2_file_write(f, off, "0123456789", 10), 10);
	ext2_iput(f);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "stat /large", out, sizeof(out));
	if (!strstr(out, "Size: 5368709130"))
		FAIL_AT("debugfs stat: %s", out);
	sb = ext2_test_mount(img, false);
	ASSERT(sb);
	ASSERT(!ext2_namei(sb, "/large", &f));
	EXPECT_EQ(f->i_size, off + 10);
	EXPECT_EQ(ext2_file_read(f, off + 5, got, sizeof(got)), 5);
	EXPECT(!memcmp(got, "56789", 5));
	ext2_iput(f);
	EXPECT(!ext2_umount(sb));
}

int main(void)
{
	ext2_test_init();
	RUN(ext2_files__sizes_roundtrip_1k);
	RUN(ext2_files__sizes_roundtrip_2k);
	RUN(ext2_files__sizes_roundtrip_4k);
	RUN(ext2_files__sparse_write_far_out);
	RUN(ext2_files__triple_indirect_and_truncate);
	RUN(ext2_files__sync_writes_counters);
	RUN(ext2_files__revision_0_image);
	RUN(ext2_files__large_file_size_high);
	ext2_test_cleanup();
	return done();
}
