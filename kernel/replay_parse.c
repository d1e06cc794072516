// SPDX-License-Identifier: GPL-2.0
/*
 * The strace line parser of mmsim replay. No Linux counterpart: it reads
 * what strace(1) prints (src/strace.c printleader, syscall.c) for
 * `strace -f [-y] [-t|-tt|-ttt] [-T] -o FILE`:
 *
 *   [PID ][TIMESTAMP ]name(args) = result[ <time>]
 *   [PID ][TIMESTAMP ]name(args <unfinished ...>
 *   [PID ][TIMESTAMP ]<... name resumed>args) = result
 *   [PID ][TIMESTAMP ]+++ exited with N +++ | +++ killed by SIGxxx +++
 *   [PID ][TIMESTAMP ]--- SIGxxx {...} ---
 *
 * "[pid N] " (strace -f writing to a terminal) is accepted as a prefix
 * too. Only the arguments of memory calls are evaluated; other lines need
 * no more than their name and result.
 */
#include <errno.h>
#include <string.h>

#include "replay_internal.h"

static const struct { const char *name; int err; } errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
	{ "EINTR", EINTR }, { "EIO", EIO }, { "EBADF", EBADF },
	{ "ECHILD", ECHILD }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM },
	{ "EACCES", EACCES }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "EINVAL", EINVAL },
	{ "ENFILE", ENFILE }, { "EMFILE", EMFILE }, { "ETXTBSY", ETXTBSY },
	{ "EFBIG", EFBIG }, { "ENOSPC", ENOSPC }, { "ENOSYS", ENOSYS },
	{ "EOVERFLOW", EOVERFLOW }, { "EOPNOTSUPP", EOPNOTSUPP },
};

/**
 * errno_to_name - Linux's name of an errno value
 * @err: a positive errno
 *
 * Return: "ENOMEM", ..., or "E?" for one the table lacks.
 */
const char *errno_to_name(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	return "E?";
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || c == '_';
}

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static bool starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

/*
 * An unsigned number: decimal, 0x hex or 0 octal (as strace prints
 * them). Return: the end of it, or NULL when there is none or it does not
 * fit in 64 bits (*@why says which).
 */
static const char *parse_u64(const char *p, const char *end, u64 *v,
			     const char **why)
{
	unsigned int base = 10;
	const char *start;
	u64 x = 0;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	start = p;
	for (; p < end; p++) {
		unsigned int d;

		if (is_digit(*p))
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			break;
		/* no division per digit: this loop is the parser's hot spot */
		if (__builtin_mul_overflow(x, (u64)base, &x) ||
		    __builtin_add_overflow(x, (u64)d, &x)) {
			*why = "a number of at most 64 bits";
			return NULL;
		}
	}
	if (p == start) {
		*why = "a number";
		return NULL;
	}
	*v = x;
	return p;
}

/* A signed number ("-1" is all ones, as the kernel sees it). */
static const char *parse_s64(const char *p, const char *end, u64 *v,
			     const char **why)
{
	bool neg = p < end && *p == '-';

	p = parse_u64(p + neg, end, v, why);
	if (p && neg)
		*v = -*v;
	return p;
}

/* The leader: "PID ", "[pid PID] " and a timestamp. */
static const char *parse_leader(const char *p, const char *end, int *pid)
{
	const char *q;
	u64 v;
	const char *why;

	*pid = -1;
	if (starts(p, end, "[pid ")) {
		q = parse_u64(skip_spaces(p + 5, end), end, &v, &why);
		if (q && q < end && *q == ']' && v <= 0x7fffffff) {
			*pid = (int)v;
			p = skip_spaces(q + 1, end);
		}
	} else if (p < end && is_digit(*p)) {
		q = p;
		while (q < end && is_digit(*q))
			q++;
		/* "PID " and not the seconds of "-ttt" ("1700000000.12") */
		if (q < end && *q == ' ' &&
		    parse_u64(p, q, &v, &why) && v <= 0x7fffffff) {
			*pid = (int)v;
			p = skip_spaces(q, end);
		}
	}
	/* -t "12:34:56", -tt "12:34:56.123456", -ttt "1700000000.123456" */
	if (p < end && is_digit(*p)) {
		q = p;
		while (q < end && (is_digit(*q) || *q == '.' || *q == ':'))
			q++;
		if (q < end && *q == ' ')
			p = skip_spaces(q, end);
	}
	return p;
}

/*
 * The end of an argument list: the ')' matching the '(' before @p, past
 * strings, brackets, braces and -y's "<path>". Return: it, or NULL.
 */
