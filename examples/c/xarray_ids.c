// SPDX-License-Identifier: GPL-2.0
/*
 * xarray_ids: the XArray library on its own, without the simulated
 * machine. An IDR-style table hands out ids for words (xa_alloc), marks
 * the long ones, looks ids up, walks the marked ones, stores one entry far
 * away to show the tree growing, and tears everything down, checking that
 * every node went back.
 *
 * Against an installed mmsim (libmmsim-xarray has its own pkg-config file):
 *
 *	cc xarray_ids.c $(pkg-config --cflags --libs mmsim-xarray) -o xarray_ids
 *	./xarray_ids [WORD...]
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/xarray.h>

#define MARK_LONG	XA_MARK_1	/* words longer than 4 characters */

static DEFINE_XARRAY_ALLOC1(words);	/* ids start at 1 */

int main(int argc, char **argv)
{
	static const char *const fallback[] = {
		"page", "folio", "slab", "vma", "xarray",
	};
	const char *const *list = fallback;
	int n = 5, status = 0;
	unsigned long index;
	void *entry;

	if (argc > 1) {
		list = (const char *const *)argv + 1;
		n = argc - 1;
	}
	for (int i = 0; i < n; i++) {
		uint32_t id;
		/* Entries are pointers aligned to 4 or xa_mk_value() numbers;
		 * a string may sit at any address, so store its position. */
		int err = xa_alloc(&words, &id, xa_mk_value((unsigned long)i),
				   XA_LIMIT(1, 1000), GFP_KERNEL);

		if (err) {
			fprintf(stderr, "xarray_ids: xa_alloc '%s': error %d\n",
				list[i], err);
			return 1;
		}
		if (strlen(list[i]) > 4)
			xa_set_mark(&words, id, MARK_LONG);
		printf("id %u: %s\n", id, list[i]);
	}

	entry = xa_load(&words, 2);
	printf("xa_load(2): %s\n", entry ? list[xa_to_value(entry)] : "(none)");
	printf("long words:");
	xa_for_each_marked(&words, index, entry, MARK_LONG)
		printf(" %lu=%s", index, list[xa_to_value(entry)]);
	printf("\n");

	/* Index 0 is never handed out by an ALLOC1 array. */
	if (xa_load(&words, 0) != NULL) {
		fprintf(stderr, "xarray_ids: index 0 was allocated\n");
		status = 1;
	}
	/* A far index: the tree grows to 11 levels (shift 60 at the root). */
	xa_store(&words, 1UL << 60, xa_mk_value(0), GFP_KERNEL);
	printf("root shift after storing at 2^60: %u\n",
	       xa_to_node(words.xa_head)->shift);

	xa_destroy(&words);
	xa_rcu_barrier();
	printf("nodes in use after xa_destroy: %lu\n", xa_nodes_in_use());
	if (!xa_empty(&words) || xa_nodes_in_use())
		status = 1;
	printf("%s\n", status ? "check failed" : "check ok");
	return status;
}
