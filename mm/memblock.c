// SPDX-License-Identifier: GPL-2.0
/*
 * Boot memory allocator, mirroring mm/memblock.c.
 *
 * Two sorted arrays of disjoint ranges: "memory" (RAM the firmware reported)
 * and "reserved" (taken: first page, kernel image, mem_map, page tables...).
 * Allocation is top-down below current_limit, like Linux's default, so early
 * page tables and mem_map land high in lowmem. Adjacent compatible ranges
 * are merged after every change (memblock_merge_regions).
 *
 * SIM: the arrays grow with realloc on the host instead of doubling inside
 * simulated memory (memblock_double_array); the simulated cost of the
 * arrays themselves is not reserved.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/memblock.h>

static int memblock_type_init(struct memblock_type *type, const char *name)
{
	type->cnt = 0;
	type->max = 16;
	type->total_size = 0;
	type->name = name;
	type->regions = calloc(type->max, sizeof(*type->regions));
	return type->regions ? 0 : -ENOMEM;
}

/**
 * memblock_init - empty memblock with room for the first regions
 * @mb: the machine's memblock
 *
 * Return: 0 or -ENOMEM.
 */
int memblock_init(struct memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	if (memblock_type_init(&mb->memory, "memory") ||
	    memblock_type_init(&mb->reserved, "reserved")) {
		memblock_release(mb);
		return -ENOMEM;
	}
	return 0;
}

/**
 * memblock_release - free memblock's host arrays
 * @mb: the machine's memblock
 */
void memblock_release(struct memblock *mb)
{
	free(mb->memory.regions);
	free(mb->reserved.regions);
	mb->memory.regions = mb->reserved.regions = NULL;
}

static int memblock_insert_region(struct memblock_type *type, unsigned long idx,
				  phys_addr_t base, phys_addr_t size, int nid,
				  const char *owner)
{
	struct memblock_region *rgn;

	if (type->cnt == type->max) {
		rgn = realloc(type->regions, 2 * type->max * sizeof(*rgn));
		if (!rgn)
			return -ENOMEM;
		type->regions = rgn;
		type->max *= 2;
	}
	rgn = &type->regions[idx];
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->nid = nid;
	rgn->owner = owner;
	type->cnt++;
	type->total_size += size;
	return 0;
}

static void memblock_remove_region(struct memblock_type *type,
				   unsigned long idx)
{
	type->total_size -= type->regions[idx].size;
	memmove(&type->regions[idx], &type->regions[idx + 1],
		(type->cnt - idx - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

/* Join touching neighbours with the same node and owner. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = this + 1;

		if (this->base + this->size != next->base ||
		    this->nid != next->nid || this->owner != next->owner) {
			i++;
			continue;
		}
		this->size += next->size;	/* total_size is unchanged */
		memmove(next, next + 1,
			(type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/*
 * Add [base, base+size) to @type; the parts already covered keep their
 * attributes (memblock_add_range).
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid, const char *owner)
{
	phys_addr_t end = base + size;
	unsigned long idx;
	int err;

	if (!size)
		return 0;
	if (end < base)
		return -EINVAL;
	for (idx = 0; idx < type->cnt && base < end; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			err = memblock_insert_region(type, idx, base,
						     rbase - base, nid, owner);
			if (err)
				return err;
			idx++;
		}
		base = min_u64(rend, end);
	}
	if (base < end) {
		err = memblock_insert_region(type, idx, base, end - base, nid,
					     owner);
		if (err)
			return err;
	}
	memblock_merge_regions(type);
	return 0;
}

/*
 * Split regions so that [base, base+size) starts and ends on region
 * boundaries; return the index range [*start_rgn, *end_rgn) inside it
 * (memblock_isolate_range).
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end = base + size;
	unsigned long idx;
	int err;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* Split off the part below @base and look again. */
			rgn->base = base;
			rgn->size = rend - base;
			type->total_size -= base - rbase;
			err = memblock_insert_region(type, idx, rbase,
						     base - rbase, rgn->nid,
						     rgn->owner);
			if (err)
				return err;
			continue;
		}
		if (rend > end) {
			rgn->base = end;
			rgn->size = rend - end;
			type->total_size -= end - rbase;
			err = memblock_insert_region(type, idx, rbase,
						     end - rbase, rgn->nid,
						     rgn->owner);
			if (err)
				return err;
			idx--;	/* revisit the inserted lower half */
			continue;
		}
		if (!*end_rgn)
			*start_rgn = idx;
		*end_rgn = idx + 1;
	}
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;
	int err = memblock_isolate_range(type, base, size, &start_rgn,
					 &end_rgn);

	if (err)
		return err;
	for (unsigned long i = end_rgn; i > start_rgn; i--)
		memblock_remove_region(type, i - 1);
	return 0;
}

/**
 * memblock_add_node - add a range of RAM that belongs to a node
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 * @nid: the node
 *
 * Return: 0 or -errno.
 */
int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid)
{
	struct machine *m = current_machine();

	if (m)
		trace_event(m, "memblock_add", TF_X("base", base),
			    TF_X("size", size), TF_I("nid", nid));
	return memblock_add_range(&mb->memory, base, size, nid, NULL);
}

/**
 * memblock_add - add a range of RAM on node 0
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 *
 * Return: 0 or -errno.
 */
int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return memblock_add_node(mb, base, size, 0);
}

