// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the `mm` Lua module as a careless script uses it.
 *
 * Each input is decoded into a machine configuration (arch, mem, cpus,
 * nodes, vmsplit, dma_limit, vmalloc, layout, seed), booted with mm.boot{},
 * then into a sequence of actions: calls of every method of the machine, of
 * its cpu objects, of a process and of an open file (found at start-up in
 * their metatables, so new methods are fuzzed without touching this file) with arbitrary Lua values (integers
 * near the machine's own pfns and addresses, GFP strings built from real
 * flag names and junk, tables, functions), a second machine, mm.* calls,
 * garbage collections, and trace callbacks that call back into the machines
 * while the kernel is inside the traced function.
 *
 * A Lua error is expected behaviour. A crash, a hang, a sanitizer report or
 * a failed m:check() (at the end of the sequence, and of every machine
 * when it is destroyed) is a bug.
 *
 * MMSIM_FUZZ_SKIP_RAW_PT=1 skips the calls that write page tables,
 * memory or control registers directly (m:map_page, m:unmap_page,
 * m:phys_write, cpu:write_cr). They are fuzzed by default: the
 * binding refuses what would break m:check()'s invariants, and that
 * refusal is what is being tested.
 */
#define _POSIX_C_SOURCE 200809L	/* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua/lmm.h"
#include "fuzz_input.h"

#define FZ_MAX_ACTIONS	48	/* per input */
#define FZ_MAX_NEST	2	/* callbacks inside callbacks */
#define FZ_POOL		16	/* integers the machine gave back */
#define FZ_MAX_NAMES	256	/* per metatable; more aborts at start */

static struct fz *g_fz;			/* the input being run */
static long long g_pool[FZ_POOL];	/* pfns, addresses seen in results */
static unsigned int g_pool_n;
static int g_depth;			/* actions inside trace callbacks */
static bool g_skip_raw_pt = false;
static bool g_verbose;			/* MMSIM_FUZZ_VERBOSE=1: print each call */

/* Method names of the machine, cpu, task and file metatables, sorted. */
static const char *g_mnames[FZ_MAX_NAMES], *g_cnames[FZ_MAX_NAMES];
static const char *g_tnames[FZ_MAX_NAMES], *g_fnames[FZ_MAX_NAMES];
static int g_nm, g_nc, g_nt, g_nf;

static const char *const gfp_names[] = {
	"GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT", "GFP_HIGHUSER_MOVABLE",
	"GFP_HIGHUSER", "GFP_USER", "GFP_KERNEL_ACCOUNT", "GFP_KERNEL",
	"GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO", "GFP_NOWAIT", "GFP_DMA",
	"__GFP_HIGHMEM", "GFP_DMA32", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_NOMEMALLOC",
	"__GFP_MEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
	"__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_ACCOUNT",
	"__GFP_WRITE", "__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM", "__GFP_ZEROTAGS", "__GFP_DMA", "__GFP_DMA32",
	"0x10", "0", " ", "", "GFP_BOGUS", "0xffffffff", "gfp_kernel",
};

/* Words the methods take: /proc files, registers, set_memory operations. */
static const char *const words[] = {
	"meminfo", "buddyinfo", "zoneinfo", "vmstat", "pagetypeinfo",
	"/proc/meminfo", "/proc/iomem", "/proc/self/maps", "/proc/",
	"cr0", "cr3", "cr4", "efer", "sctlr", "ttbr0", "ttbr1", "ttbcr",
	"dacr", "contextidr", "ro", "rw", "nx", "x", "4k", "r", "w", "user",
	"kernel", "x86_64", "x86_32", "arm32", "512M", "4K", "0x1000", "-1",
	"1T", "99999999999999999999", "mainline", "4.x", "none", "pid",
	"va", "pa", "pfn", "order", "gfp", "machine", "id", "mm_page_alloc",
};

static const char *const event_names[] = {
	"", "mm_page_alloc", "mm_page_free", "mm_page_pcpu_drain",
	"mm_page_alloc_zone_locked", "mm_page_alloc_extfrag", "tlb_flush",
	"sched_switch", "kernel_entry", "memblock_reserve", "zone_init",
	"boot_paging",
};

