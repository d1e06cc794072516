// SPDX-License-Identifier: GPL-2.0
/*
 * Node and zone initialisation, mirroring mm/mm_init.c: free_area_init()
 * sizes every zone of every node from the architecture's max_zone_pfn[]
 * and memblock's memory map, and prints the boot lines Linux prints
 * ("Zone ranges:", "Early memory node ranges", "Initmem setup node").
 *
 * mem_map: one host array indexed by pfn (SPARSEMEM_VMEMMAP-like), reserved
 * with MAP_NORESERVE so untouched entries cost nothing, plus, per node, a
 * memblock reservation in simulated RAM of spanned * sizeof(struct page) of
 * the simulated kernel so memory accounting matches Linux.
 *
 * SIM: memmap_init() does not visit every struct page; a zero-filled entry
 * already is a free page (see mm_types.h). Only reserved pages are written
 * (memmap_init_reserved_pages).
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mmsim/arch.h>
#include <mmsim/machine.h>
#include <mmsim/mm_init.h>
#include <mmsim/page-flags.h>
#include <mmsim/progress.h>

#include "internal.h"

#define SECTION_SIZE_BITS	27	/* x86_64 SPARSEMEM: 128 MiB sections */
#define SUBSECTION_SHIFT	21	/* SPARSEMEM_VMEMMAP: 2 MiB subsections */

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

/**
 * pfn_to_nid - the node whose span holds a pfn
 * @pfn: page frame number
 *
 * Return: the node id, or NUMA_NO_NODE outside every node.
 */
int pfn_to_nid(unsigned long pfn)
{
	struct machine *m = current_machine();

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		if (pfn >= pgdat->node_start_pfn && pfn < pgdat_end_pfn(pgdat))
			return nid;
	}
	return NUMA_NO_NODE;
}

/**
 * __pfn_to_zone - the zone of a pfn by searching the zone spans
 * @pfn: page frame number
 *
 * The slow path of pfn_to_zone(), for pageblocks that cross a zone
 * boundary.
 *
 * Return: the zone, or NULL for a pfn in no zone.
 */
struct zone *__pfn_to_zone(unsigned long pfn)
{
	struct machine *m = current_machine();

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		if (pfn < pgdat->node_start_pfn || pfn >= pgdat_end_pfn(pgdat))
			continue;
		for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
			struct zone *zone = &pgdat->node_zones[z];

			if (zone->spanned_pages && zone_spans_pfn(zone, pfn))
				return zone;
		}
		return NULL;
	}
	return NULL;
}

/* Lowest pfn a zone may start at: the end of the configured zone below. */
static void zone_limits(struct machine *m, unsigned long lo[MAX_NR_ZONES],
			unsigned long hi[MAX_NR_ZONES])
{
	unsigned long start = m->min_low_pfn;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		lo[z] = hi[z] = start;
		if (z == ZONE_MOVABLE || !zone_configured(m, z))
			continue;
		hi[z] = m->max_zone_pfn[z] > start ? m->max_zone_pfn[z] : start;
		start = hi[z];
	}
}

/* The "Zone ranges:" block of free_area_init(). */
static void print_zone_ranges(struct machine *m, const unsigned long *lo,
			      const unsigned long *hi)
{
	pr_info("Zone ranges:\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE || !zone_configured(m, z))
			continue;
		pr_info("  %-8s ", zone_names[z]);
		if (lo[z] == hi[z])
			pr_cont("empty\n");
		else
			pr_cont("[mem 0x%016llx-0x%016llx]\n",
				(unsigned long long)PFN_PHYS(lo[z]),
				(unsigned long long)PFN_PHYS(hi[z]) - 1);
	}
	pr_info("Movable zone start for each node\n");
	pr_info("Early memory node ranges\n");
	for (unsigned long i = 0; i < m->memblock.memory.cnt; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		unsigned long s = PFN_UP(r->base), e = PFN_DOWN(r->base + r->size);

		if (e > m->max_pfn)
			e = m->max_pfn;
		if (e <= s)
			continue;
		pr_info("  node %3d: [mem 0x%016llx-0x%016llx]\n", r->nid,
			(unsigned long long)PFN_PHYS(s),
			(unsigned long long)PFN_PHYS(e) - 1);
	}
}

