// SPDX-License-Identifier: GPL-2.0
/*
 * proc_export(): the simulated /proc as a directory tree on the host, so
 * that the real procps tools (free, vmstat, slabtop, pmap, ps) can read
 * it once it is bind-mounted over /proc. Every file of proc_entries(),
 * one directory per process with the files of proc_pid_files[] and its
 * fd (a link per open fd to the file's path) and fdinfo directories, the
 * sys/kernel/pid_max ps(1) sizes its columns with, and the "self" link
 * procps opens first.
 *
 * No Linux counterpart: procfs renders its files when they are read; an
 * export renders them all at one instant of the simulated machine.
 * SIM: /proc/self of Linux names the reading process; here it names the
 * process running on CPU 0 (else the one with the lowest pid), as the
 * reader is no simulated process. Zombies have no directory.
 */
#define _POSIX_C_SOURCE 200809L	/* symlink */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mmsim/mm.h>
#include <mmsim/proc.h>
#include <mmsim/sched.h>

#define PID_MAX_DEFAULT		0x8000
#define PIDS_PER_CPU_DEFAULT	1024

struct export {
	struct machine *m;
	struct strbuf path;	/* scratch: the file being written */
	struct strbuf text;	/* scratch: its contents */
	struct strbuf *err;
};

static int export_fail(struct export *x, const char *what, int err)
{
	sb_printf(x->err, "cannot %s '%s': %s", what, sb_str(&x->path),
		  strerror(err));
	return -err;
}

static void set_path(struct export *x, const char *dir, const char *name)
{
	sb_reset(&x->path);
	sb_printf(&x->path, "%s/%s", dir, name);
}

static int make_dir(struct export *x)
{
	if (mkdir(sb_str(&x->path), 0755) && errno != EEXIST)
		return export_fail(x, "create directory", errno);
	return 0;
}

/* Write x->text to x->path, replacing what was there. */
static int write_text(struct export *x)
{
	FILE *f = fopen(sb_str(&x->path), "w");
	int err;

	if (!f)
		return export_fail(x, "write", errno);
	if (fwrite(sb_str(&x->text), 1, x->text.len, f) != x->text.len) {
		err = errno ? errno : EIO;
		fclose(f);
		return export_fail(x, "write", err);
	}
	if (fclose(f))
		return export_fail(x, "write", errno);
	return 0;
}

static bool exported_process(struct task_struct *t)
{
	return t->pid > 0 && t->mm && t->mm->slab_obj;
}

static struct task_struct *find_live(struct machine *m, long pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &m->paging->task_list, tasks)
		if (t->pid == pid && exported_process(t))
			return t;
	return NULL;
}

/* Render /proc/@name ("PID/...") and write it to @dir/@file. */
static int export_pid_file(struct export *x, const char *name,
			   const char *dir, const char *file)
{
	int ret;

	sb_reset(&x->text);
	ret = proc_pid_read(x->m, name, &x->text);
	if (ret) {
		sb_printf(x->err, "cannot render /proc/%s: %s", name,
			  strerror(-ret));
		return ret;
	}
	set_path(x, dir, file);
	return write_text(x);
}

/* The directories of a process directory that hold an entry per fd. */
static const char *const fd_dirs[] = { "fd", "fdinfo" };

/*
 * Remove the entries with a number for a name from the directory at
 * x->path (an earlier export's fds), then the directory itself when
 * @rmdir_too.
 */
static int empty_fd_dir(struct export *x, bool rmdir_too)
{
	struct strbuf dir = STRBUF_INIT;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	sb_puts(&dir, sb_str(&x->path));
	d = opendir(sb_str(&dir));
	if (!d) {
		sb_free(&dir);
		return 0;	/* none yet */
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		set_path(x, sb_str(&dir), de->d_name);
		unlink(sb_str(&x->path));
	}
	closedir(d);
	sb_reset(&x->path);
	sb_puts(&x->path, sb_str(&dir));
	if (rmdir_too && rmdir(sb_str(&x->path)) && errno != ENOENT)
		ret = export_fail(x, "remove directory", errno);
	sb_free(&dir);
	return ret;
}