static const long long interesting[] = {
	0, 1, -1, 2, 10, 11, 12, 31, 32, 63, 64, 255, 4096, 4095, 0x1000000,
	0x7fffffff, 0xffffffffLL, 0x100000000LL, 0x3fffffffffffLL,
	(long long)0x8000000000000000ULL, 0x7fffffffffffffffLL,
	0x400000, 0x7ffff000, 0xbffff000LL, 0xc0000000LL, 0xf8000000LL,
	0xfffff000LL, (long long)0xffff888000000000ULL,
	(long long)0xff11000000000000ULL, (long long)0xffffc90000000000ULL,
	(long long)0xffffea0000000000ULL, (long long)0xffffffff81000000ULL,
};

static const char *const machine_slot[] = { "M1", "M2" };

static void run_action(lua_State *L);

/* ---- values ------------------------------------------------------------- */

static void pool_add(long long v)
{
	g_pool[g_pool_n++ % FZ_POOL] = v;
}

static long long fz_integer(struct fz *f)
{
	switch (fz_below(f, 5)) {
	case 0:
		return (int8_t)fz_u8(f);
	case 1:
		if (g_pool_n) {
			unsigned int n = g_pool_n < FZ_POOL ? g_pool_n : FZ_POOL;

			return g_pool[fz_below(f, n)] + (int8_t)fz_u8(f) / 16;
		}
		return fz_u16(f);
	case 2:
		return interesting[fz_below(f, sizeof(interesting) /
					     sizeof(interesting[0]))];
	case 3:
		return fz_u16(f);
	default:
		return (long long)fz_u64(f);
	}
}

/* "GFP_KERNEL|__GFP_ZERO", sometimes with junk, spaces or empty parts. */
static void push_gfp_string(lua_State *L, struct fz *f)
{
	luaL_Buffer b;
	int n = 1 + fz_below(f, 4);

	luaL_buffinit(L, &b);
	for (int i = 0; i < n; i++) {
		if (i)
			luaL_addstring(&b, fz_below(f, 8) ? "|" : " | ");
		luaL_addstring(&b, FZ_PICK(f, gfp_names));
	}
	luaL_pushresult(&b);
}

static void push_trace_fn(lua_State *L, struct fz *f);

static void push_value(lua_State *L, struct fz *f, int depth)
{
	char buf[24];

	switch (fz_below(f, 14)) {
	case 0:
		lua_pushnil(L);
		break;
	case 1:
		lua_pushboolean(L, fz_bool(f));
		break;
	case 2: case 3: case 4:
		lua_pushinteger(L, (lua_Integer)fz_integer(f));
		break;
	case 5: {
		static const double d[] = { 0.5, -0.0, 1e300, -1e300, 4096.0,
					    1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0,
					    9.3e18, 1048576.5 };

		lua_pushnumber(L, d[fz_below(f, sizeof(d) / sizeof(d[0]))]);
		break;
	}
	case 6: case 7:
		push_gfp_string(L, f);
		break;
	case 8: case 9:
		lua_pushstring(L, FZ_PICK(f, words));
		break;
	case 10:
		lua_pushlstring(L, buf, fz_bytes(f, buf, sizeof(buf)));
		break;
	case 11: {
		int n = depth < 2 ? (int)fz_below(f, 5) : 0;

		lua_createtable(L, 0, n);
		for (int i = 0; i < n; i++) {
			if (fz_bool(f))
				lua_pushstring(L, FZ_PICK(f, words));
			else
				lua_pushinteger(L, 1 + fz_below(f, 4));
			push_value(L, f, depth + 1);
			if (lua_isnil(L, -2) || lua_isnil(L, -1))
				lua_pop(L, 2);
			else
				lua_rawset(L, -3);
		}
		break;
	}
	case 12:
		push_trace_fn(L, f);
		break;
	default:
		lua_getglobal(L, FZ_PICK(f, machine_slot));
		break;
	}
}

/* ---- trace callbacks ---------------------------------------------------- */

