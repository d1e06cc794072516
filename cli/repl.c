// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim repl: a Lua prompt with `mm` loaded and `m` booted, line editing
 * and history through libedit. Behaves like the lua interpreter's REPL: a
 * line that is an expression prints its values; an incomplete statement
 * asks for more lines.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "cli.h"

#define PROMPT		"mmsim> "
#define PROMPT2		"   >> "
#define HISTORY_FILE	".mmsim_history"

struct repl {
	lua_State *L;
	bool tty;
	char history[1024];
};

/* One line without its newline, or NULL at end of input. Caller frees. */
static char *repl_read(struct repl *r, const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (r->tty)
		return readline(prompt);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

/* Is the error on top of the stack "the chunk ended too early"? */
static bool incomplete(lua_State *L, int status)
{
	const char *msg, *eof = "<eof>";
	size_t len, lenof = strlen(eof);

	if (status != LUA_ERRSYNTAX)
		return false;
	msg = lua_tolstring(L, -1, &len);
	return len >= lenof && !strcmp(msg + len - lenof, eof);
}

/*
 * Compile @src, first as "return src;" (so "1+1" prints 2), then as a
 * statement. Leaves the function, or the error, on the stack.
 */
static int compile(lua_State *L, const char *src)
{
	const char *ret = lua_pushfstring(L, "return %s;", src);
	int status = luaL_loadbuffer(L, ret, strlen(ret), "=stdin");

	lua_remove(L, -2);
	if (status == LUA_OK)
		return status;
	lua_pop(L, 1);
	return luaL_loadbuffer(L, src, strlen(src), "=stdin");
}

/* Read a whole chunk (possibly several lines) and compile it. */
static int read_chunk(struct repl *r, bool *eof)
{
	lua_State *L = r->L;
	struct strbuf src = STRBUF_INIT;
	char *line = repl_read(r, PROMPT);
	int status;

	*eof = !line;
	if (!line)
		return -1;
	sb_puts(&src, line[0] == '=' ? line + 1 : line);	/* "=x" as lua 5.1 */
	free(line);
	for (;;) {
		status = compile(L, sb_str(&src));
		if (!incomplete(L, status))
			break;
		lua_pop(L, 1);
		line = repl_read(r, PROMPT2);
		if (!line) {
			/* end of input inside a statement: report it */
			status = luaL_loadbuffer(L, sb_str(&src), src.len,
						 "=stdin");
			break;
		}
		sb_puts(&src, "\n");
		sb_puts(&src, line);
		free(line);
	}
	if (r->tty && src.len)
		add_history(sb_str(&src));
	sb_free(&src);
	return status;
}

/* print() the values left on the stack by the chunk. */
static void print_results(lua_State *L)
{
	int n = lua_gettop(L);

	if (!n)
		return;
	luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
	lua_getglobal(L, "print");
	lua_insert(L, 1);
	if (lua_pcall(L, n, 0, 0) != LUA_OK)
		cli_report(L, NULL);
}

/**
 * cmd_repl - run the interactive shell
 * @host: the machine options (defaults of mm.boot{} and of `m`)
 *
 * Return: exit status: 0, or 1 when input was piped and a chunk failed.
 */
int cmd_repl(struct lmm_host *host)
{
	struct repl r = { .tty = isatty(0) && isatty(1) };
	const char *home = getenv("HOME");
	int failures = 0;
	char b[32];
	bool eof;

	r.L = cli_new_state(host);
	lua_getglobal(r.L, "mm");
	lua_getfield(r.L, -1, "boot");
	lua_remove(r.L, -2);
	if (cli_pcall(r.L, 0, 1) != LUA_OK) {
		fprintf(stderr, "mmsim: cannot boot: ");
		cli_report(r.L, NULL);
		lua_close(r.L);
		return EXIT_USAGE;
	}
	lua_setglobal(r.L, "m");

	if (r.tty) {
		printf("mmsim %s, %s; module mm loaded.\n"
		       "m = mm.boot{}: %s with %s of RAM. Try m:cat(\"meminfo\"), "
		       "print(m:dmesg()), m:info(), m:stats(). Ctrl-D quits.\n",
		       MMSIM_VERSION, LUA_RELEASE, arch_name(host->defaults.arch),
		       format_size(host->defaults.mem, b, sizeof(b)));
		if (home && strlen(home) + sizeof(HISTORY_FILE) + 1 < sizeof(r.history)) {
			snprintf(r.history, sizeof(r.history), "%s/%s", home,
				 HISTORY_FILE);
			using_history();
			read_history(r.history);
		}
	}
	for (;;) {
		int status;

		lua_settop(r.L, 0);
		status = read_chunk(&r, &eof);
		if (eof)
			break;
		if (status == LUA_OK)
			status = cli_pcall(r.L, 0, LUA_MULTRET);
		if (status == LUA_OK) {
			print_results(r.L);
		} else {
			cli_report(r.L, NULL);
			failures++;
		}
		fflush(stdout);
	}
	if (r.tty) {
		putchar('\n');
		if (r.history[0])
			write_history(r.history);
	}
	lua_close(r.L);
	return !r.tty && failures ? EXIT_FAIL : EXIT_OK;
}
