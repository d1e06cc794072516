// SPDX-License-Identifier: GPL-2.0
/*
 * Module `mm`: mm.boot{...}, the machine object and its metatable.
 *
 * No Linux counterpart. The machine metatable's methods come from one
 * luaL_Reg table per subsystem (lmm_method_tables below); each lives in
 * lua/l<subsys>.c next to the code it exposes.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lualib.h>

#include <mmsim/progress.h>

#include "lmm.h"

/* Every table of machine methods; a subsystem adds its line here. */
static const luaL_Reg *const lmm_method_tables[] = {
	lmm_machine_methods,
	lmm_layout_methods,
	lmm_page_alloc_methods,
	lmm_paging_methods,
	lmm_slab_methods,
	lmm_process_methods,
	lmm_highmem_methods,
	lmm_vmalloc_methods,
	lmm_raw_access_methods,
	lmm_replay_methods,
	lmm_fs_methods,
	lmm_vmtouch_methods,
	NULL
};

#define LMM_HOST_KEY	"mmsim.host"

void lmm_set_int(lua_State *L, const char *k, u64 v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, k);
}

/**
 * lmm_error - raise a Lua error formatted with the C library's printf
 * @L: Lua state, inside a C function called from Lua
 * @fmt: printf format (lua_pushfstring knows no %llx, %#x or %zu)
 *
 * Every error of the binding goes through here or luaL_error(): both put
 * the caller's position first, "FILE:LINE: " (luaL_where() at level 1, the
 * function that called the method), so a script's error names its line.
 * A method called from C (pcall(m.free_pages, m, ...)) has no line, as in
 * Lua's own libraries.
 *
 * Return: never returns.
 */
int lmm_error(lua_State *L, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	luaL_where(L, 1);
	lua_pushstring(L, buf);
	lua_concat(L, 2);
	return lua_error(L);
}

/* ---- the machine object ------------------------------------------------ */

static struct lmm_host *lmm_host(lua_State *L)
{
	struct lmm_host *host;

	lua_getfield(L, LUA_REGISTRYINDEX, LMM_HOST_KEY);
	host = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return host;
}

struct lmm_machine *lmm_checkudata(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, LMM_MACHINE_MT);
}

/**
 * lmm_peekmachine - the machine argument of a method that only looks
 * @L: Lua state
 * @idx: stack index of the machine
 *
 * As lmm_checkmachine(), but also allowed from the machine's own trace
 * callbacks: for methods that read state and never enter the kernel
 * (m:page, m:stats, m:info, m:dmesg, m:trace).
 *
 * Return: the machine.
 */
struct machine *lmm_peekmachine(lua_State *L, int idx)
{
	struct lmm_machine *ud = lmm_checkudata(L, idx);

	if (!ud->m)
		luaL_error(L, "machine has been destroyed");
	ud->L = L;
	machine_enter(ud->m);
	return ud->m;
}

/**
 * lmm_checkmachine - the machine argument of a method
 * @L: Lua state
 * @idx: stack index of the machine
 *
 * Raises a Lua error if the value is not a live machine, or if a trace
 * callback of this machine runs: the kernel function that emitted the
 * event is still half-way through (a pcp list being drained, a block
 * being split), and, as Linux forbids allocating or freeing from a
 * tracepoint handler, re-entering it is refused. Makes the machine current
 * (machine_enter()), so kernel functions called next act on it.
 *
 * Return: the machine.
 */
struct machine *lmm_checkmachine(lua_State *L, int idx)
{
	struct lmm_machine *ud = lmm_checkudata(L, idx);

	if (ud->m && ud->in_callback)
		luaL_error(L, "cannot enter the kernel from a trace callback of the same machine: the traced kernel function has not returned (only m:page, m:stats, m:info, m:dmesg and m:trace work there)");
	return lmm_peekmachine(L, idx);
}

