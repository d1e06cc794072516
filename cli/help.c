// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim's help: the command table and every help text. `mmsim --help`
 * (also `mmsim help`, `-h`) prints the overview, `mmsim help COMMAND` and
 * `mmsim COMMAND --help` the page of one command. A command of the
 * planned interface that is not built yet says so in its help, and
 * running it is "not built yet" (exit status 1).
 */
#include <stdio.h>
#include <string.h>

#include <lua.h>

#include <mmsim/proc.h>

#include "cli.h"

#define MACHINE_OPTIONS_HELP \
"Machine options (also accepted as --opt=value; they are the defaults of\n" \
"mm.boot{} in scripts, whose keys spell them with '_': dma_limit):\n" \
"  --arch ARCH       x86_32, x86_32_pae, x86_64, x86_64_la57, arm32 (default x86_64)\n" \
"  --mem SIZE        RAM, e.g. 512M, 2G, 64G (default 1G); a multiple of 4K\n" \
"  --cpus N          CPUs, 1-%d (default 2)\n" \
"  --nodes N         NUMA nodes RAM is split into, 1-%d (default 1)\n" \
"  --vmsplit SPLIT   32-bit user/kernel split: 3G, 2G or 1G (default 3G)\n" \
"  --dma-limit SIZE  arm32: the devices' DMA limit, sizes the DMA zone (default none)\n" \
"  --seed N          seed for every random choice (default 1)\n" \
"  --vmalloc SIZE    Linux's vmalloc= boot option (default: the arch's reserve)\n" \
"  --layout GEN      x86_64 kernel layout: mainline or 4.x (default mainline)\n" \
"  --cmdline \"...\"   kernel command line, e.g. \"slub_debug=FZPU slub_max_order=2\"\n" \
"  --config KEY=VAL  set a kernel configuration symbol, e.g. NUMA=n,\n" \
"                    CONFIG_TRANSPARENT_HUGEPAGE=n (repeatable; see mmsim config)\n" \
"  --disk IMAGE      an ext2 image (a host file, e.g. made by mke2fs), mounted\n" \
"                    at /mnt at boot; written back at unmount (default none)\n" \
"  --trace           print trace events as they happen, to stderr, one line each\n" \
"                    in ftrace's layout:\n" \
"                      swapper/0-0       [000] .....     0.000000: EVENT: key=value ...\n" \
"\n" \
"SIZE is what Linux's memparse() reads: a decimal, 0x hex or 0 octal integer\n" \
"and an optional K, M, G, T, P or E suffix (binary units, either case):\n" \
"4096, 0x1000, 512M, 2g. Nothing else (no sign, no spaces, no KiB or MB).\n"

