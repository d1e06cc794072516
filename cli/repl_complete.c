// SPDX-License-Identifier: GPL-2.0
/*
 * Tab completion for the REPL, through libedit's readline interface.
 * No Linux counterpart.
 *
 * The word before the cursor is a chain of names: "pri", "mm.bo",
 * "m:alloc", "string.fo". Everything before the last '.' or ':' is looked
 * up from the globals, one name at a time and without calling anything
 * (an __index *table* is followed, an __index function is not), so
 * completing never runs code with side effects. The candidates are the
 * string keys of that value and of its metatable's __index table (for a
 * machine or cpu object: its methods); after ':' only the functions.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#include "cli.h"

static lua_State *complete_L;

/* The candidates of the current completion, sorted. */
static char **cands;
static size_t nr_cands, cap_cands, next_cand;

static void add_cand(const char *prefix, size_t plen, const char *name)
{
	char *c;

	for (size_t i = 0; i < nr_cands; i++)
		if (!strcmp(cands[i] + plen, name))
			return;
	if (nr_cands == cap_cands) {
		cap_cands = cap_cands ? 2 * cap_cands : 64;
		cands = realloc(cands, cap_cands * sizeof(*cands));
		if (!cands)
			abort();
	}
	c = malloc(plen + strlen(name) + 1);
	if (!c)
		abort();
	memcpy(c, prefix, plen);
	strcpy(c + plen, name);
	cands[nr_cands++] = c;
}

static bool is_name(const char *s, size_t len)
{
	if (!len || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * Push obj.name without running code: raw lookups, following __index
 * only while it is a table. Return: 1 (pushed), or 0 (nothing pushed).
 */
static int raw_field(lua_State *L, int obj, const char *name, size_t len)
{
	lua_pushvalue(L, obj);
	for (int hops = 0; hops < 8; hops++) {
		if (lua_type(L, -1) == LUA_TTABLE) {
			lua_pushlstring(L, name, len);
			if (lua_rawget(L, -2) != LUA_TNIL) {
				lua_remove(L, -2);
				return 1;
			}
			lua_pop(L, 1);
		}
		if (!luaL_getmetafield(L, -1, "__index"))
			break;
		lua_remove(L, -2);
		if (lua_type(L, -1) != LUA_TTABLE)
			break;
	}
	lua_pop(L, 1);
	return 0;
}

/* Add the matching keys of the table at @t (functions only if asked). */
static void add_keys(lua_State *L, int t, const char *prefix, size_t plen,
		     const char *part, bool methods)
{
	size_t partlen = strlen(part);

	t = lua_absindex(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		size_t klen;
		const char *k;

		if (lua_type(L, -2) == LUA_TSTRING) {
			k = lua_tolstring(L, -2, &klen);
			if (is_name(k, klen) && !strncmp(k, part, partlen) &&
			    (!methods || lua_type(L, -1) == LUA_TFUNCTION) &&
			    strncmp(k, "__", 2))
				add_cand(prefix, plen, k);
		}
		lua_pop(L, 1);
	}
}

static int cmp_cands(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(lua_State *L, const char *text)
{
	static const char *const keywords[] = {
		"and", "break", "do", "else", "elseif", "end", "false", "for",
		"function", "goto", "if", "in", "local", "nil", "not", "or",
		"repeat", "return", "then", "true", "until", "while",
	};
	const char *sep = strpbrk(text, ".:"), *last = NULL, *p, *name;
	int top = lua_gettop(L), obj;

	for (p = text; (p = strpbrk(p, ".:")); p++)
		last = p;
	if (!last) {
		lua_pushglobaltable(L);
		add_keys(L, -1, "", 0, text, false);
		for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
			if (!strncmp(keywords[i], text, strlen(text)))
				add_cand("", 0, keywords[i]);
		goto out;
	}
	/* walk "a.b.c" up to the last separator; ':' may only be last */
	lua_pushglobaltable(L);
	obj = lua_gettop(L);
	for (name = text; name < last; name = sep + 1) {
		sep = strpbrk(name, ".:");
		if (*sep == ':' && sep != last)
			goto out;
		if (!is_name(name, (size_t)(sep - name)) ||
		    !raw_field(L, obj, name, (size_t)(sep - name)))
			goto out;
		lua_replace(L, obj);
	}
	if (lua_type(L, obj) == LUA_TTABLE)
		add_keys(L, obj, text, (size_t)(last - text + 1), last + 1,
			 *last == ':');
	if (luaL_getmetafield(L, obj, "__index")) {
		if (lua_type(L, -1) == LUA_TTABLE)
			add_keys(L, -1, text, (size_t)(last - text + 1),
				 last + 1, *last == ':');
	}
out:
	lua_settop(L, top);
	if (nr_cands)
		qsort(cands, nr_cands, sizeof(*cands), cmp_cands);
}

/* rl_completion_matches() calls this with state 0, 1, ... until NULL. */
static char *complete_next(const char *text, int state)
{
	if (!state) {
		for (size_t i = next_cand; i < nr_cands; i++)
			free(cands[i]);
		nr_cands = next_cand = 0;
		collect(complete_L, text);
	}
	if (next_cand < nr_cands)
		return cands[next_cand++];	/* libedit frees it */
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;	/* never file names */
	return rl_completion_matches(text, complete_next);
}

/**
 * repl_complete_init - complete Lua names from @L at the prompt
 * @L: the REPL's state; must outlive the prompt
 */
void repl_complete_init(lua_State *L)
{
	/* '.' and ':' stay inside the word: "m:alloc" is one word */
	static char breaks[] = " \t\n\"\\'`@$><=;|&{}()[],+-*/%^#~";

	complete_L = L;
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = breaks;
	rl_completer_word_break_characters = breaks;
	rl_completion_append_character = '\0';
}