/* Check (if asked), then destroy the machine of @ud. Idempotent. */
static void lmm_destroy(lua_State *L, struct lmm_machine *ud)
{
	struct lmm_host *host = lmm_host(L);
	struct machine *m = ud->m;
	struct machine *prev;
	char b[32];

	luaL_unref(L, LUA_REGISTRYINDEX, ud->trace_fn_ref);
	luaL_unref(L, LUA_REGISTRYINDEX, ud->trace_list_ref);
	ud->trace_fn_ref = ud->trace_list_ref = LUA_NOREF;
	if (!m)
		return;
	/* No Lua callbacks from a finalizer: the thread they knew may be gone. */
	trace_detach(m, lmm_trace_sink, ud);
	ud->L = L;
	ud->m = NULL;
	prev = machine_enter(m);
	if (host && host->check_on_destroy) {
		host->nr_machines_checked++;
		if (machine_check(m)) {
			host->nr_check_failures++;
			sb_printf(&host->check_report,
				  "machine %s with %s: invariant check failed\n%s",
				  arch_name(m->cfg.arch),
				  format_size(m->cfg.mem, b, sizeof(b)),
				  sb_str(&m->check_report));
			if (m->check_report.len &&
			    m->check_report.buf[m->check_report.len - 1] != '\n')
				sb_puts(&host->check_report, "\n");
		}
	}
	machine_destroy(m);
	machine_enter(prev == m ? NULL : prev);
}

static int machine_gc(lua_State *L)
{
	lmm_destroy(L, lmm_checkudata(L, 1));
	return 0;
}

static int machine_tostring(lua_State *L)
{
	struct lmm_machine *ud = lmm_checkudata(L, 1);
	const struct machine_config *c;
	char b[32];

	if (!ud->m) {
		lua_pushliteral(L, "machine (destroyed)");
		return 1;
	}
	c = &ud->m->cfg;
	lua_pushfstring(L, "machine (%s, mem=%s, cpus=%d, nodes=%d)",
			arch_name(c->arch),
			format_size(c->mem, b, sizeof(b)), c->cpus,
			c->nodes);
	return 1;
}

/* m:destroy() and `local m <close> = mm.boot{}`. */
static int machine_destroy_method(lua_State *L)
{
	struct lmm_machine *ud = lmm_checkudata(L, 1);

	/* The kernel call that emitted the event still runs on it. */
	if (ud->in_callback)
		return luaL_error(L, "cannot destroy a machine from its own trace callback");
	lmm_destroy(L, ud);
	return 0;
}

/* ---- the progress meter (boots, mmsim replay) --------------------------- */

#define METER_AFTER_NS	1000000000ULL	/* quiet for boots under a second */
#define METER_EVERY_NS	100000000ULL	/* redraw at most ten times a second */

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void meter_sink(const char *what, u64 done, u64 total, void *ctx)
{
	struct lmm_meter *mt = ctx;
	u64 now = now_ns();

	if (now - mt->start_ns < METER_AFTER_NS ||
	    now - mt->last_ns < METER_EVERY_NS)
		return;
	mt->last_ns = now;
	mt->shown = true;
	if (mt->file && total)		/* reading a file: "replaying x.log: 37%" */
		fprintf(stderr, "\rmmsim: %s %s: %d%%\033[K", what, mt->file,
			(int)(done * 100 / total));
	else if (mt->file)		/* a stream of unknown length: bytes */
		fprintf(stderr, "\rmmsim: %s %s: %llu MB\033[K", what, mt->file,
			(unsigned long long)(done >> 20));
	else if (total)
		fprintf(stderr, "\rmmsim: booting %s: %s %d%%\033[K", mt->size,
			what, (int)(done * 100 / total));
	else
		fprintf(stderr, "\rmmsim: booting %s: %s\033[K", mt->size, what);
	fflush(stderr);
}

/**
 * lmm_meter_begin - show the progress of the boot that follows, if asked
 * @mt: the meter (on the caller's stack, until lmm_meter_end())
 * @host: the host's settings, or NULL (no meter)
 * @cfg: the machine about to boot
 */
void lmm_meter_begin(struct lmm_meter *mt, const struct lmm_host *host,
		     const struct machine_config *cfg)
{
	memset(mt, 0, sizeof(*mt));
	mt->on = host && host->progress;
	if (!mt->on)
		return;
	format_size(cfg->mem, mt->size, sizeof(mt->size));
	mt->start_ns = now_ns();
	progress_attach(meter_sink, mt);
}

/**
 * lmm_meter_begin_file - show the progress of reading @file, if asked
 * @mt: the meter (on the caller's stack, until lmm_meter_end())
 * @host: the host's settings, or NULL (no meter)
 * @file: the file the work that follows reads, named on the meter's line
 *
 * Like lmm_meter_begin(), for work that is not a boot (mmsim replay).
 */
