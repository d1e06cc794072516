/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS, as include/linux/fs.h and dcache.h: superblocks, inodes with
 * their struct address_space (the page cache of one file), dentries, mounts
 * and open files, with Linux's operation tables so that a filesystem (ramfs,
 * tmpfs, memdisk here; ext2 next) plugs in the way it does in Linux.
 *
 * Glossary: an inode is a file; its address_space (inode->i_data, reached
 * as inode->i_mapping) holds the file's cached pages in an XArray indexed
 * by page offset. A dentry names an inode inside its parent directory; a
 * mount (struct vfsmount) grafts a superblock's root dentry onto a dentry
 * of another mount. A struct file is one open() with its own position and
 * readahead state.
 *
 * Locking: mmsim runs a machine on one host thread, so Linux's i_rwsem,
 * invalidate_lock, i_mmap_rwsem and i_lock are recorded as fields (for
 * the reader, and so that code takes them in Linux's order) but never
 * contended. SIM: they are counters, not host locks.
 */
#ifndef MMSIM_FS_H
#define MMSIM_FS_H

#include <sys/types.h>

#include "list.h"
#include "rbtree.h"
#include "mmzone.h"
#include "types.h"
#include "xarray.h"

struct machine;
struct page;
struct folio;
struct inode;
struct dentry;
struct file;
struct super_block;
struct vfsmount;
struct vm_area_struct;
struct writeback_control;
struct readahead_control;
struct kstat;
struct address_space;
struct kiocb;
struct iov_iter;
struct task_struct;

typedef s64 loff_t;
typedef unsigned short umode_t;

#define MINORBITS	20
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & ((1U << MINORBITS) - 1)))

/* Largest file offset (MAX_LFS_FILESIZE on 64-bit). */
#define MAX_LFS_FILESIZE	((loff_t)INT64_MAX)

/* ---- file modes (uapi/linux/stat.h) ----------------------------------- */
#define S_IFMT	0170000
#define S_IFDIR	0040000
#define S_IFREG	0100000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)

/* ---- open(2) flags (uapi/asm-generic/fcntl.h) ------------------------- */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_DIRECTORY	00200000
#define O_LARGEFILE	00100000
#define O_CLOEXEC	02000000
/*
 * VALID_OPEN_FLAGS of the generic fcntl.h: open(2) keeps these bits (also
 * those mmsim does not act on, such as O_NONBLOCK) and drops the rest.
 */
#define VALID_OPEN_FLAGS	037777703

/* lseek(2) whence (uapi/linux/fs.h). */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

/* renameat2(2) flags (uapi/linux/fs.h). */
#define RENAME_NOREPLACE	(1 << 0)	/* don't overwrite the target */
#define RENAME_EXCHANGE		(1 << 1)	/* swap source and target */
#define RENAME_WHITEOUT		(1 << 2)	/* overlayfs only: refused */

/* f_mode bits (include/linux/fs.h). */
#define FMODE_READ	0x1
#define FMODE_WRITE	0x2
#define FMODE_RANDOM	0x1000

/* posix_fadvise(2) advice (uapi/linux/fadvise.h). */
#define POSIX_FADV_NORMAL	0
#define POSIX_FADV_RANDOM	1
#define POSIX_FADV_SEQUENTIAL	2
#define POSIX_FADV_WILLNEED	3
#define POSIX_FADV_DONTNEED	4
#define POSIX_FADV_NOREUSE	5

/* ---- struct address_space (include/linux/fs.h) ------------------------ */

/*
 * The operations a filesystem gives its page cache. Linux 6.x names:
 * read_folio (was readpage), dirty_folio (was set_page_dirty),
 * release_folio (was releasepage), writepages with writepage as the
 * per-page fallback of write_cache_pages().
 */
struct address_space_operations {
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	int (*read_folio)(struct file *file, struct folio *folio);
	int (*writepages)(struct address_space *mapping,
			  struct writeback_control *wbc);
	/* Mark a folio dirty: true if it was clean before. */
	bool (*dirty_folio)(struct address_space *mapping, struct folio *folio);
	void (*readahead)(struct readahead_control *rac);
	int (*write_begin)(struct file *file, struct address_space *mapping,
			   loff_t pos, unsigned int len, struct folio **foliop,
			   void **fsdata);
	int (*write_end)(struct file *file, struct address_space *mapping,
			 loff_t pos, unsigned int len, unsigned int copied,
			 struct folio *folio, void *fsdata);
	/* Block number of a file block (FIBMAP). */
	u64 (*bmap)(struct address_space *mapping, u64 block);
	void (*invalidate_folio)(struct folio *folio, size_t offset, size_t len);
	bool (*release_folio)(struct folio *folio, gfp_t gfp);
};