static const char *match_paren(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		switch (*p) {
		case '"':
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				return NULL;
			break;
		case '<':
			/* "3</path>" and "<... resumed>": up to the '>' */
			if (p[-1] >= '0' && p[-1] <= '9') {
				const char *q = memchr(p, '>', (size_t)(end - p));

				if (!q)
					return NULL;
				p = q;
			}
			break;
		case '(': case '[': case '{':
			depth++;
			break;
		case ']': case '}':
			depth--;
			break;
		case ')':
			if (depth-- == 0)
				return p;
			break;
		}
	}
	return NULL;
}

/* " = RESULT": a number, "-1 ENAME (text)", or "?". */
static int parse_result(const char *p, const char *end, struct strace_line *l,
			const char **why)
{
	const char *q;

	p = skip_spaces(p, end);
	if (p >= end || *p != '=') {
		*why = "' = RESULT' after the arguments";
		return -EINVAL;
	}
	p = skip_spaces(p + 1, end);
	if (p < end && *p == '?') {
		l->ret_unknown = true;
		return 0;
	}
	q = parse_s64(p, end, &l->ret, why);
	if (!q) {
		*why = "a number, '-1 ENAME' or '?' as the result";
		return -EINVAL;
	}
	if (l->ret == ~0ULL && q < end && q[0] == ' ' && q + 1 < end &&
	    q[1] == 'E') {
		const char *n = q + 1, *ne = n;

		while (ne < end && is_ident(*ne))
			ne++;
		l->is_err = true;
		l->err = EIO;
		for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
			if (strlen(errnos[i].name) == (size_t)(ne - n) &&
			    !memcmp(errnos[i].name, n, (size_t)(ne - n)))
				l->err = errnos[i].err;
	}
	return 0;
}

/**
 * strace_parse_call - parse "name(args) = result"
 * @s: the text (not NUL-terminated)
 * @len: its length
 * @l: filled: name, text (the arguments), result; kind SL_CALL
 * @why: what was expected, on failure
 *
 * Return: 0 or -EINVAL.
 */
int strace_parse_call(const char *s, size_t len, struct strace_line *l,
		      const char **why)
{
	const char *end = s + len, *p = s, *close;
	int pid = l->pid;

	memset(l, 0, sizeof(*l));
	l->pid = pid;
	while (p < end && is_ident(*p))
		p++;
	if (p == s || p >= end || *p != '(') {
		*why = "a system call 'name(' or '+++'/'---'";
		return -EINVAL;
	}
	l->kind = SL_CALL;
	l->name = s;
	l->name_len = (size_t)(p - s);
	close = match_paren(p + 1, end);
	if (!close) {
		*why = "')' closing the arguments";
		return -EINVAL;
	}
	l->text = p + 1;
	l->text_len = (size_t)(close - p - 1);
	return parse_result(close + 1, end, l, why);
}

static int parse_exited(const char *p, const char *end, struct strace_line *l,
			const char **why)
{
	u64 v;

	l->kind = SL_EXITED;
	p = skip_spaces(p + 3, end);
	if (starts(p, end, "exited with ")) {
		if (!parse_u64(p + 12, end, &v, why) || v > 255) {
			*why = "an exit status 0-255";
			return -EINVAL;
		}
		l->exit_code = (int)v << 8;
	} else if (starts(p, end, "killed by SIG")) {
		l->exit_code = SIGKILL;	/* SIM: the signal's name is not kept */
		if (starts(p, end, "killed by SIGSEGV"))
			l->exit_code = SIGSEGV;
	} else {
		*why = "'+++ exited with N +++' or '+++ killed by SIG... +++'";
		return -EINVAL;
	}
	return 0;
}

/**
 * strace_parse_line - parse one line of an strace log
 * @s: the line, without its newline
 * @len: its length
 * @l: the result
 * @why: what was expected, on failure
 *
 * Return: 0, or -EINVAL for a line strace would not write.
 */