void lmm_meter_begin_file(struct lmm_meter *mt, const struct lmm_host *host,
			  const char *file)
{
	memset(mt, 0, sizeof(*mt));
	mt->on = host && host->progress;
	if (!mt->on)
		return;
	mt->file = file;
	mt->start_ns = now_ns();
	progress_attach(meter_sink, mt);
}

/**
 * lmm_meter_end - stop the meter and erase its line
 * @mt: the meter of lmm_meter_begin()
 */
void lmm_meter_end(struct lmm_meter *mt)
{
	if (!mt->on)
		return;
	progress_attach(NULL, NULL);
	if (mt->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* ---- mm.boot -------------------------------------------------------------- */

static void boot_config_table(lua_State *L, struct machine_config *cfg);

/* > 0 while mm.boot{} runs machine_boot() (boot sinks are per thread). */
static _Thread_local int lmm_booting;

static void boot_option(lua_State *L, struct machine_config *cfg, bool *trace,
			bool *trace_fn)
{
	char err[256], num[32];
	const char *key, *val;

	/* key at -2, value at -1 */
	if (lua_type(L, -2) != LUA_TSTRING)
		luaL_error(L, "mm.boot: option names must be strings, got %s",
			   luaL_typename(L, -2));
	key = lua_tostring(L, -2);
	if (!strcmp(key, "trace") && lua_type(L, -1) == LUA_TFUNCTION) {
		*trace_fn = true;
		return;
	}
	if (!strcmp(key, "config") && lua_type(L, -1) == LUA_TTABLE) {
		boot_config_table(L, cfg);
		return;
	}
	switch (lua_type(L, -1)) {
	case LUA_TSTRING:
		val = lua_tostring(L, -1);
		break;
	case LUA_TNUMBER: {
		lua_Integer i;

		if (!lua_isinteger(L, -1)) {
			lua_Number d = lua_tonumber(L, -1);

			if (d != d || d < 0 || d >= 0x1p63 ||
			    d != (lua_Number)(lua_Integer)d)
				luaL_error(L, "mm.boot: %s: %s is not a whole number",
					   key, lua_tostring(L, -1));
			i = (lua_Integer)d;
		} else {
			i = lua_tointeger(L, -1);
		}
		if (i < 0)
			luaL_error(L, "mm.boot: %s: must not be negative", key);
		snprintf(num, sizeof(num), "%" PRIu64, (u64)i);
		val = num;
		break;
	}
	case LUA_TBOOLEAN:
		val = lua_toboolean(L, -1) ? "true" : "false";
		break;
	default:
		luaL_error(L, "mm.boot: %s: expected a string or a number, got %s",
			   key, luaL_typename(L, -1));
		return;
	}
	if (lmm_config_set(cfg, trace, key, val, err, sizeof(err)))
		luaL_error(L, "mm.boot: %s", err);
}

/* mm.boot{config={NUMA=false, TRANSPARENT_HUGEPAGE="y"}}: table at -1. */
static void boot_config_table(lua_State *L, struct machine_config *cfg)
{
	char err[1024], text[160];
	const char *v = NULL;

	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L, "mm.boot: config: symbol names must be strings, got %s",
				   luaL_typename(L, -2));
		if (lua_type(L, -1) == LUA_TBOOLEAN)
			v = lua_toboolean(L, -1) ? "y" : "n";
		else if (lua_type(L, -1) == LUA_TSTRING)
			v = lua_tostring(L, -1);
		else
			luaL_error(L, "mm.boot: config: %s: expected true, false, \"y\" or \"n\", got %s",
				   lua_tostring(L, -2), luaL_typename(L, -1));
		snprintf(text, sizeof(text), "%s=%s", lua_tostring(L, -2), v);
		if (kconfig_parse_assignment(cfg, text, err, sizeof(err)))
			luaL_error(L, "mm.boot: %s", err);
		lua_pop(L, 1);
	}
}

