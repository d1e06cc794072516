/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource limits, as include/uapi/asm-generic/resource.h and
 * include/linux/sched/signal.h's rlimit(): the limits a process's memory
 * system calls honour (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK,
 * RLIMIT_MEMLOCK). The others are kept and reported, not enforced.
 */
#ifndef MMSIM_RESOURCE_H
#define MMSIM_RESOURCE_H

#include "types.h"

#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0ULL)
/* include/uapi/linux/resource.h: 8 MiB since Linux 5.16. */
#define MLOCK_LIMIT		(8ULL << 20)
#define _STK_LIM		(8ULL << 20)

struct rlimit {
	u64 rlim_cur;
	u64 rlim_max;
};

struct task_struct;
struct mm_struct;

/* INIT_RLIMITS (include/asm-generic/resource.h) into @rlim. */
void init_rlimits(struct rlimit *rlim);
/*
 * do_prlimit - read and/or set @tsk's limit @resource (kernel/sys.c).
 * Return: 0, -EINVAL (bad resource, cur > max) or -EPERM (raising the
 * hard limit without CAP_SYS_RESOURCE).
 */
int do_prlimit(struct task_struct *tsk, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim);
/* The soft limit @resource of @mm's owner (rlimit(), for "current"). */
u64 mm_rlimit(const struct mm_struct *mm, unsigned int resource);
u64 mm_rlimit_max(const struct mm_struct *mm, unsigned int resource);
/* "RLIMIT_STACK" <-> 3; also "stack". -1: unknown. */
int rlimit_by_name(const char *name);
const char *rlimit_name(unsigned int resource);

#endif /* MMSIM_RESOURCE_H */