/*
 * i_mmap is Linux's vma_interval_tree (mm/interval_tree.c): the VMAs that
 * map the file, by vm_pgoff, each subtree knowing its last file page, so a
 * range query (unmap_mapping_range, page_mkclean) visits only overlaps.
 */
struct address_space {
	struct inode *host;		/* owner: an inode */
	struct xarray i_pages;		/* cached pages, by index; i_pages lock */
	int invalidate_lock;		/* SIM: rw_semaphore, depth only */
	unsigned int gfp_mask;		/* for page allocations: HIGHUSER_MOVABLE */
	int i_mmap_writable;		/* VM_SHARED mappings */
	struct rb_root i_mmap;		/* VMAs mapping the file; i_mmap_rwsem */
	int i_mmap_rwsem;		/* SIM: rw_semaphore, depth only */
	unsigned long nrpages;		/* pages in i_pages; i_pages lock */
	pgoff_t writeback_index;	/* cyclic writeback resumes here */
	const struct address_space_operations *a_ops;
	unsigned long flags;		/* AS_* bits */
	int wb_err;			/* errseq_t: last writeback error */
};

/* mapping->flags (include/linux/pagemap.h). */
enum mapping_flags {
	AS_EIO = 0,
	AS_ENOSPC = 1,
	AS_UNEVICTABLE = 3,
	AS_NO_WRITEBACK_TAGS = 8,	/* ramfs/tmpfs: no dirty accounting */
};

/*
 * mapping_set_error(): a writeback error for fsync() to report (SIM: the
 * last error, not an errseq_t), and AS_ENOSPC or AS_EIO.
 */
static inline void mapping_set_error(struct address_space *mapping,
				     int error)
{
	if (!error)
		return;
	mapping->wb_err = error;
	mapping->flags |= 1UL << (error == -ENOSPC ? AS_ENOSPC : AS_EIO);
}

/* Whether pages of @mapping ever go to a backing store. */
static inline bool mapping_can_writeback(const struct address_space *mapping)
{
	return !(mapping->flags & (1UL << AS_NO_WRITEBACK_TAGS));
}

/* ---- inodes ---------------------------------------------------------- */

/* inode->i_state bits (include/linux/fs.h). */
#define I_DIRTY_SYNC		(1U << 0)
#define I_DIRTY_DATASYNC	(1U << 1)
#define I_DIRTY_PAGES		(1U << 2)
#define I_NEW			(1U << 3)
#define I_FREEING		(1U << 5)
#define I_DIRTY_INODE		(I_DIRTY_SYNC | I_DIRTY_DATASYNC)
#define I_DIRTY			(I_DIRTY_INODE | I_DIRTY_PAGES)

struct inode_operations {
	/* Fill @dentry (d_add) or leave it negative; 0 or -errno. */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/*
	 * Move @old_dentry's name to @new_dentry's (positive: replaced, or
	 * swapped with RENAME_EXCHANGE); the VFS checked the names and
	 * moves the dentries afterwards (d_move, d_exchange).
	 */
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry,
		      struct inode *new_dir, struct dentry *new_dentry,
		      unsigned int flags);
	/* SIM: only size changes (Linux's iattr carries more). */
	int (*setattr)(struct dentry *dentry, loff_t size);
};

struct file_operations {
	ssize_t (*read)(struct file *file, char *buf, size_t len, loff_t *ppos);
	/* Into an iov_iter (include/mmsim/uio.h): read(2) of a task. */
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
	ssize_t (*write)(struct file *file, const char *buf, size_t len,
			 loff_t *ppos);
	/* From an iov_iter: write(2) of a task. */
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *from);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file, loff_t start, loff_t end, int datasync);
	int (*fadvise)(struct file *file, loff_t offset, loff_t len, int advice);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
};

