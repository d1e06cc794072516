// SPDX-License-Identifier: GPL-2.0
/*
 * Superblocks and mounts, as fs/super.c and fs/namespace.c: filesystem
 * types register by name; do_mount() builds a superblock with the type's
 * fill_super() and grafts its root on a directory; do_umount() syncs and
 * tears it down. vfs_caches_init() mounts a ramfs at "/" with /mnt and
 * /tmp, as an initramfs would provide.
 *
 * SIM: one mount namespace; no bind mounts, no mount flags, no propagation.
 * Dentries and inodes are host structures (Linux: the "dentry" and
 * "inode_cache" slab caches), so they do not show in /proc/slabinfo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

struct fs_state *fs_state(void)
{
	return current_machine()->fs;
}

/**
 * register_filesystem - make a filesystem type mountable by name
 * @fs: the type; lives as long as the machine
 *
 * Return: 0, or -EBUSY when the name is taken.
 */
int register_filesystem(struct file_system_type *fs)
{
	struct fs_state *s = fs_state();

	if (get_fs_type(fs->name))
		return -EBUSY;
	if (s->nr_filesystems == MAX_FS_TYPES)
		return -ENOSPC;
	s->filesystems[s->nr_filesystems++] = fs;
	return 0;
}

/**
 * get_fs_type - find a registered filesystem type
 * @name: "ramfs", "tmpfs", ...
 *
 * Return: the type or NULL.
 */
struct file_system_type *get_fs_type(const char *name)
{
	struct fs_state *s = fs_state();

	for (int i = 0; i < s->nr_filesystems; i++)
		if (!strcmp(s->filesystems[i]->name, name))
			return (struct file_system_type *)s->filesystems[i];
	return NULL;
}

/**
 * get_anon_bdev - a device number for a filesystem without a device
 * @p: receives 0:N
 *
 * Return: 0. Linux hands out minors from an IDA starting at 1 (0:1 is
 * usually the first tmpfs); mmsim counts up.
 */
int get_anon_bdev(dev_t *p)
{
	*p = MKDEV(0, ++fs_state()->next_anon_dev);
	return 0;
}

/* alloc_super() + the type's fill_super(). */
static struct super_block *sget_fc(struct file_system_type *type,
				   const char *dev_name, int *err)
{
	struct super_block *sb = calloc(1, sizeof(*sb));

	if (!sb) {
		*err = -ENOMEM;
		return NULL;
	}
	INIT_LIST_HEAD(&sb->s_inodes);
	sb->s_type = type;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_ra_pages = VM_READAHEAD_PAGES;
	get_anon_bdev(&sb->s_dev);
	*err = type->fill_super(sb, dev_name, NULL);
	if (*err) {
		generic_shutdown_super_free(sb);
		return NULL;
	}
	list_add_tail(&sb->s_list, &fs_state()->supers);
	return sb;
}

/*
 * generic_shutdown_super(): drop every dentry and inode, let the
 * filesystem release its state, free the superblock.
 */
void generic_shutdown_super_free(struct super_block *sb)
{
	if (sb->s_root) {
		d_genocide(sb->s_root);
		sb->s_root = NULL;
	}
	evict_inodes(sb);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	if (sb->s_list.next)
		list_del(&sb->s_list);
	free(sb);
}

static struct vfsmount *alloc_vfsmnt(struct super_block *sb,
				     const char *dev_name)
{
	struct vfsmount *mnt = calloc(1, sizeof(*mnt));

	if (!mnt)
		return NULL;
	mnt->mnt_sb = sb;
	mnt->mnt_root = sb->s_root;
	mnt->mnt_parent = mnt;
	/* mnt_alloc_id(). SIM: a counter from 1; Linux reuses freed ids. */
	mnt->mnt_id = ++fs_state()->next_mnt_id;
	snprintf(mnt->mnt_devname, sizeof(mnt->mnt_devname), "%s", dev_name);
	return mnt;
}

/**
 * do_mount - mount a filesystem on a directory
 * @dev_name: the source ("ramfs", an image name)
 * @dir_name: absolute path of an existing directory
 * @type: filesystem type name
 *
 * Mounting on a mount point stacks the new mount on top, as Linux does.
 *
 * Return: 0, -ENODEV (unknown type), -ENOENT, -ENOTDIR, -ENOMEM, or the
 * filesystem's error.
 */
