/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event record the simulated hardware emits (page walks, faults) and
 * the kernel's tracepoints share: typed fields and a per-machine list of
 * sinks. hw/ fills in and delivers events itself, so it needs nothing of
 * the kernel (include/mmsim/trace.h builds the kernel's trace_event() on
 * this header).
 */
#ifndef MMSIM_HW_TRACE_EVENT_H
#define MMSIM_HW_TRACE_EVENT_H

#include <mmsim/types.h>

struct machine;

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

/*
 * trace_state_emit - deliver one event to every sink of @ts
 * @ts: the machine's trace state
 * @m: the machine, opaque here, handed to the sinks
 *
 * The same delivery as the kernel's __trace_emit(): a copy of the sinks,
 * since a sink may detach itself while they are called.
 */
static inline void trace_state_emit(struct trace_state *ts, struct machine *m,
				    const char *event,
				    const struct trace_field *f, int nr)
{
	struct trace_state copy = *ts;

	ts->nr_events++;
	for (int i = 0; i < copy.nr_sinks; i++)
		copy.sinks[i].fn(m, event, f, nr, copy.sinks[i].ctx);
}

/* An event from hw/: costs one predictable branch when nobody listens. */
#define hw_trace_event(ts, m, name, ...)				\
	do {								\
		if (unlikely((ts)->nr_sinks)) {				\
			const struct trace_field __tf[] = { __VA_ARGS__ }; \
			trace_state_emit((ts), (m), (name), __tf,	\
					 (int)ARRAY_SIZE(__tf));	\
		}							\
	} while (0)

#endif /* MMSIM_HW_TRACE_EVENT_H */
