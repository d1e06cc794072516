// SPDX-License-Identifier: GPL-2.0
/* Tracepoint sinks: see include/mmsim/trace.h. */
#include <stdio.h>

#include <mmsim/machine.h>

int trace_attach(struct machine *m, trace_sink_fn fn, void *ctx)
{
	if (m->trace.nr_sinks == TRACE_MAX_SINKS)
		return -ENOSPC;
	m->trace.sinks[m->trace.nr_sinks].fn = fn;
	m->trace.sinks[m->trace.nr_sinks].ctx = ctx;
	m->trace.nr_sinks++;
	return 0;
}

void trace_detach(struct machine *m, trace_sink_fn fn, void *ctx)
{
	for (int i = 0; i < m->trace.nr_sinks; i++) {
		if (m->trace.sinks[i].fn != fn || m->trace.sinks[i].ctx != ctx)
			continue;
		m->trace.sinks[i] = m->trace.sinks[--m->trace.nr_sinks];
		return;
	}
}

void __trace_emit(struct machine *m, const char *event,
		  const struct trace_field *f, int nr)
{
	m->trace.nr_events++;
	for (int i = 0; i < m->trace.nr_sinks; i++)
		m->trace.sinks[i].fn(m, event, f, nr, m->trace.sinks[i].ctx);
}

void trace_format(struct strbuf *sb, const char *event,
		  const struct trace_field *f, int nr)
{
	sb_printf(sb, "%s:", event);
	for (int i = 0; i < nr; i++) {
		switch (f[i].kind) {
		case TF_UINT:
			sb_printf(sb, " %s=%llu", f[i].key,
				  (unsigned long long)f[i].u);
			break;
		case TF_HEX:
			sb_printf(sb, " %s=0x%llx", f[i].key,
				  (unsigned long long)f[i].u);
			break;
		case TF_INT:
			sb_printf(sb, " %s=%lld", f[i].key, (long long)f[i].i);
			break;
		case TF_STR:
			sb_printf(sb, " %s=%s", f[i].key, f[i].s);
			break;
		}
	}
}

void trace_print_sink(struct machine *m, const char *event,
		      const struct trace_field *f, int nr, void *ctx)
{
	struct strbuf sb = STRBUF_INIT;

	trace_format(&sb, event, f, nr);
	fprintf(ctx ? (FILE *)ctx : stderr, "%s\n", sb_str(&sb));
	sb_free(&sb);
}