struct inode {
	umode_t i_mode;
	unsigned int i_nlink;
	unsigned long i_ino;
	loff_t i_size;			/* i_rwsem for writers */
	u64 i_blocks;			/* 512-byte sectors in use */
	u64 i_mtime_ns, i_ctime_ns;	/* simulated clock */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	struct address_space *i_mapping;	/* &i_data */
	struct address_space i_data;
	unsigned int i_state;		/* I_DIRTY_*, I_NEW; i_lock */
	int i_count;			/* references: dentries, files */
	int i_rwsem;			/* SIM: depth only */
	u64 dirtied_when;		/* ns of the first dirtying */
	struct list_head i_io_list;	/* wb->b_dirty / b_io */
	struct list_head i_sb_list;	/* sb->s_inodes */
	void *i_private;		/* filesystem's data */
};

/* ---- dentries and mounts ---------------------------------------------- */

#define DNAME_MAX	255
#define DCACHE_MOUNTED	0x1		/* a mount sits on this dentry */

struct dentry {
	char d_name[DNAME_MAX + 1];
	struct inode *d_inode;		/* NULL: negative dentry */
	struct dentry *d_parent;	/* itself for a root */
	struct super_block *d_sb;
	struct list_head d_child;	/* in parent's d_subdirs */
	struct list_head d_subdirs;
	unsigned int d_flags;
	int d_count;			/* references beyond the tree link */
};

struct vfsmount {
	struct dentry *mnt_root;	/* root of the mounted tree */
	struct super_block *mnt_sb;
	struct vfsmount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;	/* dentry in mnt_parent */
	char mnt_devname[64];
	int mnt_id;			/* /proc/PID/fdinfo's mnt_id */
	struct list_head mnt_list;	/* fs_state->mounts */
	int mnt_count;			/* open files and child mounts */
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* ---- superblocks ------------------------------------------------------- */

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	int (*write_inode)(struct inode *inode, struct writeback_control *wbc);
	void (*evict_inode)(struct inode *inode);
	void (*put_super)(struct super_block *sb);
	int (*sync_fs)(struct super_block *sb, int wait);
};

struct file_system_type {
	const char *name;
	int fs_flags;
	/* Build a superblock for @dev_name: 0 or -errno; sets sb->s_root. */
	int (*fill_super)(struct super_block *sb, const char *dev_name,
			  void *data);
	void (*kill_sb)(struct super_block *sb);
	/*
	 * SIM: no fs_list here. The types are static and shared by every
	 * machine of the process, so a list node inside them would be
	 * linked into several machines' lists at once; each machine keeps
	 * an array of pointers instead (fs_state->filesystems).
	 */
};

#define MAX_FS_TYPES	8

struct super_block {
	dev_t s_dev;
	unsigned long s_blocksize;
	loff_t s_maxbytes;
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct dentry *s_root;
	struct list_head s_inodes;	/* every in-core inode */
	struct list_head s_list;	/* fs_state->supers */
	unsigned long s_ra_pages;	/* bdi->ra_pages: readahead max */
	unsigned long s_next_ino;	/* get_next_ino() for in-memory fs */
	bool s_shmem;			/* pages count as Shmem (tmpfs) */
	void *s_fs_info;
};

/* ---- open files ---------------------------------------------------------- */

/* Per-file readahead state (include/linux/fs.h struct file_ra_state). */
struct file_ra_state {
	pgoff_t start;			/* where readahead started */
	unsigned int size;		/* # of readahead pages */
	unsigned int async_size;	/* do async readahead when only this
					 * many pages are left unread */
	unsigned int ra_pages;		/* maximum readahead window */
	loff_t prev_pos;		/* cache last read() position */
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
	unsigned int f_flags;		/* O_* */
	unsigned int f_mode;		/* FMODE_* */
	loff_t f_pos;
	struct file_ra_state f_ra;
	struct list_head f_list;	/* fs_state->files */
	long f_count;			/* fds, VMAs mapping it, host refs */
	/*
	 * SIM: the references the host holds (filp_open() until
	 * filp_close(): m:open handles, C callers), so that m:check() can
	 * account for every reference (fs/file.c files_check()).
	 */
	int f_host_refs;
};

struct kstat {
	unsigned long ino;
	dev_t dev;
	umode_t mode;
	unsigned int nlink;
	loff_t size;
	u64 blocks;
	unsigned long blksize;
	u64 mtime_ns;
};

/* ---- the VFS state of a machine (m->fs) ----------------------------------- */

