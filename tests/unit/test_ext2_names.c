// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 directories and names: entries over several blocks, deletion
 * merging rec_len, mkdir/rmdir link counts, rename in all its cases,
 * hard links, unlinking an open file, running out of blocks and inodes.
 * Each image is checked by e2fsck -fn and listed by debugfs.
 */
#define _DEFAULT_SOURCE
#include "ext2_helpers.h"

struct names {
	char list[512][64];
	int n;
};

static int collect(void *ctx, const char *name, int len, u64 pos,
		   unsigned long ino, unsigned int type)
{
	struct names *s = ctx;

	if (s->n < 512)
		snprintf(s->list[s->n++], 64, "%.*s", len, name);
	return 0;
}

static bool has_name(struct names *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->list[i], name))
			return true;
	return false;
}

/* Does debugfs's "ls -p" output (/ino/mode/uid/gid/name/size/) list @name? */
static bool has_token(const char *out, const char *name)
{
	char want[EXT2_NAME_LEN + 3];	/* "/" name "/" */

	snprintf(want, sizeof(want), "/%s/", name);
	for (const char *p = strstr(out, want); p; p = strstr(p + 1, want)) {
		int slashes = 0;
		const char *q;

		/* The name is the fifth field of its line. */
		for (q = p; q > out && q[-1] != '\n'; q--)
			slashes += q[-1] == '/';
		/* Inode 0: a free entry (the first of a block) debugfs shows. */
		if (slashes == 4 && strncmp(q, "/0/", 3))
			return true;
	}
	return false;
}

static struct ext2_sb *mkfs_mount(char *img, size_t len, const char *name,
				  int bs, const char *size, const char *extra,
				  struct ext2_inode_info **root)
{
	struct ext2_sb *sb;

	if (ext2_mkimage(img, len, name, bs, size, extra))
		return NULL;
	sb = ext2_test_mount(img, true);
	if (sb && ext2_iget(sb, EXT2_ROOT_INO, root)) {
		ext2_umount(sb);
		return NULL;
	}
	return sb;
}

/* Names of 1..60 bytes over several 1 KiB blocks; every other removed. */
TEST(ext2_names__many_entries_and_holes_in_blocks)
{
	struct ext2_inode_info *root, *dir;
	static struct names s;
	char img[512], name[80], out[65536];
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "many.img", 1024, "2M", "-N 1024", &root);

	ASSERT(sb);
	ASSERT(!ext2_mkdir(root, "dir", 0755, &dir));
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "%0*d", 1 + i % 60, i);
		ASSERT(!ext2_create(dir, name, 0644, NULL));
	}
	EXPECT(dir->i_size > 8 * 1024);
	EXPECT_EQ(ext2_create(dir, "0", 0644, NULL), -EEXIST);
	for (int i = 0; i < 300; i += 2) {
		snprintf(name, sizeof(name), "%0*d", 1 + i % 60, i);
		EXPECT(!ext2_unlink(dir, name));
	}
	s.n = 0;
	EXPECT(!ext2_readdir(dir, collect, &s));
	EXPECT_EQ(s.n, 2 + 150);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "%0*d", 1 + i % 60, i);
		EXPECT_EQ(has_name(&s, name), i & 1);
	}
	/* New names fill the freed space before the directory grows. */
	{
		u64 size = dir->i_size;

		for (int i = 0; i < 100; i++) {
			snprintf(name, sizeof(name), "new%d", i);
			EXPECT(!ext2_create(dir, name, 0644, NULL));
		}
		EXPECT_EQ(dir->i_size, size);
	}
	ext2_iput(dir);
	ext2_iput(root);
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "ls -p /dir", out, sizeof(out));
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "%0*d", 1 + i % 60, i);
		if (has_token(out, name) != (i & 1))
			FAIL_AT("debugfs ls -p /dir: \"%s\" %s", name, i & 1 ? "missing" : "still there");
	}
	EXPECT(has_token(out, "new99"));
}

/* Deleting an entry adds its rec_len to the previous one, as Linux. */
TEST(ext2_names__delete_merges_into_previous)
{
	struct ext2_inode_info *root, *dir;
	unsigned char blk[1024];
	char img[512];
	u32 phys;
	u16 rec_len;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "merge.img", 1024, "1M", NULL, &root);

	ASSERT(sb);
	ASSERT(!ext2_mkdir(root, "d", 0755, &dir));
	ASSERT(!ext2_create(dir, "a", 0644, NULL));
	ASSERT(!ext2_create(dir, "b", 0644, NULL));
	ASSERT(!ext2_create(dir, "c", 0644, NULL));
	ASSERT(!ext2_get_block(sb, dir, 0, false, &phys));
	ASSERT(!ext2_bread(sb, phys, blk));
	/* ".", "..", "a", "b" of 12 bytes each; "c" to the end. */
	memcpy(&rec_len, blk + 24 + 4, 2);
	EXPECT_EQ(rec_len, 12);
	EXPECT(!ext2_unlink(dir, "b"));
	ASSERT(!ext2_bread(sb, phys, blk));
	memcpy(&rec_len, blk + 24 + 4, 2);
	EXPECT_EQ(rec_len, 24);
	EXPECT(!ext2_unlink(dir, "c"));
	ASSERT(!ext2_bread(sb, phys, blk));
	memcpy(&rec_len, blk + 24 + 4, 2);
	EXPECT_EQ(rec_len, 1024 - 24);
	ext2_iput(dir);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

