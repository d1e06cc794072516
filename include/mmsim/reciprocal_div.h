/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Division by a run-time constant as a multiply and two shifts, as
 * include/linux/reciprocal_div.h: reciprocal_value(d) once, then
 * reciprocal_divide(a, R) == a / d for every 32-bit a. SLUB uses it for
 * obj_to_index() so that freeing an object costs no division.
 */
#ifndef MMSIM_RECIPROCAL_DIV_H
#define MMSIM_RECIPROCAL_DIV_H

#include "types.h"

struct reciprocal_value {
	u32 m;
	u8 sh1, sh2;
};

/* R for divisor @d (d >= 1), lib/math/reciprocal_div.c's algorithm. */
struct reciprocal_value reciprocal_value(u32 d);

static inline u32 reciprocal_divide(u32 a, struct reciprocal_value R)
{
	u32 t = (u32)(((u64)a * R.m) >> 32);

	return (t + ((a - t) >> R.sh1)) >> R.sh2;
}

#endif /* MMSIM_RECIPROCAL_DIV_H */
