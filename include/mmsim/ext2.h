/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ext2 filesystem's on-disk layer (fs/ext2/): an ext2 image kept in a
 * host file, read and written block by block with pread/pwrite.
 *
 * This is the part of Linux's fs/ext2/ below the VFS: superblock and group
 * descriptors (super.c), block and inode bitmaps (balloc.c, ialloc.c),
 * block mapping through direct and indirect blocks (inode.c,
 * ext2_get_block), directories (dir.c) and the namespace operations
 * (namei.c). The VFS and the page cache sit above it: they read and write
 * file data through ext2_get_block() plus ext2_bread()/ext2_bwrite(), and
 * own the caching of file data. ext2_file_read()/ext2_file_write() below
 * are a direct path that bypasses any cache (for tests and tools).
 *
 * Glossary:
 *   block    a filesystem block of sb->s_blocksize bytes (1, 2 or 4 KiB);
 *            block numbers are absolute within the image
 *   iblock   a logical block within a file (file offset / block size)
 *   group    a block group: s_blocks_per_group blocks with their own block
 *            bitmap, inode bitmap and inode table
 *   ino      an inode number, 1-based; EXT2_ROOT_INO is the root directory
 *
 * Every function returns 0 or a negative errno. Corruption found on disk
 * gives -EIO (-EINVAL for a superblock ext2_mount() rejects) and a message
 * naming the inode or block, kept in sb->s_last_error and logged through
 * ext2_error() to the current machine's dmesg (if a machine is current).
 *
 * Context: single-threaded; no locking. Inode and metadata writes go to the
 * image at once (write-through); the superblock and the group descriptors
 * are written by ext2_sync_fs() and ext2_umount().
 */
#ifndef MMSIM_EXT2_H
#define MMSIM_EXT2_H

#include <stdbool.h>
#include <stddef.h>

#include "list.h"
#include "types.h"

#define EXT2_ROOT_INO		2
#define EXT2_NAME_LEN		255

/* Directory entry file types (EXT2_FEATURE_INCOMPAT_FILETYPE). */
enum {
	EXT2_FT_UNKNOWN,
	EXT2_FT_REG_FILE,
	EXT2_FT_DIR,
	EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV,
	EXT2_FT_FIFO,
	EXT2_FT_SOCK,
	EXT2_FT_SYMLINK,
	EXT2_FT_MAX
};

#define EXT2_N_BLOCKS		15	/* 12 direct, indirect, double, triple */

struct ext2_super_block;
struct ext2_group_desc;

/**
 * struct ext2_sb - a mounted ext2 image (Linux's struct ext2_sb_info)
 *
 * Fields are read-only for callers.
 */
struct ext2_sb {
	int s_fd;			/* the host image file */
	char *s_path;			/* its name, for messages */
	bool s_rdonly;			/* mounted read-only */
	unsigned long s_blocksize;	/* bytes per block */
	unsigned int s_blocksize_bits;
	unsigned long s_addr_per_block;	/* block numbers per indirect block */
	unsigned long s_blocks_count;
	unsigned long s_first_data_block;
	unsigned long s_blocks_per_group;
	unsigned long s_inodes_per_group;
	unsigned long s_inodes_count;
	unsigned long s_itb_per_group;	/* inode table blocks per group */
	unsigned long s_groups_count;
	unsigned long s_gdb_count;	/* group descriptor blocks */
	unsigned long s_inode_size;
	unsigned long s_first_ino;
	u16 s_mount_state;		/* s_state as found at mount */
	struct ext2_super_block *s_es;	/* the superblock, in memory */
	struct ext2_group_desc *s_gd;	/* all group descriptors, in memory */
	struct list_head s_inodes;	/* inodes in use (ext2_iget) */
	unsigned long s_nr_inodes;
	u32 s_next_generation;		/* for new inodes' i_generation */
	unsigned int s_error_count;	/* ext2_error() calls since mount */
	char s_last_error[256];		/* the last ext2_error() message */
};

/**
 * struct ext2_inode_info - an inode in memory (Linux's ext2_inode_info
 * plus the parts of struct inode ext2 uses)
 *
 * Shared: ext2_iget() returns the same object for the same inode number
 * until its last ext2_iput(). Callers may change i_mode, i_uid, i_gid and
 * the times, then call ext2_write_inode().
 */
