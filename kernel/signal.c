// SPDX-License-Identifier: GPL-2.0
/*
 * Signals, the part faults need (kernel/signal.c): force_sig_fault()
 * records the siginfo, emits signal:signal_generate, and applies the
 * default action of SIGSEGV / SIGKILL: the process dies (do_exit) and
 * its memory is freed. No handlers, masks or queues yet.
 */
#include <stdlib.h>

#include <mmsim/mm.h>

/**
 * signal_name - "SIGSEGV" for 11
 * @sig: a signal number
 *
 * Return: the name, or "SIG?".
 */
const char *signal_name(int sig)
{
	switch (sig) {
	case SIGABRT: return "SIGABRT";
	case SIGKILL: return "SIGKILL";
	case SIGBUS: return "SIGBUS";
	case SIGSEGV: return "SIGSEGV";
	default: return "SIG?";
	}
}

/**
 * segv_code_name - the name of a SIGSEGV si_code
 * @code: SEGV_MAPERR, SEGV_ACCERR or SI_KERNEL
 *
 * Return: "SEGV_MAPERR", ...
 */
const char *segv_code_name(int code)
{
	switch (code) {
	case SEGV_MAPERR: return "SEGV_MAPERR";
	case SEGV_ACCERR: return "SEGV_ACCERR";
	case SI_KERNEL: return "SI_KERNEL";
	default: return "?";
	}
}

/**
 * force_sig_fault - send @sig for a fault at @addr to @tsk
 * @tsk: the task
 * @sig: SIGSEGV (SIGBUS past the end of a mapped file, SIGKILL for an
 *	OOM kill, SIGABRT for abort())
 * @code: si_code
 * @addr: si_addr
 *
 * The default action of these signals terminates the process: it is
 * killed and its memory freed; the record stays for task:signals().
 *
 * Context: acts on current_machine().
 * Return: -EFAULT (the access did not complete), or -ENOMEM when the
 * record cannot be kept (the task dies all the same).
 */
int force_sig_fault(struct task_struct *tsk, int sig, int code, u64 addr)
{
	struct machine *m = current_machine();
	int ret = -EFAULT;

	trace_event(m, "signal:signal_generate", TF_I("sig", sig),
		    TF_I("errno", 0), TF_I("code", code),
		    TF_S("comm", tsk->comm), TF_I("pid", tsk->pid),
		    TF_I("grp", 1), TF_I("res", 0));
	if (tsk->nr_sigs == tsk->cap_sigs) {
		int cap = tsk->cap_sigs ? 2 * tsk->cap_sigs : 4;
		struct ksiginfo *n = realloc(tsk->sigs, (size_t)cap *
					     sizeof(*n));

		if (n) {
			tsk->sigs = n;
			tsk->cap_sigs = cap;
		}
	}
	if (tsk->nr_sigs < tsk->cap_sigs)
		tsk->sigs[tsk->nr_sigs++] = (struct ksiginfo){
			.si_signo = sig, .si_code = code, .si_addr = addr };
	else
		ret = -ENOMEM;
	do_exit(tsk, sig);
	return ret;
}
