// SPDX-License-Identifier: GPL-2.0
/*
 * --nodes N: split RAM into N NUMA nodes of equal size, the way Linux's
 * NUMA emulation (numa=fake=N, arch/x86/mm/numa_emulation.c
 * split_nodes_interleave) carves one physical node into fake ones.
 *
 * SIM: nodes are contiguous, not interleaved, hold equal shares of RAM
 * with boundaries on 2 MiB, and must each hold FAKE_NODE_MIN_SIZE (32 MiB).
 */
#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/mm_init.h>

#define FAKE_NODE_MIN_SIZE	SZ_32M

/* Physical address below which @bytes of RAM (memblock.memory) lie. */
static phys_addr_t addr_after_bytes(struct memblock *mb, u64 bytes)
{
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		struct memblock_region *r = &mb->memory.regions[i];

		if (bytes < r->size)
			return r->base + bytes;
		bytes -= r->size;
	}
	return memblock_end_of_DRAM(mb);
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
	phys_addr_t start = 0;

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
	for (int nid = 0; nid < n; nid++) {
		/* Equal shares of RAM (not of address space), 2 MiB aligned. */
		phys_addr_t end = nid == n - 1 ?
			memblock_end_of_DRAM(&m->memblock) :
			ALIGN(addr_after_bytes(&m->memblock,
					       total / (u64)n * (u64)(nid + 1)),
			      SZ_2M);

		memblock_set_node(&m->memblock, start, end - start, nid);
		pr_info("Faking node %d at [mem 0x%016llx-0x%016llx] (%lluMB)\n",
			nid, (unsigned long long)start,
			(unsigned long long)end - 1,
			(unsigned long long)((end - start) >> 20));
		start = end;
	}
	return 0;
}
