// SPDX-License-Identifier: GPL-2.0
/*
 * mmsim replay: a real program's strace log made again on the simulated
 * machine. No Linux counterpart; the system calls it replays are Linux's
 * (mm/mmap.c do_mmap, do_munmap, sys_brk, mm/mprotect.c; fork and exec
 * of kernel/process.c and kernel/exec.c).
 *
 * One simulated process stands for each process of the log (each strace
 * pid; threads and vfork children share their parent's, as CLONE_VM
 * does); a successful execve gives the pid a fresh process. A call is
 * replayed at the address the real kernel returned (MAP_FIXED_NOREPLACE
 * where the program let the kernel choose, so that a range mmsim still
 * holds is a failure rather than silently replaced); the result of
 * mmsim's kernel is compared with the log's, and a difference counted
 * and listed as a failure.
 *
 * SIM: what the log cannot show is made up, documented in
 * docs/notes-vs-linux.md: the program image of execve is a stack alone
 * (its break is set to the first brk the log shows); a range that a
 * successful mprotect finds unmapped was mapped by execve (the program
 * or its interpreter) and is mapped then, named after the program below
 * the break and "[interp]" above it; a file mapping maps the file found
 * under the root (/mnt, the disk: kernel/replay_files.c), else it is
 * anonymous memory named after the file (strace -y prints the path).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mmsim/progress.h>
#include <mmsim/proc.h>
#include <mmsim/sched.h>

#include "replay_internal.h"

#define MAX_LISTED	10	/* failures and differences listed */
#define IMAGE_INTERP	"[interp]"

/* One simulated process (an address space) and who in the log uses it. */
struct rgroup {
	struct task_struct *task;
	int users;		/* strace pids sharing it (threads, vfork) */
	int spid;		/* the strace pid it was made for */
	const char *exe;	/* interned execve path, or NULL */
	bool brk_known;		/* the log's first brk was seen */
	struct shadow *shadow;	/* the log's layout (--check) */
	struct rgroup *next;	/* every live group */
};

/* An strace pid. */
struct rpid {
	int pid;
	bool used;
	struct rgroup *g;	/* NULL once exited */
	char *pending;		/* "name(args" of an unfinished call */
	size_t pending_len;
};

/* An interned name and the VMA name standing for it. */
struct iname {
	char *s;
	struct anon_vma_name *an;
};

struct replay {
	struct machine *m;
	const char *file;
	const struct replay_opts *o;
	struct replay_result *r;
	u64 lineno;
	const char *line;	/* the current line, for failure lists */
	size_t line_len;
	struct rpid *pids;	/* open addressing on the pid */
	size_t pids_cap, pids_nr;
	struct iname *names;	/* open addressing on the text */
	size_t names_cap, names_nr;
	struct rgroup *groups;
	struct replay_files files;	/* the files of file mappings */
	u64 not_modelled[16];	/* by name, see not_modelled_names */
};

/* Memory calls of %memory that mmsim does not model yet. */
static const char *const not_modelled_names[] = {
	"mlockall", "munlockall", "msync", "remap_file_pages", "mbind",
	"set_mempolicy", "get_mempolicy", "pkey_mprotect", "process_madvise",
	"shmat",
};

static const char *const kind_names[NR_REPLAY_KINDS] = {
	[RK_BRK] = "brk", [RK_MMAP] = "mmap", [RK_MUNMAP] = "munmap",
	[RK_MPROTECT] = "mprotect", [RK_FORK] = "fork",
	[RK_EXECVE] = "execve", [RK_EXIT] = "exit", [RK_MREMAP] = "mremap",
	[RK_MADVISE] = "madvise", [RK_MLOCK] = "mlock",
	[RK_MINCORE] = "mincore",
};

/**
 * replay_kind_name - the name of a replayed kind of call
 * @k: the kind
 *
 * Return: "brk", "mmap", ... ("fork" counts clone, clone3, fork, vfork).
 */
const char *replay_kind_name(enum replay_kind k)
{
	return k < NR_REPLAY_KINDS ? kind_names[k] : "?";
}

static u64 hash_str(const char *s, size_t n)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		abort();	/* host out of memory */
	return p;
}

/* ---- interned names ----------------------------------------------------- */

static struct iname *intern(struct replay *rp, const char *s, size_t n)
{
	size_t i;

	if (rp->names_nr * 2 >= rp->names_cap) {
		struct iname *old = rp->names;
		size_t oc = rp->names_cap;

		rp->names_cap = oc ? oc * 2 : 64;
		rp->names = xcalloc(rp->names_cap, sizeof(*rp->names));
		for (size_t k = 0; k < oc; k++) {
			if (!old[k].s)
				continue;
			i = hash_str(old[k].s, strlen(old[k].s)) &
			    (rp->names_cap - 1);
			while (rp->names[i].s)
				i = (i + 1) & (rp->names_cap - 1);
			rp->names[i] = old[k];
		}
		free(old);
	}
	i = hash_str(s, n) & (rp->names_cap - 1);
	while (rp->names[i].s) {
		if (strlen(rp->names[i].s) == n && !memcmp(rp->names[i].s, s, n))
			return &rp->names[i];
		i = (i + 1) & (rp->names_cap - 1);
	}
	rp->names[i].s = xcalloc(1, n + 1);
	memcpy(rp->names[i].s, s, n);
	rp->names[i].an = anon_vma_name_alloc(rp->names[i].s, true);
	if (!rp->names[i].an)
		abort();
	rp->names_nr++;
	return &rp->names[i];
}

