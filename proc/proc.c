// SPDX-License-Identifier: GPL-2.0
/* Path -> show function, like the proc_create_single() calls of fs/proc. */
#include <string.h>

#include <mmsim/proc.h>

static const struct proc_entry proc_table[] = {
	{ "/proc/meminfo", meminfo_proc_show },
	{ "/proc/iomem", iomem_proc_show },
	{ "/proc/buddyinfo", buddyinfo_proc_show },
	{ "/proc/pagetypeinfo", pagetypeinfo_proc_show },
	{ "/proc/zoneinfo", zoneinfo_proc_show },
	{ "/proc/vmstat", vmstat_proc_show },
	{ "/proc/slabinfo", slabinfo_proc_show },
	{ "/proc/vmallocinfo", vmallocinfo_proc_show },
	{ "/proc/stat", stat_proc_show }, { "/proc/uptime", uptime_proc_show },
	{ "/proc/loadavg", loadavg_proc_show }, { "/proc/cpuinfo", cpuinfo_proc_show },
	{ NULL, NULL }
};

const struct proc_entry *proc_entries(void)
{
	return proc_table;
}

int proc_read(struct machine *m, const char *path, struct strbuf *out)
{
	struct machine *prev;
	int ret;

	if (!strncmp(path, "/proc/", 6))
		path += 6;
	if (path[0] >= '0' && path[0] <= '9')	/* /proc/PID/... */
		return proc_pid_read(m, path, out);
	for (const struct proc_entry *e = proc_table; e->path; e++) {
		if (strcmp(e->path + 6, path))
			continue;
		prev = machine_enter(m);
		ret = e->show(m, out);
		machine_enter(prev);
		return ret;
	}
	return -ENOENT;
}
