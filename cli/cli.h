/* SPDX-License-Identifier: GPL-2.0 */
/* The mmsim program: commands shared between the cli files. */
#ifndef MMSIM_CLI_H
#define MMSIM_CLI_H

#include <lua.h>

#include "lua/lmm.h"

/* Exit statuses. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* a scenario failed, a check failed */
#define EXIT_USAGE	2	/* bad command line or machine options */

/* A Lua state with the standard libraries and `mm` preloaded. */
lua_State *cli_new_state(struct lmm_host *host);
/* Call the function below its @narg arguments with a traceback handler. */
int cli_pcall(lua_State *L, int narg, int nres);
/* Print the error on top of the stack to stderr and pop it. */
void cli_report(lua_State *L);

int cmd_repl(struct lmm_host *host);
int cmd_tour(struct lmm_host *host, int argc, char **argv);

#endif
