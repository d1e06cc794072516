// SPDX-License-Identifier: GPL-2.0
/*
 * The file system calls of a task (fs/open.c, fs/read_write.c,
 * fs/sync.c, fs/file.c), as task methods named after the kernel's entry
 * points (task:read/task:write are the user-memory accessors):
 *
 *   task:sys_open(path[, flags[, mode]]) -> fd
 *	path: a string, or the address of a NUL-terminated path in the
 *	task's memory (read with strncpy_from_user); flags: O_* bits or
 *	words "r", "w", "rw" (also "rdonly", "wronly", "rdwr"), "creat",
 *	"excl", "trunc", "append", "directory", "cloexec", "largefile"
 *	joined by '|' or ','; mode: permission bits for "creat" (0644)
 *   task:sys_close(fd) -> true
 *   task:sys_read(fd, addr, len) / task:sys_write(fd, addr, len) -> n
 *   task:sys_pread64(fd, addr, len, off) / task:sys_pwrite64(...) -> n
 *   task:sys_lseek(fd, off, whence) -> pos	whence "set", "cur", "end",
 *	"data", "hole" or SEEK_* numbers
 *   task:sys_fsync(fd) / task:sys_fdatasync(fd) -> true
 *   task:sys_ftruncate(fd, len) -> true
 *   task:fds() -> { {fd=, path=, flags=, pos=, cloexec=, count=}, ... }
 *
 * A failed call returns nil and Linux's errno name ("EBADF"), as the
 * other task system calls; a dead task gives nil, "ESRCH".
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <mmsim/arch.h>
#include <mmsim/fdtable.h>
#include <mmsim/fs.h>
#include <mmsim/sched.h>

#include "lmm.h"

static int push_errno(lua_State *L, long err)
{
	static const struct { int e; const char *n; } t[] = {
		{ EBADF, "EBADF" }, { EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
		{ ENOENT, "ENOENT" }, { EEXIST, "EEXIST" },
		{ EISDIR, "EISDIR" }, { ENOTDIR, "ENOTDIR" },
		{ EMFILE, "EMFILE" }, { ENFILE, "ENFILE" },
		{ ENOMEM, "ENOMEM" }, { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
		{ ENXIO, "ENXIO" }, { EOVERFLOW, "EOVERFLOW" },
		{ ESPIPE, "ESPIPE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EACCES, "EACCES" }, { EPERM, "EPERM" }, { ESRCH, "ESRCH" },
		{ EROFS, "EROFS" },
	};
	const char *name = "EIO";

	if (err < 0)
		err = -err;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].e == err)
			name = t[i].n;
	lua_pushnil(L);
	lua_pushstring(L, name);
	return 2;
}

/* A long result: the value, or nil and the errno name. */
static int push_ret(lua_State *L, long long ret)
{
	if (ret < 0)
		return push_errno(L, (long)ret);
	lua_pushinteger(L, (lua_Integer)ret);
	return 1;
}

static int push_ok(lua_State *L, long ret)
{
	if (ret < 0)
		return push_errno(L, ret);
	lua_pushboolean(L, 1);
	return 1;
}

/* The live task at 1, or NULL (the caller returns nil, "ESRCH"). */
static struct task_struct *live_task(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);

	return t->exit_state ? NULL : t;
}

/*
 * An fd argument. The system call takes an unsigned int: -1 or 2^40
 * cannot name an open fd, so they become one that is never open (-EBADF
 * from the call, as Linux gives).
 */
static unsigned int check_fd(lua_State *L, int idx)
{
	lua_Integer fd = luaL_checkinteger(L, idx);

	return fd < 0 || fd > (lua_Integer)SYSCTL_NR_OPEN ? SYSCTL_NR_OPEN :
							    (unsigned int)fd;
}

/* A byte count: 0 to 2^31 (read(2) moves at most MAX_RW_COUNT anyway). */
static size_t check_len(lua_State *L, int idx, const char *what)
{
	lua_Integer len = luaL_checkinteger(L, idx);

	if (len < 0 || len > INT32_MAX)
		lmm_error(L, "%s: length %lld is not 0 to 2^31 - 1", what,
			  (long long)len);
	return (size_t)len;
}

