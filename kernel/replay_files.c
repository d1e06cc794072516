// SPDX-License-Identifier: GPL-2.0
/*
 * The files behind the file mappings of a replayed strace log: each path
 * strace -y printed ("3</usr/lib/libc.so.6>") is looked up in the
 * simulated VFS under a root directory (/mnt, where --disk mounts an
 * ext2 image), opened once and kept open for the replay, so that
 * kernel/replay.c maps the real file (do_mmap_file) and its faults go
 * through filemap_fault() and the page cache. No Linux counterpart.
 *
 * The rule a user can predict (docs/cli-and-lua.md, "mmsim replay"):
 * the logged path PATH is looked up at ROOT + PATH, except a PATH that
 * already lies under ROOT (a log recorded inside the mounted tree),
 * which is looked up as it is. A file that is missing, not a regular
 * file, or too short (the logged offset at or past its end: the mapping
 * would hold none of its bytes) is not used; the caller maps anonymous
 * memory named after the path instead, as without a root.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/fs.h>

#include "replay_internal.h"

#define MNT_ROOT	"/mnt"

static u64 hash_path(const char *s, size_t n)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/* Whether @p is the root of a mount other than the VFS root (/mnt). */
static bool is_mount_point(const char *p)
{
	struct path path;

	if (kern_path(p, &path))
		return false;
	return path.dentry == path.mnt->mnt_root &&
	       path.mnt->mnt_parent != path.mnt;
}

/**
 * replay_files_init - choose the root the log's paths are looked up under
 * @rf: the state to set up
 * @root: a simulated directory; NULL: /mnt when a filesystem is mounted
 *	there (--disk), else none; "": none (file mappings stay anonymous)
 * @err: receives why an explicit @root cannot be used
 * @errlen: size of @err
 *
 * Context: the machine is entered (the lookup walks its VFS).
 * Return: 0, or -ENOENT/-ENOTDIR for an explicit @root that is not a
 * directory of the simulated VFS.
 */
int replay_files_init(struct replay_files *rf, const char *root, char *err,
		      size_t errlen)
{
	struct path path;
	size_t n;
	int ret;

	memset(rf, 0, sizeof(*rf));
	if (!root) {
		if (!is_mount_point(MNT_ROOT))
			return 0;
		root = MNT_ROOT;
	}
	if (!*root)
		return 0;
	n = strlen(root);
	if (root[0] != '/' || n >= sizeof(rf->root)) {
		snprintf(err, errlen, "root '%s': not an absolute path", root);
		return -ENOENT;
	}
	ret = kern_path(root, &path);
	if (!ret && !S_ISDIR(path.dentry->d_inode->i_mode))
		ret = -ENOTDIR;
	if (ret) {
		snprintf(err, errlen, "root '%s': %s", root,
			 ret == -ENOTDIR ? "not a directory" :
			 "no such directory");
		return ret;
	}
	/* "/mnt/" is "/mnt"; "/" is no prefix at all */
	while (n > 0 && root[n - 1] == '/')
		n--;
	memcpy(rf->root, root, n);
	rf->root[n] = '\0';
	rf->root_len = n;
	rf->active = true;
	return 0;
}

static struct replay_file *rfile_find(struct replay_files *rf,
				      const char *s, size_t n)
{
	size_t i;

	if (rf->nr * 2 >= rf->cap) {
		struct replay_file *old = rf->tab;
		size_t oc = rf->cap;

		rf->cap = oc ? oc * 2 : 32;
		rf->tab = calloc(rf->cap, sizeof(*rf->tab));
		if (!rf->tab)
			abort();	/* host out of memory */
		for (size_t k = 0; k < oc; k++) {
			if (!old[k].path)
				continue;
			i = hash_path(old[k].path, strlen(old[k].path)) &
			    (rf->cap - 1);
			while (rf->tab[i].path)
				i = (i + 1) & (rf->cap - 1);
			rf->tab[i] = old[k];
		}
		free(old);
	}
	i = hash_path(s, n) & (rf->cap - 1);
	while (rf->tab[i].path) {
		if (strlen(rf->tab[i].path) == n &&
		    !memcmp(rf->tab[i].path, s, n))
			return &rf->tab[i];
		i = (i + 1) & (rf->cap - 1);
	}
	return &rf->tab[i];
}

