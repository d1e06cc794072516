// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim: the command line. Parses the machine options (they become the
 * defaults of mm.boot{}), then runs one command: run, cat, layout, repl,
 * tour, config, replay, help (the command table and help texts are in
 * cli/help.c).
 *
 * Every error message starts with "mmsim: " (a Lua error inside the REPL
 * excepted, as in lua.c's interactive mode). Exit status: 0 success; 1 a
 * runtime failure (a scenario raised an error, a /proc path does not
 * exist, an invariant check failed, a command not built yet); 2 a usage
 * error (unknown option, bad value, missing command) or a machine that
 * cannot boot.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lualib.h>

#include <mmsim/proc.h>

#include "cli.h"


static const char *progname = "mmsim";

static _Noreturn void __printf(1, 2) usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr,
		"\nUsage: mmsim [MACHINE OPTIONS] {run FILE.lua [ARGS...] | cat PATH | layout | repl | tour | replay FILE | help [COMMAND]}\n"
		"Try 'mmsim --help' for more information.\n");
	exit(EXIT_USAGE);
}

enum {
	OPT_ARCH = 256, OPT_MEM, OPT_CPUS, OPT_NODES, OPT_VMSPLIT,
	OPT_DMA_LIMIT, OPT_SEED, OPT_VMALLOC, OPT_LAYOUT, OPT_TRACE, OPT_ECHO,
	OPT_CMDLINE, OPT_CONFIG, OPT_CHECK, OPT_MAPS, OPT_DISK,
};

static bool repl_echo;		/* repl --echo */
static struct replay_opts replay_opts;	/* replay --check --maps */

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "nodes", required_argument, NULL, OPT_NODES },
	{ "vmsplit", required_argument, NULL, OPT_VMSPLIT },
	{ "dma-limit", required_argument, NULL, OPT_DMA_LIMIT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "vmalloc", required_argument, NULL, OPT_VMALLOC },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "echo", no_argument, NULL, OPT_ECHO },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "maps", no_argument, NULL, OPT_MAPS },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ NULL, 0, NULL, 0 }
};

static const char *const opt_keys[] = {
	[OPT_ARCH - OPT_ARCH] = "arch",
	[OPT_MEM - OPT_ARCH] = "mem",
	[OPT_CPUS - OPT_ARCH] = "cpus",
	[OPT_NODES - OPT_ARCH] = "nodes",
	[OPT_VMSPLIT - OPT_ARCH] = "vmsplit",
	[OPT_DMA_LIMIT - OPT_ARCH] = "dma_limit",
	[OPT_SEED - OPT_ARCH] = "seed",
	[OPT_VMALLOC - OPT_ARCH] = "vmalloc",
	[OPT_LAYOUT - OPT_ARCH] = "layout",
	[OPT_CMDLINE - OPT_ARCH] = "cmdline",
	[OPT_CONFIG - OPT_ARCH] = "config",
	[OPT_DISK - OPT_ARCH] = "disk",
};

/*
 * Parse the options of argv[1..argc-1]; exits on --help, --version and
 * errors. With @permute false, stops at the first non-option (the command);
 * with it true, options and operands may mix and the operands end up at
 * argv[optind..]. Starts afresh each time (optind = 0 resets GNU getopt).
 * --help prints the page of @cmd, or the overview before any command.
 */
static void parse_options(int argc, char **argv, struct lmm_host *host,
			  bool permute, const struct cli_command *cmd)
{
	char err[256];
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, permute ? ":hV" : "+:hV",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_help(cmd);
			exit(EXIT_OK);
		case 'V':
			printf("mmsim %s (Lua %s.%s)\n", MMSIM_VERSION,
			       LUA_VERSION_MAJOR, LUA_VERSION_MINOR);
			exit(EXIT_OK);
		case OPT_TRACE:
			host->trace = true;
			break;
		case OPT_ECHO:
			if (!cmd || strcmp(cmd->name, "repl"))
				usage_error("'--echo' is an option of repl");
			repl_echo = true;
			break;
		case OPT_CHECK:
		case OPT_MAPS:
			if (!cmd || strcmp(cmd->name, "replay"))
				usage_error("'%s' is an option of replay",
					    c == OPT_CHECK ? "--check" : "--maps");
			*(c == OPT_CHECK ? &replay_opts.check :
					   &replay_opts.maps) = true;
			break;
		case ':':
			usage_error("option '%s' needs a value",
				    argv[optind - 1]);
		case '?':
			if (optopt)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			if (lmm_config_set(&host->defaults, NULL,
					   opt_keys[c - OPT_ARCH], optarg, err,
					   sizeof(err))) {
				/* the message starts with the key */
				if (!strncmp(err, "dma_limit", 9))
					usage_error("--dma-limit%s", err + 9);
				usage_error("--%s", err);
			}
		}
	}
}

