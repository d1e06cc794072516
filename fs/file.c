// SPDX-License-Identifier: GPL-2.0
/*
 * File descriptor tables, as fs/file.c: alloc_fd() hands out the lowest
 * free fd below RLIMIT_NOFILE and grows the table (expand_files), an
 * fd_install() puts the opener's reference to a struct file in the slot,
 * close_fd() takes it out and drops it, fget()/fdget() look an fd up;
 * dup_fd() copies a table for fork() (each open file gets one more
 * reference: parent and child share the open file description) and
 * exit_files() drops a dying task's table, closing what it held.
 *
 * files_check() is m:check()'s view: every fd slot agrees with the
 * open_fds bitmap and points at a live file, no free fd lies below
 * next_fd, and every struct file's f_count equals the references that
 * can be found: fd slots, VMAs (vm_file) and the host's (f_host_refs:
 * m:open handles, C callers of filp_open()).
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/fdtable.h>
#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>

#define BITS_PER_LONG	((unsigned int)(sizeof(unsigned long) * 8))
#define FD_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static bool fd_test(const unsigned long *map, unsigned int fd)
{
	return map[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *map, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		map[fd / BITS_PER_LONG] |= bit;
	else
		map[fd / BITS_PER_LONG] &= ~bit;
}

/* find_next_fd(): the first clear bit of open_fds at or after @start. */
static unsigned int find_next_fd(const struct fdtable *fdt, unsigned int start)
{
	unsigned int fd = start;

	while (fd < fdt->max_fds) {
		unsigned long w = fdt->open_fds[fd / BITS_PER_LONG];

		if (w == ~0UL) {
			fd = (fd / BITS_PER_LONG + 1) * BITS_PER_LONG;
			continue;
		}
		if (!fd_test(fdt->open_fds, fd))
			return fd;
		fd++;
	}
	return fdt->max_fds;
}

/* Size the arrays of @fdt for @nr fds (a multiple of BITS_PER_LONG). */
static int fdtable_resize(struct fdtable *fdt, unsigned int nr)
{
	unsigned int old = fdt->max_fds;
	struct file **fd = realloc(fdt->fd, nr * sizeof(*fd));
	unsigned long *cloexec, *open;

	if (!fd)
		return -ENOMEM;
	fdt->fd = fd;
	memset(fd + old, 0, (nr - old) * sizeof(*fd));
	cloexec = realloc(fdt->close_on_exec, FD_LONGS(nr) * sizeof(long));
	if (!cloexec)
		return -ENOMEM;
	fdt->close_on_exec = cloexec;
	open = realloc(fdt->open_fds, FD_LONGS(nr) * sizeof(long));
	if (!open)
		return -ENOMEM;
	fdt->open_fds = open;
	memset(cloexec + FD_LONGS(old), 0,
	       (FD_LONGS(nr) - FD_LONGS(old)) * sizeof(long));
	memset(open + FD_LONGS(old), 0,
	       (FD_LONGS(nr) - FD_LONGS(old)) * sizeof(long));
	fdt->max_fds = nr;
	return 0;
}

/*
 * expand_files(): room for fd @nr. Linux rounds the new size up to a
 * power of two (at least a page of pointers); -EMFILE past fs.nr_open.
 */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	struct fdtable *fdt = files_fdtable(files);
	unsigned int size = fdt->max_fds;

	if (nr < size)
		return 0;
	if (nr >= SYSCTL_NR_OPEN)
		return -EMFILE;
	while (size <= nr)
		size *= 2;
	if (size > SYSCTL_NR_OPEN)
		size = SYSCTL_NR_OPEN;
	return fdtable_resize(fdt, size);
}

/**
 * alloc_files_struct - an empty fd table for a new process
 *
 * SIM: Linux's first process inherits init_files and each later one a
 * copy; m:spawn() builds a process from nothing, so it starts empty.
 *
 * Return: the table (one user), or NULL when out of host memory.
 */
