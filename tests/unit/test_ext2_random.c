// SPDX-License-Identifier: GPL-2.0
/*
 * Random create/write/truncate/unlink/rename/mkdir/rmdir operations on an
 * ext2 image against an in-memory model; then e2fsck -fn must find the
 * image clean and debugfs and a second mount must read the model's bytes.
 * MMSIM_SEED=n picks one seed; by default three run per block size.
 */
#define _DEFAULT_SOURCE
#include "ext2_helpers.h"

#define NDIRS	5		/* /, /d1, /d2, /d1/s, /d3 (d3 comes and goes) */
#define NFILES	40
#define MAXOFF	(3u << 20)

struct mfile {
	bool used;
	int dir;
	char name[24];
	unsigned char *data;
	size_t size;
};

static const char *dir_paths[NDIRS] = { "/", "/d1", "/d2", "/d1/s", "/d3" };
static struct mfile files[NFILES];
static bool d3_exists;
static unsigned long long rng;

static unsigned long rnd(unsigned long n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)((rng >> 33) % n);
}

static struct ext2_inode_info *get_dir(struct ext2_sb *sb, int d)
{
	struct ext2_inode_info *dir = NULL;

	if (ext2_namei(sb, dir_paths[d], &dir))
		return NULL;
	return dir;
}

static int find_file(int dir, const char *name)
{
	for (int i = 0; i < NFILES; i++)
		if (files[i].used && files[i].dir == dir && !strcmp(files[i].name, name))
			return i;
	return -1;
}

static void model_resize(struct mfile *f, size_t size)
{
	if (size > f->size) {
		f->data = realloc(f->data, size);
		memset(f->data + f->size, 0, size - f->size);
	}
	f->size = size;
}

static void file_path(char *buf, size_t len, const struct mfile *f)
{
	snprintf(buf, len, "%s/%s", f->dir ? dir_paths[f->dir] : "", f->name);
}

/* One random operation; returns false (with a TAP line) on a mismatch. */
static bool random_op(struct ext2_sb *sb, int step)
{
	int i = (int)rnd(NFILES), op = (int)rnd(100), ret;
	struct mfile *f = &files[i];
	struct ext2_inode_info *dir, *ino;
	char path[96];

	if (!f->used) {
		int d = (int)rnd(NDIRS);

		if (d == 4 && !d3_exists)
			d = 0;
		f->dir = d;
		/* A name no other model file has (a rename may have taken it). */
		do
			snprintf(f->name, sizeof(f->name), "f%d_%lu", i, rnd(1000));
		while (find_file(d, f->name) >= 0);
		dir = get_dir(sb, d);
		if (!dir)
			return false;
		ret = ext2_create(dir, f->name, 0644, NULL);
		ext2_iput(dir);
		if (ret) {
			printf("# step %d: create %s: %d\n", step, f->name, ret);
			return false;
		}
		f->used = true;
		f->size = 0;
		return true;
	}
	file_path(path, sizeof(path), f);
	if (ext2_namei(sb, path, &ino)) {
		printf("# step %d: namei %s failed\n", step, path);
		return false;
	}
	if (op < 50) {			/* write */
		size_t off = rnd(10) ? rnd(300 << 10) : rnd(MAXOFF);
		size_t len = 1 + rnd(rnd(4) ? 4096 : 20000);
		unsigned char *buf = malloc(len);

		ext2_pattern(buf, len, (unsigned)step, off);
		ret = (int)ext2_file_write(ino, off, buf, len);
		if (ret != (int)len)
			printf("# step %d: write %s %zu@%zu: %d\n", step, path, len, off, ret);
		if (off + len > f->size)
			model_resize(f, off + len);
		memcpy(f->data + off, buf, len);
		free(buf);
		ret = ret != (int)len;
	} else if (op < 65) {		/* truncate or extend */
		size_t size = rnd(3) ? rnd(f->size + 1) : rnd(400 << 10);

		ret = ext2_setsize(ino, size);
		if (ret)
			printf("# step %d: setsize %s %zu: %d\n", step, path, size, ret);
		model_resize(f, size);
	} else if (op < 80) {		/* unlink, sometimes while open */
		dir = get_dir(sb, f->dir);
		ret = dir ? ext2_unlink(dir, f->name) : -1;
		ext2_iput(dir);
		if (ret)
			printf("# step %d: unlink %s: %d\n", step, path, ret);
		f->used = false;
		free(f->data);
		f->data = NULL;
		f->size = 0;
	} else {			/* rename, maybe over another file */
		int nd = (int)rnd(NDIRS), j;
		char nname[24];
		struct ext2_inode_info *odir, *ndir;

		if (nd == 4 && !d3_exists)
			nd = 2;
		if (rnd(2)) {
			j = (int)rnd(NFILES);
			if (files[j].used && j != i) {
				nd = files[j].dir;
				snprintf(nname, sizeof(nname), "%s", files[j].name);
			} else {
				snprintf(nname, sizeof(nname), "r%d_%lu", i, rnd(1000));
			}
		} else {
			snprintf(nname, sizeof(nname), "r%d_%lu", i, rnd(1000));
		}
		odir = get_dir(sb, f->dir);
		ndir = get_dir(sb, nd);
		ret = odir && ndir ? ext2_rename(odir, f->name, ndir, nname) : -1;
		ext2_iput(odir);
		ext2_iput(ndir);
		if (ret)
			printf("# step %d: rename %s -> %s/%s: %d\n", step, path, dir_paths[nd], nname, ret);
		j = find_file(nd, nname);
		if (j >= 0 && j != i) {
			files[j].used = false;
			free(files[j].data);
			files[j].data = NULL;
		}
		f->dir = nd;
		snprintf(f->name, sizeof(f->name), "%s", nname);
	}
	/* Read the file back now and then. */
	if (!ret && f->used && rnd(4) == 0) {
		unsigned char *got = malloc(f->size + 1);
		long n = ext2_file_read(ino, 0, got, f->size + 1);

		if (n != (long)f->size || (f->size && memcmp(got, f->data, f->size))) {
			printf("# step %d: %s reads %ld bytes, model %zu\n", step, path, n, f->size);
			ret = 1;
		}
		free(got);
	}
	ext2_iput(ino);
	return !ret;
}