/* ---- Lua helpers shared with repl and tour ------------------------------ */

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)",
				      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int cli_pcall(lua_State *L, int narg, int nres)
{
	int base = lua_gettop(L) - narg;
	int status;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	status = lua_pcall(L, narg, nres, base);
	lua_remove(L, base);
	return status;
}

void cli_report(lua_State *L, const char *prog)
{
	const char *msg = lua_tostring(L, -1);

	if (prog)
		fprintf(stderr, "%s: ", prog);
	fprintf(stderr, "%s\n", msg ? msg : "(error object is not a string)");
	fflush(stderr);
	lua_pop(L, 1);
}

lua_State *cli_new_state(struct lmm_host *host)
{
	lua_State *L = luaL_newstate();

	if (!L) {
		fprintf(stderr, "%s: cannot create a Lua state\n", progname);
		exit(EXIT_FAIL);
	}
	luaL_openlibs(L);
	lmm_install(L, host);
	/* `mm` is also a global, as in the REPL: no require needed. */
	luaL_requiref(L, "mm", luaopen_mm, 1);
	lua_pop(L, 1);
	return L;
}

/* Close @L (destroying its machines) and report the exit-time checks. */
static int close_state(lua_State *L, struct lmm_host *host, int status)
{
	lua_close(L);
	if (host->nr_check_failures) {
		fprintf(stderr,
			"%s: MMSIM_CHECK_AT_EXIT: %d of %d machines failed the invariant check\n%s",
			progname, host->nr_check_failures,
			host->nr_machines_checked, sb_str(&host->check_report));
		status = EXIT_FAIL;
	}
	sb_free(&host->check_report);
	return status;
}

/* ---- commands ------------------------------------------------------------ */

static int cmd_run(struct lmm_host *host, int argc, char **argv, int script)
{
	const char *env = getenv("MMSIM_CHECK_AT_EXIT");
	lua_State *L;
	int status, n;

	host->check_on_destroy = env && *env && strcmp(env, "0");
	L = cli_new_state(host);

	/* arg: the script at 0, its arguments from 1, mmsim's before it. */
	lua_createtable(L, argc - script, script + 1);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i - script);
	}
	lua_setglobal(L, "arg");

	if (luaL_loadfile(L, argv[script]) != LUA_OK) {
		cli_report(L, progname);
		return close_state(L, host, EXIT_FAIL);
	}
	n = argc - script - 1;
	luaL_checkstack(L, n + 1, "too many arguments to script");
	for (int i = script + 1; i < argc; i++)
		lua_pushstring(L, argv[i]);
	status = cli_pcall(L, n, 0);
	if (status != LUA_OK) {
		cli_report(L, progname);
		/*
		 * The machine the command line describes cannot boot: that
		 * is a bad command line, as for cat and layout.
		 */
		return close_state(L, host, host->default_boot_failed ?
					    EXIT_USAGE : EXIT_FAIL);
	}
	return close_state(L, host, EXIT_OK);
}

/**
 * boot_or_exit - boot the machine of the command line and enter it
 * @host: the options
 *
 * A machine that cannot boot is exit status 2.
 *
 * Return: the machine.
 */
struct machine *boot_or_exit(struct lmm_host *host)
{
	struct lmm_meter meter;
	struct machine *m;
	char err[256] = "";

	if (host->trace)
		trace_attach_boot(trace_print_sink, NULL);
	lmm_meter_begin(&meter, host, &host->defaults);
	m = machine_boot(&host->defaults, err, sizeof(err));
	lmm_meter_end(&meter);
	if (host->trace)
		trace_detach_boot(trace_print_sink, NULL);
	if (!m) {
		fprintf(stderr, "%s: cannot boot: %s\n", progname,
			err[0] ? err : "unknown reason");
		exit(EXIT_USAGE);
	}
	machine_enter(m);
	if (host->trace)
		trace_attach(m, trace_print_sink, NULL);
	return m;
}

