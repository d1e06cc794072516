// SPDX-License-Identifier: GPL-2.0
/*
 * The generic half of a user page fault, as arch/x86/mm/fault.c
 * do_user_addr_fault() and arch/arm/mm/fault.c do_page_fault() share it:
 * find the VMA (growing a stack down to the address), check the access
 * against its flags (access_error), call handle_mm_fault(), or send
 * SIGSEGV with SEGV_MAPERR (no VMA) / SEGV_ACCERR (the VMA forbids it).
 * Also the user-mode access loop behind task:read/write: the CPU
 * retries the access after each fault the kernel fixed.
 */
#include <string.h>

#include <hw/mmu.h>
#include <mmsim/mm.h>
#include <mmsim/uio.h>

/* access_error(): may this VMA be accessed so? */
static bool access_error(const struct user_fault *uf,
			 const struct vm_area_struct *vma)
{
	if (uf->flags & FAULT_FLAG_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (uf->flags & FAULT_FLAG_INSTRUCTION)
		return !(vma->vm_flags & VM_EXEC);
	/* A read of a present page that still faulted: PROT_NONE. */
	return !(vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE));
}

/*
 * A fault that cannot be fixed: a user-mode access gets the signal; a
 * kernel-mode one (copy_to_user() in a system call) gets none, as the
 * exception table's fixup turns it into -EFAULT for the caller.
 */
static int bad_area(struct task_struct *tsk, bool user, int sig, int code,
		    u64 addr)
{
	if (!user)
		return -EFAULT;
	return force_sig_fault(tsk, sig, code, addr);
}

static int __do_user_addr_fault(struct task_struct *tsk,
				const struct user_fault *uf, bool user)
{
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma;
	unsigned int ret;

	if (uf->gp)
		return bad_area(tsk, user, SIGSEGV, SI_KERNEL, 0);
	if (uf->rsvd || uf->addr >= mm->task_size ||
	    uf->addr >= current_machine()->layout.task_size)
		return bad_area(tsk, user, SIGSEGV, SEGV_MAPERR, uf->addr);
	vma = find_vma(mm, uf->addr);
	if (!vma)
		return bad_area(tsk, user, SIGSEGV, SEGV_MAPERR, uf->addr);
	if (vma->vm_start > uf->addr) {
		/* lock_mm_and_find_vma(): grow a stack down to it. */
		if (!(vma->vm_flags & VM_GROWSDOWN) ||
		    expand_stack(vma, uf->addr))
			return bad_area(tsk, user, SIGSEGV, SEGV_MAPERR,
					uf->addr);
	}
	if (access_error(uf, vma))
		return bad_area(tsk, user, SIGSEGV, SEGV_ACCERR, uf->addr);
	ret = handle_mm_fault(vma, uf->addr, uf->flags);
	if (ret & VM_FAULT_OOM)
		return force_sig_fault(tsk, SIGKILL, SI_KERNEL, 0);
	if (ret & VM_FAULT_SIGBUS)	/* do_sigbus(): past the end of a file */
		return bad_area(tsk, user, SIGBUS, BUS_ADRERR, uf->addr);
	if (ret & VM_FAULT_ERROR)
		return bad_area(tsk, user, SIGSEGV, SEGV_MAPERR, uf->addr);
	return 0;
}

/**
 * do_user_addr_fault - handle a fault a user-mode access of @tsk took
 * @tsk: the task (its mm is the one the CPU ran)
 * @uf: the decoded fault
 *
 * A #GP (non-canonical address) is SIGSEGV with SI_KERNEL and si_addr 0;
 * an address in the kernel half, a hole or a stack that may not grow is
 * SEGV_MAPERR; a VMA that forbids the access SEGV_ACCERR; a file page
 * past the end of the file SIGBUS with BUS_ADRERR; out of memory
 * kills with SIGKILL (pagefault_out_of_memory's OOM kill, in short).
 *
 * Context: acts on current_machine().
 * Return: 0 when the access may be retried, or -EFAULT when a signal was
 * sent (and the task, by the default action, died).
 */
int do_user_addr_fault(struct task_struct *tsk, const struct user_fault *uf)
{
	return __do_user_addr_fault(tsk, uf, true);
}

/* Put @tsk on a CPU: the one it last ran on, switching to it there. */
static struct cpu *task_cpu_enter(struct task_struct *tsk)
{
	struct machine *m = current_machine();
	int cpu = tsk->on_cpu >= 0 ? tsk->on_cpu : tsk->cpu;