struct files_struct *alloc_files_struct(void)
{
	struct files_struct *files = calloc(1, sizeof(*files));

	if (!files)
		return NULL;
	files->count = 1;
	if (fdtable_resize(&files->fdtab, NR_OPEN_DEFAULT)) {
		put_files_struct(files);
		return NULL;
	}
	return files;
}

/**
 * dup_fd - copy a task's fd table for fork()
 * @oldf: the parent's table
 * @err: set to -ENOMEM on failure
 *
 * Every open fd is copied with its close-on-exec bit, and each file
 * gains a reference: the child shares the parent's open file
 * descriptions (position, flags) until either closes its fd. An fd
 * allocated but not installed yet is not copied, as Linux's
 * copy_fd_bitmaps() then count_open_files() do.
 *
 * Return: the new table, or NULL.
 */
struct files_struct *dup_fd(struct files_struct *oldf, int *err)
{
	struct fdtable *old = files_fdtable(oldf), *new;
	struct files_struct *newf = alloc_files_struct();

	*err = -ENOMEM;
	if (!newf)
		return NULL;
	new = files_fdtable(newf);
	if (old->max_fds > new->max_fds &&
	    fdtable_resize(new, old->max_fds)) {
		put_files_struct(newf);
		return NULL;
	}
	for (unsigned int fd = 0; fd < old->max_fds; fd++) {
		struct file *f = old->fd[fd];

		if (!f)
			continue;
		new->fd[fd] = get_file(f);
		fd_set_bit(new->open_fds, fd, true);
		fd_set_bit(new->close_on_exec, fd,
			   fd_test(old->close_on_exec, fd));
	}
	newf->next_fd = find_next_fd(new, 0);
	*err = 0;
	return newf;
}

/**
 * put_files_struct - drop a user of a table, closing its files at the last
 * @files: the table (NULL is ignored)
 */
void put_files_struct(struct files_struct *files)
{
	struct fdtable *fdt;

	if (!files || --files->count > 0)
		return;
	fdt = files_fdtable(files);
	/* close_files(): each installed file loses the table's reference. */
	for (unsigned int fd = 0; fd < fdt->max_fds; fd++) {
		struct file *f = fdt->fd[fd];

		if (f) {
			fdt->fd[fd] = NULL;
			fput(f);
		}
	}
	free(fdt->fd);
	free(fdt->close_on_exec);
	free(fdt->open_fds);
	free(files);
}

/**
 * exit_files - do_exit()'s step: the task lets go of its fd table
 * @tsk: the exiting task
 *
 * A file whose last reference this was is released (__fput): an inode
 * unlinked while open is freed now.
 */
void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	tsk->files = NULL;
	put_files_struct(files);
}

/**
 * alloc_fd - reserve the lowest free fd in [@start, @end)
 * @tsk: the task whose table it is
 * @start: lowest fd wanted
 * @end: first fd not allowed (RLIMIT_NOFILE)
 * @flags: O_CLOEXEC sets the fd's close-on-exec bit
 *
 * Return: the fd, -EMFILE when none is free below @end (or fs.nr_open),
 * -ENOMEM, or -EBADF for a task without a table.
 */
int alloc_fd(struct task_struct *tsk, unsigned int start, unsigned int end,
	     unsigned int flags)
{
	struct files_struct *files = tsk->files;
	struct fdtable *fdt;
	unsigned int fd = start;
	int err;

	if (!files)
		return -EBADF;
	fdt = files_fdtable(files);
	if (fd < files->next_fd)
		fd = files->next_fd;
	if (fd < fdt->max_fds)
		fd = find_next_fd(fdt, fd);
	if (fd >= end)
		return -EMFILE;
	err = expand_files(files, fd);
	if (err)
		return err;
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	fd_set_bit(fdt->open_fds, fd, true);
	fd_set_bit(fdt->close_on_exec, fd, flags & O_CLOEXEC);
	return (int)fd;
}

