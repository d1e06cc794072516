// SPDX-License-Identifier: GPL-2.0
/*
 * What arch/arm/mm/fault.c reads of a user fault: do_DataAbort() takes
 * DFAR and DFSR (FS[4:0], WnR), do_PrefetchAbort() IFAR and IFSR. The
 * fsr_info[] table sends translation, access-flag and permission faults
 * to do_page_fault(), whose generic part is do_user_addr_fault() in
 * mm/fault.c.
 */
#include <hw/mmu.h>
#include <mmsim/mm.h>

#include "arm.h"

void arm_decode_user_fault(const struct mmu_fault *f, struct user_fault *uf)
{
	unsigned int fs = (f->fsr & 0xf) | ((f->fsr >> 6) & 0x10);

	uf->addr = f->addr;
	uf->code = f->fsr;
	uf->gp = false;
	uf->rsvd = false;
	uf->flags = FAULT_FLAG_USER;
	if (f->vector == ARM_VEC_PREFETCH_ABORT)
		uf->flags |= FAULT_FLAG_INSTRUCTION;
	else if (f->fsr & BIT(11))
		uf->flags |= FAULT_FLAG_WRITE;
	/* Permission and domain faults: the entry was there. */
	uf->prot = fs == ARM_FS_PERM_PAGE || fs == ARM_FS_PERM_SECT ||
		   fs == ARM_FS_DOMAIN_PAGE || fs == ARM_FS_DOMAIN_SECT;
}