	if (cpu < 0 || cpu >= m->nr_cpus)
		cpu = 0;
	if (tsk->on_cpu != cpu)
		context_switch(cpu, tsk);
	tsk->cpu = cpu;
	return &m->cpus[cpu];
}

/*
 * Translate the user address @va for an access of @tsk, as its CPU at
 * CPL 3 does, fixing faults and retrying as after an iret. @user: a
 * user-mode access (a fatal fault is a signal) or the kernel's
 * copy_to_user() (no signal; SIM: translated as a user access, which is
 * what stac/clac let the kernel do under SMAP/PAN).
 * Return: 0, -EFAULT or -EIO.
 */
static int user_translate(struct task_struct *tsk, u64 va, unsigned int acc,
			  bool user, phys_addr_t *pa)
{
	struct cpu *cpu = task_cpu_enter(tsk);
	struct user_fault uf;
	struct mmu_fault f;
	int tries, ret = -EFAULT, saved = cpu->cpl;

	cpu->cpl = 3;
	for (tries = 0; tries < 4; tries++) {
		ret = mmu_translate(cpu, va, acc, pa, &f);
		if (ret != -EFAULT)
			break;
		cpu->cpl = saved;
		pt_ops()->decode_user_fault(&f, &uf);
		if (__do_user_addr_fault(tsk, &uf, user))
			return -EFAULT;
		cpu->cpl = 3;
	}
	cpu->cpl = saved;
	if (ret == -EINVAL) {
		/* A linear address the CPU cannot form: #GP. */
		if (user)
			force_sig_fault(tsk, SIGSEGV, SI_KERNEL, 0);
		return -EFAULT;
	}
	return ret ? -EIO : 0;
}

/**
 * access_process_vm_user - a user-mode access by @tsk, through the MMU
 * @tsk: a live user task
 * @addr: first address
 * @buf: host buffer to read into / write from (NULL: an instruction fetch
 *	of @len bytes, nothing copied)
 * @len: bytes
 * @write: a store (else a load)
 * @exec: an instruction fetch
 *
 * The task is switched onto its CPU, which runs at CPL 3 for the access:
 * each page is translated as the CPU would (TLB, walk, A/D bits); a fault
 * goes to do_user_addr_fault() and the access is retried, as after an
 * iret. Bytes before a fatal fault are transferred.
 *
 * Context: acts on current_machine().
 * Return: 0, -EFAULT (the task got a signal and died), -ESRCH (not a
 * live user task) or -EIO (a fault the kernel fixed kept recurring).
 */
int access_process_vm_user(struct task_struct *tsk, u64 addr, void *buf,
			   u64 len, bool write, bool exec)
{
	unsigned int acc = MMU_USER | (write ? MMU_WRITE : 0) |
			   (exec ? MMU_EXEC : 0);
	struct machine *m = current_machine();
	u64 done = 0;

	if (!tsk->mm || tsk->exit_state)
		return -ESRCH;
	while (done < len) {
		u64 va = addr + done, chunk = PAGE_SIZE - (va & ~PAGE_MASK);
		phys_addr_t pa;
		int ret;

		if (chunk > len - done)
			chunk = len - done;
		ret = user_translate(tsk, va, acc, true, &pa);
		if (ret)
			return ret;
		/* The translation holds for the whole chunk (one page). */
		if (buf && write)
			ram_write(&m->ram, pa, (const u8 *)buf + done, chunk);
		else if (buf)
			ram_read(&m->ram, pa, (u8 *)buf + done, chunk);
		done += chunk;
	}
	return 0;
}

/*
 * The loop behind copy_to_user(), clear_user() and copy_from_user(): one
 * page at a time through @tsk's MMU (@write: a store of @kbuf, or of
 * zeroes when @kbuf is NULL; else a load into @kbuf). A fault the kernel
 * cannot fix ends the copy there, without a signal (the exception table's
 * fixup). Return: bytes NOT copied.
 */
