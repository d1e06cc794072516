// SPDX-License-Identifier: GPL-2.0
/*
 * malloc as user code of a process: glibc's ptmalloc (malloc/malloc.c)
 * main arena, written anew for mmsim. Not kernel code: it runs "inside"
 * the task, and every word it touches (chunk headers, list links, the
 * malloc_state) is a user-mode access through the MMU.
 *
 * The policy, as glibc:
 *  - a request becomes a chunk size nb: request + SIZE_SZ rounded up to
 *    MALLOC_ALIGNMENT (2 * SIZE_SZ), at least MINSIZE (checked_request2size);
 *  - nb >= mmap_threshold (128 KiB at first): a chunk of its own mmap;
 *  - else an exact small bin, then the smallest chunk of the first larger
 *    bin that fits (split, the remainder binned), then the top chunk;
 *  - the top grows with brk by nb + M_TOP_PAD (128 KiB) + MINSIZE less
 *    what it has, page-rounded (sysmalloc): the first heap is 0x21000
 *    bytes on 64-bit, as on a real machine;
 *  - free coalesces with free neighbours and the top; a top above
 *    trim_threshold gives memory back with a negative brk (systrim);
 *  - freeing an mmapped chunk larger than mmap_threshold (and at most
 *    DEFAULT_MMAP_THRESHOLD_MAX) raises mmap_threshold to its size and
 *    trim_threshold to twice that (the dynamic threshold);
 *  - realloc of an mmapped chunk uses mremap (mremap_chunk);
 *  - glibc's integrity checks abort the process with its messages.
 *
 * SIM: no tcache, no fastbins, no unsorted bin: a freed chunk goes
 * straight into its bin and large bins are searched for the best fit
 * rather than kept sorted. The malloc_state lives in the first chunk of
 * the heap (glibc keeps main_arena in libc's .data and puts its tcache
 * there), so that the host keeps no per-process state.
 */
#include <string.h>

#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/umalloc.h>

#define PREV_INUSE	0x1
#define IS_MMAPPED	0x2
#define SIZE_BITS	0x7
#define NBINS		128
#define NSMALLBINS	64
#define FASTBIN_CONSOLIDATION_THRESHOLD	(64 * 1024)
#define UMALLOC_MAGIC	0x4d414c43	/* "MALC" */
/* Steps a bin walk may take before the list counts as corrupted. */
#define MAX_BIN_WALK	(1 << 20)

/* The malloc_state's words, in the process's memory. */
enum {
	M_MAGIC, M_TOP, M_SYSTEM_MEM, M_MMAP_THRESHOLD, M_TRIM_THRESHOLD,
	M_N_MMAPS, M_MMAPPED_MEM, M_MAX_MMAPPED_MEM, M_NO_DYN_THRESHOLD,
	M_PAD, M_BINS,
	M_WORDS = M_BINS + 2 * (NBINS - 1)
};

/* One call of the allocator on behalf of @tsk. */
struct mctx {
	struct task_struct *tsk;
	struct mm_struct *mm;
	u64 sz;		/* SIZE_SZ: 8 on 64-bit, 4 on 32-bit */
	u64 align_mask;	/* MALLOC_ALIGN_MASK */
	u64 minsize;	/* MINSIZE */
	u64 base;	/* the chunk holding the malloc_state */
	u64 av;		/* the malloc_state (user address) */
	int err;	/* sticky: the task died (-EFAULT) */
};

static const char *last_abort;

/**
 * umalloc_abort_msg - the message of the last malloc abort
 *
 * Return: glibc's message ("free(): invalid pointer"), or NULL.
 */
const char *umalloc_abort_msg(void)
{
	return last_abort;
}

/* ---- user-mode words ---------------------------------------------------- */

static u64 rd(struct mctx *c, u64 addr)
{
	u8 b[8] = { 0 };
	u64 v = 0;
	int ret;

	if (c->err)
		return 0;
	ret = access_process_vm_user(c->tsk, addr, b, c->sz, false, false);
	if (ret) {
		c->err = ret;
		return 0;
	}
	for (int i = (int)c->sz - 1; i >= 0; i--)	/* little-endian */
		v = v << 8 | b[i];
	return v;
}

static void wr(struct mctx *c, u64 addr, u64 v)
{
	u8 b[8];
	int ret;

	if (c->err)
		return;
	for (unsigned int i = 0; i < c->sz; i++, v >>= 8)
		b[i] = (u8)v;
	ret = access_process_vm_user(c->tsk, addr, b, c->sz, true, false);
	if (ret)
		c->err = ret;
}

