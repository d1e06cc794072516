// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs and tmpfs, as fs/ramfs/inode.c and (a sliver of) mm/shmem.c: files
 * whose pages live only in the page cache. Nothing is ever written back:
 * the address_space has no writeback (noop_dirty_folio sets PG_dirty with
 * no tag and no Dirty accounting), so the pages can never be dropped and
 * go at unlink or unmount.
 *
 * ramfs pages are unevictable (mapping_set_unevictable: /proc/meminfo
 * Unevictable). tmpfs pages are swap-backed, sit on the anon LRU lists and
 * count as Shmem; a tmpfs read of a hole copies zeroes without allocating
 * a page (shmem_file_read_iter), where ramfs allocates zeroed pages
 * through the generic read path and its readahead.
 *
 * SIM: tmpfs has no swap (there is no swap device), no size limit, no
 * huge pages.
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>
#include <mmsim/uio.h>

static const struct address_space_operations ram_aops = {
	.read_folio	= simple_read_folio,
	.write_begin	= simple_write_begin,
	.write_end	= simple_write_end,
	.dirty_folio	= noop_dirty_folio,
};

/*
 * shmem_file_read_iter(): holes read as zeroes, no page allocated. A bad
 * user address ends the read (-EFAULT if nothing was copied).
 */
static ssize_t shmem_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file->f_inode;
	struct address_space *mapping = inode->i_mapping;
	size_t count = iov_iter_count(to);
	loff_t pos = iocb->ki_pos;
	size_t done = 0;

	while (done < count && pos < i_size_read(inode)) {
		size_t off = (size_t)(pos & (PAGE_SIZE - 1));
		size_t nr = PAGE_SIZE - off, copied;
		struct folio *folio;

		if ((loff_t)nr > i_size_read(inode) - pos)
			nr = (size_t)(i_size_read(inode) - pos);
		if (nr > count - done)
			nr = count - done;
		folio = filemap_get_folio(mapping, (pgoff_t)(pos >> PAGE_SHIFT));
		if (folio) {
			copied = copy_folio_to_iter(folio, off, nr, to);
			folio_mark_accessed(folio);
			folio_put(folio);
		} else {
			copied = iov_iter_zero(nr, to);
		}
		done += copied;
		pos += (loff_t)copied;
		if (copied < nr)
			break;
	}
	iocb->ki_pos = pos;
	return done || !count ? (ssize_t)done :
	       pos < i_size_read(inode) ? -EFAULT : 0;
}

/* The kernel_read() path: shmem_file_read_iter() into a kvec. */
static ssize_t shmem_file_read(struct file *file, char *buf, size_t count,
			       loff_t *ppos)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = *ppos };
	struct kvec kvec = { .iov_base = buf, .iov_len = count };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, count);
	ret = shmem_file_read_iter(&kiocb, &iter);
	*ppos = kiocb.ki_pos;
	return ret;
}

static const struct file_operations ramfs_file_operations = {
	.read		= filemap_read,
	.read_iter	= generic_file_read_iter,
	.write		= generic_file_write,
	.write_iter	= generic_file_write_iter,
	.fsync		= noop_fsync,
	.fadvise	= generic_fadvise,
};

static const struct file_operations shmem_file_operations = {
	.read		= shmem_file_read,
	.read_iter	= shmem_file_read_iter,
	.write		= generic_file_write,
	.write_iter	= generic_file_write_iter,
	.fsync		= noop_fsync,
	.fadvise	= generic_fadvise,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.setattr	= simple_setattr,
};

static const struct inode_operations ramfs_dir_inode_operations;

/**
 * ramfs_get_inode - a new ramfs/tmpfs inode
 * @sb: the superblock
 * @mode: S_IFREG or S_IFDIR with permission bits
 *
 * Return: the inode or NULL.
 */
static struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ++sb->s_next_ino;
	inode->i_mode = mode;
	inode->i_mapping->a_ops = &ram_aops;
	inode->i_mapping->flags |= 1UL << AS_NO_WRITEBACK_TAGS;
	if (!sb->s_shmem)
		inode->i_mapping->flags |= 1UL << AS_UNEVICTABLE;
	if (S_ISDIR(mode)) {
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;
	} else {
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = sb->s_shmem ? &shmem_file_operations :
					     &ramfs_file_operations;
	}
	return inode;
}

static int ramfs_mknod(struct inode *dir, struct dentry *dentry,
		       umode_t mode)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode);

	if (!inode)
		return -ENOSPC;
	d_instantiate(dentry, inode);
	inode_set_mtime_now(dir);
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry,
			umode_t mode)
{
	return ramfs_mknod(dir, dentry, (umode_t)(mode | S_IFREG));
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = ramfs_mknod(dir, dentry, (umode_t)(mode | S_IFDIR));

	if (!err)
		dir->i_nlink++;
	return err;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.lookup		= simple_lookup,
	.create		= ramfs_create,
	.mkdir		= ramfs_mkdir,
	.unlink		= simple_unlink,
	.rmdir		= simple_rmdir,
	.rename		= simple_rename,
};

static int ramfs_fill_super(struct super_block *sb, const char *dev_name,
			    void *data)
{
	(void)dev_name;
	(void)data;
	sb->s_root = d_make_root(ramfs_get_inode(sb, S_IFDIR | 0755));
	return sb->s_root ? 0 : -ENOMEM;
}

static int tmpfs_fill_super(struct super_block *sb, const char *dev_name,
			    void *data)
{
	sb->s_shmem = true;
	return ramfs_fill_super(sb, dev_name, data);
}

struct file_system_type ramfs_fs_type = {
	.name		= "ramfs",
	.fill_super	= ramfs_fill_super,
};

struct file_system_type tmpfs_fs_type = {
	.name		= "tmpfs",
	.fill_super	= tmpfs_fill_super,
};
