// SPDX-License-Identifier: GPL-2.0
/*
 * Mounting an ext2 image: reading and checking the superblock and the
 * group descriptors, writing them back; block I/O on the host file.
 * Mirrors Linux's fs/ext2/super.c (ext2_fill_super, ext2_check_descriptors,
 * ext2_setup_super, ext2_sync_fs, ext2_put_super, ext2_error).
 *
 * Left out: mount options (SIM: errors=, resuid= and the rest come from the
 * superblock only), quotas, DAX, META_BG, remount.
 */
#define _DEFAULT_SOURCE	/* pread, pwrite, strdup, pwritev */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <mmsim/machine.h>
#include <mmsim/printk.h>

#include "ext2.h"

#define EXT2_ERRORS_CONTINUE	1
#define EXT2_ERRORS_RO		2
#define EXT2_ERRORS_PANIC	3

/* Names of the features ext2 does not know, for the mount message. */
static const struct {
	u32 mask;
	const char *name;
} incompat_names[] = {
	{ 0x0001, "compression" }, { 0x0004, "needs_recovery" },
	{ 0x0008, "journal_dev" }, { 0x0010, "meta_bg" },
	{ 0x0040, "extent" }, { 0x0080, "64bit" }, { 0x0100, "mmp" },
	{ 0x0200, "flex_bg" }, { 0x0400, "ea_inode" },
	{ 0x1000, "dirdata" }, { 0x2000, "metadata_csum_seed" },
	{ 0x4000, "large_dir" }, { 0x8000, "inline_data" },
	{ 0x10000, "encrypt" }, { 0x20000, "casefold" },
}, ro_compat_names[] = {
	{ 0x0008, "huge_file" }, { 0x0010, "uninit_bg" },
	{ 0x0020, "dir_nlink" }, { 0x0040, "extra_isize" },
	{ 0x0100, "quota" }, { 0x0200, "bigalloc" },
	{ 0x0400, "metadata_csum" }, { 0x1000, "readonly" },
	{ 0x2000, "project" }, { 0x8000, "verity" },
};

static const char *feature_name(const __typeof__(incompat_names[0]) *t,
				size_t n, u32 mask)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].mask & mask)
			return t[i].name;
	return "unknown";
}

u32 ext2_now(void)
{
	/* SIM: host wall-clock time, as Linux's ktime_get_real_seconds(). */
	return (u32)time(NULL);
}

/**
 * ext2_msg - log a message about @sb to the current machine's dmesg
 * @sb: the filesystem
 * @prefix: "error", "warning" or "info"
 * @fmt: printf format
 */
void ext2_msg(struct ext2_sb *sb, const char *prefix, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_info("EXT2-fs (%s): %s: %s\n", sb->s_path ? sb->s_path : "?", prefix, buf);
}

static int sync_super(struct ext2_sb *sb);

/**
 * ext2_error - report on-disk corruption found in @func
 * @sb: the filesystem
 * @func: the function that found it
 * @fmt: printf format naming the inode or block
 *
 * As Linux: the message goes to the log, the superblock is marked
 * EXT2_ERROR_FS (so e2fsck checks it), and with errors=remount-ro the
 * filesystem becomes read-only. SIM: errors=panic also remounts read-only:
 * a bad image never stops the host program.
 */
void ext2_error(struct ext2_sb *sb, const char *func, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(sb->s_last_error, sizeof(sb->s_last_error), "%s: %s", func,
		 buf);
	sb->s_error_count++;
	pr_err("EXT2-fs (%s): error: %s\n", sb->s_path, sb->s_last_error);
	if (sb->s_rdonly)
		return;
	sb->s_mount_state |= EXT2_ERROR_FS;
	sb->s_es->s_state |= EXT2_ERROR_FS;
	sync_super(sb);
	if (sb->s_es->s_errors == EXT2_ERRORS_RO ||
	    sb->s_es->s_errors == EXT2_ERRORS_PANIC) {
		ext2_msg(sb, "error", "remounting filesystem read-only");
		sb->s_rdonly = true;
	}
}