static u64 av_get(struct mctx *c, int w)
{
	return rd(c, c->av + (u64)w * c->sz);
}

static void av_set(struct mctx *c, int w, u64 v)
{
	wr(c, c->av + (u64)w * c->sz, v);
}

/* malloc_printerr(): the message, then abort() -> SIGABRT. */
static int malloc_printerr(struct mctx *c, const char *msg)
{
	if (c->err)
		return c->err;
	last_abort = msg;
	force_sig_fault(c->tsk, SIGABRT, SI_TKILL, 0);
	c->err = -EFAULT;
	return c->err;
}

/* ---- chunk fields (malloc_chunk) ---------------------------------------- */

#define chunk2mem(c, p)	((p) + 2 * (c)->sz)
#define mem2chunk(c, m)	((m) - 2 * (c)->sz)

static u64 prev_size(struct mctx *c, u64 p) { return rd(c, p); }
static u64 size_word(struct mctx *c, u64 p) { return rd(c, p + c->sz); }
static u64 chunksize(struct mctx *c, u64 p)
{
	return size_word(c, p) & ~(u64)SIZE_BITS;
}
static void set_head(struct mctx *c, u64 p, u64 s) { wr(c, p + c->sz, s); }
static void set_foot(struct mctx *c, u64 p, u64 s) { wr(c, p + s, s); }
static u64 fd(struct mctx *c, u64 p) { return rd(c, p + 2 * c->sz); }
static u64 bk(struct mctx *c, u64 p) { return rd(c, p + 3 * c->sz); }
static void set_fd(struct mctx *c, u64 p, u64 v) { wr(c, p + 2 * c->sz, v); }
static void set_bk(struct mctx *c, u64 p, u64 v) { wr(c, p + 3 * c->sz, v); }

/* set_head_size(): a new size, the flag bits kept. */
static void set_head_size(struct mctx *c, u64 p, u64 s)
{
	set_head(c, p, (size_word(c, p) & SIZE_BITS) | s);
}

static bool inuse_bit_at_offset(struct mctx *c, u64 p, u64 s)
{
	return size_word(c, p + s) & PREV_INUSE;
}

static void set_inuse_bit_at_offset(struct mctx *c, u64 p, u64 s)
{
	set_head(c, p + s, size_word(c, p + s) | PREV_INUSE);
}

static void clear_inuse_bit_at_offset(struct mctx *c, u64 p, u64 s)
{
	set_head(c, p + s, size_word(c, p + s) & ~(u64)PREV_INUSE);
}

static bool misaligned(struct mctx *c, u64 x)
{
	return (x & c->align_mask) != 0;
}

/* ---- bins ------------------------------------------------------------- */

/* bin_at(): a fake chunk whose fd/bk are the bin's two words. */
static u64 bin_at(struct mctx *c, unsigned int i)
{
	return c->av + (M_BINS + 2 * (u64)(i - 1)) * c->sz - 2 * c->sz;
}

static u64 min_large_size(struct mctx *c)
{
	return NSMALLBINS * (c->align_mask + 1);
}

static unsigned int smallbin_index(struct mctx *c, u64 sz)
{
	return (unsigned int)(c->sz == 8 ? sz >> 4 : sz >> 3);
}

/* largebin_index_64 / largebin_index_32 (malloc.c). */
static unsigned int largebin_index(struct mctx *c, u64 sz)
{
	if (c->sz == 8 && (sz >> 6) <= 48)
		return 48 + (unsigned int)(sz >> 6);
	if (c->sz == 4 && (sz >> 6) <= 38)
		return 56 + (unsigned int)(sz >> 6);
	if ((sz >> 9) <= 20)
		return 91 + (unsigned int)(sz >> 9);
	if ((sz >> 12) <= 10)
		return 110 + (unsigned int)(sz >> 12);
	if ((sz >> 15) <= 4)
		return 119 + (unsigned int)(sz >> 15);
	if ((sz >> 18) <= 2)
		return 124 + (unsigned int)(sz >> 18);
	return 126;
}

static unsigned int bin_index(struct mctx *c, u64 sz)
{
	return sz < min_large_size(c) ? smallbin_index(c, sz) :
		largebin_index(c, sz);
}