TEST(ext2_names__mkdir_rmdir_links_and_errors)
{
	struct ext2_inode_info *root, *a, *b;
	char img[512];
	unsigned long free_inodes;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "dirs.img", 4096, "8M", NULL, &root);

	ASSERT(sb);
	free_inodes = ext2_count_free_inodes(sb);
	ASSERT(!ext2_mkdir(root, "a", 0755, &a));
	ASSERT(!ext2_mkdir(a, "b", 0755, &b));
	EXPECT_EQ(a->i_links_count, 3);
	EXPECT_EQ(b->i_links_count, 2);
	EXPECT_EQ(a->i_size, 4096);
	EXPECT(!ext2_create(b, "f", 0644, NULL));
	EXPECT_EQ(ext2_mkdir(a, "b", 0755, NULL), -EEXIST);
	EXPECT_EQ(ext2_rmdir(a, "b"), -ENOTEMPTY);
	EXPECT_EQ(ext2_rmdir(b, "f"), -ENOTDIR);
	EXPECT_EQ(ext2_unlink(a, "b"), -EISDIR);
	EXPECT_EQ(ext2_rmdir(a, "."), -EINVAL);
	EXPECT_EQ(ext2_rmdir(a, ".."), -ENOTEMPTY);
	EXPECT_EQ(ext2_rmdir(a, "zz"), -ENOENT);
	EXPECT_EQ(ext2_create(b, "f/g", 0644, NULL), -EINVAL);
	{
		char longname[300];

		memset(longname, 'x', 256);
		longname[256] = '\0';
		EXPECT_EQ(ext2_create(b, longname, 0644, NULL), -ENAMETOOLONG);
		longname[255] = '\0';
		EXPECT(!ext2_create(b, longname, 0644, NULL));
		EXPECT(!ext2_unlink(b, longname));
	}
	EXPECT(!ext2_unlink(b, "f"));
	ext2_iput(b);
	EXPECT(!ext2_rmdir(a, "b"));
	EXPECT_EQ(a->i_links_count, 2);
	EXPECT_EQ(ext2_lookup(a, "b", &b), -ENOENT);
	ext2_iput(a);
	EXPECT(!ext2_rmdir(root, "a"));
	EXPECT_EQ(ext2_count_free_inodes(sb), free_inodes);
	EXPECT_EQ(root->i_links_count, 3);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

