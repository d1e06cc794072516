/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated machine: the hardware (RAM, CPUs, firmware memory map) and
 * the kernel state that runs on it. Several machines may live in one host
 * process; Linux-named kernel functions act on the calling thread's current
 * machine (set with machine_enter()), which keeps their Linux signatures.
 */
#ifndef MMSIM_MACHINE_H
#define MMSIM_MACHINE_H

#include "kconfig.h"
#include "layout.h"
#include "memblock.h"
#include "mmzone.h"
#include "printk.h"
#include "strbuf.h"
#include "trace.h"
#include <hw/ram.h>
#include <hw/cpu.h>
#include <hw/firmware.h>

enum mm_arch_id {
	ARCH_X86_32,
	ARCH_X86_32_PAE,
	ARCH_X86_64,
	ARCH_X86_64_LA57,
	ARCH_ARM32,
	NR_ARCHS
};

enum layout_gen {
	LAYOUT_MAINLINE,	/* today's x86_64 layout (direct map 0xffff888...) */
	LAYOUT_4X,		/* the 4.x-era layout of note 001 */
};

/* The boot options: keys mirror the CLI's long options. */
struct machine_config {
	enum mm_arch_id arch;
	u64 mem;		/* bytes of RAM */
	int cpus;
	int nodes;
	u64 vmsplit;		/* 32-bit: user/kernel split, 3G, 2G or 1G */
	u64 dma_limit;		/* arm32: device DMA limit, 0 = none */
	u64 vmalloc;		/* vmalloc= size, 0 = architecture default */
	enum layout_gen layout;
	u64 seed;
	char cmdline[256];	/* kernel command line (slub_debug=...) */
	char disk[256];		/* --disk: ext2 image mounted at /mnt */
	u64 kconfig_set, kconfig_val;	/* --config: BIT(KC_*) given, and their y/n */
};

void machine_config_default(struct machine_config *cfg);
/*
 * Parse "512M", "2G", "64G", "0x1000": 0 on success, -EINVAL for bad
 * syntax, -ERANGE for a value beyond 2^64-1.
 */
int parse_size(const char *s, u64 *out);
/* What parse_size() accepts, for error messages (Linux's memparse()). */
#define SIZE_SYNTAX \
	"expected a decimal, 0x hex or 0 octal integer and an optional " \
	"K, M, G, T, P or E suffix, binary units as Linux's memparse: 512M, 0x1000"
/* Format @bytes the way parse_size() accepts them: "512M", "2G", "4096". */
const char *format_size(u64 bytes, char *buf, size_t len);
/*
 * Apply one boot option (key as mm.boot{} spells it: "mem", "dma_limit";
 * the CLI maps "--dma-limit" to "dma_limit") given as text. Shared by the
 * CLI and mm.boot{} so both accept and reject the same values.
 * Return: 0, -ENOENT for an unknown key, -EINVAL for a bad value, with a
 * one-line lower-case reason in @err.
 */
int lmm_config_set(struct machine_config *cfg, bool *trace, const char *key,
		   const char *val, char *err, size_t errlen);
/* The keys lmm_config_set() knows, NULL-terminated. */
extern const char *const lmm_config_keys[];
int parse_arch(const char *s, enum mm_arch_id *out);
const char *arch_name(enum mm_arch_id id);

struct arch_ops;

struct machine {
	struct machine_config cfg;
	const struct arch_ops *arch;
	struct kconfig kconfig;		/* kernel/kconfig.c: CONFIG_* */

	/* Hardware (hw/): what a board gives the kernel. */
	struct phys_ram ram;
	struct fw_memmap fw;		/* e820 table or DT memory nodes */
	int nr_cpus;
	struct cpu *cpus;

	/* Kernel state. */
	struct memblock memblock;
	struct kernel_layout layout;
	unsigned long max_pfn;		/* highest RAM pfn + 1 */
	unsigned long max_low_pfn;	/* end of lowmem (direct-mapped) */
	unsigned long min_low_pfn;	/* first RAM pfn */
	unsigned long max_zone_pfn[MAX_NR_ZONES]; /* zone upper limits */
	unsigned int pb_order;		/* pageblock_order (mmzone.h) */
	u16 *zone_lookup;		/* pfn >> ZONE_LOOKUP_SHIFT -> zone_table */
	unsigned long zone_lookup_len;
	struct zone *zone_table[1 + MAX_NUMNODES * MAX_NR_ZONES]; /* [0] NULL */
	int nr_node_ids;
	pg_data_t *node_data[MAX_NUMNODES];
	struct page *mem_map;		/* host array, indexed by pfn */
	size_t mem_map_bytes;		/* length of the host reservation */
	u64 mem_map_sim_bytes;		/* simulated mem_map, all nodes */
	phys_addr_t mem_map_phys[MAX_NUMNODES]; /* simulated copies */
	unsigned long totalram_pages;	/* managed pages, all zones */
	unsigned long totalhigh_pages;
	unsigned long reserved_pages;	/* present but kept by boot */
	phys_addr_t kernel_phys_start, kernel_phys_end;
	phys_addr_t ignored_ram;	/* RAM the arch could not address */