/**
 * memblock_reserve - mark a physical range as taken
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 * @owner: a static string naming the user ("Kernel code", "mem_map", ...)
 *
 * Return: 0 or -errno.
 */
int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		     const char *owner)
{
	struct machine *m = current_machine();

	if (m)
		trace_event(m, "memblock_reserve", TF_X("base", base),
			    TF_X("size", size), TF_S("owner", owner ? owner : ""));
	return memblock_add_range(&mb->reserved, base, size, NUMA_NO_NODE,
				  owner);
}

/**
 * memblock_phys_free - give a reserved range back
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 *
 * Return: 0 or -errno.
 */
int memblock_phys_free(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	struct machine *m = current_machine();

	if (m)
		trace_event(m, "memblock_free", TF_X("base", base),
			    TF_X("size", size));
	return memblock_remove_range(&mb->reserved, base, size);
}

/**
 * memblock_set_node - assign the memory in a range to a node
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 * @nid: the node
 *
 * Return: 0 or -errno.
 */
int memblock_set_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid)
{
	unsigned long start_rgn, end_rgn;
	int err = memblock_isolate_range(&mb->memory, base, size, &start_rgn,
					 &end_rgn);

	if (err)
		return err;
	for (unsigned long i = start_rgn; i < end_rgn; i++)
		mb->memory.regions[i].nid = nid;
	memblock_merge_regions(&mb->memory);
	return 0;
}

/**
 * __next_free_mem_range - the next free range (memory minus reserved)
 * @mb: the machine's memblock
 * @idx: cursor: memory region index
 * @jdx: cursor: position inside that region
 * @out_start: receives the range's start
 * @out_end: receives its end (exclusive)
 * @out_nid: receives its node (may be NULL)
 *
 * Ranges come in ascending order; start with both cursors at 0
 * (for_each_free_mem_range).
 *
 * Return: true with a range, false when there are no more.
 */