/* Node span from memblock (get_pfn_range_for_nid). */
static void node_pfn_range(struct machine *m, int nid, unsigned long *start,
			   unsigned long *end)
{
	*start = ~0UL;
	*end = 0;
	for (unsigned long i = 0; i < m->memblock.memory.cnt; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		unsigned long s = PFN_UP(r->base), e = PFN_DOWN(r->base + r->size);

		if (r->nid != nid)
			continue;
		if (e > m->max_pfn)
			e = m->max_pfn;
		if (e <= s)
			continue;
		if (s < *start)
			*start = s;
		if (e > *end)
			*end = e;
	}
	if (*start > *end)
		*start = *end = 0;
}

/*
 * The "LIFO batch" older kernels printed: their zone_batchsize() with a
 * 512 KiB cap. SIM: from present pages, as managed is not known yet here.
 * The allocator's pcp batch is zone_batchsize() in page_alloc_init.c.
 */
static int zone_batchsize_hint(const struct zone *zone)
{
	return batchsize_for(zone->present_pages, 512 * 1024);
}

/*
 * Pages of [s, e) that have a struct page: all of them with FLATMEM
 * (32-bit), only those in present memory sections with SPARSEMEM, where
 * init_unavailable_range() skips !pfn_valid() blocks.
 */
static unsigned long valid_pages(struct machine *m, unsigned long s,
				 unsigned long e)
{
	unsigned long per = 1UL << (SECTION_SIZE_BITS - PAGE_SHIFT);
	unsigned long nr = 0;

	if (m->arch->bits == 32)
		return e - s;
	while (s < e) {
		unsigned long sec = ALIGN_DOWN(s, per);
		unsigned long next = sec + per < e ? sec + per : e;

		if (memblock_present_pages_in(&m->memblock, sec, sec + per))
			nr += next - s;
		s = next;
	}
	return nr;
}

static void report_unavailable(struct machine *m, int nid, const char *zone,
			       unsigned long s, unsigned long e)
{
	unsigned long nr = valid_pages(m, s, e);

	if (nr)
		pr_info("On node %d, zone %s: %lu pages in unavailable ranges\n",
			nid, zone, nr);
}

/*
 * "On node 0, zone DMA: 1 pages in unavailable ranges", as memmap_init()
 * prints it: walk memory ranges in order with a hole cursor starting at
 * pfn 0, report each gap with the zone of the range that follows it, and on
 * SPARSEMEM (the 64-bit kernels) the tail up to the next section boundary.
 */
static void print_unavailable_ranges(struct machine *m)
{
	unsigned long hole_pfn = 0, end_pfn = 0;
	const char *zname = NULL;
	int last_nid = 0;

	for (unsigned long i = 0; i < m->memblock.memory.cnt; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		pg_data_t *pgdat = m->node_data[r->nid];
		unsigned long s = PFN_UP(r->base), e = PFN_DOWN(r->base + r->size);

		if (e > m->max_pfn)
			e = m->max_pfn;
		for (int z = 0; z < MAX_NR_ZONES && s < e; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long zs, ze;

			if (!zone->spanned_pages)
				continue;
			zs = s > zone->zone_start_pfn ? s : zone->zone_start_pfn;
			ze = e < zone_end_pfn(zone) ? e : zone_end_pfn(zone);
			if (zs >= ze)
				continue;
			if (hole_pfn < zs)
				report_unavailable(m, r->nid, zone->name,
						   hole_pfn, zs);
			hole_pfn = ze;
			end_pfn = ze;
			zname = zone->name;
			last_nid = r->nid;
		}
	}
	if (zname && m->arch->bits == 64) {
		unsigned long per = 1UL << (SECTION_SIZE_BITS - PAGE_SHIFT);

		end_pfn = ALIGN(end_pfn, per);
		if (hole_pfn < end_pfn)
			report_unavailable(m, last_nid, zname, hole_pfn,
					   end_pfn);
	}
}

