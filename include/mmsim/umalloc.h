/* SPDX-License-Identifier: GPL-2.0 */
/*
 * malloc inside a simulated process: glibc's ptmalloc policy (main arena
 * only) running as user code of a task (kernel/umalloc.c).
 *
 * Glossary (glibc's malloc/malloc.c):
 *  chunk	a block of the heap: a size word (with the PREV_INUSE and
 *		IS_MMAPPED bits) before the user's memory, the previous
 *		chunk's size (prev_size) before that when the previous chunk
 *		is free, fd/bk list links inside a free chunk
 *  top		the free chunk at the end of the brk heap, grown with brk
 *  bin		a list of free chunks of one size class (small: one size;
 *		large: a range), heads kept in the malloc_state
 *  mmapped	a chunk of its own mmap, for requests at or above
 *		mmap_threshold; freed with munmap
 *
 * Every header, list link and the malloc_state itself live in the
 * process's memory and are read and written with user-mode accesses
 * through the MMU (access_process_vm_user), so they take page faults as
 * glibc's do, a fork copies the heap with its state, and a corrupted
 * heap makes the process abort (SIGABRT) or fault (SIGSEGV), never the
 * host.
 *
 * Calls return 0 or a negative errno: -ENOMEM (malloc returned NULL,
 * errno ENOMEM), -EFAULT (the process died: SIGABRT from a heap check,
 * whose message umalloc_abort_msg() gives, or a fault), -ESRCH (not a
 * live process), -EBUSY (the program break was moved by brk() before the
 * first malloc: the heap is not malloc's).
 */
#ifndef MMSIM_UMALLOC_H
#define MMSIM_UMALLOC_H

#include "types.h"

struct task_struct;

/* glibc's tunables and their defaults (malloc/malloc.c, 64-bit values). */
#define DEFAULT_MMAP_THRESHOLD		(128 * 1024)	/* M_MMAP_THRESHOLD */
#define DEFAULT_TRIM_THRESHOLD		(128 * 1024)	/* M_TRIM_THRESHOLD */
#define DEFAULT_TOP_PAD			(128 * 1024)	/* M_TOP_PAD */
#define DEFAULT_MMAP_MAX		65536		/* M_MMAP_MAX */
/* The dynamic threshold's ceiling: 32 MiB on 64-bit, 512 KiB on 32-bit. */
#define DEFAULT_MMAP_THRESHOLD_MAX_64	(32ULL << 20)
#define DEFAULT_MMAP_THRESHOLD_MAX_32	(512ULL << 10)

/* struct mallinfo2 (malloc.h), plus the policy's moving parts. */
struct umalloc_info {
	u64 arena;		/* bytes obtained with brk (system_mem) */
	u64 ordblks;		/* free chunks, the top included */
	u64 hblks;		/* mmapped chunks */
	u64 hblkhd;		/* bytes in mmapped chunks */
	u64 uordblks;		/* heap bytes in use (arena - fordblks) */
	u64 fordblks;		/* heap bytes free, the top included */
	u64 keepcost;		/* size of the top chunk */
	u64 mmap_threshold;	/* current M_MMAP_THRESHOLD */
	u64 trim_threshold;	/* current M_TRIM_THRESHOLD */
	u64 heap_start;		/* first chunk (holding the malloc_state) */
	u64 top;		/* the top chunk */
	u64 max_mmapped_mem;	/* high-water mark of hblkhd */
};

/* malloc(@size): *@mem = the user address. */
int umalloc(struct task_struct *tsk, u64 size, u64 *mem);
/* free(@mem); 0 is a no-op. */
int ufree(struct task_struct *tsk, u64 mem);
/* realloc(@mem, @size); *@newmem = 0 when it freed (size 0). */
int urealloc(struct task_struct *tsk, u64 mem, u64 size, u64 *newmem);
/* calloc(@n, @size): zeroed memory; n * size overflowing is -ENOMEM. */
int ucalloc(struct task_struct *tsk, u64 n, u64 size, u64 *mem);
/* mallinfo2() and malloc_stats(); a process without a heap yet: zeros. */
int umalloc_info(struct task_struct *tsk, struct umalloc_info *info);
/* The message of the last abort (glibc's malloc_printerr), or NULL. */
const char *umalloc_abort_msg(void);

#endif /* MMSIM_UMALLOC_H */