bool __next_free_mem_range(const struct memblock *mb, unsigned long *idx,
			   unsigned long *jdx, phys_addr_t *out_start,
			   phys_addr_t *out_end, int *out_nid)
{
	const struct memblock_type *rsv = &mb->reserved;

	for (; *idx < mb->memory.cnt; (*idx)++, *jdx = 0) {
		const struct memblock_region *mr = &mb->memory.regions[*idx];
		phys_addr_t start = max_u64(mr->base, *jdx);
		phys_addr_t end = mr->base + mr->size;

		while (start < end) {
			phys_addr_t gap_end = end;
			bool moved = false;

			for (unsigned long r = 0; r < rsv->cnt; r++) {
				const struct memblock_region *rr =
					&rsv->regions[r];
				phys_addr_t rend = rr->base + rr->size;

				if (rend <= start)
					continue;
				if (rr->base <= start) {
					start = rend;	/* inside a reservation */
					moved = true;
					break;
				}
				gap_end = min_u64(gap_end, rr->base);
				break;	/* sorted: the first one above decides */
			}
			if (moved)
				continue;
			if (start >= end)
				break;
			*out_start = start;
			*out_end = gap_end;
			if (out_nid)
				*out_nid = mr->nid;
			*jdx = (unsigned long)gap_end;
			return true;
		}
	}
	return false;
}

/* Highest aligned free [x, x+size) inside [start, end), or 0. */
static phys_addr_t memblock_find_in_range(struct memblock *mb, phys_addr_t size,
					  phys_addr_t align, phys_addr_t start,
					  phys_addr_t end, int nid)
{
	unsigned long i, j;
	phys_addr_t s, e, found = 0;
	int rnid;

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end > mb->current_limit)
		end = mb->current_limit;
	start = max_u64(start, PAGE_SIZE);	/* never hand out page 0 */
	for_each_free_mem_range(i, j, mb, &s, &e, &rnid) {
		phys_addr_t cand;

		if (nid != NUMA_NO_NODE && rnid != nid)
			continue;
		s = max_u64(s, start);
		e = min_u64(e, end);
		if (e <= s || e - s < size)
			continue;
		cand = ALIGN_DOWN(e - size, align);
		if (cand >= s && cand > found)
			found = cand;
	}
	return found;
}

/**
 * memblock_phys_alloc_range - allocate and reserve boot memory, top-down
 * @mb: memblock
 * @size: bytes
 * @align: power-of-two alignment
 * @start: lowest acceptable address
 * @end: one past the highest, or MEMBLOCK_ALLOC_ACCESSIBLE for current_limit
 * @owner: name recorded with the reservation
 *
 * Return: physical address, or 0 when nothing fits.
 */
phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end, const char *owner)
{
	phys_addr_t found;

	if (!size || (align & (align - 1)))
		return 0;
	if (!align)
		align = PAGE_SIZE;
	found = memblock_find_in_range(mb, size, align, start, end,
				       NUMA_NO_NODE);
	if (found && memblock_reserve(mb, found, size, owner))
		return 0;
	return found;
}

/* Node-local first, then anywhere (memblock_alloc_try_nid). */
phys_addr_t memblock_phys_alloc_try_nid(struct memblock *mb, phys_addr_t size,
					phys_addr_t align, int nid,
					const char *owner)
{
	phys_addr_t found;

	if (!align)
		align = PAGE_SIZE;
	found = memblock_find_in_range(mb, size, align, 0,
				       MEMBLOCK_ALLOC_ACCESSIBLE, nid);
	if (!found)
		found = memblock_find_in_range(mb, size, align, 0,
					       MEMBLOCK_ALLOC_ACCESSIBLE,
					       NUMA_NO_NODE);
	if (found && memblock_reserve(mb, found, size, owner))
		return 0;
	return found;
}

static bool memblock_type_contains(const struct memblock_type *type,
				   phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= r->base + r->size)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/**
 * memblock_is_memory - is @addr in a memory region
 * @mb: the machine's memblock
 * @addr: physical address
 *
 * Return: true if it is.
 */
bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_type_contains(&mb->memory, addr);
}

/**
 * memblock_is_reserved - is @addr in a reserved region
 * @mb: the machine's memblock
 * @addr: physical address
 *
 * Return: true if it is.
 */
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_type_contains(&mb->reserved, addr);
}

/**
 * memblock_is_region_reserved - does a range overlap a reserved region
 * @mb: the machine's memblock
 * @base: start
 * @size: bytes
 *
 * Return: true if any byte of it is reserved.
 */
bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base,
				 phys_addr_t size)
{
	for (unsigned long i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base < base + size && base < r->base + r->size)
			return true;
	}
	return false;
}

/**
 * memblock_start_of_DRAM - lowest address of memory
 * @mb: the machine's memblock
 *
 * Return: the base of the first memory region, 0 without memory.
 */
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb)
{
	return mb->memory.cnt ? mb->memory.regions[0].base : 0;
}

/**
 * memblock_end_of_DRAM - end of the highest memory region
 * @mb: the machine's memblock
 *
 * Return: its end (exclusive), 0 without memory.
 */
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb)
{
	const struct memblock_region *r;

	if (!mb->memory.cnt)
		return 0;
	r = &mb->memory.regions[mb->memory.cnt - 1];
	return r->base + r->size;
}

/**
 * memblock_phys_mem_size - bytes of memory, holes excluded
 * @mb: the machine's memblock
 *
 * Return: the sum of the memory regions' sizes.
 */
phys_addr_t memblock_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

/**
 * memblock_present_pages_in - whole pages of memory in a pfn range
 * @mb: the machine's memblock
 * @start_pfn: first pfn
 * @end_pfn: pfn after the last
 *
 * Return: pages of [@start_pfn, @end_pfn) inside memory regions, reserved
 * or not.
 */
unsigned long memblock_present_pages_in(const struct memblock *mb,
					unsigned long start_pfn,
					unsigned long end_pfn)
{
	unsigned long nr = 0;

	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		unsigned long s = PFN_UP(r->base), e = PFN_DOWN(r->base + r->size);

		if (s < start_pfn)
			s = start_pfn;
		if (e > end_pfn)
			e = end_pfn;
		if (e > s)
			nr += e - s;
	}
	return nr;
}

/**
 * memblock_free_pages_in - whole free pages in a pfn range
 * @mb: the machine's memblock
 * @start_pfn: first pfn
 * @end_pfn: pfn after the last
 *
 * Return: pages of [@start_pfn, @end_pfn) that are memory and not reserved.
 */
unsigned long memblock_free_pages_in(const struct memblock *mb,
				     unsigned long start_pfn,
				     unsigned long end_pfn)
{
	unsigned long i, j, nr = 0;
	phys_addr_t s, e;

	for_each_free_mem_range(i, j, mb, &s, &e, NULL) {
		unsigned long ps = PFN_UP(s), pe = PFN_DOWN(e);

		if (ps < start_pfn)
			ps = start_pfn;
		if (pe > end_pfn)
			pe = end_pfn;
		if (pe > ps)
			nr += pe - ps;
	}
	return nr;
}

static int memblock_type_check(struct machine *m,
			       const struct memblock_type *type)
{
	phys_addr_t total = 0;
	int bad = 0;

	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		total += r->size;
		if (!r->size || r->base + r->size < r->base) {
			check_fail(m, "memblock.%s[%lu]: bad range 0x%llx+0x%llx",
				   type->name, i, (unsigned long long)r->base,
				   (unsigned long long)r->size);
			bad = 1;
		}
		if (i && type->regions[i - 1].base + type->regions[i - 1].size >
			 r->base) {
			check_fail(m, "memblock.%s[%lu]: overlaps or unsorted",
				   type->name, i);
			bad = 1;
		}
	}
	if (total != type->total_size) {
		check_fail(m, "memblock.%s: total_size 0x%llx != sum 0x%llx",
			   type->name, (unsigned long long)type->total_size,
			   (unsigned long long)total);
		bad = 1;
	}
	return bad;
}

/**
 * memblock_check - invariants of both memblock arrays
 * @m: machine
 *
 * Return: 0 when sorted, disjoint and consistently summed.
 */
int memblock_check(struct machine *m)
{
	return memblock_type_check(m, &m->memblock.memory) |
	       memblock_type_check(m, &m->memblock.reserved);
}