/* PID/fd/N -> the file's path, and PID/fdinfo/N, for each open fd. */
static int export_fds(struct export *x, const char *pdir,
		      struct task_struct *t)
{
	struct strbuf sub[2] = { STRBUF_INIT, STRBUF_INIT };
	char name[48], buf[4096];
	int ret = 0;

	for (int i = 0; !ret && i < 2; i++) {
		set_path(x, pdir, fd_dirs[i]);
		sb_puts(&sub[i], sb_str(&x->path));
		ret = make_dir(x);
		if (!ret)
			ret = empty_fd_dir(x, false);
	}
	for (int fd = proc_pid_next_fd(t, 0); !ret && fd >= 0;
	     fd = proc_pid_next_fd(t, fd + 1)) {
		proc_pid_fd_path(t, fd, buf, sizeof(buf));
		snprintf(name, sizeof(name), "%d", fd);
		set_path(x, sb_str(&sub[0]), name);
		if (symlink(buf, sb_str(&x->path))) {
			ret = export_fail(x, "create link", errno);
			break;
		}
		snprintf(name, sizeof(name), "%d/fdinfo/%d", t->pid, fd);
		snprintf(buf, sizeof(buf), "%d", fd);
		ret = export_pid_file(x, name, sb_str(&sub[1]), buf);
	}
	sb_free(&sub[0]);
	sb_free(&sub[1]);
	return ret;
}

static int export_process(struct export *x, const char *dir,
			  struct task_struct *t)
{
	struct strbuf pdir = STRBUF_INIT;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "%d", t->pid);
	set_path(x, dir, name);
	ret = make_dir(x);
	sb_printf(&pdir, "%s", sb_str(&x->path));
	for (int i = 0; !ret && proc_pid_files[i]; i++) {
		snprintf(name, sizeof(name), "%d/%s", t->pid, proc_pid_files[i]);
		ret = export_pid_file(x, name, sb_str(&pdir), proc_pid_files[i]);
	}
	if (!ret)
		ret = export_fds(x, sb_str(&pdir), t);
	sb_free(&pdir);
	return ret;
}

/*
 * A numeric directory left by an earlier export into @dir whose process
 * is gone: remove the files an export writes, then the directory (which
 * fails, and is reported, if anything else is in it).
 */
static int remove_stale(struct export *x, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		sb_reset(&x->path);
		sb_puts(&x->path, dir);
		return export_fail(x, "read directory", errno);
	}
	while (!ret && (de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		struct strbuf pdir = STRBUF_INIT;

		if (*end || pid <= 0 || end == de->d_name ||
		    find_live(x->m, pid))
			continue;
		set_path(x, dir, de->d_name);
		sb_puts(&pdir, sb_str(&x->path));
		for (int i = 0; proc_pid_files[i]; i++) {
			set_path(x, sb_str(&pdir), proc_pid_files[i]);
			unlink(sb_str(&x->path));
		}
		for (int i = 0; !ret && i < 2; i++) {
			set_path(x, sb_str(&pdir), fd_dirs[i]);
			ret = empty_fd_dir(x, true);
		}
		sb_reset(&x->path);
		sb_puts(&x->path, sb_str(&pdir));
		if (!ret && rmdir(sb_str(&x->path)) && errno != ENOENT &&
		    errno != ENOTDIR)
			ret = export_fail(x, "remove stale process directory",
					  errno);
		sb_free(&pdir);
	}
	closedir(d);
	return ret;
}

/* The pid "self" names (see the SIM note above), or 0 without processes. */
static int self_pid(struct machine *m)
{
	struct task_struct *t = m->paging ? m->paging->pcpu[0].curr : NULL;
	int best = 0;

	if (t && exported_process(t))
		return t->pid;
	list_for_each_entry(t, &m->paging->task_list, tasks)
		if (exported_process(t) && (!best || t->pid < best))
			best = t->pid;
	return best;
}

