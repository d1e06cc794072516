// SPDX-License-Identifier: GPL-2.0
/*
 * --nodes N: split RAM into N NUMA nodes of equal size, the way Linux's
 * NUMA emulation (numa=fake=N, arch/x86/mm/numa_emulation.c
 * split_nodes_interleave) carves one physical node into fake ones.
 *
 * Node boundaries fall on FAKE_NODE_MIN_SIZE (32 MiB) steps from 0, as in
 * split_nodes_interleave(): each node gets the RAM share rounded down to
 * 32 MiB, the first nodes one 32 MiB more from the remainders, holes are
 * skipped over, and the last node takes the rest.
 * SIM: one physical node, so the fake nodes are contiguous; Linux
 * interleaves them over the physical nodes of a NUMA machine. Too many
 * nodes is an error here; Linux boots without emulation.
 */
#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/mm_init.h>

#define FAKE_NODE_MIN_SIZE	SZ_32M

/* mem_hole_size(): bytes of [start, end) that are not RAM. */
static u64 mem_hole_size(struct memblock *mb, u64 start, u64 end)
{
	if (end <= start)
		return 0;
	return end - start - PFN_PHYS((u64)memblock_present_pages_in(mb,
			PFN_DOWN(start), PFN_DOWN(end)));
}

/*
 * The end of fake node @nid starting at @start, as split_nodes_interleave()
 * computes it for one physical node [0, @limit): @size of RAM rounded down
 * to FAKE_NODE_MIN_SIZE, one FAKE_NODE_MIN_SIZE more for the first @big
 * nodes (the remainders, consolidated), grown in FAKE_NODE_MIN_SIZE steps
 * over holes; a node extends to 4 GiB if ZONE_DMA32 would keep less than
 * FAKE_NODE_MIN_SIZE, and to @limit if the rest could not make a node.
 */
static u64 fake_node_end(struct memblock *mb, int nid, u64 start, u64 limit,
			 u64 size, int big)
{
	u64 dma32_end = SZ_4G, end = start + size;

	if (nid < big)
		end += FAKE_NODE_MIN_SIZE;
	while (end - start - mem_hole_size(mb, start, end) < size) {
		end += FAKE_NODE_MIN_SIZE;
		if (end > limit) {
			end = limit;
			break;
		}
	}
	if (end < dma32_end && dma32_end - end -
	    mem_hole_size(mb, end, dma32_end) < FAKE_NODE_MIN_SIZE)
		end = dma32_end;
	if (end >= limit || limit - end - mem_hole_size(mb, end, limit) < size)
		end = limit;
	return end;
}

/**
 * numa_emulation - give every memblock memory range its node id
 * @m: machine after setup_arch()
 * @err: reason on failure
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL when the nodes would be smaller than 32 MiB.
 */
int numa_emulation(struct machine *m, char *err, size_t errlen)
{
	int n = m->cfg.nodes;
	u64 total = memblock_phys_mem_size(&m->memblock);
	phys_addr_t start = 0, limit;
	u64 size;
	int big;

	m->nr_node_ids = n;
	if (n == 1)
		return memblock_set_node(&m->memblock, 0, ~(phys_addr_t)0 >> 1,
					 0);
	if (total / (u64)n < FAKE_NODE_MIN_SIZE) {
		snprintf(err, errlen,
			 "--nodes %d: each node needs at least 32M of RAM, %lluM gives %lluM per node",
			 n, (unsigned long long)(total >> 20),
			 (unsigned long long)(total / (u64)n >> 20));
		return -EINVAL;
	}
	/* split_nodes_interleave(): the per-node size and the big nodes. */
	limit = memblock_end_of_DRAM(&m->memblock);
	size = PFN_PHYS(PFN_DOWN(total) / (u64)n);
	big = (int)((size & (FAKE_NODE_MIN_SIZE - 1)) * (u64)n /
		    FAKE_NODE_MIN_SIZE);
	size &= ~(u64)(FAKE_NODE_MIN_SIZE - 1);
	for (int nid = 0; nid < n; nid++) {
		phys_addr_t end = nid == n - 1 ? limit :
			fake_node_end(&m->memblock, nid, start, limit, size,
				      big);

		if (end <= start) {
			snprintf(err, errlen,
				 "--nodes %d: node %d would be empty (%lluM of RAM)",
				 n, nid, (unsigned long long)(total >> 20));
			return -EINVAL;
		}
		memblock_set_node(&m->memblock, start, end - start, nid);
		pr_info("Faking node %d at [mem 0x%016llx-0x%016llx] (%lluMB)\n",
			nid, (unsigned long long)start,
			(unsigned long long)end - 1,
			(unsigned long long)((end - start) >> 20));
		start = end;
	}
	return 0;
}
