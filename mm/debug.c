// SPDX-License-Identifier: GPL-2.0
/* Names for dumps, as mm/debug.c and include/trace/events/mmflags.h. */
#include <mmsim/mmzone.h>
#include <mmsim/page-flags.h>

const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_writeback] = "writeback",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_lru] = "lru",
	[PG_head] = "head",
	[PG_waiters] = "waiters",
	[PG_active] = "active",
	[PG_workingset] = "workingset",
	[PG_owner_priv_1] = "owner_priv_1",
	[PG_owner_2] = "owner_2",
	[PG_arch_1] = "arch_1",
	[PG_reserved] = "reserved",
	[PG_private] = "private",
	[PG_private_2] = "private_2",
	[PG_reclaim] = "reclaim",
	[PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable",
	[PG_dropbehind] = "dropbehind",
	[PG_mlocked] = "mlocked",
};
