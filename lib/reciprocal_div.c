// SPDX-License-Identifier: GPL-2.0
/*
 * reciprocal_value(), as lib/math/reciprocal_div.c: the magic number of
 * Granlund and Montgomery ("Division by Invariant Integers using
 * Multiplication", 1994, figure 4.1) for an unsigned 32-bit divisor.
 */
#include <mmsim/reciprocal_div.h>

/**
 * reciprocal_value - precompute the multiply-and-shift form of / @d
 * @d: divisor, at least 1
 *
 * Return: R such that reciprocal_divide(a, R) == a / @d for all u32 a.
 */
struct reciprocal_value reciprocal_value(u32 d)
{
	struct reciprocal_value R;
	int l = d > 1 ? 32 - __builtin_clz(d - 1) : 0;	/* fls(d - 1) */
	u64 m = ((1ULL << 32) * ((1ULL << l) - d)) / d + 1;

	R.m = (u32)m;
	R.sh1 = (u8)(l > 1 ? 1 : l);
	R.sh2 = (u8)(l > 1 ? l - 1 : 0);
	return R;
}