/*
 * One machine's VFS, page-cache LRU and writeback state. SIM: Linux keeps
 * the LRU lists in each node's lruvec and writeback state in each
 * backing_dev_info; mmsim hangs them all here so the core headers stay
 * untouched (one bdi_writeback for the whole machine).
 */
enum lru_list {		/* include/linux/mmzone.h, NR_LRU_BASE order */
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

struct lru_lists {
	struct list_head lists[NR_LRU_LISTS];
};

struct fs_state {
	/* registered file_system_types */
	const struct file_system_type *filesystems[MAX_FS_TYPES];
	int nr_filesystems;
	struct list_head supers;
	struct list_head mounts;
	struct list_head files;		/* every open struct file */
	struct vfsmount *root_mnt;	/* "/" */
	unsigned int next_anon_dev;	/* get_anon_bdev() */
	int next_mnt_id;		/* mnt_alloc_id(), never reused here */
	struct lru_lists lru[MAX_NUMNODES];	/* per node */
	/* bdi_writeback: inodes with dirty pages, oldest dirtied first. */
	struct list_head b_dirty;
	/* SIM: folios whose write I/O is "in flight" until the next tick. */
	struct page **wb_inflight;
	size_t nr_inflight, inflight_cap;
	u64 last_old_flush;		/* ns of the last kupdate pass */
	u64 next_wakeup;		/* ns of the flusher's next run */
	/*
	 * vm sysctls (Documentation/admin-guide/sysctl/vm.rst); dirty_ratio
	 * 20 and dirty_background_ratio 10 are global_dirty_limits()'s.
	 */
	unsigned int dirty_expire_centisecs;	/* 3000 */
	unsigned int dirty_writeback_centisecs;	/* 500 */
	unsigned long nr_balance_throttled;	/* writers that wrote back */
};

/* ---- VFS API ------------------------------------------------------------ */

/* fs/super.c */
int vfs_caches_init(struct machine *m);
void vfs_exit(struct machine *m);
int register_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);
int do_mount(const char *dev_name, const char *dir_name, const char *type);
int do_umount(const char *dir_name);
int get_anon_bdev(dev_t *p);
void generic_shutdown_super_free(struct super_block *sb);

/* fs/inode.c */
struct inode *new_inode(struct super_block *sb);
void inode_init_always(struct super_block *sb, struct inode *inode);
void iput(struct inode *inode);
void ihold(struct inode *inode);
void evict_inodes(struct super_block *sb);
void __mark_inode_dirty(struct inode *inode, unsigned int flags);
static inline void mark_inode_dirty(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY);
}
static inline loff_t i_size_read(const struct inode *inode)
{
	return inode->i_size;
}
static inline void i_size_write(struct inode *inode, loff_t i_size)
{
	inode->i_size = i_size;
}
void inode_set_mtime_now(struct inode *inode);
void generic_fillattr(struct inode *inode, struct kstat *stat);
void address_space_init_once(struct address_space *mapping);

/* fs/dcache.c */
struct dentry *d_alloc(struct dentry *parent, const char *name);
struct dentry *d_make_root(struct inode *root_inode);
void d_instantiate(struct dentry *dentry, struct inode *inode);
struct dentry *d_lookup(const struct dentry *parent, const char *name);
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
void d_delete(struct dentry *dentry);
void shrink_dcache_sb(struct super_block *sb);
void d_genocide(struct dentry *root);
void d_move(struct dentry *dentry, struct dentry *target);
void d_exchange(struct dentry *dentry1, struct dentry *dentry2);
bool is_subdir(const struct dentry *new_dentry,
	       const struct dentry *old_dentry);

/* fs/namei.c */
int kern_path(const char *name, struct path *path);
/* Parent directory and last component of @name (no trailing slash). */
int kern_path_parent(const char *name, struct path *parent, char *last,
		     size_t lastlen);
int vfs_mkdir_path(const char *name, umode_t mode);
int vfs_unlink_path(const char *name);
struct vfsmount *lookup_mnt(const struct path *path);

/* What vfs_rename() is given (include/linux/fs.h). */
struct renamedata {
	struct inode *old_dir;
	struct dentry *old_dentry;
	struct inode *new_dir;
	struct dentry *new_dentry;	/* positive: the name being replaced */
	unsigned int flags;		/* RENAME_* */
};