/**
 * get_unused_fd_flags - the lowest free fd under the task's RLIMIT_NOFILE
 * @tsk: the task
 * @flags: O_CLOEXEC or 0
 *
 * Return: the fd, or -EMFILE / -ENOMEM.
 */
int get_unused_fd_flags(struct task_struct *tsk, unsigned int flags)
{
	u64 nofile = tsk->rlim[RLIMIT_NOFILE].rlim_cur;

	if (nofile > SYSCTL_NR_OPEN)
		nofile = SYSCTL_NR_OPEN;
	return alloc_fd(tsk, 0, (unsigned int)nofile, flags);
}

/* __put_unused_fd(): free the slot; the search restarts below it. */
static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	struct fdtable *fdt = files_fdtable(files);

	fd_set_bit(fdt->open_fds, fd, false);
	fd_set_bit(fdt->close_on_exec, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

/**
 * put_unused_fd - give back an fd alloc_fd() reserved and nothing used
 * @tsk: the task
 * @fd: the fd
 */
void put_unused_fd(struct task_struct *tsk, unsigned int fd)
{
	__put_unused_fd(tsk->files, fd);
}

/**
 * fd_install - put @file in the reserved slot @fd
 * @tsk: the task
 * @fd: an fd alloc_fd() returned
 * @file: the file; the caller's reference moves to the table
 */
void fd_install(struct task_struct *tsk, unsigned int fd, struct file *file)
{
	struct fdtable *fdt = files_fdtable(tsk->files);

	/* SIM: Linux BUG()s on a slot not reserved; this drops the file. */
	if (fd >= fdt->max_fds || fdt->fd[fd] ||
	    !fd_test(fdt->open_fds, fd)) {
		fput(file);
		return;
	}
	fdt->fd[fd] = file;
}

/**
 * close_fd - close(2)'s work: empty the slot, drop the file
 * @tsk: the task
 * @fd: the fd
 *
 * The file is released (__fput) only when this was its last reference:
 * another fd of a forked process, or a mapping, keeps it open.
 *
 * Return: 0, or -EBADF for an fd that is not open.
 */
int close_fd(struct task_struct *tsk, unsigned int fd)
{
	struct files_struct *files = tsk->files;
	struct fdtable *fdt;
	struct file *file;

	if (!files)
		return -EBADF;
	fdt = files_fdtable(files);
	if (fd >= fdt->max_fds || !fdt->fd[fd])
		return -EBADF;
	file = fdt->fd[fd];
	fdt->fd[fd] = NULL;
	__put_unused_fd(files, fd);
	/* filp_close(): ->flush (none here), then the table's reference. */
	fput(file);
	return 0;
}

/* files_lookup_fd_raw(): the file in slot @fd, or NULL. */
static struct file *lookup_fd(struct task_struct *tsk, unsigned int fd)
{
	struct fdtable *fdt;

	if (!tsk->files)
		return NULL;
	fdt = files_fdtable(tsk->files);
	return fd < fdt->max_fds ? fdt->fd[fd] : NULL;
}

/**
 * fget - a referenced file from an fd
 * @tsk: the task
 * @fd: the fd
 *
 * Return: the file (drop it with fput()), or NULL for a bad fd.
 */
struct file *fget(struct task_struct *tsk, unsigned int fd)
{
	struct file *file = lookup_fd(tsk, fd);

	return file ? get_file(file) : NULL;
}

/**
 * fdget - the file behind an fd, for the length of one system call
 * @tsk: the task
 * @fd: the fd
 *
 * SIM: no reference is taken, as Linux's fdget() when the table is not
 * shared (one thread per process here); fdput() is a no-op.
 *
 * Return: the struct fd; its file is NULL for a bad fd.
 */
struct fd fdget(struct task_struct *tsk, unsigned int fd)
{
	return (struct fd){ lookup_fd(tsk, fd) };
}

/**
 * close_on_exec - is FD_CLOEXEC set on @fd
 * @fd: the fd
 * @files: the table
 *
 * Return: true if it is.
 */
bool close_on_exec(unsigned int fd, const struct files_struct *files)
{
	const struct fdtable *fdt = &files->fdtab;

	return fd < fdt->max_fds && fd_test(fdt->close_on_exec, fd);
}

/* ---- m:check() ---------------------------------------------------------- */

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a;
	uintptr_t y = (uintptr_t)*(void *const *)b;

	return (x > y) - (x < y);
}

