// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: mmsim's command line, through its real main().
 *
 * cli/mmsim.c is compiled into this harness with main renamed
 * (fuzz/CMakeLists.txt), and exit() is wrapped (-Wl,--wrap=exit) to jump
 * back here, since the option parser exits on --help, --version and every
 * usage error. The input becomes an argv of options (known long options,
 * their '=' forms, junk) with values from the option vocabulary and junk,
 * and one of the commands cat and layout, which boot the machine the
 * options describe. run, repl and tour (scripts and the terminal) are
 * replaced by layout: the Lua harness covers scripts.
 *
 * Standard output is sent to /dev/null; errors stay on stderr.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"

int mmsim_cli_main(int argc, char **argv);
void __wrap_exit(int status);
_Noreturn void __real_exit(int status);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jmp_buf g_exit_jmp;
static bool g_in_main;

/* exit() from mmsim's main(): back to the harness. */
void __wrap_exit(int status)
{
	if (g_in_main)
		longjmp(g_exit_jmp, 1);
	__real_exit(status);
}

#define FZ_MAX_ARGS	12

static const char *const opts[] = {
	"--arch", "--mem", "--cpus", "--nodes", "--vmsplit", "--dma-limit",
	"--seed", "--vmalloc", "--layout", "--trace", "-h", "-V", "--help",
	"--version", "--", "-", "--bogus", "-x", "--mem=", "--arch=x86_32",
	"--me", "--dma",
};

static const char *const vals[] = {
	"x86_64", "x86_32", "x86_32_pae", "x86_64_la57", "arm32", "arm64",
	"16M", "64M", "128M", "256M", "1G", "4G", "0", "4097", "-1", "1T",
	"0x1000000", "2", "4", "64", "65", "3G", "2G", "1G", "none",
	"mainline", "4.x", "", "M", "18446744073709551615", "1e3", " 64M",
};

static const char *const cmds[] = {
	"cat", "layout", "meminfo", "/proc/buddyinfo", "zoneinfo", "vmstat",
	"/proc/iomem", "/proc/nope",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char junk[FZ_MAX_ARGS][24];
	char *argv[FZ_MAX_ARGS + 2];
	struct fz f = { data, size };
	int argc = 0, n = 1 + (int)fz_below(&f, FZ_MAX_ARGS);

	argv[argc++] = "mmsim";
	for (int i = 0; i < n; i++) {
		const char *a;

		switch (fz_below(&f, 5)) {
		case 0: case 1:
			a = FZ_PICK(&f, opts);
			break;
		case 2:
			a = FZ_PICK(&f, vals);
			break;
		case 3:
			a = FZ_PICK(&f, cmds);
			break;
		default:
			junk[i][fz_bytes(&f, junk[i], sizeof(junk[i]) - 1)] = '\0';
			a = junk[i];
			break;
		}
		/* Never a script, a terminal session or the tour. */
		if (!strcmp(a, "run") || !strcmp(a, "repl") || !strcmp(a, "tour"))
			a = "layout";
		argv[argc++] = (char *)a;
	}
	argv[argc] = NULL;
	g_in_main = true;
	if (!setjmp(g_exit_jmp))
		mmsim_cli_main(argc, argv);
	g_in_main = false;
	return 0;
}
