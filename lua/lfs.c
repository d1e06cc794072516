// SPDX-License-Identifier: GPL-2.0
/*
 * Files and the page cache from Lua (fs/, mm/filemap.c):
 *
 *	m:mount(source[, dir = "/mnt"])	source "ramfs", "tmpfs", "memdisk",
 *					or an ext2 image's host path
 *	m:umount(dir) ; m:mkdir(path) ; m:unlink(path)
 *	m:rename(old, new[, flags]) flags: "noreplace", "exchange"
 *	m:open(path[, flags = "r"]) -> file | nil, "ENOENT"
 *		flags: "r", "w", "rw" with "creat", "trunc", "append", "excl",
 *		joined by '|' or ',': "rw|creat|trunc"
 *	file:read(off, len) -> bytes ; file:write(off, bytes) -> n
 *	file:fsync() ; file:fdatasync() ; file:truncate(len)
 *	file:fadvise(off, len, "dontneed" | "willneed" | ...) ; file:stat()
 *	file:close()
 *	m:sync() ; m:drop_caches(1 | 2 | 3) ; m:tick(ms)
 *	m:fincore(path) -> {pages=, cached=, dirty=, writeback=}
 *
 * System-call failures return nil and Linux's errno name; misuse (a
 * closed file, a bad flag word) raises an error. A file keeps its machine
 * alive; once the machine is destroyed its files are closed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/pagemap.h>

#include "lmm.h"

#define LFS_FILE_MT	"mmsim.file"
/* Most bytes one file:read() returns (a short read, as read(2) may). */
#define LFS_MAX_READ	(64u << 20)

struct lfs_file {
	struct file *file;	/* NULL once closed */
};

static const char *fs_errno_name(int err)
{
	static const struct { int e; const char *n; } t[] = {
		{ ENOENT, "ENOENT" }, { EEXIST, "EEXIST" },
		{ EISDIR, "EISDIR" }, { ENOTDIR, "ENOTDIR" },
		{ EBADF, "EBADF" }, { EINVAL, "EINVAL" }, { ENOMEM, "ENOMEM" },
		{ EBUSY, "EBUSY" }, { ENODEV, "ENODEV" }, { EFBIG, "EFBIG" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOTEMPTY, "ENOTEMPTY" },
		{ EPERM, "EPERM" }, { EACCES, "EACCES" }, { ESPIPE, "ESPIPE" },
		{ ENOSPC, "ENOSPC" }, { EXDEV, "EXDEV" }, { EMLINK, "EMLINK" },
		{ EROFS, "EROFS" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].e == err)
			return t[i].n;
	return "EIO";
}

static int push_err(lua_State *L, int err)
{
	lua_pushnil(L);
	lua_pushstring(L, fs_errno_name(err < 0 ? -err : err));
	return 2;
}

static int push_ok(lua_State *L, int err)
{
	if (err)
		return push_err(L, err);
	lua_pushboolean(L, 1);
	return 1;
}

static void lfs_open_metatable(lua_State *L);

/* The file at index 1, open, its machine entered. */
static struct file *check_file(lua_State *L)
{
	struct lfs_file *lf = luaL_checkudata(L, 1, LFS_FILE_MT);

	lua_getiuservalue(L, 1, 1);
	lmm_checkmachine(L, -1);
	lua_pop(L, 1);
	if (!lf->file)
		lmm_error(L, "file: used after close()");
	return lf->file;
}

/**
 * lmm_tofile - the open file object at @idx, which must belong to @m
 * @L: Lua state
 * @idx: stack index of a file object
 * @m: the machine the caller acts on
 *
 * Raises a Lua error for anything else, a closed file or another
 * machine's file.
 *
 * Return: the file.
 */
struct file *lmm_tofile(lua_State *L, int idx, struct machine *m)
{
	struct lfs_file *lf = luaL_checkudata(L, idx, LFS_FILE_MT);

	lua_getiuservalue(L, idx, 1);
	if (lmm_checkmachine(L, -1) != m)
		lmm_error(L, "file: belongs to another machine");
	lua_pop(L, 1);
	if (!lf->file)
		lmm_error(L, "file: used after close()");
	return lf->file;
}

static loff_t check_off(lua_State *L, int arg)
{
	return (loff_t)luaL_checkinteger(L, arg);
}