/* ---- pids ----------------------------------------------------------------- */

static struct rpid *find_pid(struct replay *rp, int pid)
{
	size_t i;

	if (rp->pids_nr * 2 >= rp->pids_cap) {
		struct rpid *old = rp->pids;
		size_t oc = rp->pids_cap;

		rp->pids_cap = oc ? oc * 2 : 64;
		rp->pids = xcalloc(rp->pids_cap, sizeof(*rp->pids));
		for (size_t k = 0; k < oc; k++) {
			if (!old[k].used)
				continue;
			i = (size_t)old[k].pid * 0x9e3779b1u & (rp->pids_cap - 1);
			while (rp->pids[i].used)
				i = (i + 1) & (rp->pids_cap - 1);
			rp->pids[i] = old[k];
		}
		free(old);
	}
	i = (size_t)pid * 0x9e3779b1u & (rp->pids_cap - 1);
	while (rp->pids[i].used) {
		if (rp->pids[i].pid == pid)
			return &rp->pids[i];
		i = (i + 1) & (rp->pids_cap - 1);
	}
	rp->pids[i].used = true;
	rp->pids[i].pid = pid;
	rp->pids_nr++;
	return &rp->pids[i];
}

/* ---- processes ---------------------------------------------------------- */

static struct rgroup *new_group(struct replay *rp, struct task_struct *t,
				int spid)
{
	struct rgroup *g = xcalloc(1, sizeof(*g));

	g->task = t;
	g->users = 1;
	g->spid = spid;
	g->next = rp->groups;
	rp->groups = g;
	rp->r->processes++;
	return g;
}

/* A fresh image for @spid (execve, or a process the log never made). */
static struct rgroup *spawn_group(struct replay *rp, int spid,
				  const char *exe)
{
	struct spawn_opts o = { 0 };	/* SIM: the image is a stack alone */
	const char *base = exe ? strrchr(exe, '/') : NULL;
	char comm[32];
	struct task_struct *t;
	struct rgroup *g;
	int err;

	if (exe)
		snprintf(comm, sizeof(comm), "%s", base ? base + 1 : exe);
	else
		snprintf(comm, sizeof(comm), "pid%d", spid);
	t = spawn_process(comm, &o, &err);
	if (!t)
		return NULL;
	g = new_group(rp, t, spid);
	g->exe = exe;
	if (rp->o->check)
		g->shadow = xcalloc(1, sizeof(*g->shadow));
	return g;
}

static struct rgroup *fork_group(struct replay *rp, struct rgroup *parent,
				 int spid)
{
	struct task_struct *t;
	struct rgroup *g;
	int err;

	t = do_fork(parent->task, &err);
	if (!t)
		return NULL;
	g = new_group(rp, t, spid);
	g->exe = parent->exe;
	g->brk_known = parent->brk_known;
	if (parent->shadow)
		g->shadow = shadow_dup(parent->shadow);
	return g;
}

/*
 * The end of a process: its maps and its check (when @report), then its
 * exit with @code (none when negative: it stays alive).
 */
static void end_group(struct replay *rp, struct rgroup *g, int code,
		      bool report, const char *when)
{
	struct replay_result *r = rp->r;
	struct task_struct *t = g->task;
	struct rgroup **pp;

	if (rp->o->maps && report) {
		char path[32];

		sb_printf(&r->maps, "==> /proc/%d/maps: strace pid %d (%s), %s <==\n",
			  t->pid, g->spid, t->comm, when);
		snprintf(path, sizeof(path), "%d/maps", t->pid);
		proc_pid_read(rp->m, path, &r->maps);
	}
	if (g->shadow && report) {
		struct strbuf diff = STRBUF_INIT;
		u64 n = shadow_compare(g->shadow, t->mm, &diff, 5);

		r->checked++;
		if (n) {
			if (r->differences++ < MAX_LISTED)
				sb_printf(&r->check_list,
					  "  strace pid %d (%s), %s: %llu run%s differ%s\n%s",
					  g->spid, t->comm, when,
					  (unsigned long long)n, n == 1 ? "" : "s",
					  n == 1 ? "s" : "", sb_str(&diff));
		}
		sb_free(&diff);
	}
	shadow_free(g->shadow);
	if (code >= 0) {
		do_exit(t, code);
		release_task(t);
	}
	for (pp = &rp->groups; *pp; pp = &(*pp)->next)
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	free(g);
}

/* @p leaves its process (exit, or execve into a new one). */
static void leave_group(struct replay *rp, struct rpid *p, int code,
			const char *when)
{
	struct rgroup *g = p->g;

	p->g = NULL;
	if (g && --g->users == 0)
		end_group(rp, g, code, true, when);
}

/* A pending clone of another pid: the parent of a pid seen first. */
static struct rpid *pending_clone(struct replay *rp, bool *share)
{
	for (size_t i = 0; i < rp->pids_cap; i++) {
		struct rpid *p = &rp->pids[i];
		struct strace_line l = { 0 };

		if (!p->used || !p->pending || !p->g)
			continue;
		if (strncmp(p->pending, "clone", 5) &&
		    strncmp(p->pending, "fork(", 5) &&
		    strncmp(p->pending, "vfork(", 6))
			continue;
		l.text = p->pending;
		l.text_len = p->pending_len;
		*share = !strncmp(p->pending, "vfork(", 6) ||
			 strace_has_word(&l, "CLONE_VM");
		return p;
	}
	return NULL;
}