static const struct cli_command commands[] = {
	{ "run", "[MACHINE OPTIONS] run FILE.lua [ARGS...]", "run a scenario",
"Runs FILE.lua with module `mm` preloaded (global and require-able); `arg`\n"
"and `...` hold ARGS as in the lua interpreter (arg[0] is FILE.lua). The\n"
"machine options are the defaults of the script's mm.boot{}.\n"
"\n"
"A Lua error prints 'mmsim: FILE:LINE: message' and a traceback on stderr,\n"
"exit status 1 (2 if it is mm.boot{} failing on exactly the command line's\n"
"machine options, which is a bad command line). With MMSIM_CHECK_AT_EXIT=1\n"
"in the environment, every machine the script booted is checked\n"
"(m:check()) when it is destroyed or at exit; a failed check is exit\n"
"status 1. Options after FILE.lua belong to the script, not to mmsim.\n",
	  true },
	{ "cat", "[MACHINE OPTIONS] cat PATH", "boot, print a /proc file",
"Boots a machine and prints one /proc file in Linux's format. PATH is\n"
"/proc/NAME or NAME, one of:\n"
"  %s\n"
"An unknown file is exit status 1 (the message lists the files).\n"
"Machine options may also follow the command: mmsim cat meminfo --mem 2G.\n",
	  true },
	{ "layout", "[MACHINE OPTIONS] layout", "boot, print the kernel virtual layout",
"Boots a machine and prints \"Virtual kernel memory layout\" as Linux\n"
"prints it at boot. Machine options may also follow the command.\n",
	  true },
	{ "repl", "[MACHINE OPTIONS] repl [--echo]", "interactive Lua shell, `mm` loaded",
"A Lua prompt ('mmsim> ', '   >> ' to continue a statement) with `mm`\n"
"loaded and `m` a machine booted with the machine options. An expression\n"
"prints its values, tables in full (sorted keys, nested, addresses in hex:\n"
"see docs/cli-and-lua.md); `=expr` works as in Lua 5.1.\n"
"\n"
"On a terminal: libedit line editing, Tab completes globals, `mm.` fields\n"
"and `obj:` methods; Ctrl-C interrupts a running chunk (\"interrupted!\")\n"
"or clears the line; Ctrl-C on an empty line or Ctrl-D quits (status 0).\n"
"History is kept in $MMSIM_HISTORY if set (empty: no history), else\n"
"$XDG_STATE_HOME/mmsim/history (~/.local/state/mmsim/history).\n"
"\n"
"Piped input (stdin not a terminal): no banner, no prompt, no history;\n"
"values go to stdout, errors to stderr; exit status 1 if a chunk failed.\n"
"--echo also prints the banner, the prompts and the input lines, as a\n"
"terminal shows them: piped input becomes a transcript.\n",
	  true },
	{ "tour", "tour [--list] [STEP...]", "the guided tour of the notes",
"Short steps, each named by a note item id (Z1 ..., see docs/notes.md), a sentence\n"
"and live output from freshly booted machines; waits for Enter between\n"
"steps on a terminal. --list lists the steps; STEP... runs only those\n"
"(exit status 2 for an unknown one); --source prints the embedded script.\n",
	  true },
	{ "replay", "[MACHINE OPTIONS] replay [--check] [--maps] FILE", "replay a real program's strace log",
"Replays the memory calls of a real program's strace log on the simulated\n"
"machine, one simulated process per process of the log, each call at the\n"
"address the real kernel returned. Record the log with:\n"
"  strace -f -y -e trace=%memory,%process -o FILE PROGRAM [ARGS...]\n"
"(-y names file mappings; -t, -tt, -ttt and -T are accepted too).\n"
"brk, mmap, mmap2, munmap, mprotect, mremap, madvise, mlock, mlock2,\n"
"munlock, mincore, clone, clone3, fork, vfork, execve and exits are\n"
"replayed; mlockall, msync, mbind... are counted as not modelled yet;\n"
"other calls are skipped and counted.\n"
"With --disk IMAGE (an ext2 image, mounted at /mnt), a file mapping maps\n"
"the file found at /mnt + the logged path (a path already under /mnt as\n"
"it is) with the log's flags, protection and offset, read through the\n"
"page cache; a file the image lacks, or too short to reach the offset,\n"
"stays anonymous memory named after the path, counted in the summary.\n"
"\n"
"  --maps   print /proc/PID/maps of each process at its exit and of those\n"
"           alive at the end of the log\n"
"  --check  compare each final layout with the one the log shows; exit\n"
"           status 1 on a difference or a failure\n"
"\n"
"Then a summary: lines read, calls replayed per kind, calls skipped and\n"
"not modelled, and the failures (mmsim's kernel answered otherwise than\n"
"Linux did), the first ones listed with their line numbers. A line\n"
"strace would not write is an error with its line number (exit status\n"
"1), as is a log that cannot be read. Machine options may also follow\n"
"the command; replay a log of a 32-bit program with --arch x86_32 or\n"
"arm32 (an address beyond the architecture's user space is a failure).\n",
	  true },
	{ "config", "[MACHINE OPTIONS] config", "print the kernel configuration",
"Prints the simulated kernel's configuration in .config syntax: the\n"
"symbols that change what the memory manager does or shows (NUMA,\n"
"NUMA_BALANCING, HIGHMEM, X86_PAE, the zones, SWAP, ZSWAP, MEMCG,\n"
"COMPACTION, CMA, KSM, HUGETLBFS, TRANSPARENT_HUGEPAGE and its default\n"
"mode, ...). The defaults are a distribution kernel's: x86 as Debian\n"
"builds it, arm32 as multi_v7_defconfig. --config KEY=VALUE (KEY with or\n"
"without CONFIG_, VALUE y or n; repeatable) changes a symbol; an unknown\n"
"symbol, a value that is not y or n, or a combination the architecture\n"
"cannot build (HIGHMEM on x86_64, NUMA on arm32, X86_PAE on arm32) is a\n"
"usage error, exit status 2, with the reason. Machine options may also\n"
"follow the command: mmsim config --arch arm32.\n",
	  true },
	{ "help", "help [COMMAND]", "this help, or one command's",
"Without COMMAND, the overview (as --help). With it, that command's page\n"
"(as mmsim COMMAND --help).\n",
	  true },
};