/*
 * calc_memmap_size(): pages of struct page a zone costs. With SPARSEMEM
 * (64-bit here) a zone with holes larger than 1/16 of its present pages
 * is charged for its present pages only, as holes get no mem_map.
 */
static unsigned long calc_memmap_size(struct machine *m,
				      unsigned long spanned_pages,
				      unsigned long present_pages)
{
	unsigned long pages = spanned_pages;

	if (m->arch->bits == 64 &&
	    spanned_pages > present_pages + (present_pages >> 4))
		pages = present_pages;
	return PFN_UP((u64)pages * m->arch->struct_page_size);
}

/*
 * The per-zone mem_map cost, as free_area_init_core() printed it until
 * Linux 5.x ("On node 0 totalpages:", "DMA zone: 64 pages used for
 * memmap", never for HighMem, whose mem_map lives in lowmem and is
 * charged there); kept because it makes Z7's "about 1.5 %" visible.
 * SIM: Linux printed these at KERN_DEBUG; here they are info lines.
 */
static void print_node_memmap(struct machine *m, pg_data_t *pgdat)
{
	pr_info("On node %d totalpages: %lu\n", pgdat->node_id,
		pgdat->node_present_pages);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!zone->spanned_pages)
			continue;
		if (!is_highmem_idx(zone->idx))
			pr_info("  %s zone: %lu pages used for memmap\n",
				zone->name,
				calc_memmap_size(m, zone->spanned_pages,
						 zone->present_pages));
		pr_info("  %s zone: %lu pages, LIFO batch:%d\n", zone->name,
			zone->present_pages, zone_batchsize_hint(zone));
	}
}

/**
 * pfn_to_online_page - the struct page of @pfn if it has a valid memmap
 * @m: the machine
 * @pfn: page frame number
 *
 * Mirrors mm/memory_hotplug.c pfn_to_online_page(): 64-bit (SPARSEMEM_
 * VMEMMAP) asks the section's subsection map, which marks each 2 MiB
 * subsection that holds memblock memory, so a pfn in a hole such as the
 * PCI hole below 4 GiB has none. 32-bit (FLATMEM) has a mem_map for every
 * pfn below max_pfn.
 *
 * Return: the page, or NULL.
 */
struct page *pfn_to_online_page(struct machine *m, unsigned long pfn)
{
	unsigned long per = 1UL << (SUBSECTION_SHIFT - PAGE_SHIFT);
	unsigned long s = ALIGN_DOWN(pfn, per);

	if (pfn >= m->max_pfn)
		return NULL;
	if (m->arch->bits == 64 &&
	    !memblock_present_pages_in(&m->memblock, s, s + per))
		return NULL;
	return m->mem_map + pfn;
}

static int alloc_node_data(struct machine *m, int nid)
{
	pg_data_t *pgdat = calloc(1, sizeof(*pgdat));

	if (!pgdat)
		return -ENOMEM;
	pgdat->node_id = nid;
	m->node_data[nid] = pgdat;
	return 0;
}

static void zone_init_free_lists(struct zone *zone)
{
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		for (int t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free = 0;
	}
}

/**
 * free_area_init - size the nodes and zones, as Linux's free_area_init()
 * @m: machine after setup_arch() and the NUMA split
 *
 * Return: 0 or -ENOMEM.
 */
