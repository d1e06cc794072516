// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim repl: a Lua prompt with `mm` loaded and `m` booted, line editing,
 * completion (cli/repl_complete.c) and history through libedit. Behaves
 * like the lua interpreter's REPL (lua.c): a line that is an expression
 * shows its values (cli/repl_show.c), an incomplete statement asks for
 * more lines, Ctrl-C interrupts a running chunk.
 *
 * On a terminal: banner, prompts, history, Ctrl-C handling. Piped input:
 * none of those (results on stdout, errors on stderr, exit status 1 if a
 * chunk failed), unless --echo asks to print the banner, the prompts and
 * the input lines too, which turns piped input into the transcript a
 * terminal would show.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <editline/readline.h>

#include "cli.h"

#define PROMPT		"mmsim> "
#define PROMPT2		"   >> "
#define HISTORY_LINES	1000

struct repl {
	lua_State *L;
	bool tty;		/* stdin and stdout are terminals */
	bool echo;		/* print banner, prompts, input (--echo) */
	char *history;		/* the history file, or NULL */
};

/*
 * Ctrl-C. While a chunk runs, the handler sets a hook that raises
 * "interrupted!" at the next Lua call, return or instruction count — as
 * lua.c's laction()/lstop() do, since a signal handler may not touch the
 * Lua state otherwise (lua_sethook is the one call made safe for it). At
 * the prompt it only counts; the read it interrupts returns.
 */
static lua_State *volatile running_L;
static volatile sig_atomic_t nr_sigint;

static void lstop(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, NULL, 0, 0);
	luaL_error(L, "interrupted!");
}