/* "rw|creat|trunc" -> O_* flags; raises on an unknown word. */
static int parse_open_flags(lua_State *L, const char *s)
{
	int acc = -1, flags = 0;
	char word[16];

	while (*s) {
		size_t n = strcspn(s, "|, ");

		if (n >= sizeof(word)) {
			lmm_error(L, "open: unknown flag '%.*s'", (int)n, s);
			n = sizeof(word) - 1;	/* not reached */
		}
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		s += strspn(s, "|, ");
		if (!n)
			continue;
		if (!strcmp(word, "r"))
			acc = acc == O_WRONLY ? O_RDWR : O_RDONLY;
		else if (!strcmp(word, "w"))
			acc = acc == O_RDONLY ? O_RDWR : O_WRONLY;
		else if (!strcmp(word, "rw"))
			acc = O_RDWR;
		else if (!strcmp(word, "creat"))
			flags |= O_CREAT;
		else if (!strcmp(word, "trunc"))
			flags |= O_TRUNC;
		else if (!strcmp(word, "append"))
			flags |= O_APPEND;
		else if (!strcmp(word, "excl"))
			flags |= O_EXCL;
		else
			lmm_error(L, "open: unknown flag '%s' (r, w, rw, creat, trunc, append, excl)",
				  word);
	}
	return flags | (acc < 0 ? O_RDONLY : acc);
}

static int m_open(lua_State *L)
{
	const char *path = luaL_checkstring(L, 2);
	const char *fl = luaL_optstring(L, 3, "r");
	struct lfs_file *lf;
	struct file *file;
	int flags, err;

	lmm_checkmachine(L, 1);
	flags = parse_open_flags(L, fl);
	file = filp_open(path, flags, 0644, &err);
	if (!file)
		return push_err(L, err);
	lfs_open_metatable(L);
	lf = lua_newuserdatauv(L, sizeof(*lf), 1);
	lf->file = file;
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, LFS_FILE_MT);
	return 1;
}

static int f_read(lua_State *L)
{
	struct file *file = check_file(L);
	loff_t off = check_off(L, 2);
	lua_Integer len = luaL_checkinteger(L, 3);
	loff_t isize = i_size_read(file->f_inode);
	size_t want;
	ssize_t n;
	char *buf;

	if (len < 0 || off < 0)
		return push_err(L, -EINVAL);
	want = (size_t)len;
	if (want > LFS_MAX_READ)
		want = LFS_MAX_READ;
	if (off >= isize)
		want = 0;
	else if ((u64)want > (u64)(isize - off))
		want = (size_t)(isize - off);
	buf = malloc(want ? want : 1);
	if (!buf)
		return lmm_error(L, "file:read: out of host memory");
	n = kernel_read(file, buf, want, &off);
	if (n < 0) {
		free(buf);
		return push_err(L, (int)n);
	}
	lua_pushlstring(L, buf, (size_t)n);
	free(buf);
	return 1;
}

static int f_write(lua_State *L)
{
	struct file *file = check_file(L);
	loff_t off = check_off(L, 2);
	size_t len;
	const char *bytes = luaL_checklstring(L, 3, &len);
	ssize_t n = kernel_write(file, bytes, len, &off);

	if (n < 0)
		return push_err(L, (int)n);
	lua_pushinteger(L, (lua_Integer)n);
	return 1;
}

static int f_fsync(lua_State *L)
{
	return push_ok(L, vfs_fsync(check_file(L), 0));
}

static int f_fdatasync(lua_State *L)
{
	return push_ok(L, vfs_fsync(check_file(L), 1));
}

static int f_truncate(lua_State *L)
{
	struct file *file = check_file(L);

	return push_ok(L, vfs_truncate(file, check_off(L, 2)));
}

static int f_fadvise(lua_State *L)
{
	static const char *const names[] = {
		"normal", "random", "sequential", "willneed", "dontneed",
		"noreuse", NULL
	};
	static const int advice[] = {
		POSIX_FADV_NORMAL, POSIX_FADV_RANDOM, POSIX_FADV_SEQUENTIAL,
		POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE,
	};
	struct file *file = check_file(L);
	loff_t off = check_off(L, 2), len = check_off(L, 3);
	int a = luaL_checkoption(L, 4, NULL, names);

	return push_ok(L, vfs_fadvise(file, off, len, advice[a]));
}