/* The process of @spid, made on first sight. NULL: out of memory. */
static struct rgroup *group_of(struct replay *rp, int spid)
{
	struct rpid *p = find_pid(rp, spid), *parent;
	bool share = false;

	if (p->g)
		return p->g;
	/* a child that runs before its parent's clone returned */
	parent = pending_clone(rp, &share);
	if (parent && share) {
		p->g = parent->g;
		p->g->users++;
	} else if (parent) {
		p->g = fork_group(rp, parent->g, spid);
	} else {
		p->g = spawn_group(rp, spid, NULL);
	}
	return p->g;
}

/* ---- failures ------------------------------------------------------------- */

static void __printf(3, 4) failure(struct replay *rp, int spid,
				   const char *fmt, ...)
{
	struct replay_result *r = rp->r;
	va_list ap;
	size_t n = rp->line_len > 120 ? 120 : rp->line_len;

	if (r->failures++ >= MAX_LISTED)
		return;
	sb_printf(&r->failure_list, "  %s:%llu: pid %d: %.*s%s\n    ", rp->file,
		  (unsigned long long)rp->lineno, spid, (int)n, rp->line,
		  n < rp->line_len ? "..." : "");
	va_start(ap, fmt);
	sb_vprintf(&r->failure_list, fmt, ap);
	va_end(ap);
	sb_puts(&r->failure_list, "\n");
}

static const char *result_str(char *buf, size_t size, u64 v)
{
	if (REPLAY_IS_ERR(v))
		snprintf(buf, size, "-1 %s", errno_to_name((int)-(s64)v));
	else
		snprintf(buf, size, "%#llx", (unsigned long long)v);
	return buf;
}

static bool beyond_task_size(struct replay *rp, int spid,
			     struct mm_struct *mm, u64 addr, u64 len)
{
	u64 ts = mm_task_size(mm);

	if (addr < ts && len <= ts - addr)
		return false;
	rp->r->beyond++;
	failure(rp, spid, "%#llx is beyond the user address space of %s (TASK_SIZE %#llx)",
		(unsigned long long)addr, rp->m->arch->name,
		(unsigned long long)ts);
	return true;
}

/* ---- the calls ------------------------------------------------------------ */

static unsigned int shadow_prot(u64 prot, u64 flags)
{
	return (unsigned int)(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) |
	       ((flags & MAP_TYPE) != MAP_PRIVATE ? SHADOW_SHARED : 0);
}

/* A file mapping left anonymous: counted, its path listed once. */
static void file_not_found(struct replay *rp, struct replay_file *f,
			   const char *why)
{
	struct replay_result *r = rp->r;

	r->files_missing++;
	if (f->listed)
		return;
	f->listed = true;
	if (r->missing_list.len > 512) {
		if (sb_str(&r->missing_list)[r->missing_list.len - 1] != '.')
			sb_puts(&r->missing_list, ", ...");
		return;
	}
	sb_printf(&r->missing_list, "%s%s (%s)", r->missing_list.len ? ", " :
		  "", f->path, why);
}

/*
 * Map the file a logged file mapping names, when the root holds it
 * (kernel/replay_files.c), where the log's mapping was. Return: true
 * when it is mapped; else the caller maps anonymous memory there.
 */
static bool map_real_file(struct replay *rp, struct rgroup *g,
			  const struct strace_args *a, u64 flags, u64 at,
			  const char **found)
{
	u64 len = a->v[1], prot = a->v[2], off = a->v[5], got;
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	struct replay_file *f;
	const char *why;
	struct file *file;

	/*
	 * The log does not show how the program opened the file: a shared
	 * mapping gets the file opened for writing when the image allows it,
	 * so that a later mprotect(PROT_WRITE) the real kernel allowed is
	 * allowed here too; read-only otherwise, as a writable one needs.
	 */
	file = replay_files_get(&rp->files, a->path[4], a->path_len[4], shared,
				off, &f, &why);
	if (!file && shared && !(prot & PROT_WRITE))
		file = replay_files_get(&rp->files, a->path[4], a->path_len[4],
					false, off, &f, &why);
	if (file) {
		got = do_mmap_file(file, g->task->mm, at, len,
				   (unsigned long)prot,
				   (unsigned long)(flags & ~MAP_ANONYMOUS),
				   off >> PAGE_SHIFT);
		if (got == at) {
			rp->r->files_backed++;
			*found = f->found;
			return true;
		}
		/*
		 * The file's own refusals (EACCES: a shared writable
		 * mapping on a read-only mount) leave it anonymous; any
		 * other result is the range's, which the anonymous
		 * mapping meets again and reports as a failure.
		 */
		if (got != -(u64)EACCES && got != -(u64)ENODEV)
			return false;
		why = errno_to_name((int)-(s64)got);
	}
	file_not_found(rp, f, why);
	return false;
}