static const struct { const char *name; int flag; int acc; } open_words[] = {
	{ "r", 0, O_RDONLY }, { "rdonly", 0, O_RDONLY },
	{ "w", 0, O_WRONLY }, { "wronly", 0, O_WRONLY },
	{ "rw", 0, O_RDWR }, { "rdwr", 0, O_RDWR },
	{ "creat", O_CREAT, -1 }, { "excl", O_EXCL, -1 },
	{ "trunc", O_TRUNC, -1 }, { "append", O_APPEND, -1 },
	{ "directory", O_DIRECTORY, -1 }, { "cloexec", O_CLOEXEC, -1 },
	{ "largefile", O_LARGEFILE, -1 },
};

/* O_* bits, or "rw|creat|O_TRUNC" words (an "o_" prefix is allowed). */
static int check_open_flags(lua_State *L, int idx)
{
	const char *s;
	int flags = 0, acc = O_RDONLY;

	if (lua_isnoneornil(L, idx))
		return O_RDONLY;
	if (lua_isinteger(L, idx))
		return (int)lua_tointeger(L, idx);
	s = luaL_checkstring(L, idx);
	while (*s) {
		size_t n = strcspn(s, "|, ");
		const char *w = s;
		size_t i;

		s += n;
		s += strspn(s, "|, ");
		if (!n)
			continue;
		if (n > 2 && !strncasecmp(w, "o_", 2)) {
			w += 2;
			n -= 2;
		}
		for (i = 0; i < ARRAY_SIZE(open_words); i++)
			if (strlen(open_words[i].name) == n &&
			    !strncasecmp(w, open_words[i].name, n))
				break;
		if (i == ARRAY_SIZE(open_words))
			lmm_error(L, "sys_open: unknown flag '%.*s' (r, w, rw, creat, excl, trunc, append, directory, cloexec, largefile)",
				  (int)(n > 32 ? 32 : n), w);
		if (open_words[i].acc >= 0)
			acc = open_words[i].acc;
		flags |= open_words[i].flag;
	}
	return flags | acc;
}

static int t_sys_open(lua_State *L)
{
	struct task_struct *t = live_task(L);
	int flags = check_open_flags(L, 3);
	lua_Integer mode = luaL_optinteger(L, 4, 0644);
	long ret;

	if (lua_type(L, 2) != LUA_TNUMBER)
		luaL_checkstring(L, 2);
	if (mode < 0 || mode > 07777)
		return lmm_error(L, "sys_open: mode %#llo is not 0 to 07777",
				 (long long)mode);
	if (!t)
		return push_errno(L, -ESRCH);
	if (lua_type(L, 2) == LUA_TNUMBER)
		ret = sys_open(t, (u64)luaL_checkinteger(L, 2), flags,
			       (umode_t)mode);
	else
		ret = do_sys_open(t, lua_tostring(L, 2), flags, (umode_t)mode);
	return push_ret(L, ret);
}

static int t_sys_close(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ok(L, sys_close(t, fd));
}

static int t_sys_read(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	u64 addr = (u64)luaL_checkinteger(L, 3);
	size_t len = check_len(L, 4, "sys_read");

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ret(L, ksys_read(t, fd, addr, len));
}

static int t_sys_write(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	u64 addr = (u64)luaL_checkinteger(L, 3);
	size_t len = check_len(L, 4, "sys_write");

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ret(L, ksys_write(t, fd, addr, len));
}

static int t_sys_pread64(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	u64 addr = (u64)luaL_checkinteger(L, 3);
	size_t len = check_len(L, 4, "sys_pread64");
	loff_t off = (loff_t)luaL_checkinteger(L, 5);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ret(L, ksys_pread64(t, fd, addr, len, off));
}

static int t_sys_pwrite64(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	u64 addr = (u64)luaL_checkinteger(L, 3);
	size_t len = check_len(L, 4, "sys_pwrite64");
	loff_t off = (loff_t)luaL_checkinteger(L, 5);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ret(L, ksys_pwrite64(t, fd, addr, len, off));
}

