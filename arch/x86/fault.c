// SPDX-License-Identifier: GPL-2.0
/*
 * What arch/x86/mm/fault.c reads of a user fault: handle_page_fault()
 * takes CR2 and the #PF error code (X86_PF_WRITE, X86_PF_INSTR,
 * X86_PF_PROT, X86_PF_RSVD); exc_general_protection() a #GP, which for
 * user mode is a SIGSEGV with si_addr 0. The generic rest is
 * do_user_addr_fault() in mm/fault.c.
 */
#include <hw/mmu.h>
#include <mmsim/mm.h>

#include "x86.h"

void x86_decode_user_fault(const struct mmu_fault *f, struct user_fault *uf)
{
	uf->addr = f->addr;
	uf->code = f->error_code;
	uf->gp = f->vector == X86_TRAP_GP;
	uf->flags = FAULT_FLAG_USER;
	if (f->error_code & X86_PF_WRITE)
		uf->flags |= FAULT_FLAG_WRITE;
	if (f->error_code & X86_PF_INSTR)
		uf->flags |= FAULT_FLAG_INSTRUCTION;
	uf->prot = f->error_code & X86_PF_PROT;
	uf->rsvd = f->error_code & X86_PF_RSVD;
}