/* mkdir/rmdir of /d3 when it is empty. */
static bool toggle_d3(struct ext2_sb *sb)
{
	struct ext2_inode_info *root;
	int ret;

	for (int i = 0; i < NFILES; i++)
		if (files[i].used && files[i].dir == 4)
			return true;
	if (ext2_iget(sb, EXT2_ROOT_INO, &root))
		return false;
	ret = d3_exists ? ext2_rmdir(root, "d3") : ext2_mkdir(root, "d3", 0755, NULL);
	ext2_iput(root);
	d3_exists = !d3_exists;
	return !ret;
}

static void check_all(const char *img, struct ext2_sb *sb)
{
	char path[96];

	for (int i = 0; i < NFILES; i++) {
		struct ext2_inode_info *ino;
		unsigned char *got;

		if (!files[i].used)
			continue;
		file_path(path, sizeof(path), &files[i]);
		if (!sb) {
			EXPECT(ext2_debugfs_cat_equals(img, path, files[i].data, files[i].size));
			continue;
		}
		if (ext2_namei(sb, path, &ino)) {
			FAIL_AT("%s missing", path);
			continue;
		}
		got = malloc(files[i].size + 1);
		EXPECT_EQ(ext2_file_read(ino, 0, got, files[i].size + 1), files[i].size);
		EXPECT(!files[i].size || !memcmp(got, files[i].data, files[i].size));
		free(got);
		ext2_iput(ino);
	}
}

static void random_run(int bs, unsigned long long seed, int steps)
{
	struct ext2_inode_info *root;
	char img[512];
	struct ext2_sb *sb;

	printf("# block size %d, seed %llu\n", bs, seed);
	rng = seed;
	memset(files, 0, sizeof(files));
	d3_exists = false;
	ASSERT(!ext2_mkimage(img, sizeof(img), "random.img", bs, "32M", NULL));
	sb = ext2_test_mount(img, true);
	ASSERT(sb);
	ASSERT(!ext2_iget(sb, EXT2_ROOT_INO, &root));
	ASSERT(!ext2_mkdir(root, "d1", 0755, NULL));
	ASSERT(!ext2_mkdir(root, "d2", 0755, NULL));
	ext2_iput(root);
	ASSERT(!ext2_namei(sb, "/d1", &root));
	ASSERT(!ext2_mkdir(root, "s", 0755, NULL));
	ext2_iput(root);
	for (int step = 0; step < steps; step++) {
		if (!(rnd(40) ? random_op(sb, step) : toggle_d3(sb))) {
			FAIL_AT("step %d failed", step);
			break;
		}
		if (rnd(100) == 0)
			EXPECT(!ext2_sync_fs(sb));
	}
	EXPECT_EQ(sb->s_nr_inodes, 0);
	EXPECT(!ext2_umount(sb));
	EXPECT_EQ(ext2_fsck(img), 0);
	check_all(img, NULL);
	sb = ext2_test_mount(img, false);
	ASSERT(sb);
	check_all(img, sb);
	EXPECT(!ext2_umount(sb));
	for (int i = 0; i < NFILES; i++)
		free(files[i].data);
}

TEST(ext2_random__ops_match_model_1k)
{
	const char *s = getenv("MMSIM_SEED");

	if (s) {
		random_run(1024, strtoull(s, NULL, 0), 600);
		return;
	}
	for (unsigned long long seed = 1; seed <= 3; seed++)
		random_run(1024, seed, 400);
}

TEST(ext2_random__ops_match_model_4k)
{
	const char *s = getenv("MMSIM_SEED");

	if (s) {
		random_run(4096, strtoull(s, NULL, 0), 600);
		return;
	}
	for (unsigned long long seed = 11; seed <= 13; seed++)
		random_run(4096, seed, 400);
}

int main(void)
{
	ext2_test_init();
	RUN(ext2_random__ops_match_model_1k);
	RUN(ext2_random__ops_match_model_4k);
	ext2_test_cleanup();
	return done();
}
