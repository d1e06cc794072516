/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What proc/pid.c and proc/task_mmu.c share (fs/proc/internal.h).
 */
#ifndef MMSIM_PROC_TASK_MMU_H
#define MMSIM_PROC_TASK_MMU_H

#include <mmsim/mm.h>
#include <mmsim/strbuf.h>

/* One /proc/PID/maps line (show_map_vma). */
void show_map_vma(struct strbuf *sb, struct mm_struct *mm,
		  struct vm_area_struct *vma, bool is64);
void proc_pid_smaps(struct machine *m, struct task_struct *t, bool rollup,
		    struct strbuf *sb);
void proc_pid_statm(struct task_struct *t, struct strbuf *sb);

#endif /* MMSIM_PROC_TASK_MMU_H */