static int export_sys(struct export *x, const char *dir)
{
	int pid_max = PID_MAX_DEFAULT;
	int limit = x->m->arch->bits == 64 ? 4 * 1024 * 1024 : PID_MAX_DEFAULT;
	int ret;

	/* pid_idr_init(): room for PIDS_PER_CPU_DEFAULT per possible CPU. */
	if (PIDS_PER_CPU_DEFAULT * x->m->nr_cpus > pid_max)
		pid_max = PIDS_PER_CPU_DEFAULT * x->m->nr_cpus;
	if (pid_max > limit)
		pid_max = limit;
	set_path(x, dir, "sys");
	ret = make_dir(x);
	if (!ret) {
		set_path(x, dir, "sys/kernel");
		ret = make_dir(x);
	}
	if (ret)
		return ret;
	set_path(x, dir, "sys/kernel/pid_max");
	sb_reset(&x->text);
	sb_printf(&x->text, "%d\n", pid_max);
	return write_text(x);
}

/*
 * The file that marks @dir as an export's own. An export writes only into
 * a directory that is new, empty, or marked: overwriting a user's files
 * named "meminfo" or "status", or removing numeric directories that are
 * not stale process directories, would lose data.
 */
#define EXPORT_MARKER	".mmsim-proc-export"

static int claim_dir(struct export *x, const char *dir)
{
	DIR *d;
	struct dirent *de;
	bool empty = true, marked = false;

	sb_reset(&x->path);
	sb_puts(&x->path, dir);
	if (make_dir(x))
		return -1;
	d = opendir(dir);
	if (!d)
		return export_fail(x, "read directory", errno);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!strcmp(de->d_name, EXPORT_MARKER))
			marked = true;
		else
			empty = false;
	}
	closedir(d);
	if (!empty && !marked) {
		sb_printf(x->err, "'%s' is not empty and holds no earlier export "
			  "(no %s file): refusing to write into it", dir,
			  EXPORT_MARKER);
		return -EEXIST;
	}
	set_path(x, dir, EXPORT_MARKER);
	sb_reset(&x->text);
	sb_puts(&x->text, "mmsim /proc export: this directory is rewritten by each export\n");
	return write_text(x);
}

static int export_all(struct export *x, const char *dir)
{
	const struct proc_entry *e = proc_entries();
	struct task_struct *t;
	char name[32];
	int ret, self;

	ret = claim_dir(x, dir);
	for (; !ret && e->path; e++) {
		sb_reset(&x->text);
		ret = proc_read(x->m, e->path, &x->text);
		if (ret) {
			sb_printf(x->err, "cannot render %s: %s", e->path,
				  strerror(-ret));
			return ret;
		}
		set_path(x, dir, e->path + strlen("/proc/"));
		ret = write_text(x);
	}
	if (!ret)
		ret = export_sys(x, dir);
	if (ret || !x->m->paging)
		return ret;
	ret = remove_stale(x, dir);
	list_for_each_entry(t, &x->m->paging->task_list, tasks) {
		if (ret)
			break;
		if (exported_process(t))
			ret = export_process(x, dir, t);
	}
	set_path(x, dir, "self");
	if (!ret && unlink(sb_str(&x->path)) && errno != ENOENT)
		ret = export_fail(x, "replace", errno);
	self = self_pid(x->m);
	if (!ret && self) {
		snprintf(name, sizeof(name), "%d", self);
		if (symlink(name, sb_str(&x->path)))
			ret = export_fail(x, "create link", errno);
	}
	return ret;
}

/**
 * proc_export - write the simulated /proc under a host directory
 * @m: the machine
 * @dir: the directory; created if missing, files in it are replaced
 * @err: what failed, for the caller's message
 *
 * Return: 0, or a negative errno of the host call that failed.
 */
int proc_export(struct machine *m, const char *dir, struct strbuf *err)
{
	struct machine *prev = machine_enter(m);
	struct export x = { .m = m, .err = err };
	int ret = export_all(&x, dir);

	sb_free(&x.path);
	sb_free(&x.text);
	machine_enter(prev);
	return ret;
}