static bool config_equal(const struct machine_config *a,
			 const struct machine_config *b)
{
	return a->arch == b->arch && a->mem == b->mem && a->cpus == b->cpus &&
	       a->nodes == b->nodes && a->vmsplit == b->vmsplit &&
	       a->dma_limit == b->dma_limit && a->vmalloc == b->vmalloc &&
	       a->layout == b->layout && a->seed == b->seed &&
	       !strcmp(a->cmdline, b->cmdline) && !strcmp(a->disk, b->disk) &&
	       a->kconfig_set == b->kconfig_set &&
	       a->kconfig_val == b->kconfig_val;
}

/*
 * mm.boot{arch=, mem=, ...} -> machine. Options default to the CLI's
 * machine options; sizes are strings ("512M") or integers (bytes).
 */
static int lmm_boot(lua_State *L)
{
	struct lmm_host *host = lmm_host(L);
	struct machine_config cfg;
	struct lmm_machine *ud;
	struct lmm_meter meter;
	struct machine *m, *prev;
	bool trace = host ? host->trace : false;
	bool trace_fn = false;
	char err[256] = "";

	/*
	 * A boot-time trace callback runs inside machine_boot(), whose
	 * thread-wide boot sinks a nested boot would inherit: the new machine
	 * would keep calling the first one's callback after that is gone.
	 */
	if (lmm_booting)
		return luaL_error(L, "mm.boot: cannot boot a machine from the trace callback of a machine being booted");
	if (host)
		cfg = host->defaults;
	else
		machine_config_default(&cfg);
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, 1)) {
			boot_option(L, &cfg, &trace, &trace_fn);
			lua_pop(L, 1);
		}
	}

	/* The userdata first, so that nothing can fail after the boot. */
	ud = lua_newuserdatauv(L, sizeof(*ud), 0);
	memset(ud, 0, sizeof(*ud));
	ud->trace_fn_ref = ud->trace_list_ref = LUA_NOREF;
	luaL_setmetatable(L, LMM_MACHINE_MT);

	ud->L = L;
	if (trace_fn) {
		/* mm.boot{trace = fn}: fn sees the boot events too */
		lua_getfield(L, 1, "trace");
		ud->trace_fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		trace_attach_boot(lmm_trace_sink, ud);
	}
	prev = current_machine();
	if (trace)
		trace_attach_boot(trace_print_sink, NULL);
	lmm_meter_begin(&meter, host, &cfg);
	lmm_booting++;
	m = machine_boot(&cfg, err, sizeof(err));
	lmm_booting--;
	lmm_meter_end(&meter);
	if (trace)
		trace_detach_boot(trace_print_sink, NULL);
	if (trace_fn)
		trace_detach_boot(lmm_trace_sink, ud);
	machine_enter(prev);
	if (!m) {
		if (host && config_equal(&cfg, &host->defaults))
			host->default_boot_failed = true;
		/* boot speaks CLI ("--dma-limit: ..."); say it as Lua does */
		if (err[0] == '-' && err[1] == '-') {
			char *colon = strchr(err, ':');

			memmove(err, err + 2, strlen(err + 2) + 1);
			for (char *p = err; colon && p < colon - 2; p++)
				if (*p == '-')
					*p = '_';
		}
		return luaL_error(L, "mm.boot: %s", err[0] ? err : "boot failed");
	}
	if (trace) {
		trace_attach(m, trace_print_sink, NULL);
		ud->trace_printing = true;
	}
	ud->m = m;
	if (trace_fn)
		trace_attach(m, lmm_trace_sink, ud);
	machine_enter(m);
	return 1;
}

/* mm.defaults() -> the options mm.boot{} starts from (sizes in bytes). */
static int lmm_defaults(lua_State *L)
{
	struct lmm_host *host = lmm_host(L);
	struct machine_config cfg;

	if (host)
		cfg = host->defaults;
	else
		machine_config_default(&cfg);
	lua_createtable(L, 0, 11);
	lua_pushstring(L, arch_name(cfg.arch));
	lua_setfield(L, -2, "arch");
	lua_pushinteger(L, (lua_Integer)cfg.mem);
	lua_setfield(L, -2, "mem");
	lua_pushinteger(L, cfg.cpus);
	lua_setfield(L, -2, "cpus");
	lua_pushinteger(L, cfg.nodes);
	lua_setfield(L, -2, "nodes");
	lua_pushinteger(L, (lua_Integer)cfg.vmsplit);
	lua_setfield(L, -2, "vmsplit");
	lua_pushinteger(L, (lua_Integer)cfg.dma_limit);
	lua_setfield(L, -2, "dma_limit");
	lua_pushinteger(L, (lua_Integer)cfg.vmalloc);
	lua_setfield(L, -2, "vmalloc");
	lua_pushstring(L, cfg.layout == LAYOUT_4X ? "4.x" : "mainline");
	lua_setfield(L, -2, "layout");
	lua_pushinteger(L, (lua_Integer)cfg.seed);
	lua_setfield(L, -2, "seed");
	lua_pushboolean(L, host ? host->trace : false);
	lua_setfield(L, -2, "trace");
	lua_pushstring(L, cfg.cmdline);
	lua_setfield(L, -2, "cmdline");
	lua_pushstring(L, cfg.disk);
	lua_setfield(L, -2, "disk");
	return 1;
}