static void replay_mmap(struct replay *rp, int spid, struct rgroup *g,
			const struct strace_line *l, const struct strace_args *a)
{
	struct mm_struct *mm = g->task->mm;
	u64 addr = a->v[0], len = a->v[1], prot = a->v[2], flags = a->v[3];
	u64 keep = MAP_TYPE | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE |
		   MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |
		   MAP_SYNC | MAP_UNINITIALIZED;
	struct iname *name = NULL;
	const char *found = NULL;
	char b1[32], b2[32];
	u64 got;

	if (!(flags & MAP_ANONYMOUS)) {
		if (a->path[4])
			name = intern(rp, a->path[4], a->path_len[4]);
		else
			rp->r->unnamed_files++;
	}
	if (l->is_err) {
		/* the file's own errors cannot be replayed without files */
		if (!(flags & MAP_ANONYMOUS) && l->err != ENOMEM &&
		    l->err != EINVAL) {
			rp->r->not_modelled++;
			return;
		}
		got = do_mmap(mm, addr, len, (unsigned long)prot,
			      (unsigned long)(flags | MAP_ANONYMOUS), 0);
		if (!REPLAY_IS_ERR(got)) {
			if (!(flags & MAP_FIXED))
				do_munmap(mm, got, len);
			failure(rp, spid, "log: -1 %s, mmsim: %s",
				errno_to_name(l->err),
				result_str(b1, sizeof(b1), got));
		} else if (l->err != EIO && (int)-(s64)got != l->err) {
			failure(rp, spid, "log: -1 %s, mmsim: %s",
				errno_to_name(l->err),
				result_str(b1, sizeof(b1), got));
		}
		return;
	}
	if (beyond_task_size(rp, spid, mm, l->ret, PAGE_ALIGN(len)))
		return;
	flags = (flags & keep) | MAP_ANONYMOUS |
		(flags & MAP_FIXED ? MAP_FIXED : MAP_FIXED_NOREPLACE);
	if (name && rp->files.active &&
	    map_real_file(rp, g, a, flags, l->ret, &found)) {
		/* /proc/PID/maps shows the file where it was found */
		if (g->shadow)
			shadow_map(g->shadow, l->ret, l->ret + PAGE_ALIGN(len),
				   shadow_prot(prot, flags),
				   intern(rp, found, strlen(found))->s);
		return;
	}
	got = do_mmap(mm, l->ret, len, (unsigned long)prot,
		      (unsigned long)flags, 0);
	if (got != l->ret) {
		failure(rp, spid, "log: %s, mmsim: %s",
			result_str(b1, sizeof(b1), l->ret),
			result_str(b2, sizeof(b2), got));
		return;
	}
	if (name)
		vma_set_anon_name(mm, got, got + PAGE_ALIGN(len), name->an);
	if (g->shadow)
		shadow_map(g->shadow, got, got + PAGE_ALIGN(len),
			   shadow_prot(prot, flags), name ? name->s : NULL);
}

static void replay_munmap(struct replay *rp, int spid, struct rgroup *g,
			  const struct strace_line *l,
			  const struct strace_args *a)
{
	int want = l->is_err ? -l->err : 0;
	int got = do_munmap(g->task->mm, a->v[0], a->v[1]);

	if (got != want && !(l->is_err && l->err == EIO && got))
		failure(rp, spid, "log: %s, mmsim: %s",
			want ? errno_to_name(-want) : "0",
			got ? errno_to_name(-got) : "0");
	if (!l->is_err && g->shadow)
		shadow_unmap(g->shadow, a->v[0], a->v[0] + PAGE_ALIGN(a->v[1]));
}

/* The name of a range execve mapped: the program below its break. */
static struct iname *image_name(struct replay *rp, struct rgroup *g,
				u64 addr)
{
	struct mm_struct *mm = g->task->mm;

	if (g->exe && g->brk_known && addr < mm->start_brk)
		return intern(rp, g->exe, strlen(g->exe));
	return intern(rp, IMAGE_INTERP, strlen(IMAGE_INTERP));
}

/* Map the holes of [start, end) as execve's image (see the top). */
static void fill_image_holes(struct replay *rp, struct rgroup *g, u64 start,
			     u64 end, u64 prot)
{
	struct mm_struct *mm = g->task->mm;
	u64 a = start;

	while (a < end) {
		struct vm_area_struct *v = find_vma(mm, a);
		u64 hole_end = v && v->vm_start < end ? v->vm_start : end;

		if (hole_end > a) {
			struct iname *n = image_name(rp, g, a);
			u64 got = do_mmap(mm, a, hole_end - a,
					  (unsigned long)prot,
					  MAP_PRIVATE | MAP_ANONYMOUS |
					  MAP_FIXED_NOREPLACE, 0);

			if (got == a)
				vma_set_anon_name(mm, a, hole_end, n->an);
		}
		if (!v || v->vm_start >= end)
			break;
		a = v->vm_end;
	}
}

static void replay_mprotect(struct replay *rp, int spid, struct rgroup *g,
			    const struct strace_line *l,
			    const struct strace_args *a)
{
	struct mm_struct *mm = g->task->mm;
	u64 start = a->v[0], len = PAGE_ALIGN(a->v[1]), prot = a->v[2];
	int want = l->is_err ? -l->err : 0, got;

	if (!l->is_err && !(start & ~PAGE_MASK) && start + len > start) {
		if (beyond_task_size(rp, spid, mm, start, len))
			return;
		fill_image_holes(rp, g, start, start + len, prot);
		if (g->shadow)
			shadow_protect(g->shadow, start, start + len,
				       (unsigned int)prot &
				       (PROT_READ | PROT_WRITE | PROT_EXEC),
				       image_name(rp, g, start)->s);
	}
	got = do_mprotect(mm, start, a->v[1], (unsigned long)prot);
	if (got != want && !(l->is_err && l->err == EIO && got))
		failure(rp, spid, "log: %s, mmsim: %s",
			want ? errno_to_name(-want) : "0",
			got ? errno_to_name(-got) : "0");
}

