/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-zone and per-node counters and VM events, as include/linux/mmzone.h
 * (enum zone_stat_item, enum node_stat_item) and vm_event_item.h. Names
 * match /proc/vmstat and /proc/zoneinfo.
 */
#ifndef MMSIM_VMSTAT_H
#define MMSIM_VMSTAT_H

#include "machine.h"

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_BOUNCE,
	NR_ZSPAGES,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];

static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = zone->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long global_zone_page_state(enum zone_stat_item item);

#endif /* MMSIM_VMSTAT_H */