/* fs/namei.c (rename) */
int vfs_rename(struct renamedata *rd);
int do_renameat2(const char *oldname, const char *newname,
		 unsigned int flags);

/* fs/open.c */
struct file *filp_open(const char *name, int flags, umode_t mode, int *err);
/* One more reference to an open file (a mapping's), get_file(). */
static inline struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}
void fput(struct file *file);
char *d_path(const struct path *path, char *buf, size_t buflen);
int filp_close(struct file *file);
long do_sys_open(struct task_struct *tsk, const char *filename, int flags,
		 umode_t mode);
long sys_open(struct task_struct *tsk, u64 filename, int flags, umode_t mode);
long sys_close(struct task_struct *tsk, unsigned int fd);
long do_sys_ftruncate(struct task_struct *tsk, unsigned int fd,
		      loff_t length);
int vfs_truncate(struct file *file, loff_t length);
int vfs_fadvise(struct file *file, loff_t offset, loff_t len, int advice);
int vfs_getattr(struct file *file, struct kstat *stat);
int generic_fadvise(struct file *file, loff_t offset, loff_t len, int advice);

/* fs/read_write.c */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count,
		     loff_t *pos);
/*
 * The file system calls of a task (SIM: the task is named, no
 * `current`): buffers are user addresses in @tsk's memory, copied
 * through its MMU. vfs_read()/vfs_write() take the file and a position.
 */
ssize_t vfs_read(struct task_struct *tsk, struct file *file, u64 buf,
		 size_t count, loff_t *pos);
ssize_t vfs_write(struct task_struct *tsk, struct file *file, u64 buf,
		  size_t count, loff_t *pos);
ssize_t ksys_read(struct task_struct *tsk, unsigned int fd, u64 buf,
		  size_t count);
ssize_t ksys_write(struct task_struct *tsk, unsigned int fd, u64 buf,
		   size_t count);
ssize_t ksys_pread64(struct task_struct *tsk, unsigned int fd, u64 buf,
		     size_t count, loff_t pos);
ssize_t ksys_pwrite64(struct task_struct *tsk, unsigned int fd, u64 buf,
		      size_t count, loff_t pos);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
loff_t ksys_lseek(struct task_struct *tsk, unsigned int fd, loff_t offset,
		  unsigned int whence);

/* fs/sync.c */
int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync);
int vfs_fsync(struct file *file, int datasync);
void ksys_sync(void);
int do_fsync(struct task_struct *tsk, unsigned int fd, int datasync);
int sync_filesystem(struct super_block *sb);

/* fs/drop_caches.c: /proc/sys/vm/drop_caches; 0 or -EINVAL. */
int drop_caches_sysctl(int mode);

/* fs/libfs.c: helpers for memory filesystems. */
int simple_lookup(struct inode *dir, struct dentry *dentry);
int simple_read_folio(struct file *file, struct folio *folio);
int simple_write_begin(struct file *file, struct address_space *mapping,
		       loff_t pos, unsigned int len, struct folio **foliop,
		       void **fsdata);
int simple_write_end(struct file *file, struct address_space *mapping,
		     loff_t pos, unsigned int len, unsigned int copied,
		     struct folio *folio, void *fsdata);
bool noop_dirty_folio(struct address_space *mapping, struct folio *folio);
int noop_fsync(struct file *file, loff_t start, loff_t end, int datasync);
/* Directories of in-memory filesystems: fsync() has nothing to write. */
extern const struct file_operations simple_dir_operations;
int simple_setattr(struct dentry *dentry, loff_t size);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry,
		  unsigned int flags);

/* fs/ramfs.c, fs/memdisk.c */
extern struct file_system_type ramfs_fs_type;
extern struct file_system_type tmpfs_fs_type;
extern struct file_system_type memdisk_fs_type;
/* fs/ext2/vfs.c: ext2 images; why the last mount failed. */
extern struct file_system_type ext2_fs_type;
const char *ext2_mount_errmsg(void);

/* mm/filemap_check.c: page cache invariants for m:check(). */
int filemap_check(struct machine *m);
/* fs/file.c: fd tables and open-file references for m:check(). */
int files_check(struct machine *m);

/* The machine's VFS state. */
struct fs_state *fs_state(void);

#endif /* MMSIM_FS_H */