static int raw_read(int fd, u64 off, void *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : -EIO;
}

static int raw_write(int fd, u64 off, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : -EIO;
}

/**
 * ext2_bread - read block @block of the image into @buf
 * @sb: the filesystem
 * @block: absolute block number
 * @buf: sb->s_blocksize bytes
 *
 * Return: 0, or -EIO (beyond the filesystem, or a short read).
 */
int ext2_bread(struct ext2_sb *sb, u32 block, void *buf)
{
	if (block >= sb->s_blocks_count) {
		ext2_error(sb, __func__, "attempt to read block %u beyond the end (%lu blocks)",
			   block, sb->s_blocks_count);
		return -EIO;
	}
	if (raw_read(sb->s_fd, (u64)block << sb->s_blocksize_bits, buf,
		     sb->s_blocksize)) {
		ext2_error(sb, __func__, "cannot read block %u", block);
		return -EIO;
	}
	return 0;
}

/**
 * ext2_bwrite - write @buf to block @block of the image
 * @sb: the filesystem
 * @block: absolute block number
 * @buf: sb->s_blocksize bytes
 *
 * Return: 0, -EROFS on a read-only mount, or -EIO.
 */
int ext2_bwrite(struct ext2_sb *sb, u32 block, const void *buf)
{
	if (sb->s_rdonly)
		return -EROFS;
	if (block >= sb->s_blocks_count) {
		ext2_error(sb, __func__, "attempt to write block %u beyond the end (%lu blocks)",
			   block, sb->s_blocks_count);
		return -EIO;
	}
	if (raw_write(sb->s_fd, (u64)block << sb->s_blocksize_bits, buf,
		      sb->s_blocksize)) {
		ext2_error(sb, __func__, "cannot write block %u", block);
		return -EIO;
	}
	return 0;
}

/**
 * ext2_bwritev - write @count contiguous blocks gathered from @vec
 * @sb: the filesystem
 * @block: the first absolute block number
 * @count: how many blocks; the segments' lengths add up to their size
 * @vec: the segments, in order (pieces of page-cache folios)
 * @nr_vecs: how many, at most EXT2_BIO_MAX_VECS
 *
 * One pwritev() for the run: what one bio of Linux's mpage writeback
 * carries to the disk, its bio_vecs pointing at the pages themselves.
 *
 * Return: 0, -EROFS on a read-only mount, or -EIO (beyond the end, the
 * lengths do not add up, a short write).
 */
int ext2_bwritev(struct ext2_sb *sb, u32 block, unsigned long count,
		 const struct ext2_bvec *vec, int nr_vecs)
{
	struct iovec iov[EXT2_BIO_MAX_VECS];
	size_t total = 0;
	ssize_t n;

	if (sb->s_rdonly)
		return -EROFS;
	if (!count || block >= sb->s_blocks_count ||
	    count > sb->s_blocks_count - block || nr_vecs < 1 ||
	    nr_vecs > EXT2_BIO_MAX_VECS) {
		ext2_error(sb, __func__, "attempt to write blocks %u+%lu beyond the end (%lu blocks)",
			   block, count, sb->s_blocks_count);
		return -EIO;
	}
	for (int i = 0; i < nr_vecs; i++) {
		iov[i].iov_base = (void *)vec[i].base;
		iov[i].iov_len = vec[i].len;
		total += vec[i].len;
	}
	if (total != count << sb->s_blocksize_bits)
		return -EIO;
	n = pwritev(sb->s_fd, iov, nr_vecs,
		    (off_t)((u64)block << sb->s_blocksize_bits));
	if (n != (ssize_t)total) {
		ext2_error(sb, __func__, "cannot write blocks %u+%lu", block,
			   count);
		return -EIO;
	}
	return 0;
}

/**
 * ext2_issue_flush - make what was written to the image durable
 * @sb: the filesystem
 *
 * Linux's blkdev_issue_flush() at the end of fsync(): the disk's write
 * cache is flushed. SIM: fdatasync() of the image file, so an fsync in
 * the machine leaves the data on the host's disk, as fsync(2) does.
 *
 * Return: 0 or -EIO.
 */
