/* SPDX-License-Identifier: GPL-2.0 */
/* A growable string, like the kernel's seq_file buffer. */
#ifndef MMSIM_STRBUF_H
#define MMSIM_STRBUF_H

#include <stdarg.h>
#include "types.h"

struct strbuf {
	char *buf;	/* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_printf(struct strbuf *sb, const char *fmt, ...) __printf(2, 3);
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_puts(struct strbuf *sb, const char *s);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
static inline const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

/* seq_file spelling, so proc/ reads like fs/proc. */
#define seq_printf sb_printf
#define seq_puts sb_puts

#endif
