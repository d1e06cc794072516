// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated clock: m->clock_ns, which dmesg and trace timestamps
 * print, moves only when a scenario says so (m:tick(ms)). Timers due in
 * the elapsed time run in order; the only one today is the writeback
 * flusher every dirty_writeback_centisecs (kernel/time/ and the
 * workqueue's delayed work, in Linux).
 *
 * In-flight writes complete at the first timer run, or at the end of the
 * tick: a device finishes them while time passes.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * ktime_get_ns - the simulated monotonic clock
 *
 * Return: nanoseconds since boot.
 */
u64 ktime_get_ns(void)
{
	return current_machine()->clock_ns;
}

/**
 * machine_tick - let @ms milliseconds of simulated time pass
 * @m: the machine (current)
 * @ms: milliseconds; the caller bounds it so the clock cannot wrap
 */
void machine_tick(struct machine *m, u64 ms)
{
	struct fs_state *fs = m->fs;
	u64 target = m->clock_ns + ms * 1000000ULL;
	u64 interval;

	if (!fs) {
		m->clock_ns = target;
		return;
	}
	interval = (u64)fs->dirty_writeback_centisecs * 10000000ULL;
	while (fs->next_wakeup <= target) {
		m->clock_ns = fs->next_wakeup;
		wb_complete_inflight(NULL);
		if (list_empty(&fs->b_dirty)) {
			/* Idle flusher: skip the empty periods at once. */
			u64 periods = (target - fs->next_wakeup) / interval;

			fs->last_old_flush = fs->next_wakeup +
					     periods * interval;
			fs->next_wakeup += (periods + 1) * interval;
			break;
		}
		wb_workfn();
		fs->next_wakeup += interval;
	}
	m->clock_ns = target;
	wb_complete_inflight(NULL);
}