int free_area_init(struct machine *m)
{
	unsigned long lo[MAX_NR_ZONES], hi[MAX_NR_ZONES];

	zone_limits(m, lo, hi);
	print_zone_ranges(m, lo, hi);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned long nstart, nend;
		pg_data_t *pgdat;

		if (!m->node_data[nid] && alloc_node_data(m, nid))
			return -ENOMEM;
		pgdat = m->node_data[nid];
		node_pfn_range(m, nid, &nstart, &nend);
		pgdat->node_start_pfn = nstart;
		pgdat->node_spanned_pages = nend - nstart;
		pgdat->node_present_pages = 0;
		pr_info("Initmem setup node %d [mem 0x%016llx-0x%016llx]\n", nid,
			(unsigned long long)PFN_PHYS(nstart),
			(unsigned long long)PFN_PHYS(nend) - 1);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long zs = lo[z] > nstart ? lo[z] : nstart;
			unsigned long ze = hi[z] < nend ? hi[z] : nend;

			zone->name = zone_names[z];
			zone->idx = (enum zone_type)z;
			zone->zone_pgdat = pgdat;
			zone_init_free_lists(zone);
			if (ze <= zs) {
				zone->zone_start_pfn = 0;
				zone->spanned_pages = 0;
				zone->present_pages = 0;
				continue;
			}
			zone->zone_start_pfn = zs;
			zone->spanned_pages = ze - zs;
			zone->present_pages =
				memblock_present_pages_in(&m->memblock, zs, ze);
			pgdat->node_present_pages += zone->present_pages;
			trace_event(m, "zone_init", TF_I("nid", nid),
				    TF_S("zone", zone->name),
				    TF_X("start_pfn", zs),
				    TF_U("spanned", zone->spanned_pages),
				    TF_U("present", zone->present_pages));
		}
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		print_node_memmap(m, pgdat);
	}
	print_unavailable_ranges(m);
	return 0;
}

/**
 * build_zone_lookup - fill the pageblock -> zone table behind pfn_to_zone()
 * @m: machine whose zones are sized
 *
 * Return: 0 or -ENOMEM.
 */
int build_zone_lookup(struct machine *m)
{
	unsigned long n = (m->max_pfn >> ZONE_LOOKUP_SHIFT) + 1;
	int nr = 0;

	m->zone_lookup = calloc(n, sizeof(*m->zone_lookup));
	if (!m->zone_lookup)
		return -ENOMEM;
	m->zone_lookup_len = n;
	m->zone_table[nr++] = NULL;	/* entry 0: a hole */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &m->node_data[nid]->node_zones[z];
			unsigned long first, last;

			if (!zone->spanned_pages)
				continue;
			m->zone_table[nr] = zone;
			first = zone->zone_start_pfn >> ZONE_LOOKUP_SHIFT;
			last = (zone_end_pfn(zone) - 1) >> ZONE_LOOKUP_SHIFT;
			for (unsigned long i = first; i <= last; i++) {
				unsigned long bs = i << ZONE_LOOKUP_SHIFT;
				unsigned long be = bs + (1UL << ZONE_LOOKUP_SHIFT);
				bool whole = bs >= zone->zone_start_pfn &&
					     be <= zone_end_pfn(zone);

				m->zone_lookup[i] = whole && !m->zone_lookup[i]
						    ? (u16)nr : ZONE_LOOKUP_MIXED;
			}
			nr++;
		}
	}
	return 0;
}

/* Bytes of vmemmap a node needs: 2 MiB per present memory section. */
static u64 vmemmap_bytes(struct machine *m, pg_data_t *pgdat)
{
	unsigned long per = 1UL << (SECTION_SIZE_BITS - PAGE_SHIFT);
	unsigned long pfn = ALIGN_DOWN(pgdat->node_start_pfn, per);
	u64 bytes = 0;

	for (; pfn < pgdat_end_pfn(pgdat); pfn += per)
		if (memblock_present_pages_in(&m->memblock, pfn, pfn + per))
			bytes += ALIGN((u64)per * m->arch->struct_page_size,
				       SZ_2M);
	return bytes;
}