static void replay_brk(struct replay *rp, int spid, struct rgroup *g,
		       const struct strace_line *l, const struct strace_args *a)
{
	struct mm_struct *mm = g->task->mm;
	struct shadow *s = g->shadow;
	char b1[32], b2[32];
	u64 got;

	if (l->is_err)
		return;		/* brk never fails with an errno */
	if (!g->brk_known) {
		/*
		 * SIM: the break starts where the real kernel put it
		 * (the first brk answers it); mmsim's image has none.
		 */
		if (beyond_task_size(rp, spid, mm, l->ret, 0))
			return;
		mm->start_brk = mm->brk = l->ret;
		mm->brk_randomized = true;
		g->brk_known = true;
		if (s)
			s->start_brk = s->brk = l->ret;
	}
	got = do_brk(mm, a->v[0]);
	if (got != l->ret)
		failure(rp, spid, "log: %s, mmsim: %s",
			result_str(b1, sizeof(b1), l->ret),
			result_str(b2, sizeof(b2), got));
	if (s) {
		u64 o = PAGE_ALIGN(s->brk), n = PAGE_ALIGN(l->ret);

		if (n > o)
			shadow_map(s, o, n, PROT_READ | PROT_WRITE, NULL);
		else
			shadow_unmap(s, n, o);
		s->brk = l->ret;
	}
}

/* Compare an errno-style result with the log's (EIO: "any error"). */
static void check_errno(struct replay *rp, int spid,
			const struct strace_line *l, int got)
{
	int want = l->is_err ? -l->err : 0;

	if (got != want && !(l->is_err && l->err == EIO && got))
		failure(rp, spid, "log: %s, mmsim: %s",
			want ? errno_to_name(-want) : "0",
			got ? errno_to_name(-got) : "0");
}

/* The log's layout after mmsim moved or resized [start, start+len). */
static void shadow_from_vmas(struct replay *rp, struct rgroup *g,
			     u64 start, u64 len)
{
	struct mm_struct *mm = g->task->mm;
	u64 a = start, end = start + len;

	while (a < end) {
		struct vm_area_struct *v = find_vma(mm, a);
		u64 e;
		unsigned int prot;
		const char *name = NULL;

		if (!v || v->vm_start >= end)
			break;
		a = v->vm_start > a ? v->vm_start : a;
		e = v->vm_end < end ? v->vm_end : end;
		prot = (unsigned int)(v->vm_flags & VM_ACCESS_FLAGS) |
		       (v->vm_flags & VM_SHARED ? SHADOW_SHARED : 0);
		if (v->vm_file) {
			char buf[4096];
			const char *p = replay_file_name(v->vm_file, buf,
							 sizeof(buf));

			name = intern(rp, p, strlen(p))->s;
		} else if (v->anon_name && v->anon_name->file) {
			name = intern(rp, v->anon_name->name,
				      strlen(v->anon_name->name))->s;
		}
		shadow_map(g->shadow, a, e, prot, name);
		a = e;
	}
}

/*
 * mremap: where the kernel moved the mapping, mmsim moves it too
 * (MREMAP_FIXED at the log's address), as mmap replays the log's
 * address; in place, it must be able to grow in place as well.
 */
static void replay_mremap(struct replay *rp, int spid, struct rgroup *g,
			  const struct strace_line *l,
			  const struct strace_args *a)
{
	struct mm_struct *mm = g->task->mm;
	u64 addr = a->v[0], old_len = a->v[1], new_len = a->v[2];
	u64 flags = a->v[3], new_addr = a->nr > 4 ? a->v[4] : 0, got;
	char b1[32], b2[32];

	if (l->is_err) {
		got = do_mremap(mm, addr, old_len, new_len,
				(unsigned long)flags, new_addr);
		check_errno(rp, spid, l, REPLAY_IS_ERR(got) ? (int)(s64)got :
			    0);
		return;
	}
	if (beyond_task_size(rp, spid, mm, l->ret, PAGE_ALIGN(new_len)))
		return;
	if (l->ret != addr && (flags & MREMAP_MAYMOVE)) {
		flags |= MREMAP_FIXED;
		new_addr = l->ret;
	}
	got = do_mremap(mm, addr, old_len, new_len, (unsigned long)flags,
			new_addr);
	if (got != l->ret) {
		failure(rp, spid, "log: %s, mmsim: %s",
			result_str(b1, sizeof(b1), l->ret),
			result_str(b2, sizeof(b2), got));
		return;
	}
	if (g->shadow) {
		if (!(flags & MREMAP_DONTUNMAP) || got == addr)
			shadow_unmap(g->shadow, addr, addr + PAGE_ALIGN(old_len));
		shadow_from_vmas(rp, g, addr, PAGE_ALIGN(old_len));
		shadow_from_vmas(rp, g, got, PAGE_ALIGN(new_len));
	}
}

/* mincore: the result only; residency is the real machine's. */
static void replay_mincore(struct replay *rp, int spid, struct rgroup *g,
			   const struct strace_line *l,
			   const struct strace_args *a)
{
	u64 start = a->v[0], len = a->v[1], pages, done = 0;
	unsigned char *vec, none[1];
	int got = 0;

	pages = len > (u64)-1 - PAGE_SIZE ? 0 : PAGE_ALIGN(len) >> PAGE_SHIFT;
	if (!pages || (start & ~PAGE_MASK)) {
		check_errno(rp, spid, l, do_mincore(g->task->mm, start, len,
						     none));
		return;
	}
	/* A window at a time: the log's length may be anything. */
	vec = xcalloc(1, pages < 4096 ? (size_t)pages : 4096);
	while (!got && done < pages) {
		u64 n = pages - done < 4096 ? pages - done : 4096;

		got = do_mincore(g->task->mm, start + (done << PAGE_SHIFT),
				 n << PAGE_SHIFT, vec);
		done += n;
	}
	free(vec);
	check_errno(rp, spid, l, got);
}

