/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A process's open files, as include/linux/fdtable.h: a files_struct
 * holds an fdtable, an array of struct file pointers indexed by file
 * descriptor with two bitmaps (open fds, close-on-exec fds). A new fd is
 * the lowest free one (POSIX), below RLIMIT_NOFILE (-EMFILE); the table
 * grows on demand. fork() copies the table (dup_fd): parent and child
 * then share each open file description (the same struct file, so the
 * same f_pos and flags), as Linux's copy_files() without CLONE_FILES.
 *
 * SIM: mmsim has no `current`: the calls name their task. One thread
 * per process, so no RCU, no file_lock and fdget() takes no reference
 * (as Linux's when the table is not shared). The table is host memory
 * (Linux: the files_cache slab and kvmalloc'ed arrays).
 */
#ifndef MMSIM_FDTABLE_H
#define MMSIM_FDTABLE_H

#include "fs.h"
#include "types.h"

struct task_struct;

/* Fds a new table has room for (BITS_PER_LONG in Linux). */
#define NR_OPEN_DEFAULT	64
/* fs.nr_open: the most fds a table may grow to (1024 * 1024). */
#define SYSCTL_NR_OPEN	(1024 * 1024)

struct fdtable {
	unsigned int max_fds;		/* slots in fd[] and bits in the maps */
	struct file **fd;		/* the open files, by fd */
	unsigned long *close_on_exec;	/* FD_CLOEXEC (O_CLOEXEC) */
	unsigned long *open_fds;	/* allocated fds (maybe not installed) */
};

struct files_struct {
	int count;			/* tasks sharing it (1: no CLONE_FILES) */
	struct fdtable fdtab;
	unsigned int next_fd;		/* no free fd below it */
};

/* The fd table of @files (files_fdtable(), without RCU). */
static inline struct fdtable *files_fdtable(struct files_struct *files)
{
	return &files->fdtab;
}

/* What fdget() returns: the file, or NULL for a bad fd. */
struct fd {
	struct file *file;
};

/* fs/file.c */
struct files_struct *alloc_files_struct(void);
struct files_struct *dup_fd(struct files_struct *oldf, int *err);
void put_files_struct(struct files_struct *files);
void exit_files(struct task_struct *tsk);
int alloc_fd(struct task_struct *tsk, unsigned int start, unsigned int end,
	     unsigned int flags);
int get_unused_fd_flags(struct task_struct *tsk, unsigned int flags);
void put_unused_fd(struct task_struct *tsk, unsigned int fd);
void fd_install(struct task_struct *tsk, unsigned int fd, struct file *file);
int close_fd(struct task_struct *tsk, unsigned int fd);
struct file *fget(struct task_struct *tsk, unsigned int fd);
struct fd fdget(struct task_struct *tsk, unsigned int fd);
/* fdput(): fdget() took no reference (SIM: one thread per table). */
static inline void fdput(struct fd f)
{
	(void)f;
}
bool close_on_exec(unsigned int fd, const struct files_struct *files);

/*
 * The open flags of @fd, whose file is @file, as fdinfo and F_GETFL-like
 * views show them: O_CLOEXEC lives in the fd table, not in f_flags.
 */
static inline unsigned int fd_open_flags(const struct files_struct *files,
					 unsigned int fd,
					 const struct file *file)
{
	return file->f_flags | (close_on_exec(fd, files) ? O_CLOEXEC : 0);
}

#endif /* MMSIM_FDTABLE_H */