/**
 * alloc_mem_map - the host struct page array and its simulated reservation
 * @m: machine whose nodes are sized
 *
 * Return: 0, or -ENOMEM when lowmem cannot hold the simulated mem_map (the
 * classic x86_32 PAE squeeze) or the host refuses the reservation.
 */
int alloc_mem_map(struct machine *m)
{
	size_t len = (size_t)m->max_pfn * sizeof(struct page);
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	madvise(p, len, MADV_NOHUGEPAGE);
	m->mem_map = p;
	m->mem_map_bytes = len;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned long spanned = m->node_data[nid]->node_spanned_pages;
		u64 bytes = (u64)spanned * m->arch->struct_page_size;
		phys_addr_t pa;

		if (!spanned)
			continue;
		/*
		 * 64-bit: SPARSEMEM_VMEMMAP backs only the 128 MiB sections
		 * that hold RAM, each with PMD-sized pages (2 MiB of struct
		 * pages per section). 32-bit: one page-granular mem_map
		 * across the node span, in lowmem.
		 */
		if (m->arch->bits == 64)
			bytes = vmemmap_bytes(m, m->node_data[nid]);
		else
			bytes = ALIGN(bytes, PAGE_SIZE);
		pa = memblock_phys_alloc_try_nid(&m->memblock, bytes,
						 m->arch->bits == 64 ? SZ_2M
								     : PAGE_SIZE,
						 nid, "mem_map");
		if (!pa) {
			pr_err("mem_map: cannot allocate %llu bytes for node %d below %#llx\n",
			       (unsigned long long)bytes, nid,
			       (unsigned long long)m->memblock.current_limit);
			return -ENOMEM;
		}
		m->mem_map_phys[nid] = pa;
		m->mem_map_sim_bytes += bytes;
	}
	return 0;
}

/**
 * free_mem_map - release the host mem_map and the pfn -> zone table
 * @m: machine being destroyed
 */
void free_mem_map(struct machine *m)
{
	if (m->mem_map)
		munmap(m->mem_map, m->mem_map_bytes);
	m->mem_map = NULL;
	free(m->zone_lookup);
	m->zone_lookup = NULL;
	m->zone_lookup_len = 0;
}

/**
 * memmap_init_reserved_pages - mark the pages memblock kept
 * @m: machine whose mem_map is allocated
 *
 * Sets PG_reserved and a reference on every present page of a reserved
 * region (memmap_init_reserved_pages / reserve_bootmem_region) and counts
 * them in m->reserved_pages.
 */
void memmap_init_reserved_pages(struct machine *m)
{
	const struct memblock_type *rsv = &m->memblock.reserved;

	m->reserved_pages = 0;
	for (unsigned long i = 0; i < rsv->cnt; i++) {
		unsigned long s = PFN_DOWN(rsv->regions[i].base);
		unsigned long e = PFN_UP(rsv->regions[i].base +
					 rsv->regions[i].size);

		if (e > m->max_pfn)
			e = m->max_pfn;
		for (unsigned long pfn = s; pfn < e; pfn++) {
			if (!memblock_is_memory(&m->memblock, PFN_PHYS(pfn)))
				continue;
			SetPageReserved(&m->mem_map[pfn]);
			init_page_count(&m->mem_map[pfn]);
			m->reserved_pages++;
			if (!(pfn & 0xffff))
				progress_update("reserving pages", pfn, m->max_pfn);
		}
	}
}

