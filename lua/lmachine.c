// SPDX-License-Identifier: GPL-2.0
/*
 * Machine methods of general use: m:cat, m:dmesg, m:check, m:stats,
 * m:info, m:trace, m:trace_collect (lmm_machine_methods).
 *
 * No Linux counterpart; m:cat is `cat /proc/...`, m:dmesg is dmesg(1),
 * m:trace is a tracefs probe.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/raw_access.h>
#include <mmsim/vmstat.h>

#include <mmsim/proc.h>

#include "lmm.h"




static void set_str(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* m:cat(path) -> text of a /proc file; "meminfo" means "/proc/meminfo". */
static int lm_cat(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const char *path = luaL_checkstring(L, 2);
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (path[0] != '/') {
		lua_pushfstring(L, "/proc/%s", path);
		path = lua_tostring(L, -1);
	}
	ret = proc_read(m, path, &sb);
	if (ret == -ENOENT) {
		const struct proc_entry *e = proc_entries();

		/* Say what exists, as `mmsim cat` does. */
		sb_reset(&sb);
		for (int i = 0; e[i].path; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", e[i].path);
		lua_pushstring(L, sb_str(&sb));
		sb_free(&sb);
		return lmm_error(L, "cannot read '%s': no such file (mmsim provides %s, and /proc/PID/{maps,smaps,smaps_rollup,status,stat,statm,cmdline,comm,environ,fdinfo/FD} of each process)",
				 path, lua_tostring(L, -1));
	}
	if (ret) {
		sb_free(&sb);
		return lmm_error(L, "cannot read '%s': %s", path, strerror(-ret));
	}
	lua_pushlstring(L, sb_str(&sb), sb.len);
	sb_free(&sb);
	return 1;
}

/*
 * m:proc_export(dir) -> true: every /proc file of the machine under the
 * host directory @dir (proc/export.c), for the real procps tools.
 */
static int lm_proc_export(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const char *dir = luaL_checkstring(L, 2);
	struct strbuf err = STRBUF_INIT;

	if (!dir[0])
		return lmm_error(L, "proc_export: empty directory name");
	if (proc_export(m, dir, &err)) {
		lua_pushstring(L, sb_str(&err));
		sb_free(&err);
		return lmm_error(L, "proc_export: %s", lua_tostring(L, -1));
	}
	sb_free(&err);
	lua_pushboolean(L, 1);
	return 1;
}

/* m:dmesg() -> the kernel log */
static int lm_dmesg(lua_State *L)
{
	struct machine *m = lmm_peekmachine(L, 1);

	lua_pushlstring(L, sb_str(&m->dmesg), m->dmesg.len);
	return 1;
}

/* m:check() -> true, or a Lua error carrying the report */
static int lm_check(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);

	if (machine_check(m))	/* tainted: the report starts with it */
		return luaL_error(L, machine_taint(m) ? "%s" :
				  "invariant check failed:\n%s",
				  sb_str(&m->check_report));
	lua_pushboolean(L, 1);
	return 1;
}

static const char *layout_gen_name(enum layout_gen g)
{
	return g == LAYOUT_4X ? "4.x" : "mainline";
}

/* m:info() -> the configuration and the basic boot figures */
static int lm_info(lua_State *L)
{
	struct machine *m = lmm_peekmachine(L, 1);
	const struct machine_config *c = &m->cfg;

	lua_createtable(L, 0, 20);
	set_str(L, "arch", arch_name(c->arch));
	lmm_set_int(L, "mem", c->mem);
	lmm_set_int(L, "cpus", (u64)c->cpus);
	lmm_set_int(L, "nodes", (u64)c->nodes);
	lmm_set_int(L, "vmsplit", c->vmsplit);
	lmm_set_int(L, "dma_limit", c->dma_limit);
	lmm_set_int(L, "vmalloc", c->vmalloc);
	set_str(L, "layout", layout_gen_name(c->layout));
	lmm_set_int(L, "seed", c->seed);
	lmm_set_int(L, "page_size", PAGE_SIZE);
	if (m->arch) {
		lmm_set_int(L, "bits", m->arch->bits);
		lmm_set_int(L, "phys_bits", m->arch->phys_bits);
		lmm_set_int(L, "struct_page_size", m->arch->struct_page_size);
	}
	lmm_set_int(L, "max_pfn", m->max_pfn);
	lmm_set_int(L, "min_low_pfn", m->min_low_pfn);
	lmm_set_int(L, "max_low_pfn", m->max_low_pfn);
	lmm_set_int(L, "totalram_pages", m->totalram_pages);
	lmm_set_int(L, "totalhigh_pages", m->totalhigh_pages);
	lmm_set_int(L, "nr_node_ids", (u64)m->nr_node_ids);
	lmm_set_int(L, "ignored_ram", m->ignored_ram);
	return 1;
}

/*
 * m:stats() -> { counter = value, ..., zones = { {node=, name=, ...} } }
 * Global counters are the sum over zones (as /proc/vmstat prints them).
 */