/* Put a free chunk at the front of its bin. */
static void bin_insert(struct mctx *c, u64 p, u64 size)
{
	u64 bck = bin_at(c, bin_index(c, size)), fwd = fd(c, bck);

	set_bk(c, p, bck);
	set_fd(c, p, fwd);
	set_bk(c, fwd, p);
	set_fd(c, bck, p);
}

/* unlink_chunk(): take @p off its list, with glibc's two checks. */
static int unlink_chunk(struct mctx *c, u64 p)
{
	u64 f, b;

	if (chunksize(c, p) != prev_size(c, p + chunksize(c, p)))
		return malloc_printerr(c, "corrupted size vs. prev_size");
	f = fd(c, p);
	b = bk(c, p);
	if (bk(c, f) != p || fd(c, b) != p)
		return malloc_printerr(c, "corrupted double-linked list");
	set_bk(c, f, b);
	set_fd(c, b, f);
	return c->err;
}

/* ---- setting up ------------------------------------------------------- */

/*
 * checked_request2size(): the chunk size for @req bytes, or 0 when the
 * request exceeds PTRDIFF_MAX (glibc: NULL and ENOMEM).
 */
static u64 request2size(struct mctx *c, u64 req)
{
	u64 max = c->sz == 8 ? (1ULL << 63) - 1 : (1ULL << 31) - 1;
	u64 nb;

	if (req > max - c->sz - c->align_mask)
		return 0;
	nb = (req + c->sz + c->align_mask) & ~c->align_mask;
	return nb < c->minsize ? c->minsize : nb;
}

static u64 arena_chunk_size(struct mctx *c)
{
	return request2size(c, M_WORDS * c->sz);
}

/*
 * Find (or, with @create, build) the malloc_state. glibc's first malloc
 * sets up its tcache in the first heap chunk; ours holds the state.
 * Return: 0, 1 (no heap yet and !@create) or a negative errno.
 */
static int arena_get(struct mctx *c, struct task_struct *tsk, bool create)
{
	struct mm_struct *mm = tsk->mm;
	u64 size, top;

	memset(c, 0, sizeof(*c));
	if (!mm || tsk->exit_state)
		return -ESRCH;
	c->tsk = tsk;
	c->mm = mm;
	c->sz = current_machine()->arch->bits / 8;
	c->align_mask = 2 * c->sz - 1;
	c->minsize = 4 * c->sz;
	c->base = (mm->start_brk + c->align_mask) & ~c->align_mask;
	c->av = chunk2mem(c, c->base);
	if (mm->brk != mm->start_brk) {
		if (av_get(c, M_MAGIC) != UMALLOC_MAGIC)
			return c->err ? c->err : -EBUSY;
		return 0;
	}
	if (!create)
		return 1;
	/* sysmalloc with no top yet: the state's chunk + top pad + MINSIZE. */
	size = PAGE_ALIGN(c->base - mm->start_brk + arena_chunk_size(c) +
			  DEFAULT_TOP_PAD + c->minsize);
	if (do_brk(mm, mm->start_brk + size) != mm->start_brk + size)
		return -ENOMEM;	/* SIM: glibc would fall back to mmap */
	top = c->base + arena_chunk_size(c);
	wr(c, c->base, 0);
	set_head(c, c->base, arena_chunk_size(c) | PREV_INUSE);
	av_set(c, M_TOP, top);
	av_set(c, M_SYSTEM_MEM, mm->brk - c->base);
	av_set(c, M_MMAP_THRESHOLD, DEFAULT_MMAP_THRESHOLD);
	av_set(c, M_TRIM_THRESHOLD, DEFAULT_TRIM_THRESHOLD);
	av_set(c, M_N_MMAPS, 0);
	av_set(c, M_MMAPPED_MEM, 0);
	av_set(c, M_MAX_MMAPPED_MEM, 0);
	av_set(c, M_NO_DYN_THRESHOLD, 0);
	for (unsigned int i = 1; i < NBINS; i++) {	/* empty: self-linked */
		set_fd(c, bin_at(c, i), bin_at(c, i));
		set_bk(c, bin_at(c, i), bin_at(c, i));
	}
	set_head(c, top, (mm->brk - top) | PREV_INUSE);
	av_set(c, M_MAGIC, UMALLOC_MAGIC);
	return c->err;
}

/* ---- getting memory from the kernel ------------------------------------- */

