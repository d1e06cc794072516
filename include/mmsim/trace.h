/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints, in the spirit of TRACE_EVENT(): an event is a name and a few
 * typed fields. Emitting costs one predictable branch when nobody listens.
 * Sinks (the --trace printer, a Lua collector) register with trace_attach().
 *
 *	trace_event(m, "mm_page_alloc",
 *		    TF_X("pfn", pfn), TF_U("order", order),
 *		    TF_S("gfp_flags", buf));
 *
 * The printed form follows ftrace: "mm_page_alloc: pfn=0x1234 order=0 ...".
 * TF_P prints a pointer as %p: "page=ffffea0000048d00".
 */
#ifndef MMSIM_TRACE_H
#define MMSIM_TRACE_H

#include "types.h"
/* The event record (struct trace_field, TF_*, struct trace_state). */
#include <hw/trace_event.h>

struct machine;
struct strbuf;

int trace_attach(struct machine *m, trace_sink_fn fn, void *ctx);
void trace_detach(struct machine *m, trace_sink_fn fn, void *ctx);
void __trace_emit(struct machine *m, const char *event,
		  const struct trace_field *f, int nr);
/* "event: k=v k=v" into @sb. */
void trace_format(struct strbuf *sb, const char *event,
		  const struct trace_field *f, int nr);
/* The sink behind --trace: prints each event to stderr (ctx: FILE * or NULL). */
void trace_print_sink(struct machine *m, const char *event,
		      const struct trace_field *f, int nr, void *ctx);

/*
 * Boot-time sinks: attached to every machine the calling thread boots from
 * now on, so boot events are seen too. machine_boot() calls
 * trace_machine_init(m) right after creating @m, before any event.
 */
int trace_attach_boot(trace_sink_fn fn, void *ctx);
void trace_detach_boot(trace_sink_fn fn, void *ctx);
void trace_machine_init(struct machine *m);

/* Fires when a sink listens: __trace_emit() delivers the event. */
#define trace_event_state(ts, m, name, ...)				\
	do {								\
		if (unlikely((ts)->nr_sinks)) {				\
			const struct trace_field __tf[] = { __VA_ARGS__ }; \
			__trace_emit((m), (name), __tf,			\
				     (int)ARRAY_SIZE(__tf));		\
		}							\
	} while (0)

#define trace_event(m, name, ...)					\
	trace_event_state(&(m)->trace, (m), (name), __VA_ARGS__)

#endif /* MMSIM_TRACE_H */
