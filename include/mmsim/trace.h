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

struct machine;
struct strbuf;

/*
 * TF_PTR: a simulated kernel pointer printed as %p does with
 * no_hash_pointers: zero-padded hex, no 0x, @width digits (16 or 8).
 */
enum trace_field_kind { TF_UINT, TF_HEX, TF_INT, TF_STR, TF_PTR };

struct trace_field {
	const char *key;
	enum trace_field_kind kind;
	unsigned char width;	/* TF_PTR: hex digits */
	union {
		u64 u;
		s64 i;
		const char *s;
	};
};

#define TF_U(k, v)	{ .key = (k), .kind = TF_UINT, .u = (u64)(v) }
#define TF_X(k, v)	{ .key = (k), .kind = TF_HEX, .u = (u64)(v) }
#define TF_I(k, v)	{ .key = (k), .kind = TF_INT, .i = (s64)(v) }
#define TF_S(k, v)	{ .key = (k), .kind = TF_STR, .s = (v) }
#define TF_P(k, v, bits) { .key = (k), .kind = TF_PTR, \
			   .width = (unsigned char)((bits) / 4), .u = (u64)(v) }

typedef void (*trace_sink_fn)(struct machine *m, const char *event,
			      const struct trace_field *f, int nr, void *ctx);

#define TRACE_MAX_SINKS 4

struct trace_state {
	int nr_sinks;		/* events are built only when this is > 0 */
	struct {
		trace_sink_fn fn;
		void *ctx;
	} sinks[TRACE_MAX_SINKS];
	u64 nr_events;
};

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

/*
 * trace_event_state - trace_event() for code that holds only @ts (the
 * machine's struct trace_state) and an opaque @m to hand to the sinks,
 * so it needs no struct machine layout (hw/).
 */
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