/*
 * A trace callback: upvalue 1 counts events down to the next action, 2 is
 * the period, 3 the event name it waits for ("" for any). At its turn it
 * runs one action of the input, which may call back into the machine whose
 * kernel code emitted the event, or raises an error.
 */
static int fz_trace_cb(lua_State *L)
{
	lua_Integer left = lua_tointeger(L, lua_upvalueindex(1));
	const char *want = lua_tostring(L, lua_upvalueindex(3));
	const char *name;

	if (!g_fz || !g_fz->n || g_depth >= FZ_MAX_NEST)
		return 0;
	if (want && *want) {
		lua_getfield(L, 1, "name");
		name = lua_tostring(L, -1);
		if (!name || strcmp(name, want))
			return 0;
		lua_pop(L, 1);
	}
	if (--left > 0) {
		lua_pushinteger(L, left);
		lua_replace(L, lua_upvalueindex(1));
		return 0;
	}
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_replace(L, lua_upvalueindex(1));
	if (fz_below(g_fz, 64) == 0)
		return luaL_error(L, "error raised by the fuzzer's callback");
	g_depth++;
	run_action(L);
	g_depth--;
	return 0;
}

static void push_trace_fn(lua_State *L, struct fz *f)
{
	lua_Integer period = 1 + fz_u8(f);

	lua_pushinteger(L, 1 + fz_u8(f));
	lua_pushinteger(L, period);
	lua_pushstring(L, FZ_PICK(f, event_names));
	lua_pushcclosure(L, fz_trace_cb, 3);
}

/* ---- actions ------------------------------------------------------------ */

static bool skipped(const char *name)
{
	static const char *const raw_pt[] = {
		"map_page", "unmap_page", "phys_write", "write_cr",
	};

	/* Writes a directory tree on the host: not the simulator's state. */
	if (!strcmp(name, "proc_export"))
		return true;
	if (!g_skip_raw_pt)
		return false;
	for (size_t i = 0; i < sizeof(raw_pt) / sizeof(raw_pt[0]); i++)
		if (!strcmp(name, raw_pt[i]))
			return true;
	return false;
}

/* mm.boot's option table: mostly sane, sometimes junk. */
static void push_boot_options(lua_State *L, struct fz *f)
{
	static const char *const arch[] = {
		"x86_64", "x86_32", "x86_32_pae", "x86_64_la57", "arm32",
	};
	static const char *const mem[] = {
		"16M", "32M", "64M", "64M", "128M", "128M", "256M", "512M",
		"24M", "100M", "1G", "768M", "1028M", "2G", "3G", "4G",
	};
	static const char *const vmsplit[] = { "3G", "2G", "1G" };
	static const char *const dma[] = { "none", "16M", "4G", "1G", "0" };
	static const char *const vmalloc[] = { "0", "8M", "128M", "240M", "512M" };
	unsigned int mask = fz_u8(f);
	bool junk = fz_below(f, 16) == 0;

	lua_newtable(L);
	lua_pushstring(L, FZ_PICK(f, arch));
	lua_setfield(L, -2, "arch");
	lua_pushstring(L, FZ_PICK(f, mem));
	lua_setfield(L, -2, "mem");
	lua_pushinteger(L, 1 + fz_below(f, 4));
	lua_setfield(L, -2, "cpus");
	if (mask & 1) {
		lua_pushinteger(L, 1 + fz_below(f, 4));
		lua_setfield(L, -2, "nodes");
	}
	if (mask & 2) {
		lua_pushstring(L, FZ_PICK(f, vmsplit));
		lua_setfield(L, -2, "vmsplit");
	}
	if (mask & 4) {
		lua_pushstring(L, FZ_PICK(f, dma));
		lua_setfield(L, -2, "dma_limit");
	}
	if (mask & 8) {
		lua_pushstring(L, FZ_PICK(f, vmalloc));
		lua_setfield(L, -2, "vmalloc");
	}
	if (mask & 16) {
		lua_pushstring(L, fz_bool(f) ? "4.x" : "mainline");
		lua_setfield(L, -2, "layout");
	}
	if (mask & 32) {
		lua_pushinteger(L, fz_u8(f));
		lua_setfield(L, -2, "seed");
	}
	if (mask & 64) {
		push_trace_fn(L, f);
		lua_setfield(L, -2, "trace");
	}
	if (junk) {
		lua_pushstring(L, FZ_PICK(f, words));
		push_value(L, f, 1);
		if (lua_isnil(L, -1))
			lua_pop(L, 2);
		else
			lua_rawset(L, -3);
	}
}