struct ref_list {
	struct file **v;
	size_t n, cap;
	bool oom;
};

static void ref_add(struct ref_list *r, struct file *f)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct file **v = realloc(r->v, cap * sizeof(*v));

		if (!v) {
			r->oom = true;
			return;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = f;
}

/* One task's table: slots agree with the bitmap, next_fd is a bound. */
static int check_table(struct machine *m, struct task_struct *t,
		       struct ref_list *refs)
{
	struct fdtable *fdt = files_fdtable(t->files);
	int bad = 0;

	for (unsigned int fd = 0; fd < fdt->max_fds; fd++) {
		bool open = fd_test(fdt->open_fds, fd);

		if (fdt->fd[fd] && !open) {
			check_fail(m, "files: pid %d fd %u installed but not in open_fds",
				   t->pid, fd);
			bad = 1;
		}
		if (!open && fd < t->files->next_fd) {
			check_fail(m, "files: pid %d fd %u free below next_fd %u",
				   t->pid, fd, t->files->next_fd);
			bad = 1;
		}
		if (fdt->fd[fd])
			ref_add(refs, fdt->fd[fd]);
	}
	return bad;
}

/**
 * files_check - fd tables and open-file reference counts, for m:check()
 * @m: the machine
 *
 * Return: nonzero if an invariant is broken (reported with check_fail()).
 */
int files_check(struct machine *m)
{
	struct ref_list refs = { 0 };
	struct task_struct *t;
	struct file *f;
	size_t i = 0;
	int bad = 0;

	if (!m->fs)
		return 0;
	if (m->paging && m->procs) {
		list_for_each_entry(t, &m->paging->task_list, tasks) {
			struct vm_area_struct *vma;

			if (t->files)
				bad |= check_table(m, t, &refs);
			if (!t->mm || !t->mm->slab_obj)
				continue;
			for_each_vma(t->mm, vma)
				if (vma->vm_file)
					ref_add(&refs, vma->vm_file);
		}
		list_for_each_entry(t, &m->procs->zombies, tasks) {
			if (t->files) {
				check_fail(m, "files: zombie pid %d still has an fd table",
					   t->pid);
				bad = 1;
			}
		}
	}
	if (refs.oom) {
		free(refs.v);
		return bad;	/* SIM: host out of memory, nothing to compare */
	}
	if (refs.n)
		qsort(refs.v, refs.n, sizeof(*refs.v), cmp_ptr);
	/* Walk the live files in address order against the sorted refs. */
	list_for_each_entry(f, &m->fs->files, f_list) {
		struct file **lo = refs.v, *key = f;
		size_t n = 0;

		if (refs.n) {
			lo = bsearch(&key, refs.v, refs.n, sizeof(*refs.v),
				     cmp_ptr);
			if (lo) {
				while (lo > refs.v && lo[-1] == f)
					lo--;
				while (lo + n < refs.v + refs.n && lo[n] == f)
					n++;
			}
		}
		i += n;
		if (f->f_count != (long)n + f->f_host_refs) {
			check_fail(m, "files: '%s' (ino %lu) f_count %ld, but %zu fd/vma references + %d host",
				   f->f_path.dentry->d_name, f->f_inode->i_ino,
				   f->f_count, n, f->f_host_refs);
			bad = 1;
		}
	}
	if (i != refs.n) {
		check_fail(m, "files: %zu fd/vma references to files that are not open",
			   refs.n - i);
		bad = 1;
	}
	free(refs.v);
	return bad;
}
