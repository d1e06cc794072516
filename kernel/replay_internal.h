/* SPDX-License-Identifier: GPL-2.0 */
/* The strace line parser and the log's own layout, for kernel/replay.c. */
#ifndef MMSIM_KERNEL_REPLAY_INTERNAL_H
#define MMSIM_KERNEL_REPLAY_INTERNAL_H

#include <mmsim/mm.h>
#include <mmsim/replay.h>

/* A core call's result that is a negative errno (IS_ERR_VALUE). */
#define REPLAY_IS_ERR(v)	((u64)(v) >= (u64)-4095)

/* ---- one line of strace output (kernel/replay_parse.c) ---------------- */
enum strace_line_kind {
	SL_BLANK,	/* empty line */
	SL_CALL,	/* name(args) = result */
	SL_UNFINISHED,	/* name(args <unfinished ...> */
	SL_RESUMED,	/* <... name resumed>rest */
	SL_EXITED,	/* +++ exited with N +++ / +++ killed by SIG +++ */
	SL_SIGNAL,	/* --- SIGxxx {...} --- */
};

struct strace_line {
	enum strace_line_kind kind;
	int pid;		/* -1: no pid prefix */
	const char *name;	/* syscall name (not NUL-terminated) */
	size_t name_len;
	/* SL_CALL: between the parentheses; SL_UNFINISHED: from the name
	 * to before " <unfinished ...>"; SL_RESUMED: after "resumed>". */
	const char *text;
	size_t text_len;
	bool ret_unknown;	/* "= ?" */
	u64 ret;		/* the result as the kernel returned it */
	bool is_err;		/* "= -1 ENAME (...)" */
	int err;		/* its errno, or EIO for an unknown name */
	int exit_code;		/* SL_EXITED: status << 8, or the signal */
};

/* Return: 0, or -EINVAL with *@why saying what was expected. */
int strace_parse_line(const char *s, size_t len, struct strace_line *l,
		      const char **why);
/* Parse "name(args) = ret" alone (a resumed call put together). */
int strace_parse_call(const char *s, size_t len, struct strace_line *l,
		      const char **why);

/* The arguments of a memory call. */
#define STRACE_MAX_ARGS 6
struct strace_args {
	int nr;
	u64 v[STRACE_MAX_ARGS];
	/* -y's "3</path>": the path of each argument, or NULL */
	const char *path[STRACE_MAX_ARGS];
	size_t path_len[STRACE_MAX_ARGS];
};
/* Split and evaluate @l's arguments (numbers, NULL, PROT_/MAP_ flags). */
int strace_parse_args(const struct strace_line *l, struct strace_args *a,
		      const char **why);
/* Whether @flag (e.g. "CLONE_VM") is one of the words of @l's text. */
bool strace_has_word(const struct strace_line *l, const char *word);
/* The first "quoted string" of @l's text, unescaped into @buf. */
size_t strace_first_string(const struct strace_line *l, char *buf,
			   size_t size);
const char *errno_to_name(int err);

/* ---- the files of file mappings (kernel/replay_files.c) ---------------- */
struct file;

/* One logged path. */
struct replay_file {
	char *path;		/* as logged, NULL: a free slot */
	char *found;		/* where it is looked up (root + path) */
	struct file *ro, *rw;	/* open for reading / reading and writing */
	int ro_err, rw_err;	/* why an open failed, 0: not tried yet */
	bool listed;		/* in the summary's list of missing files */
};

struct replay_files {
	bool active;		/* a root was chosen */
	char root[256];		/* without a trailing '/'; "" for "/" */
	size_t root_len;
	struct replay_file *tab;	/* open addressing on the path */
	size_t cap, nr;
};

int replay_files_init(struct replay_files *rf, const char *root, char *err,
		      size_t errlen);
struct file *replay_files_get(struct replay_files *rf, const char *path,
			      size_t len, bool rw, u64 offset,
			      struct replay_file **f, const char **why);
void replay_files_free(struct replay_files *rf);
/* d_path(): the name /proc/PID/maps shows for a mapping of @file. */
const char *replay_file_name(struct file *file, char *buf, size_t size);

/* ---- the log's own layout, for --check (kernel/replay_check.c) -------- */
struct shadow_region {
	u64 start, end;
	unsigned int prot;	/* PROT_* | SHADOW_SHARED */
	const char *name;	/* interned, or NULL */
};
#define SHADOW_SHARED 0x100

struct shadow {
	struct shadow_region *r;
	size_t nr, cap;
	u64 start_brk, brk;	/* brk 0: not known yet */
};

void shadow_map(struct shadow *s, u64 start, u64 end, unsigned int prot,
		const char *name);
void shadow_unmap(struct shadow *s, u64 start, u64 end);
/* mprotect: holes in [start, end) become image regions named @image. */
void shadow_protect(struct shadow *s, u64 start, u64 end, unsigned int prot,
		    const char *image);
struct shadow *shadow_dup(const struct shadow *s);
void shadow_free(struct shadow *s);
/*
 * Compare @s with @mm's VMAs (the VMA holding @mm->start_stack aside: the
 * log never shows the stack). Differences are appended to @out (at most
 * @max lines). Return: the number of differing runs.
 */
u64 shadow_compare(const struct shadow *s, struct mm_struct *mm,
		   struct strbuf *out, int max);

#endif