static void replay_clone(struct replay *rp, struct rpid *p,
			 const struct strace_line *l, bool vfork)
{
	struct rpid *c;

	if (l->is_err || l->ret_unknown || !l->ret || l->ret > 0x7fffffff)
		return;
	rp->r->calls[RK_FORK]++;
	c = find_pid(rp, (int)l->ret);
	if (c->g)
		return;		/* it ran first: made then */
	p = find_pid(rp, p->pid);	/* find_pid may have moved it */
	if (!p->g)
		return;
	if (vfork || strace_has_word(l, "CLONE_VM")) {
		c->g = p->g;
		c->g->users++;
	} else {
		c->g = fork_group(rp, p->g, c->pid);
	}
}

static void replay_execve(struct replay *rp, struct rpid *p,
			  const struct strace_line *l)
{
	char path[4096];
	size_t n;
	int pid = p->pid;

	if (l->is_err || l->ret_unknown)
		return;
	rp->r->calls[RK_EXECVE]++;
	n = strace_first_string(l, path, sizeof(path));
	leave_group(rp, p, 0, "at execve");
	p = find_pid(rp, pid);
	p->g = spawn_group(rp, pid, n ? intern(rp, path, n)->s : NULL);
}

static bool name_is(const struct strace_line *l, const char *name)
{
	return strlen(name) == l->name_len && !memcmp(l->name, name,
						      l->name_len);
}

static int bad_line(struct replay *rp, const char *why)
{
	size_t n = rp->line_len > 60 ? 60 : rp->line_len;

	snprintf(rp->r->error, sizeof(rp->r->error),
		 "%s:%llu: cannot parse '%.*s%s': expected %s", rp->file,
		 (unsigned long long)rp->lineno, (int)n, rp->line,
		 n < rp->line_len ? "..." : "", why);
	return -EINVAL;
}

/* A complete call of @p. */
static int do_call(struct replay *rp, struct rpid *p,
		   const struct strace_line *l)
{
	static const struct { const char *name; enum replay_kind k; int nr; }
	memory[] = {
		{ "mmap", RK_MMAP, 6 }, { "mmap2", RK_MMAP, 6 },
		{ "munmap", RK_MUNMAP, 2 }, { "mprotect", RK_MPROTECT, 3 },
		{ "brk", RK_BRK, 1 }, { "mremap", RK_MREMAP, 4 },
		{ "mremap", RK_MREMAP, 5 }, { "madvise", RK_MADVISE, 3 },
		{ "mlock", RK_MLOCK, 2 }, { "mlock2", RK_MLOCK, 3 },
		{ "munlock", RK_MLOCK, 2 }, { "mincore", RK_MINCORE, 3 },
	};
	struct strace_args a;
	const char *why;
	struct rgroup *g;
	int pid = p->pid;

	for (size_t i = 0; i < ARRAY_SIZE(memory); i++) {
		if (!name_is(l, memory[i].name))
			continue;
		if (strace_parse_args(l, &a, &why))
			return bad_line(rp, why);
		if (a.nr != memory[i].nr) {
			static const char *const nr_args[] = {
				"", "one argument", "two arguments",
				"three arguments", "four or five arguments",
				"four or five arguments", "six arguments" };

			/* mremap has four arguments, or five with FIXED */
			if (i + 1 < ARRAY_SIZE(memory) &&
			    name_is(l, memory[i + 1].name))
				continue;
			return bad_line(rp, nr_args[memory[i].nr]);
		}
		if (l->ret_unknown) {
			rp->r->unfinished++;
			return 0;
		}
		g = group_of(rp, pid);
		if (!g) {
			failure(rp, pid, "mmsim is out of memory for a new process");
			return 0;
		}
		rp->r->calls[memory[i].k]++;
		switch (memory[i].k) {
		case RK_MMAP:
			replay_mmap(rp, pid, g, l, &a);
			break;
		case RK_MUNMAP:
			replay_munmap(rp, pid, g, l, &a);
			break;
		case RK_MPROTECT:
			replay_mprotect(rp, pid, g, l, &a);
			break;
		case RK_MREMAP:
			replay_mremap(rp, pid, g, l, &a);
			break;
		case RK_MADVISE:
			check_errno(rp, pid, l, do_madvise(g->task->mm, a.v[0],
							   a.v[1], (int)a.v[2]));
			break;
		case RK_MLOCK:
			/* SIM: mlock2's MLOCK_ONFAULT locks as mlock does */
			check_errno(rp, pid, l, name_is(l, "munlock") ?
				    do_munlock(g->task->mm, a.v[0], a.v[1]) :
				    do_mlock(g->task->mm, a.v[0], a.v[1]));
			break;
		case RK_MINCORE:
			replay_mincore(rp, pid, g, l, &a);
			break;
		default:
			replay_brk(rp, pid, g, l, &a);
			break;
		}
		return 0;
	}
	if (name_is(l, "clone") || name_is(l, "clone3") ||
	    name_is(l, "fork") || name_is(l, "vfork")) {
		if (group_of(rp, pid))
			replay_clone(rp, find_pid(rp, pid), l,
				     name_is(l, "vfork"));
		return 0;
	}
	if (name_is(l, "execve") || name_is(l, "execveat")) {
		replay_execve(rp, p, l);
		return 0;
	}
	if (name_is(l, "exit") || name_is(l, "exit_group"))
		return 0;	/* the "+++ exited" line ends the process */
	for (size_t i = 0; i < ARRAY_SIZE(not_modelled_names); i++)
		if (name_is(l, not_modelled_names[i])) {
			rp->not_modelled[i]++;
			rp->r->not_modelled++;
			return 0;
		}
	rp->r->skipped++;
	return 0;
}