int do_mount(const char *dev_name, const char *dir_name, const char *type)
{
	struct file_system_type *fstype = get_fs_type(type);
	struct super_block *sb;
	struct vfsmount *mnt;
	struct path path;
	int err;

	if (!fstype)
		return -ENODEV;
	err = kern_path(dir_name, &path);
	if (err)
		return err;
	if (!S_ISDIR(path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	sb = sget_fc(fstype, dev_name, &err);
	if (!sb)
		return err;
	mnt = alloc_vfsmnt(sb, dev_name);
	if (!mnt) {
		list_del(&sb->s_list);
		sb->s_list.next = NULL;
		generic_shutdown_super_free(sb);
		return -ENOMEM;
	}
	mnt->mnt_parent = path.mnt;
	mnt->mnt_mountpoint = dget(path.dentry);
	path.dentry->d_flags |= DCACHE_MOUNTED;
	path.mnt->mnt_count++;
	list_add_tail(&mnt->mnt_list, &fs_state()->mounts);
	pr_info("%s mounted on %s (dev %u:%u)\n", type, dir_name,
		MAJOR(sb->s_dev), MINOR(sb->s_dev));
	return 0;
}

/* Is another mount still sitting on @dentry? */
static bool still_mounted(const struct dentry *dentry)
{
	struct vfsmount *mnt;

	list_for_each_entry(mnt, &fs_state()->mounts, mnt_list)
		if (mnt->mnt_mountpoint == dentry)
			return true;
	return false;
}

static void umount_tree(struct vfsmount *mnt)
{
	struct super_block *sb = mnt->mnt_sb;
	struct dentry *mp = mnt->mnt_mountpoint;

	list_del(&mnt->mnt_list);
	if (mp) {
		if (!still_mounted(mp))
			mp->d_flags &= ~DCACHE_MOUNTED;
		dput(mp);
		mnt->mnt_parent->mnt_count--;
	}
	sync_filesystem(sb);
	list_del(&sb->s_list);
	sb->s_list.next = NULL;
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
	generic_shutdown_super_free(sb);
	free(mnt);
}

/**
 * do_umount - unmount the filesystem mounted on @dir_name
 * @dir_name: absolute path of a mount's root
 *
 * Writes back dirty pages first (sync_filesystem), then frees every page,
 * inode and dentry of the mount.
 *
 * Return: 0, -ENOENT, -EINVAL (not a mount point, or "/"), -EBUSY (open
 * files or mounts beneath).
 */
int do_umount(const char *dir_name)
{
	struct path path;
	int err = kern_path(dir_name, &path);

	if (err)
		return err;
	if (path.dentry != path.mnt->mnt_root ||
	    path.mnt == fs_state()->root_mnt)
		return -EINVAL;
	if (path.mnt->mnt_count)
		return -EBUSY;
	pr_info("%s unmounted from %s\n", path.mnt->mnt_sb->s_type->name,
		dir_name);
	umount_tree(path.mnt);
	return 0;
}

static void fs_register_all(void)
{
	register_filesystem(&ramfs_fs_type);
	register_filesystem(&tmpfs_fs_type);
	register_filesystem(&memdisk_fs_type);
	register_filesystem(&ext2_fs_type);
}

/**
 * vfs_caches_init - the VFS of a booting machine: "/" and its first dirs
 * @m: the machine (current)
 *
 * Return: 0 or -ENOMEM.
 */
int vfs_caches_init(struct machine *m)
{
	struct fs_state *fs = calloc(1, sizeof(*fs));
	struct super_block *sb;
	int err;

	if (!fs)
		return -ENOMEM;
	m->fs = fs;
	INIT_LIST_HEAD(&fs->supers);
	INIT_LIST_HEAD(&fs->mounts);
	INIT_LIST_HEAD(&fs->files);
	INIT_LIST_HEAD(&fs->b_dirty);
	for (size_t n = 0; n < ARRAY_SIZE(fs->lru); n++)
		for (int l = 0; l < NR_LRU_LISTS; l++)
			INIT_LIST_HEAD(&fs->lru[n].lists[l]);
	fs->dirty_expire_centisecs = 3000;
	fs->dirty_writeback_centisecs = 500;
	fs->last_old_flush = m->clock_ns;
	fs->next_wakeup = m->clock_ns +
			  (u64)fs->dirty_writeback_centisecs * 10000000ULL;
	fs_register_all();

	/* init_mount_tree(): the rootfs. */
	sb = sget_fc(&ramfs_fs_type, "rootfs", &err);
	if (!sb)
		return err;
	fs->root_mnt = alloc_vfsmnt(sb, "rootfs");
	if (!fs->root_mnt)
		return -ENOMEM;
	list_add_tail(&fs->root_mnt->mnt_list, &fs->mounts);
	err = vfs_mkdir_path("/mnt", 0755);
	if (!err)
		err = vfs_mkdir_path("/tmp", 01777);
	return err;
}

/**
 * vfs_exit - free the VFS of a machine being destroyed
 * @m: the machine (current)
 *
 * Closes what is still open, then unmounts everything, innermost first,
 * so every page-cache page returns to the buddy allocator.
 */
void vfs_exit(struct machine *m)
{
	struct fs_state *fs = m->fs;

	if (!fs)
		return;
	while (!list_empty(&fs->files))
		filp_close(list_first_entry(&fs->files, struct file, f_list));
	wb_complete_inflight(NULL);
	while (!list_empty(&fs->mounts)) {
		struct vfsmount *mnt = list_last_entry(&fs->mounts,
						       struct vfsmount, mnt_list);

		mnt->mnt_count = 0;
		umount_tree(mnt);
	}
	wb_complete_inflight(NULL);
	free(fs->wb_inflight);
	free(fs);
	m->fs = NULL;
}