	/* Subsystem state hung off the machine (opaque here). */
	struct page_alloc_state *pa;	/* mm/page_alloc.c */
	struct paging_state *paging;	/* arch page tables, init_mm */
	struct slab_state *slab;	/* mm/slab_common.c */
	struct procs_state *procs;	/* kernel/fork.c: processes */
	struct highmem_state *highmem;	/* mm/highmem.c: kmap, fixmap */
	struct vmalloc_state *vmalloc;	/* mm/vmalloc.c */
	struct raw_access *raw;		/* raw-write policy, taint: mm/raw_access.c */
	struct fs_state *fs;		/* fs/super.c: VFS, page cache LRU, writeback */

	/* Observation. */
	struct trace_state trace;
	struct strbuf dmesg;
	bool dmesg_line_open;
	u64 clock_ns;			/* simulated time, for timestamps */
	struct strbuf check_report;	/* last m:check() failures */
	bool booted;
};

/*
 * The calling thread's current machine. C11 _Thread_local so that several
 * machines can run in several threads without sharing a hidden global.
 */
extern _Thread_local struct machine *mm_current_machine;

static inline struct machine *current_machine(void)
{
	return mm_current_machine;
}

/* Make @m current; returns the previous one so callers can restore it. */
static inline struct machine *machine_enter(struct machine *m)
{
	struct machine *prev = mm_current_machine;

	mm_current_machine = m;
	return prev;
}

/*
 * Boot a machine. On failure returns NULL and writes a one-line reason
 * ("--mem: 8T is beyond x86_64's ...") to @err.
 */
struct machine *machine_boot(const struct machine_config *cfg, char *err,
			     size_t errlen);
void machine_destroy(struct machine *m);

/*
 * The kernel image's sections, in load order, as /proc/iomem and the
 * "Memory:" boot line name them.
 */
enum kernel_section { KSEC_CODE, KSEC_RODATA, KSEC_DATA, KSEC_INIT, KSEC_BSS,
		      NR_KSECS };
struct kernel_section_range {
	const char *name;	/* "Kernel code", ... */
	phys_addr_t start, end;	/* end exclusive */
};
void kernel_image_sections(const struct machine *m,
			   struct kernel_section_range out[NR_KSECS]);

/* Full invariant check (CONFIG_DEBUG_VM): 0, or -EUCLEAN with a report. */
int machine_check(struct machine *m);
/* Record one broken invariant; used by the *_check() functions. */
void check_fail(struct machine *m, const char *fmt, ...) __printf(2, 3);

/* struct page <-> pfn, the vmemmap way: one array indexed by pfn. */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return current_machine()->mem_map + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - current_machine()->mem_map);
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < current_machine()->max_pfn;
}

static inline pg_data_t *NODE_DATA(int nid)
{
	return current_machine()->node_data[nid];
}

#define for_each_online_node(nid) \
	for (nid = 0; nid < current_machine()->nr_node_ids; nid++)

/* Node and zone of a pfn; NULL for a pfn in no zone (a hole). */
int pfn_to_nid(unsigned long pfn);
struct zone *__pfn_to_zone(unsigned long pfn);

/*
 * Fast path: a table with one entry per pageblock names the zone when the
 * whole pageblock lies in one zone (the common case); boundaries inside a
 * pageblock fall back to the search.
 */
#define ZONE_LOOKUP_SHIFT	9	/* pageblock_order */
#define ZONE_LOOKUP_MIXED	0xffff

static inline struct zone *pfn_to_zone(unsigned long pfn)
{
	struct machine *m = current_machine();
	unsigned long idx = pfn >> ZONE_LOOKUP_SHIFT;

	if (likely(idx < m->zone_lookup_len)) {
		u16 z = m->zone_lookup[idx];

		if (likely(z != ZONE_LOOKUP_MIXED))
			return m->zone_table[z];
	}
	return __pfn_to_zone(pfn);
}

/*
 * SIM: Linux keeps zone and node in page->flags; mmsim derives them from
 * the pfn (see mm_types.h on the zero-filled struct page).
 */
static inline struct zone *page_zone(const struct page *page)
{
	return pfn_to_zone(page_to_pfn(page));
}

/* Through the zone lookup table: no walk over the nodes (rmap, vmstat). */
static inline int page_to_nid(const struct page *page)
{
	const struct zone *zone = page_zone(page);

	return zone ? zone->zone_pgdat->node_id : NUMA_NO_NODE;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return page_zone(page)->idx;
}

#define for_each_populated_zone(zone, m)				\
	for (int __nid = 0; __nid < (m)->nr_node_ids; __nid++)		\
		for (zone = (m)->node_data[__nid]->node_zones;		\
		     zone < (m)->node_data[__nid]->node_zones + MAX_NR_ZONES; \
		     zone++)						\
			if (!populated_zone(zone)) {} else

#endif /* MMSIM_MACHINE_H */
