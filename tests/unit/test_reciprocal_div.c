// SPDX-License-Identifier: GPL-2.0
/*
 * reciprocal_value()/reciprocal_divide() (lib/reciprocal_div.c), which
 * SLUB's obj_to_index() uses instead of a division: compared with the
 * plain quotient for every divisor a slab slot can have and the offsets
 * a slab can hold, plus the edges of the 32-bit range.
 */
#include <mmsim/reciprocal_div.h>

#include "../test.h"

/* Every slot size 1..16 KiB, every offset of a 4 MiB slab in steps. */
TEST(reciprocal_divide__equals_division_for_slab_sizes_and_offsets)
{
	unsigned long bad = 0;

	for (u32 d = 1; d <= 16384 && bad < 5; d++) {
		struct reciprocal_value R = reciprocal_value(d);

		for (u32 a = 0; a < (4u << 20); a += 1 + (a >> 12) + d / 7) {
			if (reciprocal_divide(a, R) != a / d) {
				FAIL_AT("%u / %u: %u, not %u", a, d,
					reciprocal_divide(a, R), a / d);
				bad++;
				break;
			}
		}
		/* Multiples and their neighbours: where a wrong rounding shows. */
		for (u32 k = 0; k < 256; k++) {
			u32 a = k * d;

			if (reciprocal_divide(a, R) != k ||
			    (a && reciprocal_divide(a - 1, R) != k - 1)) {
				FAIL_AT("%u * %u: divides back wrong", k, d);
				bad++;
				break;
			}
		}
	}
}

TEST(reciprocal_divide__edges_of_the_32bit_range)
{
	static const u32 ds[] = { 1, 2, 3, 7, 8, 192, 4096, 0x7fffffffu,
				  0x80000000u };
	static const u32 as[] = { 0, 1, 2, 0x7fffffffu, 0x80000000u,
				  0xfffffffeu, 0xffffffffu };

	for (size_t i = 0; i < ARRAY_SIZE(ds); i++) {
		struct reciprocal_value R = reciprocal_value(ds[i]);

		for (size_t j = 0; j < ARRAY_SIZE(as); j++)
			EXPECT_EQ(reciprocal_divide(as[j], R), as[j] / ds[i]);
	}
}

int main(void)
{
	RUN(reciprocal_divide__equals_division_for_slab_sizes_and_offsets);
	RUN(reciprocal_divide__edges_of_the_32bit_range);
	return done();
}
