// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/maps, status and stat, as fs/proc/task_mmu.c (show_map_vma,
 * task_mem) and fs/proc/array.c (proc_pid_status, do_task_stat); smaps,
 * smaps_rollup and statm are proc/task_mmu.c.
 * A file mapping shows its offset, the device (major:minor of its
 * superblock), inode number and path; anonymous memory device 00:00,
 * inode 0, and no path except [heap], [stack], [anon:NAME] and the file
 * names of replayed mappings.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/fdtable.h>
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/proc.h>
#include <mmsim/sched.h>

#include "task_mmu.h"

static struct task_struct *find_process(struct machine *m, int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &m->paging->task_list, tasks)
		if (t->pid == pid && t->mm && t->mm->slab_obj)
			return t;
	return NULL;
}

/**
 * show_map_vma - one /proc/PID/maps line
 * @sb: the text
 * @mm: the address space
 * @vma: the VMA
 * @is64: a 64-bit kernel (the padding width)
 *
 * "start-end perms offset dev inode [padding name]".
 */
void show_map_vma(struct strbuf *sb, struct mm_struct *mm,
			 struct vm_area_struct *vma, bool is64)
{
	unsigned long f = vma->vm_flags;
	const char *name = NULL;
	size_t start = sb->len;
	struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;
	char pathbuf[512];
	/* seq_setwidth(m, 25 + sizeof(void *) * 6 - 1) */
	size_t width = is64 ? 72 : 48;

	sb_printf(sb, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %lu ",
		  (unsigned long long)vma->vm_start,
		  (unsigned long long)vma->vm_end,
		  f & VM_READ ? 'r' : '-', f & VM_WRITE ? 'w' : '-',
		  f & VM_EXEC ? 'x' : '-', f & VM_MAYSHARE ? 's' : 'p',
		  inode ? (unsigned long long)vma->vm_pgoff << PAGE_SHIFT : 0ULL,
		  inode ? MAJOR(inode->i_sb->s_dev) : 0,
		  inode ? MINOR(inode->i_sb->s_dev) : 0,
		  inode ? inode->i_ino : 0UL);
	if (vma->vm_file)
		name = d_path(&vma->vm_file->f_path, pathbuf, sizeof(pathbuf));
	else if (vma->anon_name && vma->anon_name->file)
		name = vma->anon_name->name;	/* SIM: stands for the file */
	else if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		name = "[heap]";
	else if (vma->vm_start <= mm->start_stack &&
		 vma->vm_end >= mm->start_stack)
		name = "[stack]";
	if (name) {
		size_t len = sb->len - start;

		if (len < width)
			sb_printf(sb, "%*s", (int)(width - len), "");
		sb_puts(sb, name);
	} else if (vma->anon_name) {
		size_t len = sb->len - start;

		if (len < width)
			sb_printf(sb, "%*s", (int)(width - len), "");
		sb_printf(sb, "[anon:%s]", vma->anon_name->name);
	}
	sb_puts(sb, "\n");
}

