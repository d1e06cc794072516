// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log of a machine, as kernel/printk/printk.c: printk() appends
 * records to a log that dmesg reads back with a "[%5lu.%06lu] " timestamp.
 *
 * SIM: the log is a plain growing text (m->dmesg) rather than a ring of
 * records; the log level is accepted but not stored (dmesg without -x does
 * not show it either); the time is the simulated clock m->clock_ns.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <mmsim/machine.h>

static void log_timestamp(struct machine *m)
{
	u64 ns = m->clock_ns;

	sb_printf(&m->dmesg, "[%5lu.%06lu] ",
		  (unsigned long)(ns / 1000000000ULL),
		  (unsigned long)(ns % 1000000000ULL / 1000ULL));
}

/*
 * Append @text to the log. Each new line starts with a timestamp; a text
 * that does not end in '\n' leaves the line open for pr_cont().
 */
static void log_store(struct machine *m, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

		if (!m->dmesg_line_open)
			log_timestamp(m);
		sb_printf(&m->dmesg, "%.*s", (int)n, text);
		m->dmesg_line_open = !nl;
		text += n;
	}
}

/**
 * vprintk_machine - log a message in @m's kernel log
 * @m: the machine; NULL is tolerated (the message is dropped)
 * @level: KERN_* level (not stored, see the file comment)
 * @fmt: printf format
 * @ap: arguments
 *
 * A new message ends a line left open by a previous message without '\n',
 * as a non-KERN_CONT printk does in Linux.
 */
void vprintk_machine(struct machine *m, int level, const char *fmt,
		     va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (!m)
		return;
	sb_vprintf(&sb, fmt, ap);
	if (m->dmesg_line_open) {
		sb_puts(&m->dmesg, "\n");
		m->dmesg_line_open = false;
	}
	log_store(m, sb_str(&sb));
	sb_free(&sb);
}

/**
 * printk_machine - printk() on machine @m
 * @m: the machine
 * @level: KERN_* level
 * @fmt: printf format
 * @...: arguments
 */
void printk_machine(struct machine *m, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_machine(m, level, fmt, ap);
	va_end(ap);
}

/**
 * printk_cont - pr_cont(): continue the current line of @m's log
 * @m: the machine
 * @fmt: printf format
 * @...: arguments
 *
 * When no line is open, starts a new one (Linux does the same when the
 * previous record was already terminated).
 */
void printk_cont(struct machine *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!m)
		return;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	log_store(m, sb_str(&sb));
	sb_free(&sb);
}
