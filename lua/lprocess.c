// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods for user processes:
 *
 *   m:spawn(name[, {stack=, seed=, norandmaps=, text=, data=, bss=}])
 *	-> task
 *   m:process(pid) -> task (live or exited)
 *
 * and the task object (a table holding its machine and pid):
 *
 *   task:pid() / task:comm() / task:alive() / task:exit()
 *   task:mmap{addr=, len=, prot="rw-", flags="private|anonymous",
 *	     fd= | file=, offset=} -> addr
 *   task:munmap(addr, len) / task:mprotect(addr, len, prot) -> true
 *   task:brk([new]) -> brk
 *	system calls: nil, "ENOMEM" (Linux's errno name) on failure
 *   task:read(addr, len) -> bytes | nil, siginfo
 *   task:write(addr, bytes) -> true | nil, siginfo
 *   task:exec(addr) -> true | nil, siginfo	(an instruction fetch)
 *   task:execve(name[, {text=, data=, bss=, seed=, norandmaps=}]) -> true
 *   task:fork() -> task
 *   task:signals() -> { {signo=, name=, code=, addr=}, ... }
 *   task:vmas() -> { {start=, ["end"]=, flags=, prot=, name=}, ... }
 *   task:pte(addr) -> {present=, write=, user=, dirty=, young=, pfn=, zero=}
 *   task:mm() -> {start_brk=, brk=, mmap_base=, start_stack=, ...}
 *   task:mremap(addr, old_len, new_len[, flags[, new_addr]]) -> addr
 *   task:madvise(addr, len, advice) / task:mlock(addr, len) /
 *   task:munlock(addr, len) -> true
 *   task:mincore(addr, len) -> {0|1, ...}
 *   task:setrlimit(name, cur[, max]) -> true
 *   task:getrlimit(name) -> cur, max	("unlimited" for RLIM_INFINITY)
 *   task:faults() -> {min_flt=, maj_flt=}
 *   task:malloc / calloc / realloc / free / malloc_stats (lua/lumalloc.c)
 *   task:sys_open / sys_read / ... / fds (lua/lfdtable.c)
 */
#include <string.h>
#include <strings.h>

#include <mmsim/fdtable.h>
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/page-flags.h>
#include <mmsim/sched.h>

#include "lmm.h"


static struct task_struct *lookup_task(struct machine *m, int pid)
{
	struct task_struct *t;

	if (!m->paging || !m->procs)
		return NULL;
	list_for_each_entry(t, &m->paging->task_list, tasks)
		if (t->pid == pid && t->mm && t->mm->slab_obj)
			return t;
	list_for_each_entry(t, &m->procs->zombies, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

static void push_task(lua_State *L, int machine_idx, int pid)
{
	/* [1] the machine, [2] the pid: no field shadows a method. */
	lua_createtable(L, 2, 0);
	lua_pushvalue(L, machine_idx);
	lua_rawseti(L, -2, 1);
	lua_pushinteger(L, pid);
	lua_rawseti(L, -2, 2);
	luaL_setmetatable(L, LMM_TASK_MT);
}

/* The task at index 1 (live or a zombie); enters its machine. */
struct task_struct *lmm_check_task(lua_State *L, struct machine **mp)
{
	struct task_struct *t;
	struct machine *m;
	int pid;

	if (!lua_getmetatable(L, 1))
		luaL_typeerror(L, 1, "task");
	luaL_getmetatable(L, LMM_TASK_MT);
	if (!lua_rawequal(L, -1, -2))
		luaL_typeerror(L, 1, "task");
	lua_pop(L, 2);
	lua_rawgeti(L, 1, 1);
	m = lmm_checkmachine(L, -1);
	lua_pop(L, 1);
	lua_rawgeti(L, 1, 2);
	pid = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	t = lookup_task(m, pid);
	if (!t)
		lmm_error(L, "no process with pid %d", pid);
	if (mp)
		*mp = m;
	return t;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESRCH: return "ESRCH";
	case EAGAIN: return "EAGAIN";
	case ENODEV: return "ENODEV";
	case ENOENT: return "ENOENT";
	case EISDIR: return "EISDIR";
	case ENOTDIR: return "ENOTDIR";
	case EBUSY: return "EBUSY";
	default: return "EIO";
	}
}

static int push_errno(lua_State *L, int err)
{
	lua_pushnil(L);
	lua_pushstring(L, errno_name(err));
	return 2;
}

/* "rw-", "r-x", "---": letters in any order; or an integer of PROT_*. */
static unsigned long check_prot(lua_State *L, int idx)
{
	unsigned long prot = 0;
	const char *s;

	if (lua_isinteger(L, idx))
		return (unsigned long)lua_tointeger(L, idx);
	s = luaL_checkstring(L, idx);
	for (; *s; s++) {
		switch (*s) {
		case 'r': prot |= PROT_READ; break;
		case 'w': prot |= PROT_WRITE; break;
		case 'x': prot |= PROT_EXEC; break;
		case '-': break;
		default:
			lmm_error(L, "bad prot '%s': expected letters r, w, x or -",
				  lua_tostring(L, idx));
		}
	}
	return prot;
}

static const struct { const char *name; unsigned long bit; } map_names[] = {
	{ "shared", MAP_SHARED }, { "private", MAP_PRIVATE },
	{ "shared_validate", MAP_SHARED_VALIDATE }, { "fixed", MAP_FIXED },
	{ "anonymous", MAP_ANONYMOUS }, { "anon", MAP_ANONYMOUS },
	{ "growsdown", MAP_GROWSDOWN }, { "locked", MAP_LOCKED },
	{ "noreserve", MAP_NORESERVE }, { "populate", MAP_POPULATE },
	{ "nonblock", MAP_NONBLOCK }, { "stack", MAP_STACK },
	{ "fixed_noreplace", MAP_FIXED_NOREPLACE },
};

/* "private|anonymous|fixed" (MAP_ prefix and case optional) or an integer. */
static unsigned long check_map_flags(lua_State *L, int idx)
{
	unsigned long flags = 0;
	const char *s;

	if (lua_isinteger(L, idx))
		return (unsigned long)lua_tointeger(L, idx);
	s = luaL_checkstring(L, idx);
	while (*s) {
		size_t n = strcspn(s, "|"), i;
		char word[32];

		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		for (i = 0; i < n; i++)
			word[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ?
					 s[i] - 'A' + 'a' : s[i]);
		word[n] = 0;
		for (i = 0; i < ARRAY_SIZE(map_names); i++) {
			const char *w = word;

			if (!strncmp(w, "map_", 4))
				w += 4;
			if (!strcmp(w, map_names[i].name))
				break;
		}
		if (i == ARRAY_SIZE(map_names))
			lmm_error(L, "unknown mmap flag '%s'", word);
		flags |= map_names[i].bit;
		s += n;
		while (*s == '|')
			s++;
	}
	return flags;
}

static lua_Integer opt_field_int(lua_State *L, int t, const char *k,
				 lua_Integer d)
{
	lua_Integer v = d;

	lua_getfield(L, t, k);
	if (!lua_isnil(L, -1)) {
		if (lua_isstring(L, -1) && !lua_isinteger(L, -1)) {
			u64 sz;

			if (parse_size(lua_tostring(L, -1), &sz))
				lmm_error(L, "bad %s '%s': %s", k,
					  lua_tostring(L, -1), SIZE_SYNTAX);
			v = (lua_Integer)sz;
		} else {
			v = luaL_checkinteger(L, -1);
		}
	}
	lua_pop(L, 1);
	return v;
}

/*
 * The program image options of m:spawn and task:execve at @idx:
 * {text=, data=, bss=, stack=, seed=, norandmaps=}. @verb names the call
 * in errors; stack= only with @stack_opt (execve's stack limit is the
 * process's RLIMIT_STACK).
 */
static void check_image_opts(lua_State *L, int idx, const char *verb,
			     const char *name, bool stack_opt,
			     struct spawn_opts *o)
{
	lua_Integer v;

	o->text = 0x4000;
	o->data = 0x1000;
	o->bss = 0x2000;
	if (lua_isnoneornil(L, idx))
		return;
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_typeerror(L, idx, "table");
	o->text = (u64)opt_field_int(L, idx, "text", (lua_Integer)o->text);
	o->data = (u64)opt_field_int(L, idx, "data", (lua_Integer)o->data);
	o->bss = (u64)opt_field_int(L, idx, "bss", (lua_Integer)o->bss);
	if (stack_opt) {
		v = opt_field_int(L, idx, "stack", 8 << 20);
		if (v < (lua_Integer)PAGE_SIZE || v > (lua_Integer)(1ULL << 32))
			lmm_error(L, "cannot %s '%s': stack limit %lld out of range (4K to 4G)",
				  verb, name, (long long)v);
		o->stack = (u64)v;
	} else if (lua_getfield(L, idx, "stack") != LUA_TNIL) {
		lmm_error(L, "cannot %s '%s': the stack's limit is the process's RLIMIT_STACK (task:setrlimit), not an option",
			  verb, name);
	} else {
		lua_pop(L, 1);
	}
	lua_getfield(L, idx, "seed");
	if (!lua_isnil(L, -1)) {
		if (!lua_isinteger(L, -1))
			lmm_error(L, "cannot %s '%s': seed= must be an integer",
				  verb, name);
		o->seed = (u64)lua_tointeger(L, -1);
		o->has_seed = true;
	}
	lua_getfield(L, idx, "norandmaps");
	o->norandmaps = lua_toboolean(L, -1);
	lua_pop(L, 2);
	if (o->text > (1ULL << 30) || o->data > (1ULL << 30) ||
	    o->bss > (1ULL << 30))
		lmm_error(L, "cannot %s '%s': image larger than 1G", verb, name);
}

static int l_spawn(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const char *name = luaL_checkstring(L, 2);
	struct spawn_opts o = { 0 };
	struct task_struct *t;
	int err;

	if (!m->paging)
		return lmm_error(L, "cannot spawn '%s': paging is not set up",
				 name);
	check_image_opts(L, 3, "spawn", name, true, &o);	/* stack 0: 8 MiB */
	t = spawn_process(name, &o, &err);
	if (!t)
		return lmm_error(L, "cannot spawn '%s': out of memory", name);
	push_task(L, 1, t->pid);
	return 1;
}

static int l_process(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	int pid = (int)luaL_checkinteger(L, 2);

	if (!lookup_task(m, pid))
		return lmm_error(L, "no process with pid %d", pid);
	push_task(L, 1, pid);
	return 1;
}

const luaL_Reg lmm_process_methods[] = {
	{ "spawn", l_spawn },
	{ "process", l_process },
	{ NULL, NULL }
};

/* ---- task methods ---------------------------------------------------- */

static int t_pid(lua_State *L)
{
	lua_pushinteger(L, lmm_check_task(L, NULL)->pid);
	return 1;
}

static int t_comm(lua_State *L)
{
	lua_pushstring(L, lmm_check_task(L, NULL)->comm);
	return 1;
}

static int t_alive(lua_State *L)
{
	lua_pushboolean(L, !lmm_check_task(L, NULL)->exit_state);
	return 1;
}

static int t_exit(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);

	do_exit(t, (int)(luaL_optinteger(L, 2, 0) & 0xff) << 8);
	return 0;
}

/* The live task at 1, or NULL after pushing nil, "ESRCH". */
static struct task_struct *live_task(lua_State *L, struct machine **mp)
{
	struct task_struct *t = lmm_check_task(L, mp);

	return t->exit_state ? NULL : t;
}

static int t_mmap(lua_State *L)
{
	struct task_struct *t;
	u64 addr, len, ret;
	unsigned long prot, flags;
	struct file *file = NULL;
	struct machine *m;
	lua_Integer offset;
	bool flags_given, opened = false;

	luaL_checktype(L, 2, LUA_TTABLE);
	t = live_task(L, &m);
	addr = (u64)opt_field_int(L, 2, "addr", 0);
	lua_getfield(L, 2, "len");
	if (lua_isnil(L, -1))
		return lmm_error(L, "mmap: len is required");
	lua_pop(L, 1);
	len = (u64)opt_field_int(L, 2, "len", 0);
	lua_getfield(L, 2, "prot");
	prot = lua_isnil(L, -1) ? PROT_READ | PROT_WRITE : check_prot(L, -1);
	lua_getfield(L, 2, "flags");
	flags_given = !lua_isnil(L, -1);
	flags = !flags_given ? MAP_PRIVATE | MAP_ANONYMOUS :
		check_map_flags(L, -1);
	lua_pop(L, 2);
	offset = opt_field_int(L, 2, "offset", 0);
	lua_getfield(L, 2, "fd");
	lua_getfield(L, 2, "file");
	if ((!lua_isnil(L, -1) || !lua_isnil(L, -2)) && !flags_given)
		flags = MAP_PRIVATE;
	if (!lua_isnil(L, -1) && !lua_isnil(L, -2))
		return lmm_error(L, "mmap: give fd= or file=, not both");
	if (!t) {
		lua_pop(L, 2);
		return push_errno(L, ESRCH);
	}
	if (!lua_isnil(L, -2)) {
		/* An fd of the task: mmap(2) proper (fget(), EBADF). */
		lua_Integer fd = luaL_checkinteger(L, -2);

		file = fd < 0 || fd > INT32_MAX ? NULL :
		       fget(t, (unsigned int)fd);
		if (!file) {
			lua_pop(L, 2);
			return push_errno(L, EBADF);
		}
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		/* A path: opened for the mapping's needs, closed after. */
		bool rw = (flags & MAP_TYPE) != MAP_PRIVATE &&
			  (prot & PROT_WRITE);
		int err;

		file = filp_open(lua_tostring(L, -1), rw ? O_RDWR : O_RDONLY,
				 0, &err);
		if (!file) {
			lua_pop(L, 2);
			return push_errno(L, -err);
		}
		opened = true;
	} else if (!lua_isnil(L, -1)) {
		file = get_file(lmm_tofile(L, -1, m));
	}
	lua_pop(L, 2);
	/* The mmap(2) wrapper's check: the byte offset must be page aligned. */
	if (file && (offset < 0 || (offset & (lua_Integer)~PAGE_MASK)))
		ret = -(u64)EINVAL;
	else
		ret = do_mmap_file(file, t->mm, addr, len, prot, flags,
				   (u64)offset >> PAGE_SHIFT);
	if (opened)
		filp_close(file);
	else if (file)
		fput(file);
	if (ret & ~PAGE_MASK)
		return push_errno(L, (int)-(s64)ret);
	lua_pushinteger(L, (lua_Integer)ret);
	return 1;
}

static int t_msync(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	u64 len = (u64)luaL_checkinteger(L, 3);
	int flags = MS_SYNC, ret;

	if (!lua_isnoneornil(L, 4)) {
		const char *s = luaL_checkstring(L, 4);

		flags = !strcmp(s, "sync") ? MS_SYNC :
			!strcmp(s, "async") ? MS_ASYNC :
			!strcmp(s, "invalidate") ? MS_SYNC | MS_INVALIDATE :
			-1;
		if (flags < 0)
			return lmm_error(L, "msync: flags must be 'sync', 'async' or 'invalidate', not '%s'", s);
	}
	if (!t)
		return push_errno(L, ESRCH);
	ret = do_msync(t->mm, addr, len, flags);
	if (ret)
		return push_errno(L, -ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_munmap(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	u64 len = (u64)luaL_checkinteger(L, 3);
	int ret;

	if (!t)
		return push_errno(L, ESRCH);
	ret = do_munmap(t->mm, addr, len);
	if (ret)
		return push_errno(L, -ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_mprotect(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	u64 len = (u64)luaL_checkinteger(L, 3);
	unsigned long prot = check_prot(L, 4);
	int ret;

	if (!t)
		return push_errno(L, ESRCH);
	ret = do_mprotect(t->mm, addr, len, prot);
	if (ret)
		return push_errno(L, -ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_brk(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 brk = (u64)luaL_optinteger(L, 2, 0);

	if (!t)
		return push_errno(L, ESRCH);
	lua_pushinteger(L, (lua_Integer)do_brk(t->mm, brk));
	return 1;
}

static void push_siginfo(lua_State *L, const struct ksiginfo *si)
{
	lua_newtable(L);
	lmm_set_int(L, "signo", (u64)si->si_signo);
	lua_pushstring(L, signal_name(si->si_signo));
	lua_setfield(L, -2, "name");
	lua_pushstring(L, si->si_signo == SIGSEGV ?
		       segv_code_name(si->si_code) :
		       si->si_signo == SIGBUS && si->si_code == BUS_ADRERR ?
		       "BUS_ADRERR" :
		       si->si_code == SI_KERNEL ? "SI_KERNEL" :
		       si->si_code == SI_TKILL ? "SI_TKILL" : "?");
	lua_setfield(L, -2, "code");
	lmm_set_int(L, "addr", si->si_addr);
}

/* After a failed access: nil and the signal it got (or the errno). */
int lmm_push_access_fail(lua_State *L, struct task_struct *t, int ret)
{
	if (ret == -EFAULT && t->nr_sigs) {
		lua_pushnil(L);
		push_siginfo(L, &t->sigs[t->nr_sigs - 1]);
		return 2;
	}
	return push_errno(L, -ret);
}

#define MAX_ACCESS	(64ULL << 20)

static int t_read(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	lua_Integer len = luaL_checkinteger(L, 3);
	luaL_Buffer b;
	char *p;
	int ret;

	if (len < 0 || (u64)len > MAX_ACCESS)
		return lmm_error(L, "cannot read %lld bytes: 0 to 64M at a time",
				 (long long)len);
	if (!t)
		return push_errno(L, ESRCH);
	p = luaL_buffinitsize(L, &b, (size_t)len);
	ret = access_process_vm_user(t, addr, p, (u64)len, false, false);
	if (ret)
		return lmm_push_access_fail(L, t, ret);
	luaL_pushresultsize(&b, (size_t)len);
	return 1;
}

static int t_write(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);
	int ret;

	if (!t)
		return push_errno(L, ESRCH);
	ret = access_process_vm_user(t, addr, (void *)s, len, true, false);
	if (ret)
		return lmm_push_access_fail(L, t, ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_exec(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	int ret;

	if (!t)
		return push_errno(L, ESRCH);
	ret = access_process_vm_user(t, addr, NULL, 1, false, true);
	if (ret)
		return lmm_push_access_fail(L, t, ret);
	lua_pushboolean(L, 1);
	return 1;
}

/*
 * task:execve(name[, {text=, data=, bss=, seed=, norandmaps=}]) -> true:
 * a new program image in this process (do_execve).
 */
static int t_execve(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	const char *name = luaL_checkstring(L, 2);
	struct spawn_opts o = { 0 };
	int ret;

	check_image_opts(L, 3, "execve", name, false, &o);
	if (!t)
		return push_errno(L, ESRCH);
	ret = do_execve(t, name, &o);
	if (ret)
		return push_errno(L, -ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_fork(lua_State *L)
{
	struct machine *m;
	struct task_struct *t = lmm_check_task(L, &m), *child;
	int err;

	if (t->exit_state)
		return push_errno(L, ESRCH);
	child = do_fork(t, &err);
	if (!child)
		return push_errno(L, -err);
	lua_rawgeti(L, 1, 1);
	push_task(L, lua_gettop(L), child->pid);
	return 1;
}

static int t_signals(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);

	lua_createtable(L, t->nr_sigs, 0);
	for (int i = 0; i < t->nr_sigs; i++) {
		push_siginfo(L, &t->sigs[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int t_vmas(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	struct vm_area_struct *v;
	int i = 0;

	lua_newtable(L);
	if (!t)
		return 1;
	for_each_vma(t->mm, v) {
		char prot[5] = {
			v->vm_flags & VM_READ ? 'r' : '-',
			v->vm_flags & VM_WRITE ? 'w' : '-',
			v->vm_flags & VM_EXEC ? 'x' : '-',
			v->vm_flags & VM_MAYSHARE ? 's' : 'p', 0 };

		lua_newtable(L);
		lmm_set_int(L, "start", v->vm_start);
		lmm_set_int(L, "end", v->vm_end);
		lmm_set_int(L, "flags", v->vm_flags);
		lmm_set_int(L, "pgoff", v->vm_pgoff);
		lua_pushstring(L, prot);
		lua_setfield(L, -2, "prot");
		lua_pushboolean(L, v->anon_vma != NULL);
		lua_setfield(L, -2, "anon_vma");
		lua_rawseti(L, -2, ++i);
	}
	return 1;
}

static int t_pte(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	enum pt_level_idx lvl;
	pte_t *p, pte;

	lua_newtable(L);
	if (!t || addr >= t->mm->task_size)
		return 1;
	p = pt_lookup(t->mm, addr & PAGE_MASK, &lvl);
	if (!p || lvl != PT_PTE) {
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "present");
		return 1;
	}
	pte = ptep_get(p);
	lmm_set_int(L, "value", pte_val(pte));
	lmm_set_int(L, "pfn", pte_pfn(pte));
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "present");
	lua_pushboolean(L, pte_write(pte));
	lua_setfield(L, -2, "write");
	lua_pushboolean(L, pte_user(pte));
	lua_setfield(L, -2, "user");
	lua_pushboolean(L, pte_dirty(pte));
	lua_setfield(L, -2, "dirty");
	lua_pushboolean(L, pte_young(pte));
	lua_setfield(L, -2, "young");
	lua_pushboolean(L, pte_exec(pte));
	lua_setfield(L, -2, "exec");
	lua_pushboolean(L, pte_pfn(pte) == zero_pfn());
	lua_setfield(L, -2, "zero");
	if (pte_pfn(pte) != zero_pfn()) {
		struct page *page = pfn_to_page(pte_pfn(pte));

		lmm_set_int(L, "mapcount", (u64)page_mapcount(page));
		lmm_set_int(L, "refcount", (u64)page_ref_count(page));
	}
	return 1;
}

static int t_mm(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	struct mm_struct *mm;

	lua_newtable(L);
	if (!t)
		return 1;
	mm = t->mm;
	lmm_set_int(L, "start_code", mm->start_code);
	lmm_set_int(L, "end_code", mm->end_code);
	lmm_set_int(L, "start_data", mm->start_data);
	lmm_set_int(L, "end_data", mm->end_data);
	lmm_set_int(L, "start_brk", mm->start_brk);
	lmm_set_int(L, "brk", mm->brk);
	lmm_set_int(L, "start_stack", mm->start_stack);
	lmm_set_int(L, "mmap_base", mm->mmap_base);
	lmm_set_int(L, "task_size", mm->task_size);
	lmm_set_int(L, "map_count", (u64)mm->map_count);
	lmm_set_int(L, "total_vm", mm->total_vm);
	lmm_set_int(L, "rss_anon", (u64)mm->rss_stat[MM_ANONPAGES]);
	lmm_set_int(L, "rss_file", (u64)mm->rss_stat[MM_FILEPAGES]);
	lmm_set_int(L, "pgtables_bytes", mm->pgtables_bytes);
	lmm_set_int(L, "stack_rlimit", mm->stack_rlimit);
	return 1;
}

/* An address or length argument: an integer or a size string ("1M"). */
static u64 check_size_arg(lua_State *L, int idx)
{
	u64 v;

	if (lua_isinteger(L, idx))
		return (u64)lua_tointeger(L, idx);
	if (lua_type(L, idx) == LUA_TSTRING) {
		if (parse_size(lua_tostring(L, idx), &v))
			lmm_error(L, "bad size '%s': %s", lua_tostring(L, idx),
				  SIZE_SYNTAX);
		return v;
	}
	return (u64)luaL_checkinteger(L, idx);
}

/* "maymove|fixed|dontunmap" (MREMAP_ prefix optional) or an integer. */
static unsigned long check_mremap_flags(lua_State *L, int idx)
{
	static const char *const names[] = { "maymove", "fixed", "dontunmap" };
	unsigned long flags = 0;
	const char *s;

	if (lua_isnoneornil(L, idx))
		return 0;
	if (lua_isinteger(L, idx))
		return (unsigned long)lua_tointeger(L, idx);
	s = luaL_checkstring(L, idx);
	while (*s) {
		size_t n = strcspn(s, "|"), i;

		if (n > 7 && !strncasecmp(s, "mremap_", 7)) {
			s += 7;
			n -= 7;
		}
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
				break;
		if (i == ARRAY_SIZE(names))
			lmm_error(L, "unknown mremap flag '%.*s'", (int)n, s);
		flags |= 1UL << i;	/* MAYMOVE 1, FIXED 2, DONTUNMAP 4 */
		s += n;
		while (*s == '|')
			s++;
	}
	return flags;
}

static int t_mremap(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2);
	u64 old_len = check_size_arg(L, 3), new_len = check_size_arg(L, 4);
	unsigned long flags = check_mremap_flags(L, 5);
	u64 new_addr = (u64)luaL_optinteger(L, 6, 0), ret;

	if (!t)
		return push_errno(L, ESRCH);
	ret = do_mremap(t->mm, addr, old_len, new_len, flags, new_addr);
	if (ret & ~PAGE_MASK)
		return push_errno(L, (int)-(s64)ret);
	lua_pushinteger(L, (lua_Integer)ret);
	return 1;
}

static int push_result(lua_State *L, int ret)
{
	if (ret)
		return push_errno(L, -ret);
	lua_pushboolean(L, 1);
	return 1;
}

static int t_madvise(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2), len = check_size_arg(L, 3);
	int advice;

	if (lua_isinteger(L, 4)) {
		advice = (int)lua_tointeger(L, 4);
	} else {
		advice = madvise_by_name(luaL_checkstring(L, 4));
		if (advice < 0)
			return lmm_error(L, "unknown madvise advice '%s'",
					 lua_tostring(L, 4));
	}
	if (!t)
		return push_errno(L, ESRCH);
	return push_result(L, do_madvise(t->mm, addr, len, advice));
}

static int t_mlock(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2), len = check_size_arg(L, 3);

	if (!t)
		return push_errno(L, ESRCH);
	return push_result(L, do_mlock(t->mm, addr, len));
}

static int t_munlock(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2), len = check_size_arg(L, 3);

	if (!t)
		return push_errno(L, ESRCH);
	return push_result(L, do_munlock(t->mm, addr, len));
}

#define MAX_MINCORE_PAGES	(1ULL << 20)

static int t_mincore(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	u64 addr = (u64)luaL_checkinteger(L, 2), len = check_size_arg(L, 3);
	u64 pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	unsigned char *vec;
	int ret;

	if (pages > MAX_MINCORE_PAGES)
		return lmm_error(L, "cannot mincore %llu pages: at most 1M at a time",
				 (unsigned long long)pages);
	if (!t)
		return push_errno(L, ESRCH);
	vec = lua_newuserdatauv(L, pages ? pages : 1, 0);
	ret = do_mincore(t->mm, addr, len, vec);
	if (ret)
		return push_errno(L, -ret);
	lua_createtable(L, (int)pages, 0);
	for (u64 i = 0; i < pages; i++) {
		lua_pushinteger(L, vec[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int check_resource(lua_State *L, int idx)
{
	int r;

	if (lua_isinteger(L, idx))
		return (int)lua_tointeger(L, idx);
	r = rlimit_by_name(luaL_checkstring(L, idx));
	if (r < 0)
		return lmm_error(L, "unknown resource '%s': expected RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK, ...",
				 lua_tostring(L, idx));
	return r;
}

/* A limit: an integer, a size string, or "unlimited" / "infinity". */
static u64 check_limit(lua_State *L, int idx)
{
	const char *s;

	if (lua_type(L, idx) == LUA_TSTRING) {
		s = lua_tostring(L, idx);
		if (!strcmp(s, "unlimited") || !strcmp(s, "infinity"))
			return RLIM_INFINITY;
	}
	return check_size_arg(L, idx);
}

static void push_limit(lua_State *L, u64 v)
{
	if (v == RLIM_INFINITY)
		lua_pushliteral(L, "unlimited");
	else
		lua_pushinteger(L, (lua_Integer)v);
}

static int t_setrlimit(lua_State *L)
{
	struct task_struct *t = live_task(L, NULL);
	int res = check_resource(L, 2);
	struct rlimit r = { .rlim_cur = check_limit(L, 3) };

	if (!t)
		return push_errno(L, ESRCH);
	r.rlim_max = lua_isnoneornil(L, 4) ?
		     (res >= 0 && res < RLIM_NLIMITS ?
		      t->rlim[res].rlim_max : r.rlim_cur) :
		     check_limit(L, 4);
	return push_result(L, do_prlimit(t, (unsigned int)res, &r, NULL));
}

static int t_getrlimit(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);
	int res = check_resource(L, 2);
	struct rlimit r;
	int ret = do_prlimit(t, (unsigned int)res, NULL, &r);

	if (ret)
		return push_errno(L, -ret);
	push_limit(L, r.rlim_cur);
	push_limit(L, r.rlim_max);
	return 2;
}

static int t_faults(lua_State *L)
{
	struct task_struct *t = lmm_check_task(L, NULL);

	lua_newtable(L);
	lmm_set_int(L, "min_flt", t->min_flt);
	lmm_set_int(L, "maj_flt", t->maj_flt);
	return 1;
}

static int t_tostring(lua_State *L)
{
	lua_rawgeti(L, 1, 2);
	lua_pushfstring(L, "task(pid %d)", (int)lua_tointeger(L, -1));
	return 1;
}

static const luaL_Reg task_methods[] = {
	{ "pid", t_pid }, { "comm", t_comm }, { "alive", t_alive },
	{ "exit", t_exit }, { "mmap", t_mmap }, { "munmap", t_munmap },
	{ "msync", t_msync },
	{ "mprotect", t_mprotect }, { "brk", t_brk }, { "read", t_read },
	{ "write", t_write }, { "exec", t_exec }, { "execve", t_execve },
	{ "fork", t_fork },
	{ "signals", t_signals }, { "vmas", t_vmas }, { "pte", t_pte },
	{ "mm", t_mm }, { "mremap", t_mremap }, { "madvise", t_madvise },
	{ "mlock", t_mlock }, { "munlock", t_munlock },
	{ "mincore", t_mincore }, { "setrlimit", t_setrlimit },
	{ "getrlimit", t_getrlimit }, { "faults", t_faults },
	LMM_UMALLOC_METHODS,
	{ NULL, NULL }
};

/**
 * lmm_process_open - register the task metatable
 * @L: Lua state
 */
void lmm_process_open(lua_State *L)
{
	if (luaL_newmetatable(L, LMM_TASK_MT)) {
		luaL_newlib(L, task_methods);
		luaL_setfuncs(L, lmm_task_file_methods, 0);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, t_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
}