/* Remember the integers a call returned: pfns and addresses to reuse. */
static void harvest(lua_State *L, int base)
{
	for (int i = base; i <= lua_gettop(L); i++)
		if (lua_isinteger(L, i))
			pool_add(lua_tointeger(L, i));
}

static void call_with_args(lua_State *L, struct fz *f, int nargs)
{
	int base = lua_gettop(L) - nargs - 1;	/* the function */

	lua_call(L, nargs, LUA_MULTRET);
	harvest(L, base + 1);
	lua_settop(L, base);
}

/* What m:alloc_pages() returned, for the "free everything" action. */
struct fz_alloc {
	int slot;
	lua_Integer pfn, order;
};

#define FZ_MAX_ALLOCS	4096
static struct fz_alloc g_allocs[FZ_MAX_ALLOCS];
static int g_nr_allocs;

/*
 * self:name(args...) with the method taken from @mt's __index; an
 * allocation is sometimes repeated up to a thousand times with the same
 * arguments (until the first error), as a script that fills a zone does.
 */
static void call_method(lua_State *L, struct fz *f, const char *mt,
			const char *name, int slot)
{
	int nargs = (int)fz_below(f, 5), base;
	bool alloc = !strcmp(name, "alloc_pages");
	/* Only what fills memory is worth repeating (m:check() is slow). */
	int reps = (alloc || !strcmp(name, "task_create")) && !fz_below(f, 4) ?
		   1 + 4 * fz_u8(f) : 1;

	if (skipped(name))
		return;
	luaL_getmetatable(L, mt);
	lua_getfield(L, -1, "__index");
	lua_getfield(L, -1, name);
	lua_replace(L, -3);
	lua_pop(L, 1);
	lua_insert(L, -2);		/* function, self */
	for (int i = 0; i < nargs; i++)
		push_value(L, f, 0);
	base = lua_gettop(L) - nargs - 1;
	if (g_verbose) {
		fprintf(stderr, "fuzz_mm: %*s%s%s%s(", 2 * g_depth, "",
			machine_slot[slot], mt[6] == 'c' ? ":cpu():" :
			mt[6] == 't' ? " task:" : mt[6] == 'f' ? " file:" : ":",
			name);
		for (int i = 0; i < nargs; i++)
			fprintf(stderr, "%s%s", i ? ", " : "",
				luaL_tolstring(L, base + 2 + i, NULL));
		lua_settop(L, base + nargs + 1);
		fprintf(stderr, ")%s\n", reps > 1 ? " repeated" : "");
	}
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i <= nargs + 1; i++)
			lua_pushvalue(L, base + i);
		lua_call(L, nargs + 1, 1);
		if (alloc && lua_isinteger(L, -1) && g_nr_allocs < FZ_MAX_ALLOCS)
			g_allocs[g_nr_allocs++] = (struct fz_alloc){
				slot, lua_tointeger(L, -1),
				nargs >= 2 && lua_isinteger(L, base + 3) ?
					lua_tointeger(L, base + 3) : 0 };
		harvest(L, lua_gettop(L));
		lua_pop(L, 1);
	}
	lua_settop(L, base - 1);
}

/* Give back every block m:alloc_pages() returned, each in its own pcall. */
static int free_one(lua_State *L)
{
	const struct fz_alloc *a = lua_touserdata(L, 1);

	lua_getglobal(L, machine_slot[a->slot]);
	lua_getfield(L, -1, "free_pages");
	lua_insert(L, -2);
	lua_pushinteger(L, a->pfn);
	lua_pushinteger(L, a->order);
	lua_call(L, 3, 0);
	return 0;
}

