/* SPDX-License-Identifier: GPL-2.0 */
/* The mmsim program: commands shared between the cli files. */
#ifndef MMSIM_CLI_H
#define MMSIM_CLI_H

#include <lua.h>

#include <mmsim/replay.h>

#include "lua/lmm.h"

/* Exit statuses. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* a scenario failed, a check failed */
#define EXIT_USAGE	2	/* bad command line or machine options */

/* A command of mmsim and its help page (cli/help.c). */
struct cli_command {
	const char *name;	/* "run" */
	const char *synopsis;	/* "[MACHINE OPTIONS] run FILE.lua [ARGS...]" */
	const char *summary;	/* one line for the overview */
	const char *help;	/* the page of `mmsim help NAME` */
	bool built;		/* false: named by the contract, not built yet */
};

#define CLI_COMMAND_NAMES "run, cat, layout, repl, tour, replay, config or help"

const struct cli_command *cli_find_command(const char *name);
/* Print the overview (@cmd NULL) or the page of @cmd, on stdout. */
void cli_help(const struct cli_command *cmd);
/* "/proc/meminfo, /proc/iomem, ..." into @sb; returns its text. */
const char *cli_proc_files(struct strbuf *sb);

/* A Lua state with the standard libraries and `mm` preloaded. */
lua_State *cli_new_state(struct lmm_host *host);
/* Call the function below its @narg arguments with a traceback handler. */
int cli_pcall(lua_State *L, int narg, int nres);
/*
 * Print the error on top of the stack to stderr and pop it, after
 * "@prog: " unless @prog is NULL (the REPL, as lua.c's interactive mode).
 */
void cli_report(lua_State *L, const char *prog);

int cmd_repl(struct lmm_host *host, bool echo);
/* The REPL's view of the value at @idx, appended to @sb (cli/repl_show.c). */
void repl_show(lua_State *L, int idx, struct strbuf *sb);
/* Tab completion of Lua names from @L at the prompt (cli/repl_complete.c). */
void repl_complete_init(lua_State *L);
int cmd_tour(struct lmm_host *host, int argc, char **argv);
/* Boot the command line's machine and enter it; exit status 2 if not. */
struct machine *boot_or_exit(struct lmm_host *host);
/* mmsim replay [--check] [--maps] FILE (cli/replay.c). */
int cmd_replay(struct lmm_host *host, const char *file,
	       const struct replay_opts *opts);

#endif