/* mm.size("512M") -> 536870912 (raises for a bad size). */
static int lmm_size(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	int ret;
	u64 v;

	ret = parse_size(s, &v);
	if (ret == -ERANGE)
		return luaL_error(L, "size '%s' is beyond 2^64-1", s);
	if (ret)
		return luaL_error(L, "invalid size '%s' (%s)", s, SIZE_SYNTAX);
	if (v > LUA_MAXINTEGER)
		return luaL_error(L, "size '%s' is beyond a Lua integer (2^63-1)", s);
	lua_pushinteger(L, (lua_Integer)v);
	return 1;
}

/* mm.format_size(536870912) -> "512M" */
static int lmm_fmt_size(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1);
	char b[32];

	/* A byte count is never negative: say so rather than print 2^64 - n. */
	if (n < 0)
		return lmm_error(L, "format_size: %lld is negative",
				 (long long)n);
	lua_pushstring(L, format_size((u64)n, b, sizeof(b)));
	return 1;
}

static const luaL_Reg lmm_funcs[] = {
	{ "boot", lmm_boot },
	{ "defaults", lmm_defaults },
	{ "size", lmm_size },
	{ "format_size", lmm_fmt_size },
	{ "xarray", lmm_xarray_new },		/* lua/lxarray.c */
	{ NULL, NULL }
};

static void lmm_new_metatable(lua_State *L)
{
	if (!luaL_newmetatable(L, LMM_MACHINE_MT)) {
		lua_pop(L, 1);
		return;
	}
	lua_newtable(L);		/* methods */
	for (int t = 0; lmm_method_tables[t]; t++) {
		for (const luaL_Reg *r = lmm_method_tables[t]; r->name; r++) {
			if (lua_getfield(L, -1, r->name) != LUA_TNIL)
				luaL_error(L, "mm: machine method '%s' defined twice",
					   r->name);
			lua_pop(L, 1);
			lua_pushcfunction(L, r->func);
			lua_setfield(L, -2, r->name);
		}
	}
	lua_pushcfunction(L, machine_destroy_method);
	lua_setfield(L, -2, "destroy");
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, machine_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, machine_destroy_method);
	lua_setfield(L, -2, "__close");
	lua_pushcfunction(L, machine_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
}

/**
 * luaopen_mm - open module `mm`
 * @L: Lua state
 *
 * Return: 1 (the module table on the stack).
 */
int luaopen_mm(lua_State *L)
{
	lmm_new_metatable(L);
	lmm_process_open(L);
	luaL_newlib(L, lmm_funcs);
	lua_pushstring(L, MMSIM_VERSION);
	lua_setfield(L, -2, "version");
	lua_createtable(L, NR_ARCHS, 0);
	for (int i = 0; i < NR_ARCHS; i++) {
		lua_pushstring(L, arch_name((enum mm_arch_id)i));
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "archs");
	return 1;
}

/**
 * lmm_install - make `require "mm"` work and give the module its host
 * @L: Lua state with the standard libraries open
 * @host: the CLI's defaults and exit-check settings, or NULL
 */
void lmm_install(lua_State *L, struct lmm_host *host)
{
	if (host) {
		lua_pushlightuserdata(L, host);
		lua_setfield(L, LUA_REGISTRYINDEX, LMM_HOST_KEY);
	}
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, luaopen_mm);
	lua_setfield(L, -2, "mm");
	lua_pop(L, 1);
}