TEST(ext2_names__rename_cases)
{
	struct ext2_inode_info *root, *a, *b, *sub, *f;
	char img[512], out[8192];
	unsigned char data[5000];
	unsigned long free_blocks;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "rename.img", 1024, "4M", NULL, &root);

	ASSERT(sb);
	ASSERT(!ext2_mkdir(root, "a", 0755, &a));
	ASSERT(!ext2_mkdir(root, "b", 0755, &b));
	ASSERT(!ext2_mkdir(a, "sub", 0755, &sub));
	ASSERT(!ext2_create(a, "f", 0644, &f));
	ext2_pattern(data, sizeof(data), 1, 0);
	EXPECT_EQ(ext2_file_write(f, 0, data, sizeof(data)), sizeof(data));
	ext2_iput(f);
	ASSERT(!ext2_create(b, "victim", 0644, &f));
	EXPECT_EQ(ext2_file_write(f, 0, data, sizeof(data)), sizeof(data));
	ext2_iput(f);

	/* Same directory; then to itself (nothing happens). */
	EXPECT(!ext2_rename(a, "f", a, "g"));
	EXPECT(!ext2_rename(a, "g", a, "g"));
	/* Across directories, replacing a file: its blocks are freed. */
	free_blocks = ext2_count_free_blocks(sb);
	EXPECT(!ext2_rename(a, "g", b, "victim"));
	EXPECT_EQ(ext2_count_free_blocks(sb), free_blocks + 5);
	/* A directory across directories: "..", and both parents' links. */
	EXPECT(!ext2_rename(a, "sub", b, "sub2"));
	EXPECT_EQ(a->i_links_count, 2);
	EXPECT_EQ(b->i_links_count, 3);
	{
		unsigned long ino;

		EXPECT(!ext2_inode_by_name(sub, "..", &ino));
		EXPECT_EQ(ino, b->i_ino);
	}
	/* Not under itself, not over a file, not over a non-empty dir. */
	EXPECT_EQ(ext2_rename(root, "b", sub, "x"), -EINVAL);
	EXPECT_EQ(ext2_rename(root, "b", b, "x"), -EINVAL);
	EXPECT_EQ(ext2_rename(b, "sub2", b, "victim"), -ENOTDIR);
	EXPECT_EQ(ext2_rename(b, "victim", root, "a"), -EISDIR);
	EXPECT(!ext2_create(a, "keep", 0644, NULL));
	EXPECT_EQ(ext2_rename(b, "sub2", root, "a"), -ENOTEMPTY);
	EXPECT(!ext2_unlink(a, "keep"));
	EXPECT_EQ(ext2_rename(b, "nope", root, "x"), -ENOENT);
	EXPECT_EQ(ext2_rename(b, "..", root, "x"), -EINVAL);
	/* Over an empty directory: it goes away, links stay right. */
	ext2_iput(a);
	EXPECT(!ext2_rename(b, "sub2", root, "a"));
	EXPECT_EQ(root->i_links_count, 5);	/* 2 + lost+found, a, b */
	EXPECT_EQ(b->i_links_count, 2);
	ext2_iput(sub);
	ext2_iput(b);
	ext2_iput(root);
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	EXPECT(ext2_debugfs_cat_equals(img, "/b/victim", data, sizeof(data)));
	ext2_debugfs(img, "ls /", out, sizeof(out));
	EXPECT(strstr(out, " a ") || strstr(out, " a\n") || strstr(out, "(12) a"));
	ext2_debugfs(img, "ls /a", out, sizeof(out));
	if (!strstr(out, "..") || strstr(out, "sub"))
		FAIL_AT("ls /a: %s", out);
}

TEST(ext2_names__link_and_unlink_open_file)
{
	struct ext2_inode_info *root, *f;
	char img[512];
	unsigned char data[3000];
	unsigned long free_blocks, free_inodes;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "link.img", 1024, "1M", NULL, &root);

	ASSERT(sb);
	free_blocks = ext2_count_free_blocks(sb);
	free_inodes = ext2_count_free_inodes(sb);
	ASSERT(!ext2_create(root, "f", 0644, &f));
	ext2_pattern(data, sizeof(data), 5, 0);
	EXPECT_EQ(ext2_file_write(f, 0, data, sizeof(data)), sizeof(data));
	EXPECT(!ext2_link(f, root, "hard"));
	EXPECT_EQ(f->i_links_count, 2);
	EXPECT_EQ(ext2_link(root, root, "x"), -EPERM);
	EXPECT(!ext2_unlink(root, "f"));
	EXPECT(!ext2_unlink(root, "hard"));
	EXPECT_EQ(f->i_links_count, 0);
	/* Still open: blocks and inode stay until the last reference. */
	EXPECT_EQ(ext2_count_free_blocks(sb), free_blocks - 3);
	memset(data, 0, sizeof(data));
	EXPECT_EQ(ext2_file_read(f, 0, data, sizeof(data)), sizeof(data));
	EXPECT_EQ(data[2999], (unsigned char)(2999 * 131 + 35 + 5));
	ext2_iput(f);
	EXPECT_EQ(ext2_count_free_blocks(sb), free_blocks);
	EXPECT_EQ(ext2_count_free_inodes(sb), free_inodes);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

TEST(ext2_names__enospc_blocks_and_inodes)
{
	struct ext2_inode_info *root, *f;
	char img[512], name[32];
	unsigned char buf[4096];
	long n, total = 0;
	int i, ret = 0;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "full.img", 1024, "512K", "-N 32", &root);

	ASSERT(sb);
	ASSERT(!ext2_create(root, "fill", 0644, &f));
	memset(buf, 0x5a, sizeof(buf));
	while ((n = ext2_file_write(f, (u64)total, buf, sizeof(buf))) == (long)sizeof(buf))
		total += n;
	if (n > 0) {
		total += n;
		n = ext2_file_write(f, (u64)total, buf, sizeof(buf));
	}
	EXPECT_EQ(n, -ENOSPC);
	EXPECT_EQ(ext2_count_free_blocks(sb), 0);
	EXPECT_EQ(f->i_size, (u64)total);
	EXPECT_EQ(ext2_mkdir(root, "nospace", 0755, NULL), -ENOSPC);
	ext2_iput(f);
	EXPECT(!ext2_unlink(root, "fill"));
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "i%d", i);
		ret = ext2_create(root, name, 0644, NULL);
		if (ret)
			break;
	}
	EXPECT_EQ(ret, -ENOSPC);
	EXPECT_EQ(ext2_count_free_inodes(sb), 0);
	EXPECT_EQ(i, 32 - 11);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