static int f_stat(lua_State *L)
{
	struct file *file = check_file(L);
	struct kstat st;
	char dev[24];

	vfs_getattr(file, &st);
	lua_createtable(L, 0, 9);
	lmm_set_int(L, "ino", st.ino);
	lmm_set_int(L, "size", (u64)st.size);
	lmm_set_int(L, "blocks", st.blocks);
	lmm_set_int(L, "blksize", st.blksize);
	lmm_set_int(L, "nlink", st.nlink);
	lmm_set_int(L, "mode", st.mode & 07777);
	lmm_set_int(L, "mtime_ns", st.mtime_ns);
	lua_pushstring(L, S_ISDIR(st.mode) ? "dir" : "file");
	lua_setfield(L, -2, "type");
	snprintf(dev, sizeof(dev), "%u:%u", MAJOR(st.dev), MINOR(st.dev));
	lua_pushstring(L, dev);
	lua_setfield(L, -2, "dev");
	lmm_set_int(L, "nrpages", file->f_mapping->nrpages);
	return 1;
}

static int f_close(lua_State *L)
{
	struct lfs_file *lf = luaL_checkudata(L, 1, LFS_FILE_MT);

	check_file(L);
	filp_close(lf->file);
	lf->file = NULL;
	return 0;
}

/* __gc / __close: close quietly if the machine still lives. */
static int f_gc(lua_State *L)
{
	struct lfs_file *lf = luaL_checkudata(L, 1, LFS_FILE_MT);
	struct lmm_machine *um;
	struct machine *prev;

	if (!lf->file)
		return 0;
	lua_getiuservalue(L, 1, 1);
	um = luaL_testudata(L, -1, LMM_MACHINE_MT);
	lua_pop(L, 1);
	if (um && um->m) {
		prev = machine_enter(um->m);
		filp_close(lf->file);
		machine_enter(prev);
	}
	lf->file = NULL;
	return 0;
}

static int f_tostring(lua_State *L)
{
	struct lfs_file *lf = luaL_checkudata(L, 1, LFS_FILE_MT);

	if (!lf->file)
		lua_pushstring(L, "file (closed)");
	else
		lua_pushfstring(L, "file (ino %d, %s)", (int)lf->file->f_inode->i_ino,
				lf->file->f_path.dentry->d_name);
	return 1;
}

static const luaL_Reg file_methods[] = {
	{ "read", f_read },
	{ "write", f_write },
	{ "fsync", f_fsync },
	{ "fdatasync", f_fdatasync },
	{ "truncate", f_truncate },
	{ "fadvise", f_fadvise },
	{ "stat", f_stat },
	{ "close", f_close },
	{ NULL, NULL }
};

static void lfs_open_metatable(lua_State *L)
{
	if (luaL_newmetatable(L, LFS_FILE_MT)) {
		luaL_newlib(L, file_methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, f_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, f_gc);
		lua_setfield(L, -2, "__close");
		lua_pushcfunction(L, f_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
}

/*
 * A memory filesystem's name mounts it; anything else is an ext2 image
 * path. A bad image raises (it is the caller's input, not a system-call
 * failure); a bad directory returns nil, "ENOENT".
 */
static int m_mount(lua_State *L)
{
	const char *src, *dir;
	struct file_system_type *type;
	struct path path;
	int err;

	/* Enter the machine first: get_fs_type() reads the current one's. */
	lmm_checkmachine(L, 1);
	src = luaL_checkstring(L, 2);
	dir = luaL_optstring(L, 3, "/mnt");
	type = get_fs_type(src);
	if (type && type != &ext2_fs_type)
		return push_ok(L, do_mount(src, dir, src));
	err = kern_path(dir, &path);
	if (err)
		return push_err(L, err);
	err = do_mount(src, dir, "ext2");
	/* The layer's message names the image: "mount: cannot open ..." */
	if (err && err != -ENOTDIR && *ext2_mount_errmsg())
		return lmm_error(L, "%s", ext2_mount_errmsg());
	if (err && err != -ENOTDIR)
		return lmm_error(L, "mount: '%s': %s", src, strerror(-err));
	return push_ok(L, err);
}

static int m_umount(lua_State *L)
{
	const char *dir = luaL_checkstring(L, 2);

	lmm_checkmachine(L, 1);
	return push_ok(L, do_umount(dir));
}

static int m_mkdir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 2);

	lmm_checkmachine(L, 1);
	return push_ok(L, vfs_mkdir_path(path, 0755));
}

