/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ext2's on-disk format and the layer's internal functions; mirrors
 * Linux's fs/ext2/ext2.h (and include/linux/ext2_fs.h).
 *
 * SIM: on-disk fields are little-endian; they are read as host integers,
 * and ext2_mount() refuses to run on a big-endian host rather than
 * misread them.
 */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H

#include <mmsim/ext2.h>

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_SUPER_OFFSET	1024
#define EXT2_MIN_BLOCK_SIZE	1024
#define EXT2_MAX_BLOCK_SIZE	4096	/* SIM: Linux allows up to PAGE_SIZE */
#define EXT2_GOOD_OLD_REV	0
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_RESIZE_INO		7

#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14

/* s_state */
#define EXT2_VALID_FS		0x0001
#define EXT2_ERROR_FS		0x0002

/* Features (s_feature_*). */
#define EXT2_FEATURE_COMPAT_RESIZE_INO		0x0010
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR	0x0004
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SUPP	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
					 EXT2_FEATURE_RO_COMPAT_LARGE_FILE | \
					 EXT2_FEATURE_RO_COMPAT_BTREE_DIR)
/* SIM: META_BG, which Linux's ext2 supports, is refused. */
#define EXT2_FEATURE_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE

/* i_flags */
#define EXT2_INDEX_FL		0x00001000	/* hash-indexed directory */

/* i_mode */
#define S_IFMT_EXT2	0170000
#define S_IFSOCK_EXT2	0140000
#define S_IFLNK_EXT2	0120000
#define S_IFREG_EXT2	0100000
#define S_IFBLK_EXT2	0060000
#define S_IFDIR_EXT2	0040000
#define S_IFCHR_EXT2	0020000
#define S_IFIFO_EXT2	0010000
#define EXT2_ISDIR(m)	(((m) & S_IFMT_EXT2) == S_IFDIR_EXT2)
#define EXT2_ISREG(m)	(((m) & S_IFMT_EXT2) == S_IFREG_EXT2)

struct ext2_super_block {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	s16 s_max_mnt_count;
	u16 s_magic;			/* offset 56 */
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	/* EXT2_DYNAMIC_REV */
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	u32 s_algorithm_usage_bitmap;
	u8 s_prealloc_blocks;
	u8 s_prealloc_dir_blocks;
	u16 s_reserved_gdt_blocks;	/* s_padding1 in old headers */
	u8 s_journal_uuid[16];
	u32 s_journal_inum;
	u32 s_journal_dev;
	u32 s_last_orphan;
	u32 s_hash_seed[4];
	u8 s_def_hash_version;
	u8 s_reserved_char_pad;
	u16 s_reserved_word_pad;
	u32 s_default_mount_opts;
	u32 s_first_meta_bg;
	u32 s_reserved[190];
};
_Static_assert(sizeof(struct ext2_super_block) == 1024, "superblock size");

struct ext2_group_desc {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
};
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group desc size");

struct ext2_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;
	u32 i_flags;
	u32 osd1;
	u32 i_block[EXT2_N_BLOCKS];	/* offset 40 */
	u32 i_generation;
	u32 i_file_acl;
	u32 i_dir_acl;			/* i_size_high for regular files */
	u32 i_faddr;
	u8 l_i_frag;
	u8 l_i_fsize;
	u16 i_pad1;
	u16 l_i_uid_high;
	u16 l_i_gid_high;
	u32 l_i_reserved2;
};
_Static_assert(sizeof(struct ext2_inode) == 128, "inode size");

struct ext2_dir_entry_2 {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
	char name[];
};

#define EXT2_DIR_PAD		4
#define EXT2_DIR_REC_LEN(len)	(((len) + 8 + EXT2_DIR_PAD - 1) & ~(EXT2_DIR_PAD - 1))

/* Extended attribute block header (only the refcount is used). */
#define EXT2_XATTR_MAGIC	0xEA020000

/* super.c */
void ext2_error(struct ext2_sb *sb, const char *func, const char *fmt, ...)
	__printf(3, 4);
void ext2_msg(struct ext2_sb *sb, const char *prefix, const char *fmt, ...)
	__printf(3, 4);
u32 ext2_now(void);
bool ext2_bg_has_super(struct ext2_sb *sb, unsigned long group);
unsigned long ext2_bg_num_gdb(struct ext2_sb *sb, unsigned long group);

/* balloc.c */
bool ext2_data_block_valid(struct ext2_sb *sb, u32 block);
int ext2_new_block(struct ext2_inode_info *inode, u32 goal, u32 *out);
int ext2_new_blocks(struct ext2_inode_info *inode, u32 goal, u32 *out,
		    unsigned long *count);
void ext2_free_blocks(struct ext2_inode_info *inode, u32 block,
		      unsigned long count);

/* ialloc.c */
int ext2_new_inode(struct ext2_inode_info *dir, u16 mode,
		   struct ext2_inode_info **out);
void ext2_free_inode(struct ext2_inode_info *inode);

/* inode.c */
bool ext2_inode_is_fast_symlink(struct ext2_inode_info *inode);
void ext2_evict_inode(struct ext2_inode_info *inode);
void ext2_inc_count(struct ext2_inode_info *inode);
void ext2_dec_count(struct ext2_inode_info *inode);

/* file.c */
long ext2_file_write_any(struct ext2_inode_info *inode, u64 pos,
			 const void *buf, size_t len);

/* dir.c */
unsigned int ext2_type_by_mode(u16 mode);
int ext2_add_link(struct ext2_inode_info *dir, const char *name, int namelen,
		  struct ext2_inode_info *inode);
int ext2_find_entry(struct ext2_inode_info *dir, const char *name,
		    int namelen, u64 *pos, unsigned long *ino);
int ext2_delete_entry(struct ext2_inode_info *dir, u64 pos);
int ext2_set_link(struct ext2_inode_info *dir, u64 pos,
		  struct ext2_inode_info *inode);
int ext2_make_empty(struct ext2_inode_info *inode,
		    struct ext2_inode_info *parent);
int ext2_empty_dir(struct ext2_inode_info *dir);

#endif /* FS_EXT2_EXT2_H */
