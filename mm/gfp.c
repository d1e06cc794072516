// SPDX-License-Identifier: GPL-2.0
/*
 * GFP flag names: the table of include/trace/events/mmflags.h
 * (__def_gfpflag_names), printed as %pGg (lib/vsprintf.c format_flags) and
 * show_gfp_flags() do, and parsed back from "GFP_KERNEL|__GFP_ZERO".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/gfp.h>

struct gfp_name {
	gfp_t mask;
	const char *name;
};

/* Composites first, so the greedy formatter prints the shortest form. */
static const struct gfp_name gfpflag_names[] = {
	{ GFP_TRANSHUGE, "GFP_TRANSHUGE" },
	{ GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
};

/* Accepted when parsing only (spellings Linux has but does not print). */
static const struct gfp_name gfp_extra_names[] = {
	{ __GFP_DMA, "__GFP_DMA" },
	{ __GFP_DMA32, "__GFP_DMA32" },
};

/**
 * gfp_format - flags as Linux prints them (%pGg, show_gfp_flags)
 * @flags: GFP flags
 * @buf: output
 * @len: size of @buf
 * @none_word: print "none" for 0 (trace events) instead of ""
 *
 * Return: @buf.
 */
char *gfp_format(gfp_t flags, char *buf, size_t len, bool none_word)
{
	size_t pos = 0;

	buf[0] = '\0';
	if (!flags) {
		if (none_word)
			snprintf(buf, len, "none");
		return buf;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfpflag_names) && flags; i++) {
		gfp_t mask = gfpflag_names[i].mask;

		if ((flags & mask) != mask)
			continue;
		flags &= ~mask;
		pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0,
					"%s%s", gfpflag_names[i].name,
					flags ? "|" : "");
	}
	if (flags)
		snprintf(buf + pos, pos < len ? len - pos : 0, "%#x", flags);
	return buf;
}

static bool lookup(const char *tok, size_t n, gfp_t *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(gfpflag_names); i++)
		if (strlen(gfpflag_names[i].name) == n &&
		    !strncmp(gfpflag_names[i].name, tok, n)) {
			*out = gfpflag_names[i].mask;
			return true;
		}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_extra_names); i++)
		if (strlen(gfp_extra_names[i].name) == n &&
		    !strncmp(gfp_extra_names[i].name, tok, n)) {
			*out = gfp_extra_names[i].mask;
			return true;
		}
	return false;
}

/**
 * gfp_parse - read "GFP_KERNEL|__GFP_ZERO" (or a number) into flags
 * @s: the string
 * @out: the flags
 * @bad: receives the unknown name or the conflict, may be NULL
 * @badlen: size of @bad
 *
 * Return: 0, or -EINVAL for an unknown name, an empty string or component
 * ("GFP_KERNEL|", "A||B"), a number with bits Linux does not define, or
 * conflicting zone modifiers (e.g. GFP_DMA|__GFP_HIGHMEM).
 */
int gfp_parse(const char *s, gfp_t *out, char *bad, size_t badlen)
{
	gfp_t flags = 0;
	bool want_more = true;		/* at the start or after a '|' */

	if (bad && badlen)
		bad[0] = '\0';

	while (want_more) {
		const char *tok, *end;
		size_t n;
		gfp_t f;

		while (isspace((unsigned char)*s))
			s++;
		tok = s;
		while (*s && *s != '|')
			s++;
		end = s;
		while (end > tok && isspace((unsigned char)end[-1]))
			end--;
		n = (size_t)(end - tok);
		want_more = *s == '|';
		if (want_more)
			s++;
		if (!n) {
			if (bad)
				snprintf(bad, badlen, "empty flag name");
			return -EINVAL;
		}
		if (isdigit((unsigned char)tok[0])) {
			char num[32], *e;
			unsigned long v;

			snprintf(num, sizeof(num), "%.*s", (int)n, tok);
			v = strtoul(num, &e, 0);
			if (*e || v & ~(unsigned long)GFP_VALID_MASK) {
				if (bad)
					snprintf(bad, badlen, "%s", num);
				return -EINVAL;
			}
			f = (gfp_t)v;
		} else if (!lookup(tok, n, &f)) {
			if (bad)
				snprintf(bad, badlen, "%.*s", (int)n, tok);
			return -EINVAL;
		}
		flags |= f;
	}
	if (!gfp_zone_valid(flags)) {
		if (bad)
			snprintf(bad, badlen, "conflicting zone modifiers %#x",
				 flags & GFP_ZONEMASK);
		return -EINVAL;
	}
	*out = flags;
	return 0;
}
