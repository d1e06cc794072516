// SPDX-License-Identifier: GPL-2.0
/*
 * The layout an strace log itself describes, for `mmsim replay --check`:
 * a sorted array of regions changed only by what the real kernel
 * answered (the returned address of mmap, the break brk returned, a
 * successful munmap or mprotect), compared at the end of each process
 * with the simulated VMAs. No Linux counterpart.
 *
 * The comparison is of what /proc/PID/maps would show, merged: runs of
 * addresses with the same protection, sharing and name. Where Linux and
 * mmsim cut VMAs differently (Linux does not merge file mappings whose
 * offsets do not follow) the runs are the same. A mapping of a real file
 * is named by the path /proc/PID/maps shows (d_path), which
 * kernel/replay.c expects to be where the file was found: the root
 * (/mnt) followed by the logged path.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "replay_internal.h"

static void shadow_reserve(struct shadow *s, size_t n)
{
	if (s->nr + n <= s->cap)
		return;
	s->cap = (s->nr + n) * 2;
	s->r = realloc(s->r, s->cap * sizeof(*s->r));
	if (!s->r)
		abort();	/* host out of memory */
}

/* The first region that ends above @addr. */
static size_t shadow_find(const struct shadow *s, u64 addr)
{
	size_t lo = 0, hi = s->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->r[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Cut the region holding @addr in two there. Return: the upper index. */
static size_t shadow_split(struct shadow *s, u64 addr)
{
	size_t i = shadow_find(s, addr);

	if (i == s->nr || s->r[i].start >= addr)
		return i;
	shadow_reserve(s, 1);
	memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(*s->r));
	s->nr++;
	s->r[i].end = addr;
	s->r[i + 1].start = addr;
	return i + 1;
}

/**
 * shadow_unmap - remove [@start, @end) from the log's layout
 * @s: the layout
 * @start: first address
 * @end: end address
 */
void shadow_unmap(struct shadow *s, u64 start, u64 end)
{
	size_t i, j;

	if (start >= end || !s->nr)
		return;
	i = shadow_split(s, start);
	j = shadow_split(s, end);
	memmove(&s->r[i], &s->r[j], (s->nr - j) * sizeof(*s->r));
	s->nr -= j - i;
}

/**
 * shadow_map - map [@start, @end) in the log's layout, replacing
 * @s: the layout
 * @start: first address
 * @end: end address
 * @prot: PROT_* | SHADOW_SHARED
 * @name: interned name or NULL
 */
void shadow_map(struct shadow *s, u64 start, u64 end, unsigned int prot,
		const char *name)
{
	size_t i;

	if (start >= end)
		return;
	shadow_unmap(s, start, end);
	shadow_reserve(s, 1);
	i = shadow_find(s, start);
	memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(*s->r));
	s->nr++;
	s->r[i] = (struct shadow_region){ start, end, prot, name };
}

/**
 * shadow_protect - mprotect [@start, @end) in the log's layout
 * @s: the layout
 * @start: first address
 * @end: end address
 * @prot: the new PROT_* bits
 * @image: the name of holes, which the real kernel had mapped at execve
 *	(the call succeeded) though the log never showed them
 */
void shadow_protect(struct shadow *s, u64 start, u64 end, unsigned int prot,
		    const char *image)
{
	u64 a = start;
	size_t i;

	if (start >= end)
		return;
	/* Fill the holes first, then change the protection of all. */
	while (a < end) {
		i = shadow_find(s, a);
		if (i == s->nr || s->r[i].start >= end) {
			shadow_map(s, a, end, prot, image);
			break;
		}
		if (s->r[i].start > a)
			shadow_map(s, a, s->r[i].start, prot, image);
		a = s->r[i].end;
	}
	i = shadow_split(s, start);
	shadow_split(s, end);
	for (; i < s->nr && s->r[i].start < end; i++)
		s->r[i].prot = (s->r[i].prot & SHADOW_SHARED) | prot;
}

/**
 * shadow_dup - a copy of @s (fork)
 * @s: the layout
 *
 * Return: the copy.
 */
struct shadow *shadow_dup(const struct shadow *s)
{
	struct shadow *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	*d = *s;
	d->r = NULL;
	d->cap = d->nr = 0;
	shadow_reserve(d, s->nr + 1);
	if (s->nr)
		memcpy(d->r, s->r, s->nr * sizeof(*s->r));
	d->nr = s->nr;
	return d;
}

/**
 * shadow_free - free @s
 * @s: the layout, or NULL
 */
void shadow_free(struct shadow *s)
{
	if (!s)
		return;
	free(s->r);
	free(s);
}