static int lm_stats(lua_State *L)
{
	struct machine *m = lmm_peekmachine(L, 1);
	u64 sum[NR_VM_ZONE_STAT_ITEMS] = { 0 };
	u64 spanned = 0, present = 0, managed = 0, node_spanned = 0;
	unsigned int psize = m->arch ? m->arch->struct_page_size : 0;
	lua_Integer nz = 0;

	lua_createtable(L, 0, 32);
	lua_newtable(L);	/* zones */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		if (!pgdat)
			continue;
		node_spanned += pgdat->node_spanned_pages;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!zone->spanned_pages && !zone->present_pages)
				continue;
			spanned += zone->spanned_pages;
			present += zone->present_pages;
			managed += zone->managed_pages;
			lua_createtable(L, 0, 8 + NR_VM_ZONE_STAT_ITEMS);
			lmm_set_int(L, "node", (u64)nid);
			set_str(L, "name", zone->name ? zone->name : "?");
			lmm_set_int(L, "start_pfn", zone->zone_start_pfn);
			lmm_set_int(L, "spanned", zone->spanned_pages);
			lmm_set_int(L, "present", zone->present_pages);
			lmm_set_int(L, "managed", zone->managed_pages);
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
				u64 v = zone_page_state(zone, i);

				sum[i] += v;
				if (zone_stat_names[i])
					lmm_set_int(L, zone_stat_names[i], v);
			}
			/* zoneinfo's per-zone NUMA events and pgalloc_<zone> */
			for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
				lmm_set_int(L, numa_stat_names[i],
					zone_numa_event_state(zone, i));
			lmm_set_int(L, "pgalloc", zone->vm_events_alloc);
			lua_rawseti(L, -2, ++nz);
		}
	}
	lua_setfield(L, -2, "zones");
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_names[i])
			lmm_set_int(L, zone_stat_names[i], sum[i]);
	/* Every other /proc/vmstat line, by the same name (vmstat_show). */
	if (m->pa) {
		unsigned long bg, thresh;

		for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
			lmm_set_int(L, numa_stat_names[i],
				global_numa_event_state((enum numa_stat_item)i));
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			lmm_set_int(L, node_stat_names[i],
				global_node_page_state((enum node_stat_item)i));
		global_dirty_limits(&bg, &thresh);
		lmm_set_int(L, "nr_dirty_threshold", thresh);
		lmm_set_int(L, "nr_dirty_background_threshold", bg);
		lmm_set_int(L, "nr_memmap_pages", 0);
		lmm_set_int(L, "nr_memmap_boot_pages",
			m->mem_map_sim_bytes >> PAGE_SHIFT);
		for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
			if (vm_event_configured(m, (enum vm_event_item)i))
				lmm_set_int(L, vm_event_names[i],
					vm_event_state((enum vm_event_item)i));
		lmm_set_int(L, "nr_unstable", 0);
	}
	lmm_set_int(L, "spanned_pages", spanned);
	lmm_set_int(L, "present_pages", present);
	lmm_set_int(L, "managed_pages", managed);
	lmm_set_int(L, "totalram_pages", m->totalram_pages);
	lmm_set_int(L, "totalhigh_pages", m->totalhigh_pages);
	lmm_set_int(L, "reserved_pages", m->reserved_pages);
	lmm_set_int(L, "max_pfn", m->max_pfn);
	/* Z7: one struct page per frame the nodes span. */
	lmm_set_int(L, "struct_page_size", psize);
	lmm_set_int(L, "struct_pages", node_spanned);
	lmm_set_int(L, "memmap_bytes", node_spanned * psize);
	/* what boot reserved for it in simulated RAM (vmemmap 2M-aligned) */
	lmm_set_int(L, "memmap_reserved_bytes", m->mem_map_sim_bytes);
	lmm_set_int(L, "trace_events", m->trace.nr_events);
	lmm_set_int(L, "dmesg_bytes", m->dmesg.len);
	return 1;
}

/* ---- trace sinks -------------------------------------------------------- */

struct lm_event {
	struct lmm_machine *ud;
	const char *name;
	const struct trace_field *f;
	int nr;
};

static void push_event(lua_State *L, const struct lm_event *ev)
{
	lua_createtable(L, 0, ev->nr + 1);
	set_str(L, "name", ev->name);
	for (int i = 0; i < ev->nr; i++) {
		const struct trace_field *f = &ev->f[i];

		switch (f->kind) {
		case TF_UINT:
		case TF_HEX:
		case TF_PTR:
			lmm_set_int(L, f->key, f->u);
			break;
		case TF_INT:
			lua_pushinteger(L, (lua_Integer)f->i);
			lua_setfield(L, -2, f->key);
			break;
		case TF_STR:
			set_str(L, f->key, f->s ? f->s : "");
			break;
		}
	}
}

/* Runs under lua_pcall: memory errors and callback errors stay here. */
static int lm_trace_deliver(lua_State *L)
{
	const struct lm_event *ev = lua_touserdata(L, 1);
	struct lmm_machine *ud = ev->ud;

	if (ud->trace_list_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, ud->trace_list_ref);
		push_event(L, ev);
		lua_rawseti(L, -2, ++ud->trace_list_len);
		lua_pop(L, 1);
	}
	if (ud->trace_fn_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, ud->trace_fn_ref);
		push_event(L, ev);
		lua_call(L, 1, 0);
	}
	return 0;
}