static void on_sigint(int sig)
{
	lua_State *L = running_L;

	(void)sig;
	nr_sigint++;
	if (L)
		lua_sethook(L, lstop,
			    LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static void catch_sigint(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	/* no SA_RESTART: a Ctrl-C must end the read at the prompt */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

/* mkdir -p of the directory part of @path. */
static void make_parent_dirs(const char *path)
{
	char *dir = strdup(path);

	if (!dir)
		return;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);	/* EEXIST is fine; a real failure shows at write */
		*p = '/';
	}
	free(dir);
}

/*
 * The history file: $MMSIM_HISTORY (empty: none), else
 * $XDG_STATE_HOME/mmsim/history, else ~/.local/state/mmsim/history
 * (the XDG base-directory default). Caller frees.
 */
static char *history_path(void)
{
	const char *env = getenv("MMSIM_HISTORY");
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	if (env)
		return *env ? strdup(env) : NULL;
	if (state && state[0] == '/')
		sb_printf(&sb, "%s/mmsim/history", state);
	else if (home && *home)
		sb_printf(&sb, "%s/.local/state/mmsim/history", home);
	else
		return NULL;
	return sb.buf;		/* the strbuf's malloc'd text, handed over */
}

static void history_save(struct repl *r)
{
	if (!r->history)
		return;
	make_parent_dirs(r->history);
	if (write_history(r->history))
		fprintf(stderr, "mmsim: cannot save the history to '%s': %s\n",
			r->history, strerror(errno));
}

enum read_result { READ_LINE, READ_EOF, READ_INTERRUPT };

/* One line without its newline into *@line (caller frees). */
static enum read_result repl_read(struct repl *r, const char *prompt,
				  char **line)
{
	size_t cap = 0;
	ssize_t n;

	*line = NULL;
	if (r->tty) {
		sig_atomic_t before = nr_sigint;

		*line = readline(prompt);
		if (nr_sigint != before) {
			/* libedit gives up the read; whatever it had is dropped */
			free(*line);
			*line = NULL;
			return READ_INTERRUPT;
		}
		return *line ? READ_LINE : READ_EOF;
	}
	if (r->echo)
		fputs(prompt, stdout);
	n = getline(line, &cap, stdin);
	if (n < 0) {
		free(*line);
		*line = NULL;
		if (r->echo)
			putchar('\n');	/* as Ctrl-D at the prompt */
		return READ_EOF;
	}
	if (n && (*line)[n - 1] == '\n')
		(*line)[n - 1] = '\0';
	if (r->echo)
		printf("%s\n", *line);
	return READ_LINE;
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

/*
 * Read a whole chunk (possibly several lines) and compile it: LUA_OK or
 * an error status with the function or message on the stack; -1 with
 * *@how READ_EOF or READ_INTERRUPT and nothing on the stack.
 */
static int read_chunk(struct repl *r, enum read_result *how)
{
	lua_State *L = r->L;
	struct strbuf src = STRBUF_INIT;
	char *line;
	int status;

	*how = repl_read(r, PROMPT, &line);
	if (*how != READ_LINE)
		return -1;
	sb_puts(&src, line[0] == '=' ? line + 1 : line);	/* "=x" as lua 5.1 */
	free(line);
	for (;;) {
		status = compile(L, sb_str(&src));
		if (!incomplete(L, status))
			break;
		lua_pop(L, 1);
		*how = repl_read(r, PROMPT2, &line);
		if (*how == READ_INTERRUPT) {
			sb_free(&src);
			return -1;
		}
		if (*how == READ_EOF) {
			/* end of input inside a statement: report it */
			status = luaL_loadbuffer(L, sb_str(&src), src.len,
						 "=stdin");
			*how = READ_LINE;
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

/* Runs under lua_pcall: shows every argument, tab-separated, as lua.c. */
static int show_values(lua_State *L)
{
	struct strbuf sb = STRBUF_INIT;
	int n = lua_gettop(L);

	for (int i = 1; i <= n; i++) {
		if (i > 1)
			sb_puts(&sb, "\t");
		repl_show(L, i, &sb);
	}
	lua_pushlstring(L, sb_str(&sb), sb.len);
	sb_free(&sb);
	return 1;
}

/* Show the values the chunk left on the stack. */
static void print_results(lua_State *L)
{
	int n = lua_gettop(L);

	if (!n)
		return;
	luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
	lua_pushcfunction(L, show_values);
	lua_insert(L, 1);
	if (cli_pcall(L, n, 1) != LUA_OK) {
		fflush(stdout);
		fputs("error showing the result: ", stderr);
		cli_report(L, NULL);
		return;
	}
	puts(lua_tostring(L, -1));
	lua_pop(L, 1);
}

static void banner(struct lmm_host *host)
{
	char b[32];

	printf("mmsim %s, Lua %s.%s; module mm loaded.\n"
	       "m = mm.boot{}: %s with %s of RAM. Try m:info(), m:cat(\"meminfo\"), m:stats().\n"
	       "Tab completes, Ctrl-C interrupts, Ctrl-D quits.\n",
	       MMSIM_VERSION, LUA_VERSION_MAJOR, LUA_VERSION_MINOR, arch_name(host->defaults.arch),
	       format_size(host->defaults.mem, b, sizeof(b)));
}

/* Run one compiled chunk; Ctrl-C may interrupt it. */
static int run_chunk(struct repl *r)
{
	sig_atomic_t before = nr_sigint;
	int status;

	running_L = r->L;
	status = cli_pcall(r->L, 0, LUA_MULTRET);
	running_L = NULL;
	/* a Ctrl-C after the last hook point must not hit the next chunk */
	lua_sethook(r->L, NULL, 0, 0);
	if (nr_sigint != before)
		putchar('\n');		/* end the line the terminal's ^C is on */
	return status;
}

/**
 * cmd_repl - run the interactive shell
 * @host: the machine options (defaults of mm.boot{} and of `m`)
 * @echo: print the banner, prompts and input lines even on piped input
 *
 * Return: exit status: 0; 1 when input was piped and a chunk failed; 2
 * when `m` cannot boot.
 */
int cmd_repl(struct lmm_host *host, bool echo)
{
	struct repl r = { .tty = isatty(0) && isatty(1) };
	int failures = 0;
	bool interrupted = false;

	r.echo = echo && !r.tty;
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

	if (r.tty || r.echo)
		banner(host);
	if (r.tty) {
		catch_sigint();
		rl_readline_name = "mmsim";
		using_history();
		stifle_history(HISTORY_LINES);
		r.history = history_path();
		if (r.history)
			read_history(r.history);
		repl_complete_init(r.L);
	}
	for (;;) {
		enum read_result how;
		int status;

		lua_settop(r.L, 0);
		fflush(stdout);
		status = read_chunk(&r, &how);
		if (how == READ_EOF)
			break;
		if (how == READ_INTERRUPT) {
			/* a second Ctrl-C in a row quits, as Ctrl-D */
			if (interrupted)
				break;
			printf("\n(Ctrl-C again or Ctrl-D to quit)\n");
			interrupted = true;
			continue;
		}
		interrupted = false;
		if (status == LUA_OK)
			status = run_chunk(&r);
		if (status == LUA_OK) {
			print_results(r.L);
		} else {
			fflush(stdout);
			cli_report(r.L, NULL);
			failures++;
		}
	}
	if (r.tty) {
		putchar('\n');
		history_save(&r);
		signal(SIGINT, SIG_DFL);
	}
	fflush(stdout);
	free(r.history);
	lua_close(r.L);
	return !r.tty && failures ? EXIT_FAIL : EXIT_OK;
}