static void free_all(lua_State *L)
{
	int top = lua_gettop(L);

	for (int i = 0; i < g_nr_allocs; i++) {
		lua_pushcfunction(L, free_one);
		lua_pushlightuserdata(L, &g_allocs[i]);
		lua_pcall(L, 1, 0, 0);
		lua_settop(L, top);
	}
	g_nr_allocs = 0;
}

static int do_action(lua_State *L)
{
	struct fz *f = g_fz;
	int nslot = (int)fz_below(f, 2);
	const char *slot = machine_slot[nslot];

	switch (fz_below(f, 16)) {
	case 8:				/* a task method, on m:spawn() */
	case 9: {			/* a file method, on m:open() */
		bool task = fz_below(f, 2);
		const char *mt = task ? LMM_TASK_MT : "mmsim.file";
		int n = task ? g_nt : g_nf;

		if (!n)
			break;
		lua_getglobal(L, "fz_object");	/* see new_state() */
		lua_getglobal(L, slot);
		lua_pushboolean(L, task);
		lua_pushinteger(L, nslot);
		lua_pushboolean(L, !fz_below(f, 8));	/* a fresh one */
		lua_call(L, 4, 1);
		call_method(L, f, mt, (task ? g_tnames : g_fnames)[fz_below(f, (unsigned int)n)],
			    nslot);
		break;
	}
	default:			/* a machine method */
		if (fz_below(f, 32))
			lua_getglobal(L, slot);
		else
			push_value(L, f, 1);	/* a wrong self */
		call_method(L, f, LMM_MACHINE_MT,
			    g_mnames[fz_below(f, (unsigned int)g_nm)], nslot);
		break;
	case 10: case 11:		/* a cpu method, on m:cpu(i) */
		if (!g_nc)
			break;
		lua_getglobal(L, slot);
		lua_getfield(L, -1, "cpu");
		lua_insert(L, -2);
		lua_pushinteger(L, fz_below(f, 8) ? fz_below(f, 4) : fz_integer(f));
		lua_call(L, 2, 1);
		call_method(L, f, "mmsim.cpu",
			    g_cnames[fz_below(f, (unsigned int)g_nc)], nslot);
		break;
	case 12:			/* boot (another) machine */
		lua_getglobal(L, "mm");
		lua_getfield(L, -1, "boot");
		push_boot_options(L, f);
		lua_call(L, 1, 1);
		lua_setglobal(L, slot);
		break;
	case 13: {			/* a function of the module */
		static const char *const fn[] = {
			"size", "format_size", "defaults", "boot",
		};
		const char *name = FZ_PICK(f, fn);

		lua_getglobal(L, "mm");
		lua_getfield(L, -1, name);
		push_value(L, f, 0);
		call_with_args(L, f, 1);
		break;
	}
	case 14:
		if (fz_bool(f))
			lua_gc(L, LUA_GCCOLLECT);
		else
			free_all(L);
		break;
	case 15:			/* m:trace(callback) */
		lua_getglobal(L, slot);
		lua_getfield(L, -1, "trace");
		lua_insert(L, -2);
		push_trace_fn(L, f);
		call_with_args(L, f, 2);
		break;
	}
	return 0;
}

static void run_action(lua_State *L)
{
	int top = lua_gettop(L);

	if (!lua_checkstack(L, 32))
		return;
	lua_pushcfunction(L, do_action);
	lua_pcall(L, 0, 0, 0);		/* a Lua error is fine */
	lua_settop(L, top);
}

/* ---- the run ------------------------------------------------------------ */

/* Abort if a live machine in @slot fails its invariant check. */
static void check_slot(lua_State *L, const char *slot)
{
	struct lmm_machine *ud;

	lua_getglobal(L, slot);
	ud = luaL_testudata(L, -1, LMM_MACHINE_MT);
	if (!ud || !ud->m) {
		lua_pop(L, 1);
		return;
	}
	lua_getfield(L, -1, "check");
	lua_insert(L, -2);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		fprintf(stderr, "fuzz_mm: %s: m:check() failed: %s\n", slot,
			lua_tostring(L, -1));
		abort();
	}
}