/*
 * dir_index: e2fsck -D turns a big directory into an htree (EXT2_INDEX_FL);
 * ext2 reads it linearly and drops the flag when it changes it, as Linux's
 * ext2, so e2fsck finds it consistent afterwards.
 */
TEST(ext2_names__htree_directory_read_linearly_and_unindexed)
{
	struct ext2_inode_info *root, *dir;
	char img[512], name[32], cmd[700], out[8192];
	unsigned long ino;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "htree.img", 1024, "4M", NULL, &root);

	ASSERT(sb);
	ASSERT(!ext2_mkdir(root, "big", 0755, &dir));
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "entry-%03d", i);
		ASSERT(!ext2_create(dir, name, 0644, NULL));
	}
	ext2_iput(dir);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	snprintf(cmd, sizeof(cmd), "e2fsck -fyD '%s' >/dev/null 2>&1", img);
	EXPECT(system(cmd) != -1);
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "stat /big", out, sizeof(out));
	if (!strstr(out, "Flags: 0x1000"))
		FAIL_AT("e2fsck -D did not index /big: %s", out);

	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_namei(sb, "/big", &dir));
	EXPECT(dir->i_flags & 0x1000);
	EXPECT(!ext2_inode_by_name(dir, "entry-150", &ino));
	EXPECT(!ext2_create(dir, "added", 0644, NULL));
	EXPECT(!ext2_unlink(dir, "entry-007"));
	EXPECT_EQ(dir->i_flags & 0x1000, 0);
	ext2_iput(dir);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "ls -p /big", out, sizeof(out));
	EXPECT(has_token(out, "added") && has_token(out, "entry-150") &&
	       !has_token(out, "entry-007"));
}

/* Fast symlinks (target in i_data) and slow ones (in a block). */
TEST(ext2_names__symlinks_fast_and_slow)
{
	struct ext2_inode_info *root, *l;
	char img[512], target[200], got[300], out[4096];
	unsigned long free_blocks;
	struct ext2_sb *sb = mkfs_mount(img, sizeof(img), "symlink.img", 1024, "1M", NULL, &root);

	ASSERT(sb);
	free_blocks = ext2_count_free_blocks(sb);
	EXPECT(!ext2_symlink(root, "fast", "/some/where"));
	memset(target, 't', 150);
	target[150] = '\0';
	EXPECT(!ext2_symlink(root, "slow", target));
	EXPECT_EQ(ext2_count_free_blocks(sb), free_blocks - 1);
	EXPECT_EQ(ext2_symlink(root, "fast", "x"), -EEXIST);
	ASSERT(!ext2_lookup(root, "fast", &l));
	EXPECT_EQ(ext2_readlink(l, got, sizeof(got)), 11);
	EXPECT_STR(got, "/some/where");
	EXPECT_EQ(ext2_readlink(l, got, 5), -ENAMETOOLONG);
	EXPECT_EQ(ext2_file_read(l, 0, got, 10), -EINVAL);
	ext2_iput(l);
	ASSERT(!ext2_lookup(root, "slow", &l));
	EXPECT_EQ(ext2_readlink(l, got, sizeof(got)), 150);
	EXPECT_STR(got, target);
	EXPECT_EQ(ext2_readlink(root, got, sizeof(got)), -EINVAL);
	ext2_iput(l);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	ext2_debugfs(img, "stat /fast", out, sizeof(out));
	if (!strstr(out, "Fast link dest: \"/some/where\""))
		FAIL_AT("debugfs stat /fast: %s", out);
	ext2_debugfs(img, "stat /slow", out, sizeof(out));
	if (!strstr(out, "Type: symlink"))
		FAIL_AT("debugfs stat /slow: %s", out);
	EXPECT(ext2_debugfs_cat_equals(img, "/slow", target, 150));

	/* Unlinking frees the slow one's block. */
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	EXPECT(!ext2_unlink(root, "fast"));
	EXPECT(!ext2_unlink(root, "slow"));
	EXPECT_EQ(ext2_count_free_blocks(sb), free_blocks);
	ext2_iput(root);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
}

int main(void)
{
	ext2_test_init();
	RUN(ext2_names__many_entries_and_holes_in_blocks);
	RUN(ext2_names__delete_merges_into_previous);
	RUN(ext2_names__mkdir_rmdir_links_and_errors);
	RUN(ext2_names__rename_cases);
	RUN(ext2_names__link_and_unlink_open_file);
	RUN(ext2_names__enospc_blocks_and_inodes);
	RUN(ext2_names__htree_directory_read_linearly_and_unindexed);
	RUN(ext2_names__symlinks_fast_and_slow);
	ext2_test_cleanup();
	return done();
}