static int cmd_cat(struct lmm_host *host, const char *arg)
{
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	struct machine *m = boot_or_exit(host);
	int ret, status = EXIT_OK;

	if (arg[0] == '/')
		sb_puts(&path, arg);
	else
		sb_printf(&path, "/proc/%s", arg);
	ret = proc_read(m, sb_str(&path), &out);
	if (ret == -ENOENT) {
		struct strbuf files = STRBUF_INIT;

		fprintf(stderr, "%s: cannot read '%s': no such file (mmsim provides %s)\n",
			progname, sb_str(&path), cli_proc_files(&files));
		sb_free(&files);
		status = EXIT_FAIL;
	} else if (ret) {
		fprintf(stderr, "%s: cannot read '%s': %s\n", progname,
			sb_str(&path), strerror(-ret));
		status = EXIT_FAIL;
	} else {
		fwrite(sb_str(&out), 1, out.len, stdout);
	}
	sb_free(&out);
	sb_free(&path);
	machine_destroy(m);
	machine_enter(NULL);
	return status;
}

static int cmd_layout(struct lmm_host *host)
{
	struct strbuf out = STRBUF_INIT;
	struct machine *m = boot_or_exit(host);

	layout_print(m, &out);
	fwrite(sb_str(&out), 1, out.len, stdout);
	sb_free(&out);
	machine_destroy(m);
	machine_enter(NULL);
	return EXIT_OK;
}

/* mmsim config: the kernel configuration the options describe. */
static int cmd_config(struct lmm_host *host)
{
	struct strbuf out = STRBUF_INIT;
	struct kconfig kc;
	char err[512];

	if (kconfig_resolve(&host->defaults, &kc, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return EXIT_USAGE;
	}
	kconfig_print(&host->defaults, &kc, &out);
	fwrite(sb_str(&out), 1, out.len, stdout);
	sb_free(&out);
	return EXIT_OK;
}

static void no_more_args(int argc, char **argv, int from, const char *cmd)
{
	if (from < argc)
		usage_error("%s: unexpected argument '%s'", cmd, argv[from]);
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* mmsim help [COMMAND] */
static int cmd_help(int argc, char **argv)
{
	const struct cli_command *cmd = NULL;

	no_more_args(argc, argv, 2, "help");
	if (argc > 1) {
		cmd = cli_find_command(argv[1]);
		if (!cmd)
			usage_error("help: unknown command '%s' (expected %s)",
				    argv[1], CLI_COMMAND_NAMES);
	}
	cli_help(cmd);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct lmm_host host = { 0 };
	const struct cli_command *cmd;
	int first, status;

	machine_config_default(&host.defaults);
	host.progress = isatty(STDERR_FILENO);	/* the boot meter */
	parse_options(argc, argv, &host, false, NULL);
	if (optind >= argc)
		usage_error("missing command (" CLI_COMMAND_NAMES ")");
	first = optind;
	cmd = cli_find_command(argv[first]);
	if (!cmd)
		usage_error("unknown command '%s' (expected " CLI_COMMAND_NAMES ")",
			    argv[first]);
	/*
	 * COMMAND --help right after the command. Only there for run: the
	 * words after FILE.lua are the script's.
	 */
	if (first + 1 < argc && is_help(argv[first + 1])) {
		cli_help(cmd);
		return EXIT_OK;
	}
	if (!strcmp(cmd->name, "help"))
		return cmd_help(argc - first, argv + first);
	if (!cmd->built) {
		fprintf(stderr, "%s: %s: not built yet (see 'mmsim help %s')\n",
			progname, cmd->name, cmd->name);
		return EXIT_FAIL;
	}
	if (!strcmp(cmd->name, "run")) {
		if (first + 1 >= argc)
			usage_error("run: missing FILE.lua");
		return cmd_run(&host, argc, argv, first + 1);
	}
	argc -= first;		/* argv[0] is now the command */
	argv += first;
	if (!strcmp(cmd->name, "tour"))
		return cmd_tour(&host, argc, argv);

	/* cat, layout, config, repl and replay also take machine options after it. */
	parse_options(argc, argv, &host, true, cmd);
	if (!strcmp(cmd->name, "cat")) {
		if (optind >= argc)
			usage_error("cat: missing PATH (e.g. /proc/meminfo)");
		no_more_args(argc, argv, optind + 1, "cat");
		return cmd_cat(&host, argv[optind]);
	}
	if (!strcmp(cmd->name, "replay")) {
		if (optind >= argc)
			usage_error("replay: missing FILE (an strace log)");
		no_more_args(argc, argv, optind + 1, "replay");
		return cmd_replay(&host, argv[optind], &replay_opts);
	}
	no_more_args(argc, argv, optind, cmd->name);
	if (!strcmp(cmd->name, "layout"))
		status = cmd_layout(&host);
	else if (!strcmp(cmd->name, "config"))
		status = cmd_config(&host);
	else
		status = cmd_repl(&host, repl_echo);
	return status;
}
