/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types and helpers shared by every layer, in the kernel's spelling.
 *
 * Glossary (read this first):
 *   pfn      page frame number: physical address >> PAGE_SHIFT
 *   phys     a simulated physical address (phys_addr_t, always 64-bit here)
 *   vaddr    a simulated virtual address; a 64-bit container even when the
 *            simulated kernel is 32-bit
 *   host     the process mmsim runs in; "host pointer" is a real C pointer
 */
#ifndef MMSIM_TYPES_H
#define MMSIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 vaddr_t;
typedef unsigned long pgoff_t;	/* a page's index in its file */
typedef unsigned int gfp_t;

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define PFN_PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_UP(x)	((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(x)	((unsigned long)((x) >> PAGE_SHIFT))

#define SZ_1K	0x400ULL
#define SZ_4K	0x1000ULL
#define SZ_1M	0x100000ULL
#define SZ_2M	0x200000ULL
#define SZ_4M	0x400000ULL
#define SZ_8M	0x800000ULL
#define SZ_16M	0x1000000ULL
#define SZ_32M	0x2000000ULL
#define SZ_128M	0x8000000ULL
#define SZ_1G	0x40000000ULL
#define SZ_4G	0x100000000ULL

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define GENMASK_ULL(h, l) \
	(((~0ULL) << (l)) & (~0ULL >> (63 - (h))))

/* Power-of-two alignment; @a must be a power of two. */
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * GCC/Clang extensions used on purpose: branch hints for hot paths and
 * __typeof__ in ALIGN (so the mask has the operand's width).
 */
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __cold		__attribute__((__cold__, __noinline__))
#define noinline	__attribute__((__noinline__))
#ifndef __always_inline		/* glibc's <sys/cdefs.h> has the same */
#define __always_inline	inline __attribute__((__always_inline__))
#endif
/* include/linux/prefetch.h: read, and write intent (prefetchw). */
#define prefetch(p)	__builtin_prefetch((p), 0)
#define prefetchw(p)	__builtin_prefetch((p), 1)

static inline u64 min_u64(u64 a, u64 b) { return a < b ? a : b; }
static inline u64 max_u64(u64 a, u64 b) { return a > b ? a : b; }

/* Errno values returned (negated) by core code, as in the kernel. */
#include <errno.h>

#endif /* MMSIM_TYPES_H */
