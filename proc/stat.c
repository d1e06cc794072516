// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/stat, /proc/uptime and /proc/loadavg, as fs/proc/stat.c
 * show_stat(), fs/proc/uptime.c uptime_proc_show() and fs/proc/loadavg.c
 * loadavg_proc_show(): what vmstat(8), ps(1), uptime(1) and top(1) read
 * besides the memory files.
 *
 * SIM: a simulated CPU executes no instructions of its own; it only
 * changes state when a scenario acts. So all the time the simulated
 * clock (m->clock_ns, moved by m:tick) has counted is idle time on every
 * CPU, there are no interrupts nor softirqs, and the machine booted at
 * the epoch (btime 0). The load averages follow kernel/sched/loadavg.c's
 * fixed-point decay, sampled at each read from the tasks on a CPU now.
 */
#include <mmsim/proc.h>
#include <mmsim/sched.h>
#include <mmsim/paging.h>

#define USER_HZ		100	/* clock ticks of /proc/stat (CLOCKS_PER_SEC) */
#define NR_IRQS_LEGACY	16	/* the columns of "intr" (nr_irqs) */
#define NR_SOFTIRQS	10	/* HI, TIMER, NET_TX, ..., RCU */

/* nsec_to_clock_t() */
static unsigned long long ns_to_clock_t(u64 ns)
{
	return ns / (1000000000ULL / USER_HZ);
}

/* nr_running(): user tasks on a CPU (the idle tasks do not count). */
static unsigned int sim_nr_running(struct machine *m)
{
	struct task_struct *t;
	unsigned int n = 0;

	if (!m->paging)
		return 0;
	list_for_each_entry(t, &m->paging->task_list, tasks)
		n += t->pid > 0 && t->on_cpu >= 0;
	return n;
}

/* nr_threads: every task but the idle ones. SIM: zombies are not counted. */
static unsigned int sim_nr_threads(struct machine *m)
{
	struct task_struct *t;
	unsigned int n = 0;

	if (!m->paging)
		return 0;
	list_for_each_entry(t, &m->paging->task_list, tasks)
		n += t->pid > 0;
	return n;
}

/* The cpu line's ten fields: user .. guest_nice, all idle (see above). */
static void show_cpu_times(struct strbuf *sb, u64 idle_ns)
{
	seq_printf(sb, " 0 0 0 %llu 0 0 0 0 0 0\n", ns_to_clock_t(idle_ns));
}

/**
 * stat_proc_show - /proc/stat
 * @m: the machine (current)
 * @sb: the text
 *
 * The sum and per-CPU time lines in USER_HZ ticks, "intr" with one column
 * per legacy IRQ, the context switches (rq->nr_switches), btime,
 * processes (the tasks forked since boot), procs_running and
 * procs_blocked, and "softirq" with NR_SOFTIRQS columns.
 *
 * Return: 0.
 */
int stat_proc_show(struct machine *m, struct strbuf *sb)
{
	unsigned long long ctxt = 0;
	unsigned long forks = 0;

	seq_puts(sb, "cpu ");
	show_cpu_times(sb, m->clock_ns * (u64)m->nr_cpus);
	for (int i = 0; i < m->nr_cpus; i++) {
		seq_printf(sb, "cpu%d", i);
		show_cpu_times(sb, m->clock_ns);
		if (m->paging)
			ctxt += m->paging->pcpu[i].nr_switches;
	}
	seq_puts(sb, "intr 0");
	for (int i = 0; i < NR_IRQS_LEGACY; i++)
		seq_puts(sb, " 0");
	/* total_forks: pids are handed out in order from 1. */
	if (m->paging && m->paging->next_pid > 1)
		forks = (unsigned long)m->paging->next_pid - 1;
	seq_printf(sb, "\nctxt %llu\nbtime 0\nprocesses %lu\nprocs_running %u\nprocs_blocked 0\n",
		   ctxt, forks, sim_nr_running(m));
	seq_puts(sb, "softirq 0");
	for (int i = 0; i < NR_SOFTIRQS; i++)
		seq_puts(sb, " 0");
	seq_puts(sb, "\n");
	return 0;
}

/**
 * uptime_proc_show - /proc/uptime
 * @m: the machine (current)
 * @sb: the text
 *
 * Seconds since boot and the idle time summed over the CPUs, both with
 * two decimals.
 *
 * Return: 0.
 */
int uptime_proc_show(struct machine *m, struct strbuf *sb)
{
	u64 up = m->clock_ns, idle = m->clock_ns * (u64)m->nr_cpus;

	seq_printf(sb, "%llu.%02llu %llu.%02llu\n",
		   (unsigned long long)(up / 1000000000ULL),
		   (unsigned long long)(up % 1000000000ULL / 10000000ULL),
		   (unsigned long long)(idle / 1000000000ULL),
		   (unsigned long long)(idle % 1000000000ULL / 10000000ULL));
	return 0;
}

/*
 * kernel/sched/loadavg.c: every LOAD_FREQ (5 s) the averages decay toward
 * the number of active tasks, a = a * e + n * (1 - e), in 11-bit fixed
 * point with e = exp(-5 s / 1, 5, 15 min).
 */
#define FSHIFT		11
#define FIXED_1		(1UL << FSHIFT)
#define LOAD_FREQ_NS	(5ULL * 1000000000ULL)
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

static const unsigned long exp_n[3] = { 1884, 2014, 2037 };	/* EXP_1/5/15 */

/* calc_load(): one decay step, rounded as Linux rounds it. */
static unsigned long calc_load(unsigned long load, unsigned long exp,
			       unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/**
 * loadavg_proc_show - /proc/loadavg
 * @m: the machine (current)
 * @sb: the text
 *
 * The 1, 5 and 15 minute load averages, running/total tasks and the last
 * pid handed out. SIM: the averages are computed at the read, as if the
 * tasks on a CPU now had been there for every LOAD_FREQ period since
 * boot (a simulated machine keeps no history of its run queue).
 *
 * Return: 0.
 */
int loadavg_proc_show(struct machine *m, struct strbuf *sb)
{
	unsigned long active = sim_nr_running(m) * FIXED_1, avenrun[3] = { 0 };
	u64 periods = m->clock_ns / LOAD_FREQ_NS;
	int last_pid = m->paging && m->paging->next_pid > 0 ?
		       m->paging->next_pid - 1 : 0;

	/* Past a few thousand periods every average has converged. */
	if (periods > 4096)
		periods = 4096;
	for (u64 p = 0; p < periods; p++)
		for (int i = 0; i < 3; i++)
			avenrun[i] = calc_load(avenrun[i], exp_n[i], active);
	seq_printf(sb, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
		   LOAD_INT(avenrun[0]), LOAD_FRAC(avenrun[0]),
		   LOAD_INT(avenrun[1]), LOAD_FRAC(avenrun[1]),
		   LOAD_INT(avenrun[2]), LOAD_FRAC(avenrun[2]),
		   sim_nr_running(m), sim_nr_threads(m), last_pid);
	return 0;
}
