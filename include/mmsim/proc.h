/* SPDX-License-Identifier: GPL-2.0 */
/* The /proc files mmsim provides, each in Linux's exact format. */
#ifndef MMSIM_PROC_H
#define MMSIM_PROC_H

#include "machine.h"

typedef int (*proc_show_fn)(struct machine *m, struct strbuf *sb);

struct proc_entry {
	const char *path;	/* "/proc/meminfo" */
	proc_show_fn show;
};

/*
 * Render @path ("/proc/meminfo" or "meminfo") into @out.
 * Return: 0, or -ENOENT for a file mmsim does not provide.
 */
int proc_read(struct machine *m, const char *path, struct strbuf *out);
/* NULL-terminated list of the provided paths, for --help and errors. */
const struct proc_entry *proc_entries(void);

int meminfo_proc_show(struct machine *m, struct strbuf *sb);
int iomem_proc_show(struct machine *m, struct strbuf *sb);
int buddyinfo_proc_show(struct machine *m, struct strbuf *sb);
int pagetypeinfo_proc_show(struct machine *m, struct strbuf *sb);
int zoneinfo_proc_show(struct machine *m, struct strbuf *sb);
int vmstat_proc_show(struct machine *m, struct strbuf *sb);
int slabinfo_proc_show(struct machine *m, struct strbuf *sb);
/* /proc/PID/maps, /proc/PID/status (proc/pid.c); @path is "PID/name". */
int proc_pid_read(struct machine *m, const char *path, struct strbuf *out);
/* The names proc_pid_read() knows after "PID/", NULL-terminated. */
extern const char *const proc_pid_files[];
/* The open fds of a process, for /proc/PID/fd and fdinfo (proc/pid.c). */
struct task_struct;
int proc_pid_next_fd(struct task_struct *t, int fd);
void proc_pid_fd_path(struct task_struct *t, int fd, char *buf, size_t len);
int vmallocinfo_proc_show(struct machine *m, struct strbuf *sb);
/* /proc/stat, /proc/uptime, /proc/loadavg (proc/stat.c). */
int stat_proc_show(struct machine *m, struct strbuf *sb);
int uptime_proc_show(struct machine *m, struct strbuf *sb);
int loadavg_proc_show(struct machine *m, struct strbuf *sb);
int cpuinfo_proc_show(struct machine *m, struct strbuf *sb);
/*
 * proc_export - write every /proc file of @m under the host directory
 * @dir (proc/export.c). Return: 0 or a negative errno (@err says where).
 */
int proc_export(struct machine *m, const char *dir, struct strbuf *err);

#endif
