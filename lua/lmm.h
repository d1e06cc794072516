/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Lua binding: module `mm` (mm.boot{...}) and the machine object.
 *
 * The machine metatable is assembled from one luaL_Reg table per subsystem
 * (lua/l<subsys>.c). A method starts with lmm_checkmachine(L, 1), which
 * also makes that machine the current one, so the Linux-named kernel
 * functions it calls act on it.
 */
#ifndef MMSIM_LUA_LMM_H
#define MMSIM_LUA_LMM_H

#include <lua.h>
#include <lauxlib.h>

#include <mmsim/machine.h>

#define LMM_MACHINE_MT	"mmsim.machine"

/* Method tables, one per subsystem (NULL-terminated luaL_Reg arrays). */
extern const luaL_Reg lmm_machine_methods[];	/* lua/lmachine.c */
extern const luaL_Reg lmm_layout_methods[];	/* lua/llayout.c */
extern const luaL_Reg lmm_page_alloc_methods[];	/* lua/lpage_alloc.c */
extern const luaL_Reg lmm_paging_methods[];	/* lua/lpaging.c */
extern const luaL_Reg lmm_slab_methods[];	/* lua/lslab.c */
extern const luaL_Reg lmm_process_methods[];	/* lua/lprocess.c */
void lmm_process_open(lua_State *L);		/* the task metatable */
#define LMM_TASK_MT	"mmsim.task"
struct task_struct;
/* The task object at index 1 (lua/lprocess.c). */
struct task_struct *lmm_check_task(lua_State *L, struct machine **mp);
/* nil and the siginfo of the signal that killed @t, or nil, errno name. */
int lmm_push_access_fail(lua_State *L, struct task_struct *t, int ret);
/* task:malloc, free, realloc, calloc, malloc_stats (lua/lumalloc.c). */
int lmm_task_malloc(lua_State *L);
int lmm_task_free(lua_State *L);
int lmm_task_realloc(lua_State *L);
int lmm_task_calloc(lua_State *L);
int lmm_task_malloc_stats(lua_State *L);
#define LMM_UMALLOC_METHODS \
	{ "malloc", lmm_task_malloc }, { "free", lmm_task_free }, \
	{ "realloc", lmm_task_realloc }, { "calloc", lmm_task_calloc }, \
	{ "malloc_stats", lmm_task_malloc_stats }
/* task:sys_open, sys_read, ..., task:fds() (lua/lfdtable.c). */
extern const luaL_Reg lmm_task_file_methods[];
extern const luaL_Reg lmm_highmem_methods[];	/* lua/lhighmem.c */
extern const luaL_Reg lmm_vmalloc_methods[];	/* lua/lvmalloc.c */
extern const luaL_Reg lmm_raw_access_methods[];	/* lua/lraw_access.c */
extern const luaL_Reg lmm_replay_methods[];	/* lua/lreplay.c */
extern const luaL_Reg lmm_fs_methods[];		/* lua/lfs.c */
extern const luaL_Reg lmm_vmtouch_methods[];	/* lua/lvmtouch.c */
/* The open file object at @idx of machine @m (task:mmap{file=}). */
struct file *lmm_tofile(lua_State *L, int idx, struct machine *m);

/* mm.xarray(): a host XArray object (lua/lxarray.c). */
int lmm_xarray_new(lua_State *L);

/* The machine userdata. */
struct lmm_machine {
	struct machine *m;	/* NULL once destroyed */
	lua_State *L;		/* thread of the last method call (trace sinks) */
	int trace_fn_ref;	/* m:trace(fn) callback, LUA_NOREF if none */
	int trace_list_ref;	/* m:trace_collect() list, LUA_NOREF if off */
	lua_Integer trace_list_len;
	bool trace_printing;	/* trace_print_sink attached */
	int in_callback;	/* > 0 while a kernel call runs a trace callback */
};

/*
 * What the host program (mmsim) tells the module: the defaults of
 * mm.boot{} (the CLI's machine options) and whether to check every machine
 * before it is destroyed (MMSIM_CHECK_AT_EXIT). Owned by the caller; must
 * outlive the lua_State.
 */
struct lmm_host {
	struct machine_config defaults;
	bool trace;			/* --trace: print events of every machine */
	bool check_on_destroy;		/* run machine_check() before destroy */
	bool default_boot_failed;	/* mm.boot{} failed on the CLI's options */
	bool progress;			/* show a meter on stderr for long boots */
	int nr_machines_checked;
	int nr_check_failures;
	struct strbuf check_report;	/* the failures, for the final report */
};

/* Open the module: returns the `mm` table (for package.preload / requiref). */
int luaopen_mm(lua_State *L);

/*
 * Install @host for the module and register `mm` in package.preload; call
 * before running scripts. With @host NULL, mm.boot{} uses
 * machine_config_default().
 */
void lmm_install(lua_State *L, struct lmm_host *host);

/* Sink delivering events to the machine's Lua callback / collector. */
void lmm_trace_sink(struct machine *m, const char *event,
		    const struct trace_field *f, int nr, void *ctx);

/*
 * Raise a Lua error formatted with the C library's printf (lua_pushfstring
 * knows no %llx, %#x or %zu), prefixed like luaL_error() with the calling
 * script's "FILE:LINE: ". Never returns.
 */
int lmm_error(lua_State *L, const char *fmt, ...) __printf(2, 3);

/*
 * A boot's progress meter: after a second, "mmsim: booting 4T: freeing
 * pages 37%" on stderr, redrawn in place and erased at the end. Only when
 * @host asks for it (mmsim sets host->progress when stderr is a terminal).
 * lmm_meter_begin_file() shows "mmsim: replaying x.log: 37%" instead.
 */
struct lmm_meter {
	bool on;
	bool shown;		/* something is on the line, erase it */
	u64 start_ns, last_ns;
	char size[32];
	const char *file;	/* lmm_meter_begin_file(): the file read */
};
void lmm_meter_begin(struct lmm_meter *mt, const struct lmm_host *host,
		     const struct machine_config *cfg);
void lmm_meter_begin_file(struct lmm_meter *mt, const struct lmm_host *host,
			  const char *file);
void lmm_meter_end(struct lmm_meter *mt);

/*
 * The machine at @idx (raises a Lua error otherwise, and from the machine's
 * own trace callbacks); makes it current.
 */
struct machine *lmm_checkmachine(lua_State *L, int idx);
/* The same for methods that only read, allowed in trace callbacks too. */
struct machine *lmm_peekmachine(lua_State *L, int idx);
/* t[k] = v for the table on top of the stack (v as a Lua integer). */
void lmm_set_int(lua_State *L, const char *k, u64 v);
/* The userdata behind a machine argument, without entering it. */
struct lmm_machine *lmm_checkudata(lua_State *L, int idx);

#endif /* MMSIM_LUA_LMM_H */