struct ext2_inode_info {
	struct list_head i_list;	/* on sb->s_inodes */
	struct ext2_sb *i_sb;
	unsigned long i_ino;
	unsigned int i_count;		/* references (ext2_iget/ext2_iput) */
	u16 i_mode;
	u16 i_uid;
	u16 i_gid;
	u16 i_links_count;
	u64 i_size;
	u32 i_atime, i_ctime, i_mtime, i_dtime;
	u32 i_blocks;			/* 512-byte units, indirect blocks too */
	u32 i_flags;
	u32 i_generation;
	u32 i_file_acl;			/* extended attribute block */
	u32 i_data[EXT2_N_BLOCKS];	/* block map */
	u32 i_block_group;		/* group the inode lives in */
	bool i_new;			/* just allocated: zero the disk inode */
	void *i_private;		/* the layer above's (VFS inode, mapping) */
};

/* ---- mounting ----------------------------------------------------------- */

int ext2_mount(const char *image_path, bool rw, struct ext2_sb **out,
	       char *err, size_t errlen);
int ext2_sync_fs(struct ext2_sb *sb);
int ext2_umount(struct ext2_sb *sb);

/* ---- blocks ------------------------------------------------------------- */

int ext2_bread(struct ext2_sb *sb, u32 block, void *buf);
int ext2_bwrite(struct ext2_sb *sb, u32 block, const void *buf);
int ext2_issue_flush(struct ext2_sb *sb);
/* One segment of a multi-block write (a bio_vec: host memory, bytes). */
#define EXT2_BIO_MAX_VECS	256	/* BIO_MAX_VECS */
struct ext2_bvec {
	const void *base;
	size_t len;
};
int ext2_bwritev(struct ext2_sb *sb, u32 block, unsigned long count,
		 const struct ext2_bvec *vec, int nr_vecs);
int ext2_get_block(struct ext2_sb *sb, struct ext2_inode_info *inode,
		   u64 iblock, bool create, u32 *phys);
int ext2_get_blocks(struct ext2_sb *sb, struct ext2_inode_info *inode,
		    u64 iblock, unsigned long maxblocks, bool create,
		    u32 *phys, unsigned long *count);
int ext2_truncate_blocks(struct ext2_inode_info *inode, u64 new_size);

/* ---- inodes ------------------------------------------------------------- */

int ext2_iget(struct ext2_sb *sb, unsigned long ino,
	      struct ext2_inode_info **out);
void ext2_iput(struct ext2_inode_info *inode);
int ext2_write_inode(struct ext2_inode_info *inode);
int ext2_setsize(struct ext2_inode_info *inode, u64 size);

/* Direct file I/O, bypassing any cache (tests, tools). */
long ext2_file_read(struct ext2_inode_info *inode, u64 pos, void *buf,
		    size_t len);
long ext2_file_write(struct ext2_inode_info *inode, u64 pos,
		     const void *buf, size_t len);

/* ---- directories and names ---------------------------------------------- */

/* Called by ext2_readdir() per entry; a non-zero return stops the walk. */
typedef int (*ext2_filldir_t)(void *ctx, const char *name, int namelen,
			      u64 pos, unsigned long ino, unsigned int type);

int ext2_readdir(struct ext2_inode_info *dir, ext2_filldir_t filldir,
		 void *ctx);
int ext2_inode_by_name(struct ext2_inode_info *dir, const char *name,
		       unsigned long *ino);
int ext2_lookup(struct ext2_inode_info *dir, const char *name,
		struct ext2_inode_info **out);
int ext2_namei(struct ext2_sb *sb, const char *path,
	       struct ext2_inode_info **out);
int ext2_create(struct ext2_inode_info *dir, const char *name, u16 mode,
		struct ext2_inode_info **out);
int ext2_mkdir(struct ext2_inode_info *dir, const char *name, u16 mode,
	       struct ext2_inode_info **out);
int ext2_symlink(struct ext2_inode_info *dir, const char *name,
		 const char *target);
long ext2_readlink(struct ext2_inode_info *inode, char *buf, size_t len);
int ext2_link(struct ext2_inode_info *inode, struct ext2_inode_info *dir,
	      const char *name);
int ext2_unlink(struct ext2_inode_info *dir, const char *name);
int ext2_rmdir(struct ext2_inode_info *dir, const char *name);
int ext2_rename(struct ext2_inode_info *old_dir, const char *old_name,
		struct ext2_inode_info *new_dir, const char *new_name);

/* ---- counters (tests, /proc-style reports) ------------------------------ */

unsigned long ext2_count_free_blocks(struct ext2_sb *sb);
unsigned long ext2_count_free_inodes(struct ext2_sb *sb);

#endif /* MMSIM_EXT2_H */