/* An mmapped chunk of its own (sysmalloc_mmap). Return: mem or 0. */
static u64 sysmalloc_mmap(struct mctx *c, u64 nb)
{
	u64 size = PAGE_ALIGN(nb + c->sz), mm, total;

	if (size <= nb)		/* wrapped */
		return 0;
	mm = do_mmap(c->mm, 0, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (mm & ~PAGE_MASK)
		return 0;
	wr(c, mm, 0);				/* prev_size: no misalignment */
	set_head(c, mm, size | IS_MMAPPED);
	av_set(c, M_N_MMAPS, av_get(c, M_N_MMAPS) + 1);
	total = av_get(c, M_MMAPPED_MEM) + size;
	av_set(c, M_MMAPPED_MEM, total);
	if (total > av_get(c, M_MAX_MMAPPED_MEM))
		av_set(c, M_MAX_MMAPPED_MEM, total);
	return c->err ? 0 : chunk2mem(c, mm);
}

/*
 * sysmalloc(): serve @nb from the system. Large requests get an mmap;
 * the rest grows the top with brk and splits it. Return: mem, or 0 with
 * c->err or (none) for ENOMEM.
 */
static u64 sysmalloc(struct mctx *c, u64 nb)
{
	u64 top = av_get(c, M_TOP), old_size = chunksize(c, top);
	u64 old_end = top + old_size, size, mem;
	bool tried_mmap = false;

	if (nb >= av_get(c, M_MMAP_THRESHOLD) &&
	    av_get(c, M_N_MMAPS) < DEFAULT_MMAP_MAX) {
		mem = sysmalloc_mmap(c, nb);
		if (mem || c->err)
			return mem;
		tried_mmap = true;
	}
	if (nb > (u64)-1 / 2)
		return 0;
	size = PAGE_ALIGN(nb + DEFAULT_TOP_PAD + c->minsize - old_size);
	/* SIM: a break moved by someone else is a failed MORECORE. */
	if (c->mm->brk != old_end ||
	    do_brk(c->mm, old_end + size) != old_end + size) {
		/* glibc falls back to mmap; SIM: the request alone. */
		return tried_mmap ? 0 : sysmalloc_mmap(c, nb);
	}
	av_set(c, M_SYSTEM_MEM, av_get(c, M_SYSTEM_MEM) + size);
	old_size += size;
	set_head(c, top, old_size | PREV_INUSE);
	/* Split the top (the end of sysmalloc). */
	av_set(c, M_TOP, top + nb);
	set_head(c, top + nb, (old_size - nb) | PREV_INUSE);
	set_head(c, top, nb | PREV_INUSE);
	return c->err ? 0 : chunk2mem(c, top);
}

/*
 * systrim(): give the top's free pages above @pad back with a negative
 * brk, when the top ends at the break.
 */
static void systrim(struct mctx *c, u64 pad)
{
	u64 top = av_get(c, M_TOP), top_size = chunksize(c, top);
	u64 top_area = top_size - c->minsize - 1, extra, released;

	if (c->err || top_area <= pad)
		return;
	extra = (top_area - pad) & PAGE_MASK;
	if (!extra || c->mm->brk != top + top_size)
		return;
	do_brk(c->mm, c->mm->brk - extra);
	released = top + top_size - c->mm->brk;
	if (!released)
		return;
	av_set(c, M_SYSTEM_MEM, av_get(c, M_SYSTEM_MEM) - released);
	set_head(c, top, (top_size - released) | PREV_INUSE);
}

/* ---- malloc ------------------------------------------------------------ */

/* Take @victim (size @size, off its bin) for @nb; bin the remainder. */
static u64 take_chunk(struct mctx *c, u64 victim, u64 size, u64 nb)
{
	u64 rem_size = size - nb, rem;

	if (rem_size < c->minsize) {
		set_inuse_bit_at_offset(c, victim, size);
	} else {
		set_head(c, victim, nb | PREV_INUSE);
		rem = victim + nb;
		set_head(c, rem, rem_size | PREV_INUSE);
		set_foot(c, rem, rem_size);
		bin_insert(c, rem, rem_size);
	}
	return c->err ? 0 : chunk2mem(c, victim);
}

/* _int_malloc(): @nb is a chunk size. Return: mem, or 0. */
static u64 int_malloc(struct mctx *c, u64 nb)
{
	unsigned int idx = bin_index(c, nb);
	u64 top, size;

	if (nb < min_large_size(c)) {
		u64 bin = bin_at(c, idx), victim = bk(c, bin);

		if (victim != bin && !c->err) {
			u64 bck = bk(c, victim);

			if (fd(c, bck) != victim) {
				malloc_printerr(c, "malloc(): smallbin double linked list corrupted");
				return 0;
			}
			set_inuse_bit_at_offset(c, victim, nb);
			set_bk(c, bin, bck);
			set_fd(c, bck, bin);
			return c->err ? 0 : chunk2mem(c, victim);
		}
		idx++;
	}
	/* The first bin from @idx up with a fit; its smallest fit. */
	for (; idx < NBINS && !c->err; idx++) {
		u64 bin = bin_at(c, idx), best = 0, best_size = 0;
		long steps = 0;

		for (u64 p = fd(c, bin); p != bin && !c->err; p = fd(c, p)) {
			u64 s = chunksize(c, p);

			if (++steps > MAX_BIN_WALK) {
				malloc_printerr(c, "malloc(): corrupted double-linked list");
				return 0;
			}
			if (s >= nb && (!best || s < best_size)) {
				best = p;
				best_size = s;
			}
		}
		if (best) {
			if (unlink_chunk(c, best))
				return 0;
			return take_chunk(c, best, best_size, nb);
		}
	}
	top = av_get(c, M_TOP);
	size = chunksize(c, top);
	if (c->err)
		return 0;
	if (size >= nb + c->minsize) {
		av_set(c, M_TOP, top + nb);
		set_head(c, top + nb, (size - nb) | PREV_INUSE);
		set_head(c, top, nb | PREV_INUSE);
		return c->err ? 0 : chunk2mem(c, top);
	}
	return sysmalloc(c, nb);
}

/* The errno of a call that got no memory: the death, or ENOMEM. */
static int no_mem(struct mctx *c)
{
	return c->err ? c->err : -ENOMEM;
}

/**
 * umalloc - malloc(@size) in @tsk
 * @tsk: a live user process
 * @size: bytes (a negative C size is huge: ENOMEM)
 * @mem: receives the user address (16-byte aligned on 64-bit)
 *
 * Context: acts on current_machine(); the accesses fault pages in.
 * Return: 0, -ENOMEM, -EFAULT (the process died), -ESRCH or -EBUSY.
 */
int umalloc(struct task_struct *tsk, u64 size, u64 *mem)
{
	struct mctx c;
	int ret = arena_get(&c, tsk, true);
	u64 nb;

	*mem = 0;
	if (ret)
		return ret;
	nb = request2size(&c, size);
	if (!nb)
		return -ENOMEM;
	*mem = int_malloc(&c, nb);
	return *mem ? 0 : no_mem(&c);
}

/* ---- free ------------------------------------------------------------- */

/* munmap_chunk(), with glibc's dynamic threshold applied by the caller. */
static int munmap_chunk(struct mctx *c, u64 p)
{
	u64 size = chunksize(c, p), prev = prev_size(c, p);
	u64 block = p - prev, total = prev + size;

	if (c->err)
		return c->err;
	if (((block | total) & ~PAGE_MASK) || misaligned(c, chunk2mem(c, p)))
		return malloc_printerr(c, "munmap_chunk(): invalid pointer");
	av_set(c, M_N_MMAPS, av_get(c, M_N_MMAPS) - 1);
	av_set(c, M_MMAPPED_MEM, av_get(c, M_MMAPPED_MEM) - total);
	/* glibc ignores munmap's failure too. */
	do_munmap(c->mm, block, total);
	return c->err;
}

/* _int_free() of a heap chunk @p of @size, its checks passed. */
static int int_free_merge(struct mctx *c, u64 p, u64 size)
{
	u64 top = av_get(c, M_TOP), next = p + size, nextsize;

	if (p == top)
		return malloc_printerr(c, "double free or corruption (top)");
	if (next >= top + chunksize(c, top))
		return malloc_printerr(c, "double free or corruption (out)");
	if (!(size_word(c, next) & PREV_INUSE))
		return malloc_printerr(c, "double free or corruption (!prev)");
	nextsize = chunksize(c, next);
	if (nextsize <= 2 * c->sz || nextsize >= av_get(c, M_SYSTEM_MEM))
		return malloc_printerr(c, "free(): invalid next size (normal)");
	if (!(size_word(c, p) & PREV_INUSE)) {		/* backward */
		u64 prevsize = prev_size(c, p);

		p -= prevsize;
		size += prevsize;
		if (chunksize(c, p) != prevsize)
			return malloc_printerr(c, "corrupted size vs. prev_size while consolidating");
		if (unlink_chunk(c, p))
			return c->err;
	}
	if (next != top) {
		if (!inuse_bit_at_offset(c, next, nextsize)) {	/* forward */
			if (unlink_chunk(c, next))
				return c->err;
			size += nextsize;
		} else {
			clear_inuse_bit_at_offset(c, next, 0);
		}
		set_head(c, p, size | PREV_INUSE);
		set_foot(c, p, size);
		bin_insert(c, p, size);
	} else {
		size += nextsize;
		set_head(c, p, size | PREV_INUSE);
		av_set(c, M_TOP, p);
	}
	if (size >= FASTBIN_CONSOLIDATION_THRESHOLD &&
	    chunksize(c, av_get(c, M_TOP)) >= av_get(c, M_TRIM_THRESHOLD))
		systrim(c, DEFAULT_TOP_PAD);
	return c->err;
}

/* _int_free(): the checks on the pointer and size, then the merge. */
static int int_free(struct mctx *c, u64 p)
{
	u64 size = chunksize(c, p);

	if (c->err)
		return c->err;
	/* SIM: below the first chunk is outside the arena (glibc trusts it). */
	if (p > -size || misaligned(c, p) ||
	    p < c->base + arena_chunk_size(c))
		return malloc_printerr(c, "free(): invalid pointer");
	if (size < c->minsize || misaligned(c, size))
		return malloc_printerr(c, "free(): invalid size");
	return int_free_merge(c, p, size);
}

/**
 * ufree - free(@mem) in @tsk
 * @tsk: a live user process
 * @mem: an address malloc returned, or 0 (nothing happens)
 *
 * A pointer that is not a chunk's, or a chunk already free, fails
 * glibc's checks: the process gets SIGABRT and dies. An mmapped chunk
 * above the threshold raises it (the dynamic mmap threshold).
 *
 * Context: acts on current_machine().
 * Return: 0, -EFAULT (the process died), -ESRCH or -EBUSY.
 */
int ufree(struct task_struct *tsk, u64 mem)
{
	struct mctx c;
	int ret;
	u64 p, sw;

	if (!mem)
		return tsk->mm && !tsk->exit_state ? 0 : -ESRCH;
	ret = arena_get(&c, tsk, false);
	if (ret < 0)
		return ret;
	if (ret)	/* no heap yet: nothing malloc gave */
		c.base = c.av = 0;
	p = mem2chunk(&c, mem);
	sw = size_word(&c, p);
	if (c.err)
		return c.err;
	if (sw & IS_MMAPPED) {
		u64 size = sw & ~(u64)SIZE_BITS;
		u64 max = c.sz == 8 ? DEFAULT_MMAP_THRESHOLD_MAX_64 :
				      DEFAULT_MMAP_THRESHOLD_MAX_32;

		if (!c.av)
			return malloc_printerr(&c, "munmap_chunk(): invalid pointer");
		if (!av_get(&c, M_NO_DYN_THRESHOLD) &&
		    size > av_get(&c, M_MMAP_THRESHOLD) && size <= max &&
		    !misaligned(&c, mem) && !(size & ~PAGE_MASK)) {
			av_set(&c, M_MMAP_THRESHOLD, size);
			av_set(&c, M_TRIM_THRESHOLD, 2 * size);
		}
		return munmap_chunk(&c, p);
	}
	if (!c.av)
		return malloc_printerr(&c, "free(): invalid pointer");
	return int_free(&c, p);
}

/* ---- realloc and calloc ----------------------------------------------- */

/* Copy @len bytes of user memory, a page at a time. */
static void copy_user(struct mctx *c, u64 dst, u64 src, u64 len)
{
	u8 buf[PAGE_SIZE];

	for (u64 off = 0; off < len && !c->err; off += PAGE_SIZE) {
		u64 n = len - off < PAGE_SIZE ? len - off : PAGE_SIZE;
		int ret = access_process_vm_user(c->tsk, src + off, buf, n,
						 false, false);

		if (!ret)
			ret = access_process_vm_user(c->tsk, dst + off, buf, n,
						     true, false);
		if (ret)
			c->err = ret;
	}
}

/* mremap_chunk(): resize an mmapped chunk in place or by moving it. */
static u64 mremap_chunk(struct mctx *c, u64 p, u64 nb)
{
	u64 offset = prev_size(c, p), size = chunksize(c, p);
	u64 total = offset + size, new_size, cp, mm_total;

	if (c->err || ((p - offset) | total) & ~PAGE_MASK) {
		malloc_printerr(c, "mremap_chunk(): invalid pointer");
		return 0;
	}
	new_size = PAGE_ALIGN(nb + offset + c->sz);
	if (new_size == total)
		return p;
	cp = do_mremap(c->mm, p - offset, total, new_size, MREMAP_MAYMOVE, 0);
	if (cp & ~PAGE_MASK)
		return 0;
	p = cp + offset;
	set_head(c, p, (new_size - offset) | IS_MMAPPED);
	mm_total = av_get(c, M_MMAPPED_MEM) - total + new_size;
	av_set(c, M_MMAPPED_MEM, mm_total);
	if (mm_total > av_get(c, M_MAX_MMAPPED_MEM))
		av_set(c, M_MAX_MMAPPED_MEM, mm_total);
	return c->err ? 0 : p;
}

/* _int_realloc() of heap chunk @p (its pointer checked) to @nb. */
static u64 int_realloc(struct mctx *c, u64 p, u64 oldsize, u64 nb)
{
	u64 next = p + oldsize, nextsize = chunksize(c, next);
	u64 top = av_get(c, M_TOP), sysmem = av_get(c, M_SYSTEM_MEM);
	u64 newsize = oldsize, rem, mem;

	if (oldsize <= 2 * c->sz || oldsize >= sysmem) {
		malloc_printerr(c, "realloc(): invalid old size");
		return 0;
	}
	if (nextsize <= 2 * c->sz || nextsize >= sysmem) {
		malloc_printerr(c, "realloc(): invalid next size");
		return 0;
	}
	if (c->err)
		return 0;
	if (oldsize < nb) {
		if (next == top && oldsize + nextsize >= nb + c->minsize) {
			set_head_size(c, p, nb);
			av_set(c, M_TOP, p + nb);
			set_head(c, p + nb, (oldsize + nextsize - nb) | PREV_INUSE);
			return c->err ? 0 : chunk2mem(c, p);
		}
		if (next != top && !inuse_bit_at_offset(c, next, nextsize) &&
		    oldsize + nextsize >= nb) {
			if (unlink_chunk(c, next))
				return 0;
			newsize = oldsize + nextsize;
		} else {
			mem = int_malloc(c, nb);
			if (!mem)
				return 0;
			copy_user(c, mem, chunk2mem(c, p), oldsize - c->sz);
			if (int_free(c, p))
				return 0;
			return mem;
		}
	}
	rem = newsize - nb;
	if (rem < c->minsize) {
		set_head_size(c, p, newsize);
		set_inuse_bit_at_offset(c, p, newsize);
	} else {
		set_head_size(c, p, nb);
		set_head(c, p + nb, rem | PREV_INUSE);
		set_inuse_bit_at_offset(c, p + nb, rem);
		int_free(c, p + nb);
	}
	return c->err ? 0 : chunk2mem(c, p);
}

/**
 * urealloc - realloc(@mem, @size) in @tsk
 * @tsk: a live user process
 * @mem: a malloc'd address, or 0 (then it is malloc)
 * @size: the new size; 0 frees @mem and gives 0 (glibc's NULL)
 * @newmem: receives the new address (the old one on -ENOMEM is kept)
 *
 * A heap chunk grows into a free neighbour or the top when it can,
 * else moves (malloc, copy, free); an mmapped chunk is resized with
 * mremap.
 *
 * Context: acts on current_machine().
 * Return: 0, -ENOMEM (@mem untouched), -EFAULT (died), -ESRCH, -EBUSY.
 */
int urealloc(struct task_struct *tsk, u64 mem, u64 size, u64 *newmem)
{
	struct mctx c;
	u64 p, oldsize, nb, sw, r;
	int ret;

	*newmem = 0;
	if (!mem)
		return umalloc(tsk, size, newmem);
	if (!size)
		return ufree(tsk, mem);
	ret = arena_get(&c, tsk, false);
	if (ret < 0)
		return ret;
	nb = request2size(&c, size);
	p = mem2chunk(&c, mem);
	sw = size_word(&c, p);
	oldsize = sw & ~(u64)SIZE_BITS;
	if (c.err)
		return c.err;
	if (ret || p > -oldsize || misaligned(&c, p) ||
	    (!(sw & IS_MMAPPED) && p < c.base + arena_chunk_size(&c)))
		return malloc_printerr(&c, "realloc(): invalid pointer");
	if (!nb)
		return -ENOMEM;
	if (sw & IS_MMAPPED) {
		r = mremap_chunk(&c, p, nb);
		if (r) {
			*newmem = chunk2mem(&c, r);
			return 0;
		}
		if (c.err)
			return c.err;
		if (oldsize - c.sz >= nb) {
			*newmem = mem;
			return 0;
		}
		r = int_malloc(&c, nb);
		if (!r)
			return no_mem(&c);
		copy_user(&c, r, mem, oldsize - 2 * c.sz);
		munmap_chunk(&c, p);
		*newmem = c.err ? 0 : r;
		return c.err;
	}
	*newmem = int_realloc(&c, p, oldsize, nb);
	return *newmem ? 0 : no_mem(&c);
}

/**
 * ucalloc - calloc(@n, @size) in @tsk
 * @tsk: a live user process
 * @n: elements
 * @size: bytes each; @n * @size overflowing is -ENOMEM, as glibc
 * @mem: receives the user address of zeroed memory
 *
 * An mmapped chunk is fresh from the kernel and not cleared again, as
 * glibc; SIM: a heap chunk is always cleared (glibc skips the part that
 * was never used since brk gave it).
 *
 * Context: acts on current_machine().
 * Return: 0, -ENOMEM, -EFAULT (died), -ESRCH or -EBUSY.
 */
int ucalloc(struct task_struct *tsk, u64 n, u64 size, u64 *mem)
{
	static const u8 zeros[PAGE_SIZE];
	struct mctx c;
	u64 bytes, p, csz;
	int ret;

	*mem = 0;
	if (size && n > (u64)-1 / size)
		return -ENOMEM;
	bytes = n * size;
	ret = umalloc(tsk, bytes, mem);
	if (ret)
		return ret;
	ret = arena_get(&c, tsk, false);
	if (ret)
		return ret < 0 ? ret : -EIO;
	p = mem2chunk(&c, *mem);
	if (size_word(&c, p) & IS_MMAPPED)
		return c.err;
	csz = chunksize(&c, p) - c.sz;
	for (u64 off = 0; off < csz && !c.err; off += PAGE_SIZE) {
		u64 len = csz - off < PAGE_SIZE ? csz - off : PAGE_SIZE;

		c.err = access_process_vm_user(tsk, *mem + off, (void *)zeros,
					       len, true, false);
	}
	if (c.err)
		*mem = 0;
	return c.err;
}

/* ---- statistics ---------------------------------------------------------- */

/**
 * umalloc_info - mallinfo2() of @tsk, and the thresholds
 * @tsk: a live user process
 * @info: filled; all zero but the default thresholds before any malloc
 *
 * Counts free chunks by walking the bins, as int_mallinfo().
 *
 * Context: acts on current_machine().
 * Return: 0, -EFAULT (the walk faulted: the process died), -ESRCH or
 * -EBUSY; a corrupted bin makes the process abort.
 */
int umalloc_info(struct task_struct *tsk, struct umalloc_info *info)
{
	struct mctx c;
	int ret = arena_get(&c, tsk, false);
	u64 top, avail, nblocks = 1;

	memset(info, 0, sizeof(*info));
	info->mmap_threshold = DEFAULT_MMAP_THRESHOLD;
	info->trim_threshold = DEFAULT_TRIM_THRESHOLD;
	if (ret)
		return ret < 0 ? ret : 0;
	top = av_get(&c, M_TOP);
	avail = chunksize(&c, top);
	for (unsigned int i = 1; i < NBINS && !c.err; i++) {
		u64 bin = bin_at(&c, i);
		long steps = 0;

		for (u64 p = bk(&c, bin); p != bin && !c.err; p = bk(&c, p)) {
			if (++steps > MAX_BIN_WALK)
				return malloc_printerr(&c, "malloc_info(): corrupted bin");
			nblocks++;
			avail += chunksize(&c, p);
		}
	}
	info->arena = av_get(&c, M_SYSTEM_MEM);
	info->ordblks = nblocks;
	info->hblks = av_get(&c, M_N_MMAPS);
	info->hblkhd = av_get(&c, M_MMAPPED_MEM);
	info->fordblks = avail;
	info->uordblks = info->arena - avail;
	info->keepcost = chunksize(&c, top);
	info->mmap_threshold = av_get(&c, M_MMAP_THRESHOLD);
	info->trim_threshold = av_get(&c, M_TRIM_THRESHOLD);
	info->heap_start = c.base;
	info->top = top;
	info->max_mmapped_mem = av_get(&c, M_MAX_MMAPPED_MEM);
	return c.err;
}
