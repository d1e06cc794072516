// SPDX-License-Identifier: GPL-2.0
/*
 * The path of a dentry, as fs/d_path.c d_path(): the names up to the
 * mount's root, then across each mount point up to the root mount.
 * /proc/PID/maps names the file of a file mapping with it.
 */
#include <string.h>

#include <mmsim/fs.h>

/* prepend(): put @name before *@p, in a buffer starting at @buf. */
static bool prepend(char **p, char *buf, const char *name, size_t len)
{
	if ((size_t)(*p - buf) < len)
		return false;
	*p -= len;
	memcpy(*p, name, len);
	return true;
}

/**
 * d_path - the absolute path of @path
 * @path: a mount and a dentry in it
 * @buf: where to build it
 * @buflen: size of @buf
 *
 * An unlinked file's path ends in " (deleted)", as Linux's.
 *
 * Return: a pointer into @buf, or NULL when it does not fit.
 */
char *d_path(const struct path *path, char *buf, size_t buflen)
{
	const struct vfsmount *mnt = path->mnt;
	const struct dentry *d = path->dentry;
	char *p = buf + buflen;
	bool any = false;

	if (!buflen || !prepend(&p, buf, "", 1))
		return NULL;
	if (d->d_inode && !d->d_inode->i_nlink &&
	    !prepend(&p, buf, " (deleted)", 10))
		return NULL;
	for (;;) {
		if (d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		if (!prepend(&p, buf, d->d_name, strlen(d->d_name)) ||
		    !prepend(&p, buf, "/", 1))
			return NULL;
		any = true;
		d = d->d_parent;
	}
	if (!any && !prepend(&p, buf, "/", 1))
		return NULL;
	return p;
}