static int do_line(struct replay *rp, const char *s, size_t len)
{
	struct strace_line l;
	struct rpid *p;
	const char *why;
	int pid;

	rp->line = s;
	rp->line_len = len;
	if (strace_parse_line(s, len, &l, &why))
		return bad_line(rp, why);
	pid = l.pid < 0 ? 0 : l.pid;
	switch (l.kind) {
	case SL_BLANK:
		return 0;
	case SL_SIGNAL:
		rp->r->signals++;
		return 0;
	case SL_EXITED:
		p = find_pid(rp, pid);
		if (p->pending) {
			/* exit and exit_group never return */
			if (strncmp(p->pending, "exit", 4))
				rp->r->unfinished++;
			free(p->pending);
			p->pending = NULL;
		}
		rp->r->calls[RK_EXIT]++;
		leave_group(rp, p, l.exit_code, "at exit");
		return 0;
	case SL_UNFINISHED:
		p = find_pid(rp, pid);
		if (p->pending) {
			rp->r->unmatched++;
			free(p->pending);
		}
		p->pending = xcalloc(1, l.text_len + 1);
		memcpy(p->pending, l.text, l.text_len);
		p->pending_len = l.text_len;
		return 0;
	case SL_RESUMED: {
		struct strace_line c = { .pid = l.pid };
		char *full;
		size_t n;
		int ret;

		p = find_pid(rp, pid);
		if (!p->pending || p->pending_len <= l.name_len ||
		    memcmp(p->pending, l.name, l.name_len) ||
		    p->pending[l.name_len] != '(') {
			rp->r->unmatched++;
			return 0;
		}
		n = p->pending_len + l.text_len;
		full = xcalloc(1, n + 1);
		memcpy(full, p->pending, p->pending_len);
		memcpy(full + p->pending_len, l.text, l.text_len);
		free(p->pending);
		p->pending = NULL;
		ret = strace_parse_call(full, n, &c, &why);
		if (ret)
			ret = bad_line(rp, why);
		else
			ret = do_call(rp, p, &c);
		free(full);
		return ret;
	}
	case SL_CALL:
		return do_call(rp, find_pid(rp, pid), &l);
	}
	return 0;
}

static void finish(struct replay *rp, bool ok)
{
	struct replay_result *r = rp->r;

	for (size_t i = 0; i < rp->pids_cap; i++) {
		if (!rp->pids[i].used || !rp->pids[i].pending)
			continue;
		if (ok)
			r->unfinished++;
		free(rp->pids[i].pending);
	}
	/* the processes alive at the end of the log stay alive */
	for (struct rgroup *g = rp->groups; g && ok; g = g->next)
		r->nr_alive++;
	if (r->nr_alive)
		r->alive = xcalloc(r->nr_alive, sizeof(*r->alive));
	for (size_t i = 0; rp->groups; i++) {
		if (i < r->nr_alive)
			r->alive[i] = (struct replay_alive){
				rp->groups->task->pid, rp->groups->spid };
		end_group(rp, rp->groups, -1, ok, "at the end of the log");
	}
	replay_files_free(&rp->files);
	free(rp->pids);
	for (size_t i = 0; i < rp->names_cap; i++) {
		if (!rp->names[i].s)
			continue;
		anon_vma_name_put(rp->names[i].an);
		free(rp->names[i].s);
	}
	free(rp->names);
	for (size_t i = 0; i < ARRAY_SIZE(not_modelled_names); i++)
		if (rp->not_modelled[i])
			sb_printf(&r->not_modelled_by_name, "%s%llu %s",
				  r->not_modelled_by_name.len ? ", " : "",
				  (unsigned long long)rp->not_modelled[i],
				  not_modelled_names[i]);
}

/* Return: 0, or replay_files_init()'s error (@r->error says why). */
static int replay_init(struct replay *rp, struct machine *m, const char *file,
		       const struct replay_opts *opts,
		       struct replay_result *r)
{
	int ret;

	memset(rp, 0, sizeof(*rp));
	memset(r, 0, sizeof(*r));
	rp->m = m;
	rp->file = file;
	rp->o = opts;
	rp->r = r;
	ret = replay_files_init(&rp->files, opts->root, r->error,
				sizeof(r->error));
	if (!ret && rp->files.active) {
		r->files = true;
		snprintf(r->root, sizeof(r->root), "%s",
			 rp->files.root_len ? rp->files.root : "/");
	}
	return ret;
}

/**
 * replay_buffer - replay a log held in memory
 * @m: the machine (current)
 * @name: the log's name in messages
 * @buf: the log
 * @len: its length
 * @opts: --maps, --check
 * @r: the result (to be freed with replay_result_free())
 *
 * Return: 0, or -EINVAL for a line that cannot be parsed (@r->error).
 */
