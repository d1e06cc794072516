// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim tour: the guided tour of the notes. The steps are Lua (cli/tour.lua,
 * embedded at build time through cli/tour_lua.h) so that they use exactly
 * the `mm` API a scenario writer has.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tour_lua.h"

/**
 * cmd_tour - run the tour
 * @host: machine options (defaults of the tour's mm.boot{} calls)
 * @argc: arguments after "tour", with argv[0] = "tour"
 * @argv: "--list", "--source", or step ids ("Z3", "b3")
 *
 * Return: 0; 1 if a step failed; 2 for an unknown step.
 */
int cmd_tour(struct lmm_host *host, int argc, char **argv)
{
	bool interactive = isatty(0) && isatty(1);
	lua_State *L;
	int status;

	if (argc > 1 && !strcmp(argv[1], "--source")) {
		fputs(tour_lua, stdout);
		return EXIT_OK;
	}
	L = cli_new_state(host);
	if (luaL_loadbuffer(L, tour_lua, sizeof(tour_lua) - 1, "=tour.lua")) {
		cli_report(L, "mmsim");
		lua_close(L);
		return EXIT_FAIL;
	}
	lua_pushboolean(L, interactive);
	for (int i = 1; i < argc; i++)
		lua_pushstring(L, argv[i]);
	if (cli_pcall(L, argc, 2) != LUA_OK) {
		cli_report(L, "mmsim");
		lua_close(L);
		return EXIT_FAIL;
	}
	if (lua_isstring(L, -1)) {
		fprintf(stderr, "mmsim: %s\n", lua_tostring(L, -1));
		status = EXIT_USAGE;
	} else {
		status = lua_tointeger(L, -2) ? EXIT_FAIL : EXIT_OK;
	}
	lua_close(L);
	return status;
}