/*
 * As MMSIM_CHECK_AT_EXIT=1: every machine is checked when it is destroyed,
 * also those the input dropped or replaced before the end.
 */
static struct lmm_host g_host;

static lua_State *new_state(void)
{
	lua_State *L = luaL_newstate();

	if (!L)
		abort();
	luaL_openlibs(L);
	memset(&g_host, 0, sizeof(g_host));
	machine_config_default(&g_host.defaults);
	g_host.check_on_destroy = true;
	lmm_install(L, &g_host);
	luaL_requiref(L, "mm", luaopen_mm, 1);
	lua_pop(L, 1);
	/*
	 * fz_object(m, task, slot, fresh): the task or open file kept for a
	 * machine slot, made anew when asked or when there is none (a task
	 * of a machine since replaced, or a closed file, is kept on purpose).
	 */
	if (luaL_dostring(L,
		"function fz_object(m, task, slot, fresh)\n"
		"  local key = (task and 'fz_task' or 'fz_file') .. slot\n"
		"  local o = rawget(_G, key)\n"
		"  if fresh or o == nil then\n"
		"    o = task and m:spawn('fz') or m:open('/fz' .. slot, 'rw|creat')\n"
		"    rawset(_G, key, o)\n"
		"  end\n"
		"  return o\n"
		"end"))
		abort();
	return L;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The method names of metatable @mt, sorted so runs are reproducible. */
static int collect_names(lua_State *L, const char *mt, const char **v)
{
	int n = 0;

	luaL_getmetatable(L, mt);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	lua_getfield(L, -1, "__index");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			/* Never fuzz a silent subset of the methods. */
			if (n == FZ_MAX_NAMES) {
				fprintf(stderr, "fuzz_mm: %s has more than %d methods\n",
					mt, FZ_MAX_NAMES);
				abort();
			}
			v[n++] = strdup(lua_tostring(L, -2));
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	qsort(v, (size_t)n, sizeof(*v), name_cmp);
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *env = getenv("MMSIM_FUZZ_SKIP_RAW_PT");
	lua_State *L = new_state();

	g_skip_raw_pt = env && strcmp(env, "0");
	env = getenv("MMSIM_FUZZ_VERBOSE");
	g_verbose = env && strcmp(env, "0");
	/* m:trace(true) prints every event: not worth the time. */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	/* The cpu, task and file metatables exist once such objects do. */
	if (luaL_dostring(L, "local m = mm.boot{arch='x86_32', mem='16M'} "
			  "m:cpu(0) m:spawn('fz') m:open('/fz', 'rw|creat')"))
		fprintf(stderr, "fuzz_mm: no cpu, task or file objects: %s\n",
			lua_tostring(L, -1));
	g_nm = collect_names(L, LMM_MACHINE_MT, g_mnames);
	g_nc = collect_names(L, "mmsim.cpu", g_cnames);
	g_nt = collect_names(L, LMM_TASK_MT, g_tnames);
	g_nf = collect_names(L, "mmsim.file", g_fnames);
	lua_close(L);
	sb_free(&g_host.check_report);
	if (!g_nm)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	lua_State *L = new_state();

	g_fz = &f;
	g_pool_n = 0;
	g_depth = 0;
	g_nr_allocs = 0;
	/* The first action always boots M1. */
	lua_getglobal(L, "mm");
	lua_getfield(L, -1, "boot");
	push_boot_options(L, &f);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK)
		lua_setglobal(L, "M1");
	lua_settop(L, 0);
	for (int i = 0; i < FZ_MAX_ACTIONS && f.n; i++)
		run_action(L);
	lua_gc(L, LUA_GCCOLLECT);
	check_slot(L, "M1");
	check_slot(L, "M2");
	lua_close(L);
	if (g_host.nr_check_failures) {
		fprintf(stderr, "fuzz_mm: a destroyed machine failed m:check():\n%s",
			sb_str(&g_host.check_report));
		abort();
	}
	sb_free(&g_host.check_report);
	g_fz = NULL;
	return 0;
}