/* The node spans exactly its zones, and each zone's present pages are memblock's. */
static int node_span_check(struct machine *m, pg_data_t *pgdat)
{
	unsigned long first = ~0UL, last = 0;
	int bad = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!zone->spanned_pages)
			continue;
		if (zone->zone_start_pfn < first)
			first = zone->zone_start_pfn;
		if (zone_end_pfn(zone) > last)
			last = zone_end_pfn(zone);
		if (zone->present_pages !=
		    memblock_present_pages_in(&m->memblock, zone->zone_start_pfn,
					      zone_end_pfn(zone))) {
			check_fail(m, "node %d zone %s: present %lu is not memblock's memory in its span",
				   pgdat->node_id, zone->name,
				   zone->present_pages);
			bad = 1;
		}
	}
	if (last && (first != pgdat->node_start_pfn ||
		     last != pgdat_end_pfn(pgdat))) {
		check_fail(m, "node %d: span [%#lx, %#lx) but zones cover [%#lx, %#lx)",
			   pgdat->node_id, pgdat->node_start_pfn,
			   pgdat_end_pfn(pgdat), first, last);
		bad = 1;
	}
	return bad;
}

/* MemTotal is the zones' managed pages; the rest of RAM is reserved. */
static int accounting_check(struct machine *m)
{
	unsigned long managed = 0, high = 0, present = 0;
	struct zone *zone;
	int bad = 0;

	for_each_populated_zone(zone, m) {
		managed += zone->managed_pages;
		present += zone->present_pages;
		if (is_highmem(zone))
			high += zone->managed_pages;
	}
	if (managed != m->totalram_pages || high != m->totalhigh_pages) {
		check_fail(m, "totalram_pages %lu / totalhigh_pages %lu != zones' managed %lu / %lu",
			   m->totalram_pages, m->totalhigh_pages, managed, high);
		bad = 1;
	}
	if (present != managed + m->reserved_pages) {
		check_fail(m, "present %lu != managed %lu + reserved %lu",
			   present, managed, m->reserved_pages);
		bad = 1;
	}
	return bad;
}

/* Every pageblock entry behind pfn_to_zone() names the zone spanning it. */
static int zone_lookup_check(struct machine *m)
{
	for (unsigned long i = 0; i < m->zone_lookup_len; i++) {
		unsigned long pfn = i << ZONE_LOOKUP_SHIFT;
		u16 z = m->zone_lookup[i];

		if (z == ZONE_LOOKUP_MIXED)
			continue;
		if (z > MAX_NUMNODES * MAX_NR_ZONES ||
		    m->zone_table[z] != __pfn_to_zone(pfn) ||
		    (z && !zone_spans_pfn(m->zone_table[z], pfn +
					  (1UL << ZONE_LOOKUP_SHIFT) - 1))) {
			check_fail(m, "zone lookup for pfn %#lx names the wrong zone",
				   pfn);
			return 1;
		}
	}
	return 0;
}

/**
 * zones_check - zone and node geometry invariants
 * @m: machine
 *
 * Return: 0 when zones are ordered, inside their node and disjoint.
 */
int zones_check(struct machine *m)
{
	int bad = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];
		unsigned long prev_end = 0, present = 0;

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!zone->spanned_pages)
				continue;
			present += zone->present_pages;
			if (zone->zone_start_pfn < prev_end ||
			    zone->zone_start_pfn < pgdat->node_start_pfn ||
			    zone_end_pfn(zone) > pgdat_end_pfn(pgdat)) {
				check_fail(m, "node %d zone %s: span [%#lx, %#lx) misplaced",
					   nid, zone->name, zone->zone_start_pfn,
					   zone_end_pfn(zone));
				bad = 1;
			}
			if (zone->present_pages > zone->spanned_pages ||
			    zone->managed_pages > zone->present_pages) {
				check_fail(m, "node %d zone %s: managed %lu > present %lu or present > spanned %lu",
					   nid, zone->name, zone->managed_pages,
					   zone->present_pages,
					   zone->spanned_pages);
				bad = 1;
			}
			prev_end = zone_end_pfn(zone);
		}
		if (present != pgdat->node_present_pages) {
			check_fail(m, "node %d: present %lu != sum of zones %lu",
				   nid, pgdat->node_present_pages, present);
			bad = 1;
		}
		bad |= node_span_check(m, pgdat);
	}
	return bad | accounting_check(m) | zone_lookup_check(m);
}
