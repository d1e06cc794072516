// SPDX-License-Identifier: GPL-2.0
/*
 * How the REPL shows a value: tables in full, nested, keys sorted, cycles
 * marked, addresses and registers in hex. No Linux counterpart.
 *
 * The rules (docs/cli-and-lua.md repeats them):
 * - A top-level string is printed raw, as print() does; strings inside a
 *   table are quoted ("x86_64").
 * - A table with a __tostring metamethod, and any userdata or function, is
 *   shown by tostring(): a machine is "machine (x86_64, mem=1G, ...)".
 * - Other tables: the sequence 1..n first, in order, then the other keys
 *   sorted (numbers, then strings, then the rest), `name = value` for
 *   identifier keys and `[key] = value` otherwise. A table fits on one line
 *   when it is short; otherwise one entry per line, indented by two.
 * - A table met again inside itself is "<cycle>"; below depth 16, "{...}";
 *   after 1000 entries, "... (N more)".
 * - A non-negative integer is shown in hex (0x...) when its key names an
 *   address or a register: see hex_key(). Page frame numbers (pfn,
 *   start_pfn, ...) stay decimal, as /proc/zoneinfo prints them; so do
 *   sizes, counts, orders and ids.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cli.h"

#define SHOW_WIDTH	78	/* a table is one line if it fits in this */
#define SHOW_DEPTH	16
#define SHOW_ENTRIES	1000

/*
 * Is an integer under @key an address or a register value? Exact names,
 * then suffixes: "entry_addr", "io_bitmap_base", "top_of_stack".
 */
static bool hex_key(const char *key)
{
	static const char *const names[] = {
		/* addresses */
		"addr", "address", "start", "end", "base", "va", "pa", "vaddr",
		"paddr", "phys", "virt", "ip", "pc", "sp", "sp0", "stack",
		"cr2", "far", "dfar", "ifar",
		/* registers and page-table entries: bit fields */
		"cr0", "cr3", "cr4", "efer", "sctlr", "ttbr0", "ttbr1", "ttbcr",
		"dacr", "contextidr", "fsr", "dfsr", "ifsr", "error_code",
		"value", "pte", "pmd", "pud", "p4d", "pgd", "entry",
	};
	static const char *const suffixes[] = {
		"_addr", "_address", "_start", "_end", "_base", "_va", "_pa",
		"_phys", "_virt", "_stack", "_pte",
	};
	size_t len = strlen(key);

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(key, names[i]))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strlen(suffixes[i]);

		if (len > n && !strcmp(key + len - n, suffixes[i]))
			return true;
	}
	return false;
}

static bool is_identifier(const char *s)
{
	static const char *const keywords[] = {
		"and", "break", "do", "else", "elseif", "end", "false", "for",
		"function", "goto", "if", "in", "local", "nil", "not", "or",
		"repeat", "return", "then", "true", "until", "while",
	};

	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(s, keywords[i]))
			return false;
	return true;
}

static void show_quoted(struct strbuf *sb, const char *s, size_t len)
{
	sb_puts(sb, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (c == '\n')
			sb_puts(sb, "\\n");
		else if (c == '\t')
			sb_puts(sb, "\\t");
		else if (c < 32 || c == 127)
			sb_printf(sb, "\\%u", c);
		else
			sb_printf(sb, "%c", c);
	}
	sb_puts(sb, "\"");
}

struct show {
	lua_State *L;
	int path;		/* stack index: table -> true while shown */
};

/* A key of the table being shown, for sorting. */
struct show_key {
	int type;		/* LUA_TNUMBER, LUA_TSTRING, other */
	lua_Number num;
	lua_Integer inum;
	bool isint;
	const char *str;
	int ref;		/* index in the keys table */
};

static int type_rank(int type)
{
	return type == LUA_TNUMBER ? 0 : type == LUA_TSTRING ? 1 : 2;
}

static int cmp_keys(const void *pa, const void *pb)
{
	const struct show_key *a = pa, *b = pb;

	if (type_rank(a->type) != type_rank(b->type))
		return type_rank(a->type) - type_rank(b->type);
	if (a->type == LUA_TNUMBER) {
		if (a->isint && b->isint)
			return (a->inum > b->inum) - (a->inum < b->inum);
		return (a->num > b->num) - (a->num < b->num);
	}
	if (a->str && b->str)
		return strcmp(a->str, b->str);
	return a->ref - b->ref;
}

static void show_value(struct show *s, struct strbuf *sb, int idx,
		       const char *key, int indent, int depth);

/* Append "k = v" for the key at -2 and value at -1 (both popped). */
static void show_entry(struct show *s, struct strbuf *sb, int indent,
		       int depth)
{
	lua_State *L = s->L;
	const char *key = NULL;

	if (lua_type(L, -2) == LUA_TSTRING) {
		key = lua_tostring(L, -2);
		if (is_identifier(key)) {
			sb_printf(sb, "%s = ", key);
		} else {
			size_t len;
			const char *k = lua_tolstring(L, -2, &len);

			sb_puts(sb, "[");
			show_quoted(sb, k, len);
			sb_puts(sb, "] = ");
		}
	} else {
		sb_puts(sb, "[");
		show_value(s, sb, lua_absindex(L, -2), NULL, indent, depth);
		sb_puts(sb, "] = ");
	}
	show_value(s, sb, lua_absindex(L, -1), key, indent, depth);
	lua_pop(L, 2);
}