/* A run of /proc/PID/maps: merged regions with equal attributes. */
struct run {
	u64 start, end;
	unsigned int prot;
	const char *name;
};

static bool same_attrs(const struct run *a, unsigned int prot,
		       const char *name)
{
	return a->prot == prot &&
	       (a->name == name || (a->name && name && !strcmp(a->name, name)));
}

static void add_run(struct run **runs, size_t *nr, size_t *cap, u64 start,
		    u64 end, unsigned int prot, const char *name)
{
	struct run *last = *nr ? &(*runs)[*nr - 1] : NULL;

	if (last && last->end == start && same_attrs(last, prot, name)) {
		last->end = end;
		return;
	}
	if (*nr == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*runs = realloc(*runs, *cap * sizeof(**runs));
		if (!*runs)
			abort();
	}
	(*runs)[(*nr)++] = (struct run){ start, end, prot, name };
}

static void print_run(struct strbuf *out, const struct run *r)
{
	if (!r) {
		sb_puts(out, "nothing");
		return;
	}
	sb_printf(out, "%llx-%llx %c%c%c%c%s%s",
		  (unsigned long long)r->start, (unsigned long long)r->end,
		  r->prot & PROT_READ ? 'r' : '-',
		  r->prot & PROT_WRITE ? 'w' : '-',
		  r->prot & PROT_EXEC ? 'x' : '-',
		  r->prot & SHADOW_SHARED ? 's' : 'p',
		  r->name ? " " : "", r->name ? r->name : "");
}

static unsigned int vma_prot(const struct vm_area_struct *v)
{
	return (v->vm_flags & VM_READ ? PROT_READ : 0) |
	       (v->vm_flags & VM_WRITE ? PROT_WRITE : 0) |
	       (v->vm_flags & VM_EXEC ? PROT_EXEC : 0) |
	       (v->vm_flags & VM_MAYSHARE ? SHADOW_SHARED : 0);
}

/* The name /proc/PID/maps shows; a file's path is kept in @paths. */
static const char *vma_name(const struct vm_area_struct *v, char ***paths,
			    size_t *npaths)
{
	char buf[4096], *p;

	if (!v->vm_file)
		return v->anon_name ? v->anon_name->name : NULL;
	p = strdup(replay_file_name(v->vm_file, buf, sizeof(buf)));
	*paths = realloc(*paths, (*npaths + 1) * sizeof(**paths));
	if (!p || !*paths)
		abort();	/* host out of memory */
	(*paths)[(*npaths)++] = p;
	return p;
}

/**
 * shadow_compare - compare the log's layout with @mm's VMAs
 * @s: the log's layout
 * @mm: the simulated address space
 * @out: receives one line per difference (at most @max)
 * @max: the most lines to write
 *
 * The stack VMA of the simulated image (the one holding start_stack)
 * is left out: the log never shows the stack.
 *
 * Return: the number of runs that differ.
 */
u64 shadow_compare(const struct shadow *s, struct mm_struct *mm,
		   struct strbuf *out, int max)
{
	struct run *a = NULL, *b = NULL;
	size_t na = 0, ca = 0, nb = 0, cb = 0, i = 0, j = 0;
	struct vm_area_struct *v;
	char **paths = NULL;
	size_t npaths = 0;
	u64 diffs = 0;

	for (size_t k = 0; k < s->nr; k++)
		add_run(&a, &na, &ca, s->r[k].start, s->r[k].end,
			s->r[k].prot, s->r[k].name);
	for_each_vma(mm, v) {
		if ((v->vm_flags & VM_GROWSDOWN) &&
		    v->vm_start <= mm->start_stack &&
		    v->vm_end >= mm->start_stack)
			continue;
		add_run(&b, &nb, &cb, v->vm_start, v->vm_end, vma_prot(v),
			vma_name(v, &paths, &npaths));
	}
	while (i < na || j < nb) {
		const struct run *x = i < na ? &a[i] : NULL;
		const struct run *y = j < nb ? &b[j] : NULL;

		if (x && y && x->start == y->start && x->end == y->end &&
		    same_attrs(x, y->prot, y->name)) {
			i++;
			j++;
			continue;
		}
		/* report the lower of the two, then step past it */
		if (y && (!x || y->start < x->start))
			x = NULL;
		else if (x && (!y || x->start < y->start))
			y = NULL;
		if (diffs++ < (u64)max) {
			sb_puts(out, "    log: ");
			print_run(out, x);
			sb_puts(out, "; mmsim: ");
			print_run(out, y);
			sb_puts(out, "\n");
		}
		i += x != NULL;
		j += y != NULL;
	}
	free(a);
	free(b);
	for (size_t k = 0; k < npaths; k++)
		free(paths[k]);
	free(paths);
	return diffs;
}