static int m_unlink(lua_State *L)
{
	const char *path = luaL_checkstring(L, 2);

	lmm_checkmachine(L, 1);
	return push_ok(L, vfs_unlink_path(path));
}

/* "noreplace|exchange" -> RENAME_* flags; raises on an unknown word. */
static unsigned int parse_rename_flags(lua_State *L, const char *s)
{
	unsigned int flags = 0;

	while (*s) {
		size_t n = strcspn(s, "|, ");

		if (n == 9 && !strncmp(s, "noreplace", n))
			flags |= RENAME_NOREPLACE;
		else if (n == 8 && !strncmp(s, "exchange", n))
			flags |= RENAME_EXCHANGE;
		else if (n)
			lmm_error(L, "rename: unknown flag '%.*s' (noreplace, exchange)",
				  (int)(n > 32 ? 32 : n), s);
		s += n;
		s += strspn(s, "|, ");
	}
	return flags;
}

static int m_rename(lua_State *L)
{
	const char *from = luaL_checkstring(L, 2);
	const char *to = luaL_checkstring(L, 3);
	unsigned int flags = parse_rename_flags(L, luaL_optstring(L, 4, ""));

	lmm_checkmachine(L, 1);
	return push_ok(L, do_renameat2(from, to, flags));
}

static int m_sync(lua_State *L)
{
	lmm_checkmachine(L, 1);
	ksys_sync();
	return 0;
}

static int m_drop_caches(lua_State *L)
{
	lua_Integer mode = luaL_checkinteger(L, 2);

	lmm_checkmachine(L, 1);
	if (mode < 1 || mode > 3)
		return lmm_error(L, "drop_caches: %lld is not 1, 2 or 3",
				 (long long)mode);
	drop_caches_sysctl((int)mode);
	return 0;
}

static int m_tick(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	lua_Integer ms = luaL_checkinteger(L, 2);
	/* Keep the clock below 2^63 ns (292 years), far from wrapping. */
	const u64 limit = (u64)INT64_MAX / 1000000ULL;

	if (ms < 0)
		return lmm_error(L, "tick: %lld ms is negative", (long long)ms);
	if ((u64)ms > limit - m->clock_ns / 1000000ULL)
		return lmm_error(L, "tick: %lld ms would run the clock past 292 years",
				 (long long)ms);
	machine_tick(m, (u64)ms);
	lua_pushinteger(L, (lua_Integer)(m->clock_ns / 1000000ULL));
	return 1;
}

static int m_fincore(lua_State *L)
{
	const char *path = luaL_checkstring(L, 2);
	unsigned long index, dirty = 0, wb = 0, cached = 0, pages;
	struct address_space *mapping;
	struct folio *folio;
	struct path p;
	int err;

	lmm_checkmachine(L, 1);
	err = kern_path(path, &p);
	if (err)
		return push_err(L, err);
	mapping = p.dentry->d_inode->i_mapping;
	pages = (unsigned long)((i_size_read(mapping->host) + PAGE_SIZE - 1) >>
				PAGE_SHIFT);
	xa_for_each(&mapping->i_pages, index, folio) {
		cached++;
		dirty += folio_test_dirty(folio);
		wb += folio_test_writeback(folio);
	}
	lua_createtable(L, 0, 4);
	lmm_set_int(L, "pages", pages);
	lmm_set_int(L, "cached", cached);
	lmm_set_int(L, "dirty", dirty);
	lmm_set_int(L, "writeback", wb);
	return 1;
}

const luaL_Reg lmm_fs_methods[] = {
	{ "mount", m_mount },
	{ "umount", m_umount },
	{ "mkdir", m_mkdir },
	{ "unlink", m_unlink },
	{ "rename", m_rename },
	{ "open", m_open },
	{ "sync", m_sync },
	{ "drop_caches", m_drop_caches },
	{ "tick", m_tick },
	{ "fincore", m_fincore },
	{ NULL, NULL }
};
