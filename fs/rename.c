// SPDX-License-Identifier: GPL-2.0
/*
 * rename(2) and renameat2(2), as fs/namei.c's do_renameat2() and
 * vfs_rename(): both parents are looked up, the two last components are
 * found in the dcache or asked of the filesystem (__lookup_hash), the
 * VFS makes the checks every filesystem relies on (same mount, no
 * directory moved under itself, file/directory mismatches, mount points),
 * the filesystem's ->rename() changes its namespace, and the dcache
 * follows (d_move, or d_exchange for RENAME_EXCHANGE).
 *
 * Errors, in Linux's order: EINVAL (bad flags), the lookups' errors,
 * EBUSY ("/", "." or ".." as a last component), EXDEV (two mounts),
 * ENOENT (no source; no target for RENAME_EXCHANGE), EEXIST (a target
 * with RENAME_NOREPLACE), ENOTDIR (a trailing slash on a non-directory),
 * EINVAL (a directory moved into its own subtree), ENOTEMPTY (the target
 * is an ancestor of the source), ENOTDIR/EISDIR (directory over file,
 * file over directory), EPERM (no ->rename), EBUSY (a mount point), then
 * the filesystem's (ENOTEMPTY for a non-empty target directory).
 *
 * SIM: absolute paths only (no dfd), no permission checks, no sticky
 * bit, no delegations, no RENAME_WHITEOUT (EINVAL: no overlayfs). One
 * host thread runs the machine, so lock_rename() is the ancestry test
 * alone.
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/*
 * __lookup_hash(): the child @name of @parent, positive (in the tree) or a
 * new negative one the caller must dput(). Mounts on it are not followed:
 * rename works on the mount point's own dentry.
 */
static struct dentry *__lookup_hash(struct dentry *parent, const char *name,
				    int *err)
{
	struct inode *dir = parent->d_inode;
	struct dentry *d = d_lookup(parent, name);

	*err = 0;
	if (d)
		return dget(d);
	d = d_alloc(parent, name);
	if (!d) {
		*err = -ENOMEM;
		return NULL;
	}
	if (dir->i_op && dir->i_op->lookup) {
		*err = dir->i_op->lookup(dir, d);
		if (*err) {
			dput(d);
			return NULL;
		}
	}
	return dget(d);
}

static bool d_is_dir(const struct dentry *d)
{
	return d->d_inode && S_ISDIR(d->d_inode->i_mode);
}

/* Does @name end in a slash (the last component's "name[len]" of Linux)? */
static bool trailing_slash(const char *name)
{
	size_t n = strlen(name);

	return n > 1 && name[n - 1] == '/';
}

/*
 * may_delete()'s type checks: a directory replaces only a directory, a
 * file only a file.
 */
static int may_delete(const struct dentry *victim, bool isdir)
{
	if (!victim->d_inode)
		return -ENOENT;
	if (isdir && !d_is_dir(victim))
		return -ENOTDIR;
	if (!isdir && d_is_dir(victim))
		return -EISDIR;
	return 0;
}

/**
 * vfs_rename - rename a filesystem object
 * @rd: the parents and the two dentries (old positive; new positive to
 *      replace or exchange, negative for a new name) and RENAME_* flags
 *
 * Linux's vfs_rename(): type checks, the mount point test, the
 * filesystem's ->rename(), then the dcache: without RENAME_EXCHANGE the
 * old dentry takes the new name and a replaced target leaves the tree
 * (its inode goes at its last user); with it the two swap names.
 *
 * Return: 0, -ENOTDIR, -EISDIR, -EBUSY, -EPERM, or the filesystem's error.
 */