static int t_sys_lseek(lua_State *L)
{
	static const char *const names[] = {
		"set", "cur", "end", "data", "hole", NULL
	};
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	loff_t off = (loff_t)luaL_checkinteger(L, 3);
	lua_Integer whence;
	struct machine *m = current_machine();

	if (lua_isinteger(L, 4)) {
		/* Any number: lseek(2) itself refuses the bad ones. */
		whence = lua_tointeger(L, 4);
		if (whence < 0 || whence > UINT32_MAX)
			whence = UINT32_MAX;
	} else {
		whence = luaL_checkoption(L, 4, NULL, names);
	}
	/* The 32-bit lseek(2) takes a 32-bit off_t: no other can be passed. */
	if (m->arch->bits == 32 && off != (loff_t)(s32)off)
		return lmm_error(L, "sys_lseek: offset %lld does not fit the 32-bit off_t of %s",
				 (long long)off, m->arch->name);
	if (!t)
		return push_errno(L, -ESRCH);
	return push_ret(L, ksys_lseek(t, fd, off, (unsigned int)whence));
}

static int t_sys_fsync(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ok(L, do_fsync(t, fd, 0));
}

static int t_sys_fdatasync(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ok(L, do_fsync(t, fd, 1));
}

static int t_sys_ftruncate(lua_State *L)
{
	struct task_struct *t = live_task(L);
	unsigned int fd = check_fd(L, 2);
	loff_t len = (loff_t)luaL_checkinteger(L, 3);

	if (!t)
		return push_errno(L, -ESRCH);
	return push_ok(L, do_sys_ftruncate(t, fd, len));
}

/* "rw|creat|append": the words of @flags, as sys_open takes them. */
static void push_flag_words(lua_State *L, unsigned int flags)
{
	static const char *const acc[] = { "r", "w", "rw", "?" };
	char buf[96];

	snprintf(buf, sizeof(buf), "%s", acc[flags & O_ACCMODE]);
	for (size_t i = 0; i < ARRAY_SIZE(open_words); i++)
		if (open_words[i].flag && (flags & (unsigned int)open_words[i].flag)) {
			strncat(buf, "|", sizeof(buf) - strlen(buf) - 1);
			strncat(buf, open_words[i].name,
				sizeof(buf) - strlen(buf) - 1);
		}
	lua_pushstring(L, buf);
}

static int t_fds(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);
	struct fdtable *fdt;
	lua_Integer n = 0;

	lua_newtable(L);
	if (!t->files)
		return 1;
	fdt = files_fdtable(t->files);
	for (unsigned int fd = 0; fd < fdt->max_fds; fd++) {
		struct file *f = fdt->fd[fd];
		char buf[4096], *p;

		if (!f)
			continue;
		lua_createtable(L, 0, 6);
		lmm_set_int(L, "fd", fd);
		p = d_path(&f->f_path, buf, sizeof(buf));
		lua_pushstring(L, p ? p : f->f_path.dentry->d_name);
		lua_setfield(L, -2, "path");
		push_flag_words(L, fd_open_flags(t->files, fd, f));
		lua_setfield(L, -2, "flags");
		lmm_set_int(L, "pos", (u64)f->f_pos);
		lua_pushboolean(L, close_on_exec(fd, t->files));
		lua_setfield(L, -2, "cloexec");
		lmm_set_int(L, "count", (u64)f->f_count);
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

/**
 * lmm_task_file_methods - the file system calls of the task object
 *
 * Added to the task metatable by lmm_process_open().
 */
const luaL_Reg lmm_task_file_methods[] = {
	{ "sys_open", t_sys_open },
	{ "sys_close", t_sys_close },
	{ "sys_read", t_sys_read },
	{ "sys_write", t_sys_write },
	{ "sys_pread64", t_sys_pread64 },
	{ "sys_pwrite64", t_sys_pwrite64 },
	{ "sys_lseek", t_sys_lseek },
	{ "sys_fsync", t_sys_fsync },
	{ "sys_fdatasync", t_sys_fdatasync },
	{ "sys_ftruncate", t_sys_ftruncate },
	{ "fds", t_fds },
	{ NULL, NULL }
};
