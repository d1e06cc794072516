/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a fuzzer's input as a stream of choices. Every reader returns
 * zeroes once the input is used up, so any input decodes to something and
 * a shorter input is a prefix of the same run.
 */
#ifndef MMSIM_FUZZ_INPUT_H
#define MMSIM_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fz {
	const uint8_t *p;	/* next unread byte */
	size_t n;		/* bytes left */
};

static inline uint8_t fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint16_t fz_u16(struct fz *f)
{
	return (uint16_t)(fz_u8(f) | fz_u8(f) << 8);
}

static inline uint64_t fz_u64(struct fz *f)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)fz_u8(f) << (8 * i);
	return v;
}

static inline bool fz_bool(struct fz *f)
{
	return fz_u8(f) & 1;
}

/* A number in [0, n). */
static inline unsigned int fz_below(struct fz *f, unsigned int n)
{
	return n ? fz_u8(f) % n : 0;
}

/* One of the @n strings of @v. */
static inline const char *fz_pick(struct fz *f, const char *const *v,
				  unsigned int n)
{
	return v[fz_below(f, n)];
}

#define FZ_PICK(f, v) fz_pick((f), (v), sizeof(v) / sizeof((v)[0]))

/* Up to @max raw bytes of the input, as they come (may hold NULs). */
static inline size_t fz_bytes(struct fz *f, char *buf, size_t max)
{
	size_t len = fz_below(f, (unsigned int)max + 1);

	if (len > f->n)
		len = f->n;
	memcpy(buf, f->p, len);
	f->p += len;
	f->n -= len;
	return len;
}

#endif /* MMSIM_FUZZ_INPUT_H */