int replay_buffer(struct machine *m, const char *name, const char *buf,
		  size_t len, const struct replay_opts *opts,
		  struct replay_result *r)
{
	const char *p = buf, *end = buf + len;
	struct replay rp;
	int ret = 0;

	ret = replay_init(&rp, m, name, opts, r);
	if (ret)
		return ret;
	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		rp.lineno = ++r->lines;
		ret = do_line(&rp, p, (size_t)(le - p));
		p = le + 1;
		if (!(r->lines & 0xffff))
			progress_update("replaying", (u64)(p - buf), len);
	}
	finish(&rp, !ret);
	return ret;
}

/**
 * replay_file - replay the strace log at @path
 * @m: the machine (current)
 * @path: the log
 * @opts: --maps, --check
 * @r: the result (to be freed with replay_result_free())
 *
 * Reads the log line by line (a log of millions of lines needs no more
 * memory than its longest line) and reports progress in bytes.
 *
 * Return: 0, -errno when the file cannot be read, or -EINVAL for a line
 * that cannot be parsed; @r->error says why.
 */
int replay_file(struct machine *m, const char *path,
		const struct replay_opts *opts, struct replay_result *r)
{
	FILE *f = fopen(path, "r");
	int open_err = errno;
	struct replay rp;
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	u64 done = 0, total = 0;
	ssize_t n;
	int ret;

	ret = replay_init(&rp, m, path, opts, r);
	if (ret) {
		if (f)
			fclose(f);
		return ret;
	}
	if (!f) {
		snprintf(r->error, sizeof(r->error), "cannot open '%s': %s",
			 path, strerror(open_err));
		return -open_err;
	}
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(r->error, sizeof(r->error),
			 "cannot read '%s': %s", path, strerror(EISDIR));
		return -EISDIR;
	}
	if (S_ISREG(st.st_mode))
		total = (u64)st.st_size;
	while (!ret && (n = getline(&line, &cap, f)) > 0) {
		size_t len = (size_t)n;

		done += len;
		if (line[len - 1] == '\n')
			len--;
		rp.lineno = ++r->lines;
		ret = do_line(&rp, line, len);
		if (!(r->lines & 0xffff))
			progress_update("replaying", done, total);
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		snprintf(r->error, sizeof(r->error), "cannot read '%s': %s",
			 path, strerror(EIO));
	}
	free(line);
	fclose(f);
	finish(&rp, !ret);
	return ret;
}

/**
 * replay_print_summary - the summary `mmsim replay` prints
 * @r: a result
 * @name: the log's name
 * @out: receives the text
 */
void replay_print_summary(const struct replay_result *r, const char *name,
			  struct strbuf *out)
{
	sb_printf(out, "replay: %s: %llu lines, %llu processes\n", name,
		  (unsigned long long)r->lines,
		  (unsigned long long)r->processes);
	sb_puts(out, "  replayed:");
	for (int k = 0; k < NR_REPLAY_KINDS; k++)
		sb_printf(out, "%s %llu %s", k ? "," : "",
			  (unsigned long long)r->calls[k], kind_names[k]);
	sb_printf(out, "\n  skipped: %llu other calls, %llu signals\n",
		  (unsigned long long)r->skipped,
		  (unsigned long long)r->signals);
	sb_printf(out, "  not modelled yet: %llu%s%s%s\n",
		  (unsigned long long)r->not_modelled,
		  r->not_modelled_by_name.len ? " (" : "",
		  sb_str(&r->not_modelled_by_name),
		  r->not_modelled_by_name.len ? ")" : "");
	if (r->unmatched || r->unfinished)
		sb_printf(out, "  unmatched resumed: %llu, never resumed: %llu\n",
			  (unsigned long long)r->unmatched,
			  (unsigned long long)r->unfinished);
	if (r->files) {
		sb_printf(out, "  file mappings backed by the disk: %llu (paths looked up under %s)\n",
			  (unsigned long long)r->files_backed, r->root);
		sb_printf(out, "  file mappings not found on the disk: %llu%s%s%s\n",
			  (unsigned long long)r->files_missing,
			  r->files_missing ? " (" : "",
			  sb_str(&r->missing_list),
			  r->files_missing ? ")" : "");
	}
	if (r->unnamed_files)
		sb_printf(out, "  file mappings without a path: %llu (record with strace -y)\n",
			  (unsigned long long)r->unnamed_files);
	sb_printf(out, "  failures: %llu", (unsigned long long)r->failures);
	if (r->beyond)
		sb_printf(out, " (%llu beyond the user address space)",
			  (unsigned long long)r->beyond);
	sb_puts(out, "\n");
	if (r->failures)
		sb_printf(out, "%s%s", sb_str(&r->failure_list),
			  r->failures > MAX_LISTED ? "  ...\n" : "");
	if (r->checked)
		sb_printf(out, "  check: %llu layouts compared, %llu differ\n%s",
			  (unsigned long long)r->checked,
			  (unsigned long long)r->differences,
			  sb_str(&r->check_list));
}

/**
 * replay_result_free - free the buffers of @r
 * @r: a result of replay_file() or replay_buffer()
 */
void replay_result_free(struct replay_result *r)
{
	sb_free(&r->not_modelled_by_name);
	sb_free(&r->missing_list);
	free(r->alive);
	r->alive = NULL;
	r->nr_alive = 0;
	sb_free(&r->failure_list);
	sb_free(&r->check_list);
	sb_free(&r->maps);
}
