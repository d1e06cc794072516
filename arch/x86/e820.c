// SPDX-License-Identifier: GPL-2.0
/*
 * The BIOS e820 memory map of a PC, as QEMU's i440FX board reports it
 * (what arch/x86/kernel/e820.c then reads):
 *
 *	[0, 0x9fc00)		usable: conventional memory below 640K
 *	[0x9fc00, 0xa0000)	reserved: the Extended BIOS Data Area
 *	[0xf0000, 0x100000)	reserved: the System ROM (BIOS)
 *	[1M, min(mem, 3G))	usable
 *	[4G, 4G + mem - 3G)	usable: RAM displaced by the 3G-4G PCI hole
 *
 * The legacy 640K-1M hole (VGA memory, option ROMs) is not RAM, and the
 * PCI MMIO hole pushes RAM above 3G to 4G and up, so a "4G" PC has RAM
 * ending at 5G. --mem counts RAM bytes; the 384K shadowed by the legacy
 * hole are lost, as on a real PC.
 */
#include "x86.h"

#define EBDA_START	0x9fc00ULL
#define LEGACY_HOLE	0xa0000ULL
#define BIOS_ROM_START	0xf0000ULL
#define PCI_HOLE_START	(3 * SZ_1G)	/* SIM: QEMU moves it to 3.5G for
					 * some sizes; always 3G here */

/**
 * e820_firmware_memmap - describe a PC's RAM the way its BIOS does
 * @m: the machine; m->cfg.mem bytes of RAM
 */
void e820_firmware_memmap(struct machine *m)
{
	u64 mem = m->cfg.mem;
	u64 low_end = min_u64(mem, PCI_HOLE_START);

	fw_memmap_add(&m->fw, 0, EBDA_START, E820_TYPE_RAM, "System RAM");
	fw_memmap_add(&m->fw, EBDA_START, LEGACY_HOLE - EBDA_START,
		      E820_TYPE_RESERVED, "Reserved");
	fw_memmap_add(&m->fw, BIOS_ROM_START, SZ_1M - BIOS_ROM_START,
		      E820_TYPE_RESERVED, "System ROM");
	if (low_end > SZ_1M)
		fw_memmap_add(&m->fw, SZ_1M, low_end - SZ_1M, E820_TYPE_RAM,
			      "System RAM");
	if (mem > PCI_HOLE_START)
		fw_memmap_add(&m->fw, SZ_4G, mem - PCI_HOLE_START,
			      E820_TYPE_RAM, "System RAM");
}