int strace_parse_line(const char *s, size_t len, struct strace_line *l,
		      const char **why)
{
	const char *end = s + len, *p;
	static const char unfinished[] = " <unfinished ...>";
	size_t un = sizeof(unfinished) - 1;

	memset(l, 0, sizeof(*l));
	while (end > s && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	p = parse_leader(s, end, &l->pid);
	if (p >= end) {
		if (l->pid >= 0) {
			*why = "a system call after the pid";
			return -EINVAL;
		}
		l->kind = SL_BLANK;
		return 0;
	}
	if (starts(p, end, "+++"))
		return parse_exited(p, end, l, why);
	if (starts(p, end, "---")) {
		l->kind = SL_SIGNAL;
		return 0;
	}
	if (starts(p, end, "<... ")) {
		const char *n = p + 5, *ne = n;

		while (ne < end && is_ident(*ne))
			ne++;
		if (ne == n || !starts(ne, end, " resumed>")) {
			*why = "'<... NAME resumed>'";
			return -EINVAL;
		}
		l->kind = SL_RESUMED;
		l->name = n;
		l->name_len = (size_t)(ne - n);
		l->text = ne + 9;
		l->text_len = (size_t)(end - l->text);
		return 0;
	}
	if ((size_t)(end - p) > un && !memcmp(end - un, unfinished, un)) {
		const char *n = p;

		while (n < end && is_ident(*n))
			n++;
		if (n == p || n >= end || *n != '(') {
			*why = "a system call 'name(' before '<unfinished ...>'";
			return -EINVAL;
		}
		l->kind = SL_UNFINISHED;
		l->name = p;
		l->name_len = (size_t)(n - p);
		l->text = p;
		l->text_len = (size_t)(end - un - p);
		return 0;
	}
	return strace_parse_call(p, (size_t)(end - p), l, why);
}

/* The symbolic flags strace prints for mmap and mprotect. */
#define F(n, b)	{ n, sizeof(n) - 1, b }
static const struct { const char *name; size_t len; u64 bit; } flag_names[] = {
	F("PROT_NONE", PROT_NONE), F("PROT_READ", PROT_READ),
	F("PROT_WRITE", PROT_WRITE), F("PROT_EXEC", PROT_EXEC),
	F("PROT_SEM", PROT_SEM), F("PROT_GROWSDOWN", PROT_GROWSDOWN),
	F("PROT_GROWSUP", PROT_GROWSUP), F("PROT_BTI", 0x10),
	F("PROT_MTE", 0x20),
	F("MAP_SHARED", MAP_SHARED), F("MAP_PRIVATE", MAP_PRIVATE),
	F("MAP_SHARED_VALIDATE", MAP_SHARED_VALIDATE),
	F("MAP_FIXED", MAP_FIXED), F("MAP_ANONYMOUS", MAP_ANONYMOUS),
	F("MAP_ANON", MAP_ANONYMOUS), F("MAP_FILE", 0),
	F("MAP_32BIT", 0x40), F("MAP_GROWSDOWN", MAP_GROWSDOWN),
	F("MAP_DENYWRITE", MAP_DENYWRITE),
	F("MAP_EXECUTABLE", MAP_EXECUTABLE), F("MAP_LOCKED", MAP_LOCKED),
	F("MAP_NORESERVE", MAP_NORESERVE), F("MAP_POPULATE", MAP_POPULATE),
	F("MAP_NONBLOCK", MAP_NONBLOCK), F("MAP_STACK", MAP_STACK),
	F("MAP_HUGETLB", MAP_HUGETLB), F("MAP_SYNC", MAP_SYNC),
	F("MAP_FIXED_NOREPLACE", MAP_FIXED_NOREPLACE),
	F("MAP_UNINITIALIZED", MAP_UNINITIALIZED),
	F("MAP_HUGE_64KB", 16ULL << 26), F("MAP_HUGE_2MB", 21ULL << 26),
	F("MAP_HUGE_1GB", 30ULL << 26),
	F("MREMAP_MAYMOVE", MREMAP_MAYMOVE), F("MREMAP_FIXED", MREMAP_FIXED),
	F("MREMAP_DONTUNMAP", MREMAP_DONTUNMAP),
	F("MADV_NORMAL", MADV_NORMAL), F("MADV_RANDOM", MADV_RANDOM),
	F("MADV_SEQUENTIAL", MADV_SEQUENTIAL),
	F("MADV_WILLNEED", MADV_WILLNEED), F("MADV_DONTNEED", MADV_DONTNEED),
	F("MADV_FREE", MADV_FREE), F("MADV_REMOVE", MADV_REMOVE),
	F("MADV_DONTFORK", MADV_DONTFORK), F("MADV_DOFORK", MADV_DOFORK),
	F("MADV_MERGEABLE", MADV_MERGEABLE),
	F("MADV_UNMERGEABLE", MADV_UNMERGEABLE),
	F("MADV_HUGEPAGE", MADV_HUGEPAGE),
	F("MADV_NOHUGEPAGE", MADV_NOHUGEPAGE),
	F("MADV_DONTDUMP", MADV_DONTDUMP), F("MADV_DODUMP", MADV_DODUMP),
	F("MADV_WIPEONFORK", MADV_WIPEONFORK),
	F("MADV_KEEPONFORK", MADV_KEEPONFORK), F("MADV_COLD", MADV_COLD),
	F("MADV_PAGEOUT", MADV_PAGEOUT),
	F("MADV_POPULATE_READ", MADV_POPULATE_READ),
	F("MADV_POPULATE_WRITE", MADV_POPULATE_WRITE),
	F("MADV_DONTNEED_LOCKED", MADV_DONTNEED_LOCKED),
	F("MADV_COLLAPSE", MADV_COLLAPSE),
	F("MLOCK_ONFAULT", 1),
};

/* One argument: NULL, a number, FLAG|FLAG|0x..., or "FD<path>". */
static int parse_arg(const char *p, const char *end, struct strace_args *a,
		     const char **why)
{
	int i = a->nr;
	u64 v = 0;

	p = skip_spaces(p, end);
	while (end > p && end[-1] == ' ')
		end--;
	/* strip a trailing comment: 0x40 followed by a C comment */
	if (end - p > 4 && end[-1] == '/' && end[-2] == '*') {
		const char *c = end - 2;

		while (c > p && !(c[0] == '/' && c[1] == '*'))
			c--;
		end = c;
		while (end > p && end[-1] == ' ')
			end--;
	}
	if (p >= end) {
		*why = "an argument";
		return -EINVAL;
	}
	if (*p == '[' && end[-1] == ']') {
		/* an output array (mincore's vector): not evaluated */
		a->v[i] = 0;
		return 0;
	}
	if (starts(p, end, "NULL") && end - p == 4) {
		a->v[i] = 0;
		return 0;
	}
	if (is_digit(*p) || *p == '-') {
		const char *q = parse_s64(p, end, &v, why);

		if (!q)
			return -EINVAL;
		if (q < end && *q == '<' && end[-1] == '>') {
			a->path[i] = q + 1;
			a->path_len[i] = (size_t)(end - q - 2);
			q = end;
		}
		if (q != end) {
			*why = "a number";
			return -EINVAL;
		}
		a->v[i] = v;
		return 0;
	}
	while (p < end) {
		const char *w = p;
		size_t n;
		size_t k;

		while (p < end && *p != '|')
			p++;
		n = (size_t)(p - w);
		if (n && is_digit(*w)) {
			u64 x;

			if (parse_u64(w, p, &x, why) != p)
				return -EINVAL;
			v |= x;
		} else {
			for (k = 0; k < ARRAY_SIZE(flag_names); k++)
				if (flag_names[k].len == n &&
				    !memcmp(flag_names[k].name, w, n))
					break;
			if (k == ARRAY_SIZE(flag_names)) {
				*why = "a PROT_ or MAP_ flag strace knows";
				return -EINVAL;
			}
			v |= flag_names[k].bit;
		}
		if (p < end)
			p++;
	}
	a->v[i] = v;
	return 0;
}

/**
 * strace_parse_args - evaluate the arguments of a memory call
 * @l: a parsed SL_CALL
 * @a: the values, their count, the -y paths
 * @why: what was expected, on failure
 *
 * Return: 0 or -EINVAL (a bad argument, or more than six).
 */
int strace_parse_args(const struct strace_line *l, struct strace_args *a,
		      const char **why)
{
	const char *p = l->text, *end = l->text + l->text_len;

	memset(a, 0, sizeof(*a));
	if (skip_spaces(p, end) == end)
		return 0;
	while (p <= end) {
		const char *c = p;
		int ret;

		/* the next top-level comma (paths may hold commas) */
		while (c < end && *c != ',') {
			if (*c == '[') {	/* an array: commas inside */
				const char *q = memchr(c, ']',
						       (size_t)(end - c));

				c = q ? q + 1 : end;
				continue;
			}
			if (*c == '<' && c > p && is_digit(c[-1])) {
				const char *q = memchr(c, '>',
						       (size_t)(end - c));

				c = q ? q : end;
				continue;
			}
			c++;
		}
		if (a->nr == STRACE_MAX_ARGS) {
			*why = "at most six arguments";
			return -EINVAL;
		}
		ret = parse_arg(p, c, a, why);
		if (ret)
			return ret;
		a->nr++;
		p = c + 1;
	}
	return 0;
}

/**
 * strace_has_word - whether @word stands alone in @l's arguments
 * @l: a parsed line
 * @word: e.g. "CLONE_VM"
 *
 * Return: true when found between non-identifier characters.
 */
bool strace_has_word(const struct strace_line *l, const char *word)
{
	const char *p = l->text, *end = l->text + l->text_len;
	size_t n = strlen(word);

	while ((size_t)(end - p) >= n) {
		const char *q = memchr(p, word[0], (size_t)(end - p));

		if (!q || (size_t)(end - q) < n)
			return false;
		if (!memcmp(q, word, n) && (q == l->text || !is_ident(q[-1])) &&
		    (q + n == end || !is_ident(q[n])))
			return true;
		p = q + 1;
	}
	return false;
}

/**
 * strace_first_string - the first quoted string of @l's arguments
 * @l: a parsed line
 * @buf: receives it, NUL-terminated (C escapes undone for \" and \\)
 * @size: size of @buf
 *
 * Return: its length, 0 when there is none.
 */
size_t strace_first_string(const struct strace_line *l, char *buf,
			   size_t size)
{
	const char *p = memchr(l->text, '"', l->text_len);
	const char *end = l->text + l->text_len;
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return 0;
	for (p++; p < end && *p != '"' && n + 1 < size; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	return n;
}