/**
 * cli_find_command - look a command up by name
 * @name: "run", "cat", ...
 *
 * Return: its entry, or NULL for an unknown name.
 */
const struct cli_command *cli_find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/**
 * cli_proc_files - the /proc files mmsim provides, comma-separated
 * @sb: receives "/proc/meminfo, /proc/iomem, ..."
 *
 * Return: the text of @sb.
 */
const char *cli_proc_files(struct strbuf *sb)
{
	const struct proc_entry *e = proc_entries();

	for (int i = 0; e[i].path; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", e[i].path);
	if (!e[0].path)
		sb_puts(sb, "(none)");
	return sb_str(sb);
}

/**
 * cli_help - print the overview (@cmd NULL) or one command's page
 * @cmd: the command, or NULL
 */
void cli_help(const struct cli_command *cmd)
{
	struct strbuf sb = STRBUF_INIT;
	const char *hole;

	if (cmd) {
		printf("Usage: mmsim %s\n  %s%s\n\n", cmd->synopsis,
		       cmd->summary, cmd->built ? "" : " (not built yet)");
		/* the one "%s" of a page is the list of /proc files */
		hole = strstr(cmd->help, "%s");
		if (hole) {
			fwrite(cmd->help, 1, (size_t)(hole - cmd->help), stdout);
			fputs(cli_proc_files(&sb), stdout);
			fputs(hole + 2, stdout);
		} else {
			fputs(cmd->help, stdout);
		}
		if (strstr(cmd->synopsis, "MACHINE OPTIONS"))
			printf("\n" MACHINE_OPTIONS_HELP, MAX_NR_CPUS,
			       MAX_NUMNODES);
		sb_free(&sb);
		return;
	}
	printf("mmsim %s - the Linux memory manager on a simulated machine\n"
	       "\nUsage:\n", MMSIM_VERSION);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct cli_command *c = &commands[i];

		printf("  mmsim %-42s %s%s\n", c->synopsis, c->summary,
		       c->built ? "" : " (not built yet)");
	}
	printf("  mmsim %-42s %s\n", "COMMAND --help", "the same as mmsim help COMMAND");
	printf("  mmsim %-42s %s\n", "--help | --version", "this help, the version");
	printf("\n" MACHINE_OPTIONS_HELP, MAX_NR_CPUS, MAX_NUMNODES);
	printf(
"\n"
"Commands (mmsim help COMMAND says more):\n"
"  run     FILE.lua with `mm` preloaded; `arg` and `...` hold ARGS. A Lua\n"
"          error prints FILE:LINE: message and a traceback. With\n"
"          MMSIM_CHECK_AT_EXIT=1 every machine is checked when destroyed.\n"
"  cat     PATH is /proc/NAME or NAME (meminfo, zoneinfo, ...).\n"
"  layout  \"Virtual kernel memory layout\" as Linux prints it at boot.\n"
"  repl    a Lua prompt with line editing, completion and history; `m` is\n"
"          a machine booted with the options. Reads piped input too.\n"
"  tour    short steps, each a note item (Z1 ..., docs/notes.md), live output.\n"
"  config  the kernel configuration (.config) the machine options select.\n"
"  replay  a real program's strace log (strace -f -y -e trace=%%memory,%%process),\n"
"          one simulated process per process; --maps, --check.\n"
"\n"
"Errors start with 'mmsim:' on stderr. Exit status: 0 success; 1 a runtime\n"
"failure (a scenario's error, an unknown /proc file, a failed check, a\n"
"command not built yet); 2 a usage error or a machine that cannot boot\n"
"(the reason names the limit). A boot longer than a second shows its\n"
"progress on stderr when stderr is a terminal.\n"
"\n"
"Lua: m = mm.boot{arch=, mem=, cpus=, nodes=, vmsplit=, dma_limit=, vmalloc=,\n"
"     layout=, seed=, trace=, cmdline=, disk=, config={NUMA=false, ...}}; m:cat(path), m:dmesg(), m:check(), m:stats(),\n"
"     m:info(), m:trace(fn), m:trace_collect(on), m:layout(), m:pa(v), m:va(p),\n"
"     ... (see docs/cli-and-lua.md).\n");
}
