// SPDX-License-Identifier: GPL-2.0
/* The machine's kernel log, with Linux's "[    0.000000] " prefix. */
#include <stdarg.h>

#include <mmsim/machine.h>

void vprintk_machine(struct machine *m, int level, const char *fmt, va_list ap)
{
	if (!m)
		return;
	if (!m->dmesg_line_open)
		sb_printf(&m->dmesg, "[%5llu.%06llu] ",
			  (unsigned long long)(m->clock_ns / 1000000000ULL),
			  (unsigned long long)(m->clock_ns / 1000ULL % 1000000ULL));
	sb_vprintf(&m->dmesg, fmt, ap);
	m->dmesg_line_open = m->dmesg.len && m->dmesg.buf[m->dmesg.len - 1] != '\n';
}

void printk_machine(struct machine *m, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_machine(m, level, fmt, ap);
	va_end(ap);
}

void printk_cont(struct machine *m, const char *fmt, ...)
{
	va_list ap;

	if (!m)
		return;
	va_start(ap, fmt);
	sb_vprintf(&m->dmesg, fmt, ap);
	va_end(ap);
	m->dmesg_line_open = m->dmesg.len && m->dmesg.buf[m->dmesg.len - 1] != '\n';
}