int vfs_rename(struct renamedata *rd)
{
	struct inode *old_dir = rd->old_dir, *new_dir = rd->new_dir;
	struct dentry *old_dentry = rd->old_dentry;
	struct dentry *new_dentry = rd->new_dentry;
	struct inode *source = old_dentry->d_inode;
	struct inode *target = new_dentry->d_inode;
	bool is_dir = d_is_dir(old_dentry);
	unsigned int flags = rd->flags;
	int err;

	/* Two names of one inode (hard links): nothing to do. */
	if (source == target)
		return 0;
	err = may_delete(old_dentry, is_dir);
	if (err)
		return err;
	if (target) {
		bool new_is_dir = d_is_dir(new_dentry);

		err = may_delete(new_dentry, (flags & RENAME_EXCHANGE) ?
					     new_is_dir : is_dir);
		if (err)
			return err;
	}
	if (!old_dir->i_op || !old_dir->i_op->rename)
		return -EPERM;
	/* is_local_mountpoint(): a mount sits on either name. */
	if ((old_dentry->d_flags & DCACHE_MOUNTED) ||
	    (new_dentry->d_flags & DCACHE_MOUNTED))
		return -EBUSY;
	old_dir->i_rwsem++;
	if (new_dir != old_dir)
		new_dir->i_rwsem++;
	if (source)
		source->i_rwsem++;
	err = old_dir->i_op->rename(old_dir, old_dentry, new_dir, new_dentry,
				    flags);
	if (source)
		source->i_rwsem--;
	if (new_dir != old_dir)
		new_dir->i_rwsem--;
	old_dir->i_rwsem--;
	if (err)
		return err;
	if (flags & RENAME_EXCHANGE)
		d_exchange(old_dentry, new_dentry);
	else
		d_move(old_dentry, new_dentry);
	return 0;
}

/* The parent path and last component of @name; "/", "." or ".." say EBUSY. */
static int rename_parent(const char *name, struct path *parent, char *last,
			 size_t lastlen)
{
	int err = kern_path_parent(name, parent, last, lastlen);

	/* Linux: a last component of type LAST_ROOT or LAST_DOT(DOT). */
	return err == -EINVAL ? -EBUSY : err;
}

/**
 * do_renameat2 - renameat2(2) with absolute paths
 * @oldname: the source, "/dir/a"
 * @newname: the target, "/dir2/b"
 * @flags: 0, RENAME_NOREPLACE or RENAME_EXCHANGE
 *
 * Return: 0 or a negative errno (see the top of this file).
 */
int do_renameat2(const char *oldname, const char *newname,
		 unsigned int flags)
{
	char old_last[DNAME_MAX + 1], new_last[DNAME_MAX + 1];
	struct dentry *old_dentry, *new_dentry;
	struct path old_path, new_path;
	struct renamedata rd;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) &&
	    (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;	/* SIM: no filesystem supports whiteouts */
	err = rename_parent(oldname, &old_path, old_last, sizeof(old_last));
	if (err)
		return err;
	err = rename_parent(newname, &new_path, new_last, sizeof(new_last));
	if (err)
		return err;
	if (old_path.mnt != new_path.mnt)
		return -EXDEV;
	old_dentry = __lookup_hash(old_path.dentry, old_last, &err);
	if (!old_dentry)
		return err;
	new_dentry = NULL;
	err = -ENOENT;
	if (!old_dentry->d_inode)
		goto out;
	new_dentry = __lookup_hash(new_path.dentry, new_last, &err);
	if (!new_dentry)
		goto out;
	err = -EEXIST;
	if ((flags & RENAME_NOREPLACE) && new_dentry->d_inode)
		goto out;
	err = -ENOENT;
	if ((flags & RENAME_EXCHANGE) && !new_dentry->d_inode)
		goto out;
	err = -ENOTDIR;
	if ((flags & RENAME_EXCHANGE) && !d_is_dir(new_dentry) &&
	    trailing_slash(newname))
		goto out;
	/* Unless the source is a directory, trailing slashes say ENOTDIR. */
	if (!d_is_dir(old_dentry) &&
	    (trailing_slash(oldname) ||
	     (!(flags & RENAME_EXCHANGE) && trailing_slash(newname))))
		goto out;
	/*
	 * lock_rename()'s trap: the source must not be an ancestor of the
	 * target's directory, nor the target one of the source's.
	 */
	err = -EINVAL;
	if (is_subdir(new_path.dentry, old_dentry))
		goto out;
	err = (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (new_dentry->d_inode && is_subdir(old_path.dentry, new_dentry))
		goto out;
	rd = (struct renamedata){
		.old_dir = old_path.dentry->d_inode,
		.old_dentry = old_dentry,
		.new_dir = new_path.dentry->d_inode,
		.new_dentry = new_dentry,
		.flags = flags,
	};
	err = vfs_rename(&rd);
out:
	dput(new_dentry);
	dput(old_dentry);
	return err;
}
