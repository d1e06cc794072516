// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoints: the event bus behind trace_event() (include/mmsim/trace.h).
 *
 * Mirrors the idea of kernel/tracepoint.c + kernel/trace/trace_output.c:
 * a tracepoint is a name and typed fields; probes (here "sinks") attach to
 * a machine and receive every event. The --trace printer formats an event
 * the way ftrace's trace file shows it:
 *
 *	       swapper/0-0       [000] .....     0.000000: mm_page_alloc: pfn=0x1234 order=0
 *
 * SIM: Linux attaches probes per tracepoint and filters per event; mmsim has
 * one list of sinks per machine that sees every event, and a sink filters
 * itself. No ring buffer: sinks run synchronously at the emit site.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <mmsim/machine.h>

/*
 * Sinks attached to every machine booted from now on by this thread, so
 * that boot itself (memblock, zone init) can be traced: machine_boot()
 * calls trace_machine_init() before it emits anything.
 */
static _Thread_local struct trace_state boot_sinks;

static int sinks_add(struct trace_state *ts, trace_sink_fn fn, void *ctx)
{
	for (int i = 0; i < ts->nr_sinks; i++)
		if (ts->sinks[i].fn == fn && ts->sinks[i].ctx == ctx)
			return 0;	/* already attached */
	if (ts->nr_sinks >= TRACE_MAX_SINKS)
		return -ENOSPC;
	ts->sinks[ts->nr_sinks].fn = fn;
	ts->sinks[ts->nr_sinks].ctx = ctx;
	ts->nr_sinks++;
	return 0;
}

static void sinks_del(struct trace_state *ts, trace_sink_fn fn, void *ctx)
{
	for (int i = 0; i < ts->nr_sinks; i++) {
		if (ts->sinks[i].fn != fn || ts->sinks[i].ctx != ctx)
			continue;
		memmove(&ts->sinks[i], &ts->sinks[i + 1],
			(size_t)(ts->nr_sinks - i - 1) * sizeof(ts->sinks[0]));
		ts->nr_sinks--;
		return;
	}
}

/**
 * trace_attach - register a sink that sees every event of @m
 * @m: the machine
 * @fn: called synchronously for each event
 * @ctx: passed back to @fn
 *
 * Attaching the same (@fn, @ctx) twice is a no-op.
 *
 * Return: 0, or -ENOSPC when TRACE_MAX_SINKS sinks are attached.
 */
int trace_attach(struct machine *m, trace_sink_fn fn, void *ctx)
{
	return sinks_add(&m->trace, fn, ctx);
}

/**
 * trace_detach - unregister a sink added with trace_attach()
 * @m: the machine
 * @fn: the sink function
 * @ctx: the context it was attached with
 */
void trace_detach(struct machine *m, trace_sink_fn fn, void *ctx)
{
	sinks_del(&m->trace, fn, ctx);
}

/**
 * trace_attach_boot - attach a sink to every machine this thread boots next
 * @fn: the sink
 * @ctx: its context
 *
 * Used by `mmsim --trace` so that boot events are printed too.
 *
 * Return: 0 or -ENOSPC.
 */
int trace_attach_boot(trace_sink_fn fn, void *ctx)
{
	return sinks_add(&boot_sinks, fn, ctx);
}

/**
 * trace_detach_boot - undo trace_attach_boot()
 * @fn: the sink
 * @ctx: its context
 */
void trace_detach_boot(trace_sink_fn fn, void *ctx)
{
	sinks_del(&boot_sinks, fn, ctx);
}

/**
 * trace_machine_init - give a new machine the thread's boot-time sinks
 * @m: a machine being booted, before its first event
 */
void trace_machine_init(struct machine *m)
{
	for (int i = 0; i < boot_sinks.nr_sinks; i++)
		sinks_add(&m->trace, boot_sinks.sinks[i].fn,
			  boot_sinks.sinks[i].ctx);
}

/**
 * __trace_emit - deliver one event to every sink of @m
 * @m: the machine
 * @event: tracepoint name ("mm_page_alloc")
 * @f: the fields
 * @nr: number of fields
 *
 * Called by trace_event() only when a sink is attached.
 */
void __trace_emit(struct machine *m, const char *event,
		  const struct trace_field *f, int nr)
{
	/* Copy: a sink may detach itself while we iterate. */
	struct trace_state ts = m->trace;

	m->trace.nr_events++;
	for (int i = 0; i < ts.nr_sinks; i++)
		ts.sinks[i].fn(m, event, f, nr, ts.sinks[i].ctx);
}

/**
 * trace_format - format an event as ftrace prints its payload
 * @sb: appended to
 * @event: tracepoint name
 * @f: fields
 * @nr: number of fields
 *
 * Produces "event: k=v k=v": unsigned fields in decimal, hex fields with a
 * 0x prefix, pointers as zero-padded hex (%p), strings as they are. No trailing newline.
 */
void trace_format(struct strbuf *sb, const char *event,
		  const struct trace_field *f, int nr)
{
	sb_printf(sb, "%s:", event);
	for (int i = 0; i < nr; i++) {
		switch (f[i].kind) {
		case TF_UINT:
			sb_printf(sb, " %s=%" PRIu64, f[i].key, f[i].u);
			break;
		case TF_HEX:
			sb_printf(sb, " %s=0x%" PRIx64, f[i].key, f[i].u);
			break;
		case TF_INT:
			sb_printf(sb, " %s=%" PRId64, f[i].key, f[i].i);
			break;
		case TF_STR:
			sb_printf(sb, " %s=%s", f[i].key,
				  f[i].s ? f[i].s : "(null)");
			break;
		case TF_PTR:
			sb_printf(sb, " %s=%0*" PRIx64, f[i].key,
				  (int)f[i].width, f[i].u);
			break;
		}
	}
}

/**
 * trace_print_sink - the sink behind `mmsim --trace`
 * @m: the machine that emitted the event
 * @event: tracepoint name
 * @f: fields
 * @nr: number of fields
 * @ctx: a FILE * to print to, or NULL for stderr
 *
 * One line per event in the layout of ftrace's trace file: task-pid, CPU,
 * flags, timestamp in seconds from the simulated clock, then the payload.
 * SIM: the task is always "swapper/0-0" and the CPU 000: events do not
 * yet know which simulated task and CPU raised them.
 */
void trace_print_sink(struct machine *m, const char *event,
		      const struct trace_field *f, int nr, void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *out = ctx ? (FILE *)ctx : stderr;
	u64 ns = m->clock_ns;

	sb_printf(&sb, "%16s-%-7d [%03d] ..... %5lu.%06lu: ",
		  "swapper/0", 0, 0, (unsigned long)(ns / 1000000000ULL),
		  (unsigned long)(ns % 1000000000ULL / 1000ULL));
	trace_format(&sb, event, f, nr);
	sb_puts(&sb, "\n");
	fputs(sb_str(&sb), out);
	sb_free(&sb);
}