static void show_table(struct show *s, struct strbuf *sb, int t, int indent,
		       int depth)
{
	lua_State *L = s->L;
	struct strbuf *items = NULL;
	struct show_key *keys = NULL;
	size_t nitems = 0, nkeys = 0, cap = 0, width;
	lua_Integer seq = 0;
	bool oneline = true;
	int keytab;

	luaL_checkstack(L, 8, "table too deep to show");
	if (lua_rawgetp(L, s->path, lua_topointer(L, t)) != LUA_TNIL) {
		lua_pop(L, 1);
		sb_puts(sb, "<cycle>");
		return;
	}
	lua_pop(L, 1);
	if (depth >= SHOW_DEPTH) {
		sb_puts(sb, "{...}");
		return;
	}
	lua_pushboolean(L, 1);
	lua_rawsetp(L, s->path, lua_topointer(L, t));

	/* the sequence 1..n, then every other key, collected for sorting */
	while (lua_rawgeti(L, t, seq + 1) != LUA_TNIL) {
		lua_pop(L, 1);
		seq++;
	}
	lua_pop(L, 1);
	lua_newtable(L);
	keytab = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
		    lua_tointeger(L, -1) <= seq)
			continue;
		if (nkeys == cap) {
			cap = cap ? 2 * cap : 16;
			keys = realloc(keys, cap * sizeof(*keys));
			if (!keys)
				abort();
		}
		lua_pushvalue(L, -1);
		lua_rawseti(L, keytab, (lua_Integer)nkeys + 1);
		keys[nkeys] = (struct show_key){
			.type = lua_type(L, -1),
			.isint = lua_isinteger(L, -1),
			.inum = lua_tointeger(L, -1),
			.num = lua_tonumber(L, -1),
			.ref = (int)nkeys + 1,
		};
		nkeys++;
	}
	for (size_t i = 0; i < nkeys; i++) {
		lua_rawgeti(L, keytab, keys[i].ref);
		if (keys[i].type == LUA_TSTRING)
			keys[i].str = lua_tostring(L, -1);	/* kept by keytab */
		lua_pop(L, 1);
	}
	if (nkeys)
		qsort(keys, nkeys, sizeof(*keys), cmp_keys);

	items = calloc((size_t)seq + nkeys + 1, sizeof(*items));
	if (!items)
		abort();
	for (lua_Integer i = 1; i <= seq && nitems < SHOW_ENTRIES; i++) {
		lua_rawgeti(L, t, i);
		show_value(s, &items[nitems++], lua_gettop(L), NULL,
			   indent + 2, depth + 1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < nkeys && nitems < SHOW_ENTRIES; i++) {
		lua_rawgeti(L, keytab, keys[i].ref);
		lua_pushvalue(L, -1);
		lua_rawget(L, t);
		show_entry(s, &items[nitems++], indent + 2, depth + 1);
	}
	if ((size_t)seq + nkeys > nitems) {
		size_t more = (size_t)seq + nkeys - nitems;

		sb_printf(&items[nitems++], "... (%zu more)", more);
	}

	width = (size_t)indent + 4;
	for (size_t i = 0; i < nitems; i++) {
		width += items[i].len + 2;
		if (strchr(sb_str(&items[i]), '\n'))
			oneline = false;
	}
	if (width > SHOW_WIDTH)
		oneline = false;
	if (!nitems) {
		sb_puts(sb, "{}");
	} else if (oneline) {
		sb_puts(sb, "{ ");
		for (size_t i = 0; i < nitems; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", sb_str(&items[i]));
		sb_puts(sb, " }");
	} else {
		sb_puts(sb, "{\n");
		for (size_t i = 0; i < nitems; i++)
			sb_printf(sb, "%*s%s,\n", indent + 2, "", sb_str(&items[i]));
		sb_printf(sb, "%*s}", indent, "");
	}
	for (size_t i = 0; i < nitems; i++)
		sb_free(&items[i]);
	free(items);
	free(keys);
	lua_pop(L, 1);			/* keytab */
	lua_pushnil(L);
	lua_rawsetp(L, s->path, lua_topointer(L, t));
}

static void show_value(struct show *s, struct strbuf *sb, int idx,
		       const char *key, int indent, int depth)
{
	lua_State *L = s->L;
	size_t len;
	const char *str;

	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx) && key && hex_key(key)) {
			/* kernel addresses above 2^63 are negative in Lua */
			sb_printf(sb, "0x%" PRIx64, (uint64_t)lua_tointeger(L, idx));
			return;
		}
		break;
	case LUA_TSTRING:
		str = lua_tolstring(L, idx, &len);
		if (depth)
			show_quoted(sb, str, len);
		else
			sb_puts(sb, str);	/* print()'s raw string */
		return;
	case LUA_TTABLE:
		if (!luaL_getmetafield(L, idx, "__tostring")) {
			show_table(s, sb, idx, indent, depth);
			return;
		}
		lua_pop(L, 1);
		break;
	default:
		break;
	}
	/* tostring(), with its __tostring and __name */
	str = luaL_tolstring(L, idx, &len);
	sb_puts(sb, str);
	lua_pop(L, 1);
}

/**
 * repl_show - append the REPL's view of a value to @sb
 * @L: Lua state
 * @idx: the value
 * @sb: receives the text (no newline)
 *
 * A __tostring metamethod that raises propagates the error: call under
 * lua_pcall (the REPL does). Such an error leaks
 * the few buffers of the tables being shown at that moment.
 */
void repl_show(lua_State *L, int idx, struct strbuf *sb)
{
	struct show s = { .L = L };

	idx = lua_absindex(L, idx);
	lua_newtable(L);
	s.path = lua_gettop(L);
	show_value(&s, sb, idx, NULL, 0, 0);
	lua_pop(L, 1);
}