/* The path @s (@n bytes) stands for in the simulated VFS, in @buf. */
static bool lookup_name(const struct replay_files *rf, const char *s,
			size_t n, char *buf, size_t size)
{
	bool inside = rf->root_len && n > rf->root_len &&
		      !memcmp(s, rf->root, rf->root_len) &&
		      s[rf->root_len] == '/';
	size_t pre = inside ? 0 : rf->root_len;

	if (!n || s[0] != '/' || pre + n >= size)
		return false;
	memcpy(buf, rf->root, pre);
	memcpy(buf + pre, s, n);
	buf[pre + n] = '\0';
	return true;
}

/* Open the file of @f for reading, or reading and writing (@rw). */
static struct file *rfile_open(struct replay_file *f, bool rw, int *err)
{
	struct file **slot = rw ? &f->rw : &f->ro;
	int *serr = rw ? &f->rw_err : &f->ro_err;

	if (!*slot && !*serr) {
		*slot = filp_open(f->found, rw ? O_RDWR : O_RDONLY, 0, serr);
		if (*slot && !S_ISREG((*slot)->f_inode->i_mode)) {
			fput(*slot);
			*slot = NULL;
			*serr = -ENODEV;
		}
	}
	*err = *serr;
	return *slot;
}

/**
 * replay_files_get - the simulated file a logged file mapping stands for
 * @rf: the state (replay_files_init())
 * @path: the logged path (strace -y), @len bytes, not NUL-terminated
 * @len: its length
 * @rw: the mapping is shared and writable (the file must be open for
 *	writing, as mmap(2) wants)
 * @offset: the logged offset in bytes
 * @f: receives the path's entry (its found name, its listed flag)
 * @why: receives why no file is returned: "missing", "too short", ...
 *
 * Return: the open file (a reference @rf keeps until
 * replay_files_free(); do_mmap_file() takes its own), or NULL.
 */
struct file *replay_files_get(struct replay_files *rf, const char *path,
			      size_t len, bool rw, u64 offset,
			      struct replay_file **f, const char **why)
{
	char buf[4096];
	struct replay_file *e;
	struct file *file;
	int err;

	e = rfile_find(rf, path, len);
	if (!e->path) {
		e->path = calloc(1, len + 1);
		if (!e->path)
			abort();
		memcpy(e->path, path, len);
		rf->nr++;
		if (lookup_name(rf, path, len, buf, sizeof(buf))) {
			e->found = strdup(buf);
		} else {
			/* relative ("socket:[...]") or beyond PATH_MAX */
			e->found = strdup(e->path);
			e->ro_err = e->rw_err = path[0] == '/' ?
						-ENAMETOOLONG : -ENOENT;
		}
		if (!e->found)
			abort();
	}
	*f = e;
	file = rfile_open(e, rw, &err);
	if (!file) {
		*why = err == -ENOENT ? "missing" :
		       err == -ENODEV ? "not a regular file" :
		       errno_to_name(-err);
		return NULL;
	}
	if ((offset & ~PAGE_MASK) || (loff_t)offset < 0) {
		*why = "unaligned offset";
		return NULL;
	}
	/* SIM: see the top: the image's file is not the one the log mapped */
	if ((u64)i_size_read(file->f_inode) <= offset) {
		*why = "too short";
		return NULL;
	}
	return file;
}

/**
 * replay_file_name - the path /proc/PID/maps shows for a mapped file
 * @file: the file
 * @buf: room for the path
 * @size: its size
 *
 * Return: the path, inside @buf.
 */
const char *replay_file_name(struct file *file, char *buf, size_t size)
{
	return d_path(&file->f_path, buf, size);
}

/**
 * replay_files_free - close every file @rf opened
 * @rf: the state
 */
void replay_files_free(struct replay_files *rf)
{
	for (size_t i = 0; i < rf->cap; i++) {
		struct replay_file *e = &rf->tab[i];

		if (!e->path)
			continue;
		if (e->ro)
			fput(e->ro);
		if (e->rw)
			fput(e->rw);
		free(e->path);
		free(e->found);
	}
	free(rf->tab);
	memset(rf, 0, sizeof(*rf));
}