int ext2_issue_flush(struct ext2_sb *sb)
{
	if (sb->s_rdonly)
		return 0;
	return fdatasync(sb->s_fd) ? -EIO : 0;
}

static bool test_root(unsigned long a, unsigned long b)
{
	unsigned long num = b;

	while (a > num)
		num *= b;
	return num == a;
}

/**
 * ext2_bg_has_super - does @group hold a superblock backup?
 * @sb: the filesystem
 * @group: group number
 *
 * With sparse_super only groups 0, 1 and powers of 3, 5 and 7 do.
 */
bool ext2_bg_has_super(struct ext2_sb *sb, unsigned long group)
{
	if (!(sb->s_es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	if (group <= 1)
		return true;
	if (!(group & 1))
		return false;
	return test_root(group, 3) || test_root(group, 5) || test_root(group, 7);
}

/**
 * ext2_bg_num_gdb - group descriptor blocks (with reserved ones) in @group
 * @sb: the filesystem
 * @group: group number
 */
unsigned long ext2_bg_num_gdb(struct ext2_sb *sb, unsigned long group)
{
	if (!ext2_bg_has_super(sb, group))
		return 0;
	return sb->s_gdb_count + sb->s_es->s_reserved_gdt_blocks;
}

/**
 * ext2_count_free_blocks - free blocks, summed over the group descriptors
 * @sb: the filesystem
 *
 * The superblock's s_free_blocks_count is this sum when written.
 */
unsigned long ext2_count_free_blocks(struct ext2_sb *sb)
{
	unsigned long n = 0;

	for (unsigned long g = 0; g < sb->s_groups_count; g++)
		n += sb->s_gd[g].bg_free_blocks_count;
	return n;
}

/**
 * ext2_count_free_inodes - free inodes, summed over the group descriptors
 * @sb: the filesystem
 */
unsigned long ext2_count_free_inodes(struct ext2_sb *sb)
{
	unsigned long n = 0;

	for (unsigned long g = 0; g < sb->s_groups_count; g++)
		n += sb->s_gd[g].bg_free_inodes_count;
	return n;
}

/* ext2_sync_super(): counters from the descriptors, then the primary copy. */
static int sync_super(struct ext2_sb *sb)
{
	struct ext2_super_block *es = sb->s_es;
	u32 gd_block = sb->s_first_data_block + 1;

	if (sb->s_rdonly)
		return 0;
	es->s_free_blocks_count = ext2_count_free_blocks(sb);
	es->s_free_inodes_count = ext2_count_free_inodes(sb);
	es->s_wtime = ext2_now();
	if (raw_write(sb->s_fd, EXT2_SUPER_OFFSET, es, sizeof(*es)))
		return -EIO;
	/* SIM: as Linux's ext2, the backup copies are left to e2fsck/resize. */
	if (raw_write(sb->s_fd, (u64)gd_block << sb->s_blocksize_bits, sb->s_gd,
		      sb->s_gdb_count << sb->s_blocksize_bits))
		return -EIO;
	return fsync(sb->s_fd) ? -EIO : 0;
}

/**
 * ext2_sync_fs - write the superblock and group descriptors back
 * @sb: the filesystem
 *
 * As Linux, the on-disk state loses EXT2_VALID_FS while mounted read-write,
 * so a crash leaves a filesystem e2fsck will check.
 *
 * Return: 0 or -EIO.
 */
int ext2_sync_fs(struct ext2_sb *sb)
{
	sb->s_es->s_state &= ~EXT2_VALID_FS;
	return sync_super(sb);
}

static void put_sb(struct ext2_sb *sb)
{
	struct ext2_inode_info *inode, *tmp;

	list_for_each_entry_safe(inode, tmp, &sb->s_inodes, i_list) {
		list_del(&inode->i_list);
		free(inode);
	}
	if (sb->s_fd >= 0)
		close(sb->s_fd);
	free(sb->s_gd);
	free(sb->s_es);
	free(sb->s_path);
	free(sb);
}

/**
 * ext2_umount - write everything back, mark the filesystem clean, free @sb
 * @sb: the filesystem
 *
 * Inodes still referenced are reported (Linux's "Busy inodes after
 * unmount") and dropped without eviction.
 *
 * Return: 0 or -EIO (the image may then need e2fsck).
 */
int ext2_umount(struct ext2_sb *sb)
{
	int ret = 0;

	if (sb->s_nr_inodes)
		ext2_msg(sb, "warning", "busy inodes after unmount: %lu",
			 sb->s_nr_inodes);
	if (!sb->s_rdonly) {
		sb->s_es->s_state = sb->s_mount_state;
		ret = sync_super(sb);
	}
	put_sb(sb);
	return ret;
}

/* Linux's ext2_check_descriptors(). */
static int check_descriptors(struct ext2_sb *sb, char *err, size_t errlen)
{
	for (unsigned long g = 0; g < sb->s_groups_count; g++) {
		struct ext2_group_desc *gd = &sb->s_gd[g];
		u64 first = sb->s_first_data_block + g * sb->s_blocks_per_group;
		u64 last = g == sb->s_groups_count - 1 ? sb->s_blocks_count - 1 :
			   first + sb->s_blocks_per_group - 1;
		const char *what = NULL;
		u64 blk = 0;

		if (gd->bg_block_bitmap < first || gd->bg_block_bitmap > last)
			what = "block bitmap", blk = gd->bg_block_bitmap;
		else if (gd->bg_inode_bitmap < first || gd->bg_inode_bitmap > last)
			what = "inode bitmap", blk = gd->bg_inode_bitmap;
		else if (gd->bg_inode_table < first ||
			 gd->bg_inode_table + sb->s_itb_per_group - 1 > last)
			what = "inode table", blk = gd->bg_inode_table;
		else if (gd->bg_free_blocks_count > last - first + 1 ||
			 gd->bg_free_inodes_count > sb->s_inodes_per_group)
			what = "free count", blk = gd->bg_free_blocks_count;
		if (what) {
			snprintf(err, errlen,
				 "mount: '%s': group descriptors corrupted: %s of group %lu not in group (block %llu)",
				 sb->s_path, what, g, (unsigned long long)blk);
			return -EINVAL;
		}
	}
	return 0;
}

/* The superblock's geometry, checked as ext2_fill_super() does. */
static int check_geometry(struct ext2_sb *sb, u64 image_size, char *err,
			  size_t errlen)
{
	struct ext2_super_block *es = sb->s_es;
	u64 image_blocks = image_size >> sb->s_blocksize_bits;

#define BAD(...) do { snprintf(err, errlen, __VA_ARGS__); return -EINVAL; } while (0)
	if (es->s_blocks_per_group == 0 ||
	    es->s_blocks_per_group > sb->s_blocksize * 8)
		BAD("mount: '%s': bad superblock: #blocks per group %u", sb->s_path,
		    es->s_blocks_per_group);
	if (es->s_inodes_per_group == 0 ||
	    es->s_inodes_per_group > sb->s_blocksize * 8)
		BAD("mount: '%s': bad superblock: #inodes per group %u", sb->s_path,
		    es->s_inodes_per_group);
	if (es->s_first_data_block != (sb->s_blocksize == 1024 ? 1u : 0u))
		BAD("mount: '%s': bad superblock: first data block %u with %lu-byte blocks",
		    sb->s_path, es->s_first_data_block, sb->s_blocksize);
	if (es->s_blocks_count <= es->s_first_data_block)
		BAD("mount: '%s': bad superblock: block count %u", sb->s_path,
		    es->s_blocks_count);
	if (es->s_blocks_count > image_blocks)
		BAD("mount: '%s': bad geometry: block count %u exceeds size of image (%llu blocks)",
		    sb->s_path, es->s_blocks_count,
		    (unsigned long long)image_blocks);
	if (sb->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE ||
	    sb->s_inode_size > sb->s_blocksize ||
	    (sb->s_inode_size & (sb->s_inode_size - 1)))
		BAD("mount: '%s': unsupported inode size: %lu", sb->s_path,
		    sb->s_inode_size);
	if (sb->s_first_ino < EXT2_GOOD_OLD_FIRST_INO ||
	    sb->s_first_ino > es->s_inodes_count)
		BAD("mount: '%s': bad superblock: first inode %lu", sb->s_path,
		    sb->s_first_ino);
	if ((u64)sb->s_groups_count * es->s_inodes_per_group != es->s_inodes_count)
		BAD("mount: '%s': bad superblock: %u inodes for %lu groups of %u",
		    sb->s_path, es->s_inodes_count, sb->s_groups_count,
		    es->s_inodes_per_group);
	if (sb->s_first_data_block + 1 + sb->s_gdb_count > es->s_blocks_count)
		BAD("mount: '%s': bad superblock: %lu group descriptor blocks do not fit",
		    sb->s_path, sb->s_gdb_count);
#undef BAD
	return 0;
}

/* Reads and checks the superblock into @sb; fills the geometry fields. */
static int read_super(struct ext2_sb *sb, bool rw, char *err, size_t errlen)
{
	struct ext2_super_block *es = sb->s_es;
	struct stat st;
	u32 unknown;

	if (fstat(sb->s_fd, &st) || st.st_size < 2048) {
		snprintf(err, errlen, "mount: '%s': too small for an ext2 filesystem (%lld bytes)",
			 sb->s_path, (long long)st.st_size);
		return -EINVAL;
	}
	if (raw_read(sb->s_fd, EXT2_SUPER_OFFSET, es, sizeof(*es))) {
		snprintf(err, errlen, "mount: '%s': cannot read the superblock", sb->s_path);
		return -EIO;
	}
	if (es->s_magic != EXT2_SUPER_MAGIC) {
		snprintf(err, errlen, "mount: '%s': can't find an ext2 filesystem (magic 0x%04x, expected 0x%04x)",
			 sb->s_path, es->s_magic, EXT2_SUPER_MAGIC);
		return -EINVAL;
	}
	if (es->s_rev_level > 1) {
		snprintf(err, errlen, "mount: '%s': unknown revision level %u", sb->s_path,
			 es->s_rev_level);
		return -EINVAL;
	}
	unknown = es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP;
	if (es->s_rev_level && unknown) {
		snprintf(err, errlen, "mount: ext4 feature '%s' not supported by ext2 (incompat 0x%x)",
			 feature_name(incompat_names, ARRAY_SIZE(incompat_names), unknown),
			 unknown);
		return -EINVAL;
	}
	unknown = es->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP;
	sb->s_rdonly = !rw;
	if (es->s_rev_level && unknown && rw) {
		ext2_msg(sb, "warning", "feature '%s' not supported by ext2: mounting read-only",
			 feature_name(ro_compat_names, ARRAY_SIZE(ro_compat_names), unknown));
		sb->s_rdonly = true;
	}
	if (es->s_log_block_size > 2) {
		snprintf(err, errlen, "mount: '%s': unsupported blocksize %llu",
			 sb->s_path, 1024ULL << (es->s_log_block_size & 31));
		return -EINVAL;
	}
	sb->s_blocksize_bits = 10 + es->s_log_block_size;
	sb->s_blocksize = 1UL << sb->s_blocksize_bits;
	sb->s_addr_per_block = sb->s_blocksize / 4;
	sb->s_blocks_count = es->s_blocks_count;
	sb->s_first_data_block = es->s_first_data_block;
	sb->s_blocks_per_group = es->s_blocks_per_group;
	sb->s_inodes_per_group = es->s_inodes_per_group;
	sb->s_inodes_count = es->s_inodes_count;
	if (es->s_rev_level == EXT2_GOOD_OLD_REV) {
		sb->s_inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		sb->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	} else {
		sb->s_inode_size = es->s_inode_size;
		sb->s_first_ino = es->s_first_ino;
	}
	if (es->s_blocks_per_group) {
		sb->s_groups_count = (es->s_blocks_count - es->s_first_data_block +
				      es->s_blocks_per_group - 1) /
				     es->s_blocks_per_group;
	}
	if (sb->s_inode_size) {
		unsigned long ipb = sb->s_blocksize / sb->s_inode_size;

		sb->s_itb_per_group = ipb ? (es->s_inodes_per_group + ipb - 1) / ipb : 0;
	}
	sb->s_gdb_count = (sb->s_groups_count * sizeof(struct ext2_group_desc) +
			   sb->s_blocksize - 1) / sb->s_blocksize;
	return check_geometry(sb, (u64)st.st_size, err, errlen);
}

/**
 * ext2_mount - mount the ext2 image in the host file @image_path
 * @image_path: the image file
 * @rw: mount read-write (else read-only)
 * @out: the mounted filesystem
 * @err: a one-line reason on failure ("mount: ...")
 * @errlen: size of @err
 *
 * Checks the superblock, the features (an unknown incompat feature refuses
 * the mount, an unknown ro_compat one mounts read-only, as Linux) and the
 * group descriptors. A read-write mount counts the mount (s_mnt_count,
 * s_mtime) and writes the superblock marked not clean, as Linux's
 * ext2_setup_super() does.
 *
 * Return: 0, -ENOENT (no file), -EINVAL (not a usable ext2 image), -EIO,
 * -ENOMEM.
 */
int ext2_mount(const char *image_path, bool rw, struct ext2_sb **out,
	       char *err, size_t errlen)
{
	const union { u16 v; u8 b[2]; } endian = { .v = 1 };
	struct ext2_sb *sb;
	int ret;

	if (!endian.b[0]) {
		snprintf(err, errlen, "mount: ext2 needs a little-endian host");
		return -EINVAL;
	}
	sb = calloc(1, sizeof(*sb));
	if (!sb)
		return -ENOMEM;
	INIT_LIST_HEAD(&sb->s_inodes);
	sb->s_path = strdup(image_path);
	sb->s_es = calloc(1, sizeof(*sb->s_es));
	sb->s_fd = open(image_path, rw ? O_RDWR : O_RDONLY);
	if (sb->s_fd < 0 && rw && (errno == EACCES || errno == EROFS)) {
		/* As Linux on a write-protected device: read-only. */
		sb->s_fd = open(image_path, O_RDONLY);
		if (sb->s_fd >= 0) {
			rw = false;
			ext2_msg(sb, "warning", "image is write-protected, mounting read-only");
		}
	}
	if (!sb->s_path || !sb->s_es) {
		ret = -ENOMEM;
		goto out_put;
	}
	if (sb->s_fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "mount: cannot open '%s': %s", image_path,
			 strerror(errno));
		goto out_put;
	}
	ret = read_super(sb, rw, err, errlen);
	if (ret)
		goto out_put;
	sb->s_gd = calloc(sb->s_gdb_count, sb->s_blocksize);
	if (!sb->s_gd) {
		ret = -ENOMEM;
		goto out_put;
	}
	if (raw_read(sb->s_fd, (u64)(sb->s_first_data_block + 1) << sb->s_blocksize_bits,
		     sb->s_gd, sb->s_gdb_count << sb->s_blocksize_bits)) {
		snprintf(err, errlen, "mount: '%s': cannot read group descriptors", image_path);
		ret = -EIO;
		goto out_put;
	}
	ret = check_descriptors(sb, err, errlen);
	if (ret)
		goto out_put;
	sb->s_mount_state = sb->s_es->s_state;
	if (!(sb->s_mount_state & EXT2_VALID_FS))
		ext2_msg(sb, "warning", "mounting unchecked fs, running e2fsck is recommended");
	else if (sb->s_mount_state & EXT2_ERROR_FS)
		ext2_msg(sb, "warning", "mounting fs with errors, running e2fsck is recommended");
	if (!sb->s_rdonly) {
		sb->s_es->s_mnt_count++;
		sb->s_es->s_mtime = ext2_now();
		ret = ext2_sync_fs(sb);
		if (ret) {
			snprintf(err, errlen, "mount: '%s': cannot write the superblock", image_path);
			goto out_put;
		}
	}
	*out = sb;
	return 0;

out_put:
	put_sb(sb);
	return ret;
}