static unsigned long user_copy(struct task_struct *tsk, u64 uaddr, void *kbuf,
			       unsigned long n, bool write)
{
	unsigned int acc = MMU_USER | (write ? MMU_WRITE : 0);
	struct machine *m = current_machine();
	unsigned long done = 0;

	if (!tsk || !tsk->mm || tsk->exit_state)
		return n;
	/* access_ok(): the range must lie below TASK_SIZE. */
	if (uaddr + n < uaddr || uaddr + n > tsk->mm->task_size)
		return n;
	while (done < n) {
		u64 va = uaddr + done, chunk = PAGE_SIZE - (va & ~PAGE_MASK);
		phys_addr_t pa;

		if (chunk > n - done)
			chunk = n - done;
		if (user_translate(tsk, va, acc, false, &pa))
			break;
		if (!write)
			memcpy((u8 *)kbuf + done, ram_ptr(&m->ram, pa), chunk);
		else if (kbuf)
			memcpy(ram_ptr(&m->ram, pa), (const u8 *)kbuf + done,
			       chunk);
		else
			memset(ram_ptr(&m->ram, pa), 0, chunk);
		done += chunk;
	}
	return n - done;
}

/**
 * copy_to_user - copy from the kernel into a task's memory
 * @tsk: the task whose address space @to is in (SIM: no `current`)
 * @to: user address
 * @from: kernel (host) source
 * @n: bytes
 *
 * Each page is translated through the task's MMU, faulting pages in as a
 * user store would; a bad address stops the copy without a signal (the
 * system call returns -EFAULT).
 *
 * Context: acts on current_machine().
 * Return: bytes NOT copied (0 on success).
 */
unsigned long copy_to_user(struct task_struct *tsk, u64 to, const void *from,
			   unsigned long n)
{
	return user_copy(tsk, to, (void *)from, n, true);
}

/**
 * clear_user - zero @n bytes of a task's memory
 * @tsk: the task
 * @to: user address
 * @n: bytes
 *
 * Context: acts on current_machine().
 * Return: bytes NOT zeroed.
 */
unsigned long clear_user(struct task_struct *tsk, u64 to, unsigned long n)
{
	return user_copy(tsk, to, NULL, n, true);
}

/**
 * copy_from_user - copy from a task's memory into the kernel
 * @tsk: the task whose address space @from is in
 * @to: kernel (host) destination
 * @from: user address
 * @n: bytes
 *
 * Each page is translated through the task's MMU as a user load would,
 * faulting it in; a bad address stops the copy without a signal.
 * SIM: Linux zeroes the uncopied tail of @to; callers here use only
 * the bytes copied.
 *
 * Context: acts on current_machine().
 * Return: bytes NOT copied (0 on success).
 */
unsigned long copy_from_user(struct task_struct *tsk, void *to, u64 from,
			     unsigned long n)
{
	return user_copy(tsk, from, to, n, false);
}

/**
 * fault_in_readable - fault in the pages of a user range for reading
 * @tsk: the task
 * @uaddr: first address
 * @size: bytes
 *
 * What generic_perform_write() does before it locks a page-cache folio
 * (mm/gup.c fault_in_readable()): the source pages are faulted in so
 * that the copy into the folio does not fault.
 *
 * Context: acts on current_machine().
 * Return: bytes NOT faulted in (from the first bad page on).
 */
size_t fault_in_readable(struct task_struct *tsk, u64 uaddr, size_t size)
{
	size_t done = 0;

	if (!tsk || !tsk->mm || tsk->exit_state ||
	    uaddr + size < uaddr || uaddr + size > tsk->mm->task_size)
		return size;
	while (done < size) {
		u64 va = uaddr + done, chunk = PAGE_SIZE - (va & ~PAGE_MASK);
		phys_addr_t pa;

		if (user_translate(tsk, va, MMU_USER, false, &pa))
			break;
		done += chunk > size - done ? size - done : chunk;
	}
	return size - done;
}

/**
 * strncpy_from_user - copy a NUL-terminated string from a task's memory
 * @tsk: the task
 * @dst: kernel (host) destination, @count bytes
 * @src: user address of the string
 * @count: most bytes to copy, NUL included
 *
 * Context: acts on current_machine().
 * Return: the string's length (without the NUL, which is copied), @count
 * when no NUL came within @count bytes (@dst not terminated), or
 * -EFAULT at a bad address before the NUL.
 */
long strncpy_from_user(struct task_struct *tsk, char *dst, u64 src, long count)
{
	long i = 0;

	while (i < count) {
		/* To the end of the page, so a string near a hole works. */
		u64 va = src + (u64)i;
		long chunk = (long)(PAGE_SIZE - (va & ~PAGE_MASK));
		char *nul;

		if (chunk > count - i)
			chunk = count - i;
		if (copy_from_user(tsk, dst + i, va, (unsigned long)chunk))
			return -EFAULT;
		nul = memchr(dst + i, '\0', (size_t)chunk);
		if (nul)
			return nul - dst;
		i += chunk;
	}
	return count;
}
