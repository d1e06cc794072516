// SPDX-License-Identifier: GPL-2.0
/*
 * Resource limits, as kernel/sys.c (do_prlimit, getrlimit/setrlimit) and
 * include/asm-generic/resource.h (INIT_RLIMITS).
 *
 * SIM: a process has no capabilities: it may lower its hard limits but
 * not raise them (no CAP_SYS_RESOURCE), and mlock() is bounded by
 * RLIMIT_MEMLOCK (no CAP_IPC_LOCK), as for an ordinary user. Linux keeps
 * the limits in the signal_struct a thread group shares; mmsim has one
 * thread per process and keeps them in the task.
 */
#include <string.h>
#include <strings.h>

#include <mmsim/mm.h>

static const char *const rlimit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = "RLIMIT_CPU", [RLIMIT_FSIZE] = "RLIMIT_FSIZE",
	[RLIMIT_DATA] = "RLIMIT_DATA", [RLIMIT_STACK] = "RLIMIT_STACK",
	[RLIMIT_CORE] = "RLIMIT_CORE", [RLIMIT_RSS] = "RLIMIT_RSS",
	[RLIMIT_NPROC] = "RLIMIT_NPROC", [RLIMIT_NOFILE] = "RLIMIT_NOFILE",
	[RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK", [RLIMIT_AS] = "RLIMIT_AS",
	[RLIMIT_LOCKS] = "RLIMIT_LOCKS",
	[RLIMIT_SIGPENDING] = "RLIMIT_SIGPENDING",
	[RLIMIT_MSGQUEUE] = "RLIMIT_MSGQUEUE", [RLIMIT_NICE] = "RLIMIT_NICE",
	[RLIMIT_RTPRIO] = "RLIMIT_RTPRIO", [RLIMIT_RTTIME] = "RLIMIT_RTTIME",
};

/**
 * init_rlimits - the limits of the first process (INIT_RLIMITS)
 * @rlim: RLIM_NLIMITS entries to fill
 *
 * Everything unlimited except RLIMIT_STACK (8 MiB soft),
 * RLIMIT_MEMLOCK (8 MiB), RLIMIT_CORE (0 soft), RLIMIT_NOFILE
 * (1024/4096), RLIMIT_MSGQUEUE (800 KiB), RLIMIT_NICE/RTPRIO (0),
 * RLIMIT_SIGPENDING and RLIMIT_NPROC (left unlimited here: Linux derives
 * them from the RAM size).
 */
void init_rlimits(struct rlimit *rlim)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rlim[RLIMIT_STACK].rlim_cur = _STK_LIM;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit){ MLOCK_LIMIT, MLOCK_LIMIT };
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
	rlim[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

/**
 * do_prlimit - get and/or set one resource limit of @tsk
 * @tsk: the task
 * @resource: RLIMIT_*
 * @new_rlim: the new limit, or NULL to only read
 * @old_rlim: receives the limit before the call, or NULL
 *
 * Checks as Linux: an unknown resource or rlim_cur > rlim_max is
 * -EINVAL; raising rlim_max needs CAP_SYS_RESOURCE (-EPERM, SIM: never
 * held); RLIMIT_NOFILE above nr_open (1 MiB) is -EPERM. A new
 * RLIMIT_STACK applies to later stack growth; the layout chosen at exec
 * stays.
 *
 * Return: 0 or a negative errno.
 */
int do_prlimit(struct task_struct *tsk, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim)
{
	struct rlimit *rlim;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	rlim = &tsk->rlim[resource];
	if (new_rlim) {
		if (new_rlim->rlim_cur > new_rlim->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE &&
		    new_rlim->rlim_max > (1u << 20))
			return -EPERM;
		if (new_rlim->rlim_max > rlim->rlim_max)
			return -EPERM;	/* !capable(CAP_SYS_RESOURCE) */
	}
	if (old_rlim)
		*old_rlim = *rlim;
	if (new_rlim)
		*rlim = *new_rlim;
	return 0;
}

static const struct rlimit *mm_rlim(const struct mm_struct *mm,
				    unsigned int resource)
{
	static struct rlimit defaults[RLIM_NLIMITS];
	const struct task_struct *owner = mm ? mm->owner : NULL;

	if (owner && owner->mm == mm)
		return &owner->rlim[resource];
	/* An mm without a process (a kernel task's): the defaults. */
	init_rlimits(defaults);
	return &defaults[resource];
}

/**
 * mm_rlimit - the soft limit @resource that applies to @mm
 * @mm: the address space (its owner is "current" of the system call)
 * @resource: RLIMIT_*
 *
 * Return: rlim_cur (RLIM_INFINITY when unlimited).
 */
u64 mm_rlimit(const struct mm_struct *mm, unsigned int resource)
{
	return mm_rlim(mm, resource)->rlim_cur;
}

/**
 * mm_rlimit_max - the hard limit @resource that applies to @mm
 * @mm: the address space
 * @resource: RLIMIT_*
 *
 * Return: rlim_max.
 */
u64 mm_rlimit_max(const struct mm_struct *mm, unsigned int resource)
{
	return mm_rlim(mm, resource)->rlim_max;
}

/**
 * rlimit_by_name - the number of a limit
 * @name: "RLIMIT_STACK", "stack", "STACK" (case does not matter)
 *
 * Return: RLIMIT_*, or -1.
 */
int rlimit_by_name(const char *name)
{
	if (!strncasecmp(name, "rlimit_", 7))
		name += 7;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		if (!strcasecmp(name, rlimit_names[i] + 7))
			return i;
	return -1;
}

/**
 * rlimit_name - "RLIMIT_STACK" for 3
 * @resource: RLIMIT_*
 *
 * Return: the name, or "RLIMIT_?".
 */
const char *rlimit_name(unsigned int resource)
{
	return resource < RLIM_NLIMITS ? rlimit_names[resource] : "RLIMIT_?";
}
