// SPDX-License-Identifier: GPL-2.0
/*
 * Path lookup, as fs/namei.c's link_path_walk(): absolute paths only, one
 * component at a time through the dcache, asking the directory's
 * ->lookup() on a miss, crossing mount points downwards (follow_mount)
 * and upwards on "..". Also mkdir and unlink by path.
 *
 * SIM: no symlinks, no permissions, no current directory: every path
 * starts at "/". The returned path holds no references (one host thread
 * runs the machine; callers that keep it, like open, take them).
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * lookup_mnt - the topmost mount on @path, if any
 * @path: a mount and one of its dentries
 *
 * Return: the mount or NULL.
 */
struct vfsmount *lookup_mnt(const struct path *path)
{
	struct vfsmount *mnt, *found = NULL;

	list_for_each_entry(mnt, &fs_state()->mounts, mnt_list)
		if (mnt->mnt_parent == path->mnt &&
		    mnt->mnt_mountpoint == path->dentry)
			found = mnt;	/* the last one mounted wins */
	return found;
}

static void follow_mount(struct path *path)
{
	while (path->dentry->d_flags & DCACHE_MOUNTED) {
		struct vfsmount *mnt = lookup_mnt(path);

		if (!mnt)
			break;
		path->mnt = mnt;
		path->dentry = mnt->mnt_root;
	}
}

static void follow_dotdot(struct path *path)
{
	struct fs_state *fs = fs_state();

	while (path->dentry == path->mnt->mnt_root &&
	       path->mnt != fs->root_mnt) {
		path->dentry = path->mnt->mnt_mountpoint;
		path->mnt = path->mnt->mnt_parent;
	}
	path->dentry = path->dentry->d_parent;
}

/* lookup_one(): the child @name of directory @path->dentry, or -ENOENT. */
static int lookup_one(struct path *path, const char *name)
{
	struct inode *dir = path->dentry->d_inode;
	struct dentry *d = d_lookup(path->dentry, name);
	int err;

	if (!d) {
		if (!dir->i_op || !dir->i_op->lookup)
			return -ENOENT;
		d = d_alloc(path->dentry, name);
		if (!d)
			return -ENOMEM;
		err = dir->i_op->lookup(dir, d);
		if (err || !d->d_inode) {
			dput(d);	/* no negative dentries kept */
			return err ? err : -ENOENT;
		}
	}
	path->dentry = d;
	follow_mount(path);
	return 0;
}

/*
 * Copy the next component of *@s into @buf; skips slashes.
 * Return: its length, 0 at the end, -ENAMETOOLONG.
 */
static int next_component(const char **s, char *buf, size_t len)
{
	const char *p = *s;
	size_t n = 0;

	while (*p == '/')
		p++;
	while (p[n] && p[n] != '/')
		n++;
	if (n >= len || n > DNAME_MAX)
		return -ENAMETOOLONG;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*s = p + n;
	return (int)n;
}

/* Walk @name; with @parent_only stop before the last component. */
static int path_walk(const char *name, struct path *path, bool parent_only,
		     char *last, size_t lastlen)
{
	struct fs_state *fs = fs_state();
	char comp[DNAME_MAX + 1];
	const char *s = name;
	int n, err;

	if (!name || name[0] != '/')
		return -ENOENT;	/* SIM: no cwd, relative paths fail */
	if (strlen(name) >= 4096)
		return -ENAMETOOLONG;
	path->mnt = fs->root_mnt;
	path->dentry = fs->root_mnt->mnt_root;
	follow_mount(path);
	for (;;) {
		n = next_component(&s, comp, sizeof(comp));
		if (n < 0)
			return n;
		if (n == 0)
			break;
		if (parent_only) {
			const char *rest = s;

			while (*rest == '/')
				rest++;
			if (!*rest) {
				if (!strcmp(comp, ".") || !strcmp(comp, ".."))
					return -EINVAL;
				snprintf(last, lastlen, "%s", comp);
				return 0;
			}
		}
		if (!S_ISDIR(path->dentry->d_inode->i_mode))
			return -ENOTDIR;
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			follow_dotdot(path);
			continue;
		}
		err = lookup_one(path, comp);
		if (err)
			return err;
	}
	if (parent_only)
		return -EINVAL;		/* "/": no last component */
	return 0;
}

/**
 * kern_path - resolve an absolute path
 * @name: "/mnt/file"
 * @path: receives the mount and dentry
 *
 * Return: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG.
 */
int kern_path(const char *name, struct path *path)
{
	return path_walk(name, path, false, NULL, 0);
}

/**
 * kern_path_parent - resolve all but the last component of @name
 * @name: "/dir/file"
 * @parent: receives the directory's path
 * @last: receives "file"
 * @lastlen: size of @last
 *
 * Return: 0, -ENOTDIR when the parent is not a directory, -EINVAL for
 * "/" or a last component "." or "..", or kern_path()'s errors.
 */
int kern_path_parent(const char *name, struct path *parent, char *last,
		     size_t lastlen)
{
	int err = path_walk(name, parent, true, last, lastlen);

	if (!err && !S_ISDIR(parent->dentry->d_inode->i_mode))
		return -ENOTDIR;
	return err;
}

/**
 * vfs_mkdir_path - mkdir(2)
 * @name: absolute path of the new directory
 * @mode: permission bits
 *
 * Return: 0, -EEXIST, -EPERM (no ->mkdir), or a lookup error.
 */
int vfs_mkdir_path(const char *name, umode_t mode)
{
	char last[DNAME_MAX + 1];
	struct path parent, child;
	struct inode *dir;
	struct dentry *d;
	int err = kern_path_parent(name, &parent, last, sizeof(last));

	if (err)
		return err;
	child = parent;
	if (!lookup_one(&child, last))
		return -EEXIST;
	dir = parent.dentry->d_inode;
	if (!dir->i_op || !dir->i_op->mkdir)
		return -EPERM;
	d = d_alloc(parent.dentry, last);
	if (!d)
		return -ENOMEM;
	err = dir->i_op->mkdir(dir, d, (umode_t)(mode & 07777));
	if (err)
		dput(d);
	return err;
}

/**
 * vfs_unlink_path - unlink(2) or rmdir(2) of @name
 * @name: absolute path
 *
 * Return: 0, -ENOENT, -EBUSY (a mount point), -ENOTEMPTY, -EPERM.
 */
int vfs_unlink_path(const char *name)
{
	char last[DNAME_MAX + 1];
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err = kern_path_parent(name, &parent, last, sizeof(last));

	if (err)
		return err;
	d = d_lookup(parent.dentry, last);
	if (!d) {
		struct path child = parent;

		err = lookup_one(&child, last);
		if (err)
			return err;
		d = child.dentry;
	}
	if (d->d_flags & DCACHE_MOUNTED)
		return -EBUSY;
	dir = parent.dentry->d_inode;
	if (S_ISDIR(d->d_inode->i_mode))
		return dir->i_op->rmdir ? dir->i_op->rmdir(dir, d) : -EPERM;
	return dir->i_op->unlink ? dir->i_op->unlink(dir, d) : -EPERM;
}