static void show_kb(struct strbuf *sb, const char *name, unsigned long pages)
{
	sb_printf(sb, "%s\t%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/* task_mem(): the Vm* and Rss* lines. */
static void task_mem(struct strbuf *sb, struct mm_struct *mm)
{
	unsigned long anon = (unsigned long)mm->rss_stat[MM_ANONPAGES];
	unsigned long file = (unsigned long)mm->rss_stat[MM_FILEPAGES];
	unsigned long shmem = (unsigned long)mm->rss_stat[MM_SHMEMPAGES];
	unsigned long rss = anon + file + shmem, hiwater_vm = mm->hiwater_vm;
	unsigned long hiwater_rss = mm->hiwater_rss, text, lib;

	if (hiwater_vm < mm->total_vm)
		hiwater_vm = mm->total_vm;
	if (hiwater_rss < rss)
		hiwater_rss = rss;
	text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	if (text > mm->exec_vm << PAGE_SHIFT)
		text = mm->exec_vm << PAGE_SHIFT;
	lib = (mm->exec_vm << PAGE_SHIFT) - text;
	show_kb(sb, "VmPeak:", hiwater_vm);
	show_kb(sb, "VmSize:", mm->total_vm);
	show_kb(sb, "VmLck:", mm->locked_vm);
	show_kb(sb, "VmPin:", 0);
	show_kb(sb, "VmHWM:", hiwater_rss);
	show_kb(sb, "VmRSS:", rss);
	show_kb(sb, "RssAnon:", anon);
	show_kb(sb, "RssFile:", file);
	show_kb(sb, "RssShmem:", shmem);
	show_kb(sb, "VmData:", mm->data_vm);
	show_kb(sb, "VmStk:", mm->stack_vm);
	sb_printf(sb, "VmExe:\t%8lu kB\n", text >> 10);
	sb_printf(sb, "VmLib:\t%8lu kB\n", lib >> 10);
	sb_printf(sb, "VmPTE:\t%8lu kB\n", mm->pgtables_bytes >> 10);
	show_kb(sb, "VmSwap:", 0);
}

static void proc_pid_status(struct strbuf *sb, struct task_struct *t)
{
	sb_printf(sb, "Name:\t%s\n", t->comm);
	sb_puts(sb, "Umask:\t0022\n");
	sb_printf(sb, "State:\t%s\n", t->on_cpu >= 0 ? "R (running)" :
		  "S (sleeping)");
	sb_printf(sb, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", t->pid,
		  t->pid, t->ppid);
	sb_puts(sb, "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	task_mem(sb, t->mm);
	sb_puts(sb, "Threads:\t1\n");
}

/*
 * do_task_stat(): the 52 fields of /proc/PID/stat that ps(1) and top(1)
 * read. SIM: no times, process groups, terminals or scheduling classes
 * (0, or the value of a session leader without a terminal); the
 * argument and environment block is the 64 bytes at start_stack.
 */
static void proc_pid_stat(struct strbuf *sb, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	u64 rsslim = t->rlim[RLIMIT_RSS].rlim_cur;

	sb_printf(sb, "%d (%s) %c %d %d %d 0 -1 %u %lu 0 %lu 0 0 0 0 0 20 0 1 0 0 ",
		  t->pid, t->comm, t->on_cpu >= 0 ? 'R' : 'S', t->ppid,
		  t->pid, t->pid, t->ppid ? 0x400040u : 0x400000u,
		  t->min_flt, t->maj_flt);
	sb_printf(sb, "%llu %lu %llu %llu %llu %llu 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0 ",
		  (unsigned long long)(mm->total_vm << PAGE_SHIFT),
		  get_mm_rss(mm), (unsigned long long)rsslim,
		  (unsigned long long)mm->start_code,
		  (unsigned long long)mm->end_code,
		  (unsigned long long)mm->start_stack, t->cpu < 0 ? 0 : t->cpu);
	sb_printf(sb, "%llu %llu %llu %llu %llu %llu %llu 0\n",
		  (unsigned long long)mm->start_data,
		  (unsigned long long)mm->end_data,
		  (unsigned long long)mm->start_brk,
		  (unsigned long long)mm->start_stack,
		  (unsigned long long)mm->start_stack + 32,
		  (unsigned long long)mm->start_stack + 32,
		  (unsigned long long)mm->start_stack + 64);
}

/*
 * /proc/PID/fdinfo/FD, as fs/proc/fd.c seq_show(): the position, the
 * open flags in octal with O_CLOEXEC from the fd table, the mount id and
 * the inode number.
 */
static int proc_fdinfo(struct task_struct *t, const char *name,
		       struct strbuf *out)
{
	char *end;
	long fd;
	struct file *file;
	unsigned int flags;
	struct fd f;

	/* name_to_int(): digits only, no sign, no leading zero. */
	if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
		return -ENOENT;
	fd = strtol(name, &end, 10);
	if (*end || fd > INT_MAX || !t->files)
		return -ENOENT;
	f = fdget(t, (unsigned int)fd);
	file = f.file;
	if (!file)
		return -ENOENT;
	flags = fd_open_flags(t->files, (unsigned int)fd, file);
	sb_printf(out, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
		  (long long)file->f_pos, flags, file->f_path.mnt->mnt_id,
		  file->f_inode->i_ino);
	fdput(f);
	return 0;
}

/**
 * proc_pid_next_fd - the lowest open fd of @t at or above @fd
 * @t: the task
 * @fd: where to start
 *
 * Return: the fd, or -1 when there is none.
 */
int proc_pid_next_fd(struct task_struct *t, int fd)
{
	struct fdtable *fdt;

	if (!t->files || fd < 0)
		return -1;
	fdt = files_fdtable(t->files);
	for (; (unsigned int)fd < fdt->max_fds; fd++)
		if (fdt->fd[fd])
			return fd;
	return -1;
}

/**
 * proc_pid_fd_path - where /proc/PID/fd/FD links: the open file's path
 * @t: the task
 * @fd: an open fd (proc_pid_next_fd())
 * @buf: receives the path ("?" when it cannot be named)
 * @len: size of @buf
 */
void proc_pid_fd_path(struct task_struct *t, int fd, char *buf, size_t len)
{
	struct fd f = fdget(t, (unsigned int)fd);
	const char *p = f.file ? d_path(&f.file->f_path, buf, len) : NULL;

	if (p && p != buf)
		memmove(buf, p, strlen(p) + 1);
	else if (!p)
		snprintf(buf, len, "?");
	fdput(f);
}

/* The files of a /proc/PID directory, NULL-terminated (proc_export). */
const char *const proc_pid_files[] = {
	"maps", "smaps", "smaps_rollup", "status", "stat", "statm", "cmdline",
	"comm", "environ", NULL
};

/**
 * proc_pid_read - render a /proc/PID file
 * @m: the machine (current)
 * @path: "PID/" and one of proc_pid_files[]
 * @out: the text
 *
 * Return: 0, or -ENOENT (no such process or file).
 */
int proc_pid_read(struct machine *m, const char *path, struct strbuf *out)
{
	char *end;
	long pid = strtol(path, &end, 10);
	struct task_struct *t;
	struct vm_area_struct *vma;

	if (!m->paging || *end != '/' || pid <= 0 || pid > 0x400000)
		return -ENOENT;
	t = find_process(m, (int)pid);
	if (!t)
		return -ENOENT;
	if (!strcmp(end, "/maps")) {
		for_each_vma(t->mm, vma)
			show_map_vma(out, t->mm, vma, m->arch->bits == 64);
		return 0;
	}
	if (!strcmp(end, "/status")) {
		proc_pid_status(out, t);
		return 0;
	}
	if (!strcmp(end, "/stat")) {
		proc_pid_stat(out, t);
		return 0;
	}
	if (!strcmp(end, "/statm")) {
		proc_pid_statm(t, out);
		return 0;
	}
	if (!strcmp(end, "/comm")) {	/* proc_pid_comm_show() */
		sb_printf(out, "%s\n", t->comm);
		return 0;
	}
	if (!strcmp(end, "/cmdline")) {
		/*
		 * SIM: Linux copies arg_start..arg_end out of the process's
		 * memory; a simulated program image has no argument strings,
		 * so its argv is its name alone: "comm\0".
		 */
		sb_printf(out, "%s%c", t->comm, '\0');	/* len counts the NUL */
		return 0;
	}
	if (!strcmp(end, "/environ"))	/* SIM: an empty environment */
		return 0;
	if (!strcmp(end, "/smaps") || !strcmp(end, "/smaps_rollup")) {
		proc_pid_smaps(m, t, end[6] == '_', out);
		return 0;
	}
	if (!strncmp(end, "/fdinfo/", 8))
		return proc_fdinfo(t, end + 8, out);
	return -ENOENT;
}