/**
 * lmm_trace_sink - the trace sink behind m:trace(fn) and m:trace_collect()
 * @m: the machine that emitted the event
 * @event: tracepoint name
 * @f: fields
 * @nr: number of fields
 * @ctx: the struct lmm_machine
 *
 * Errors in the Lua callback never unwind through kernel code: they are
 * reported on stderr and the callback is dropped.
 */
void lmm_trace_sink(struct machine *m, const char *event,
		    const struct trace_field *f, int nr, void *ctx)
{
	struct lmm_machine *ud = ctx;
	struct lm_event ev = { ud, event, f, nr };
	lua_State *L = ud->L;
	struct machine *cur = current_machine();
	int ret;

	if (!L || !lua_checkstack(L, 8))
		return;
	lua_pushcfunction(L, lm_trace_deliver);
	lua_pushlightuserdata(L, &ev);
	ud->in_callback++;
	ret = lua_pcall(L, 1, 0, 0);
	ud->in_callback--;
	if (ret != LUA_OK) {
		/*
		 * Never unwind through kernel code: report, drop the
		 * callback, and let the simulation go on.
		 */
		fprintf(stderr, "mmsim: error in trace callback (disabled): %s\n",
			lua_tostring(L, -1));
		lua_pop(L, 1);
		luaL_unref(L, LUA_REGISTRYINDEX, ud->trace_fn_ref);
		ud->trace_fn_ref = LUA_NOREF;
	}
	machine_enter(cur);	/* the callback may have used another machine */
}

static void lm_trace_update(struct lmm_machine *ud)
{
	if (ud->trace_fn_ref != LUA_NOREF || ud->trace_list_ref != LUA_NOREF)
		trace_attach(ud->m, lmm_trace_sink, ud);
	else
		trace_detach(ud->m, lmm_trace_sink, ud);
}

/*
 * m:trace(fn): call fn(event) for every trace event of this machine, the
 * event a table {name="mm_page_alloc", pfn=..., order=...}.
 * m:trace(nil) stops. m:trace(true|false) turns printing (as --trace) on
 * or off.
 */
static int lm_trace(lua_State *L)
{
	struct machine *m = lmm_peekmachine(L, 1);
	struct lmm_machine *ud = lmm_checkudata(L, 1);

	if (lua_type(L, 2) == LUA_TBOOLEAN) {
		ud->trace_printing = lua_toboolean(L, 2);
		if (ud->trace_printing) {
			if (trace_attach(m, trace_print_sink, NULL))
				return luaL_error(L, "too many trace sinks");
		} else {
			trace_detach(m, trace_print_sink, NULL);
		}
		return 0;
	}
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	luaL_unref(L, LUA_REGISTRYINDEX, ud->trace_fn_ref);
	ud->trace_fn_ref = LUA_NOREF;
	if (!lua_isnoneornil(L, 2)) {
		lua_pushvalue(L, 2);
		ud->trace_fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lm_trace_update(ud);
	return 0;
}

/*
 * m:trace_collect(on) -> the events collected since the previous call
 * (a list of event tables); collecting continues if @on is true and stops
 * otherwise.
 */
static int lm_trace_collect(lua_State *L)
{
	lmm_peekmachine(L, 1);
	struct lmm_machine *ud = lmm_checkudata(L, 1);
	bool on = lua_toboolean(L, 2);

	if (ud->trace_list_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, ud->trace_list_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, ud->trace_list_ref);
		ud->trace_list_ref = LUA_NOREF;
	} else {
		lua_newtable(L);
	}
	ud->trace_list_len = 0;
	if (on) {
		lua_newtable(L);
		ud->trace_list_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lm_trace_update(ud);
	return 1;
}

/*
 * m:config() -> {NUMA=true, HIGHMEM=false, ...}: every symbol of the
 * configuration model (kernel/kconfig.c), y as true; `thp_mode` is the
 * THP mode the kernel booted with ("always", "madvise", "never").
 */
static int lm_config(lua_State *L)
{
	static const char *const modes[] = { "never", "madvise", "always" };
	struct machine *m = lmm_checkmachine(L, 1);

	lua_createtable(L, 0, NR_KCONFIG_SYMS + 1);
	for (int i = 0; i < NR_KCONFIG_SYMS; i++) {
		lua_pushboolean(L, (int)((m->kconfig.on >> i) & 1));
		lua_setfield(L, -2, kconfig_name((enum kconfig_sym)i));
	}
	lua_pushstring(L, modes[m->kconfig.thp]);
	lua_setfield(L, -2, "thp_mode");
	return 1;
}

const luaL_Reg lmm_machine_methods[] = {
	{ "config", lm_config },
	{ "cat", lm_cat },
	{ "proc_export", lm_proc_export },
	{ "dmesg", lm_dmesg },
	{ "check", lm_check },
	{ "info", lm_info },
	{ "stats", lm_stats },
	{ "trace", lm_trace },
	{ "trace_collect", lm_trace_collect },
	{ NULL, NULL }
};
