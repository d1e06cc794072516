/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log (dmesg) of the current machine, with Linux's printk API.
 * Lines carry Linux's "[    0.000000] " timestamp from the simulated clock.
 */
#ifndef MMSIM_PRINTK_H
#define MMSIM_PRINTK_H

#include <stdarg.h>

#include "types.h"

#define KERN_EMERG	0
#define KERN_ALERT	1
#define KERN_CRIT	2
#define KERN_ERR	3
#define KERN_WARNING	4
#define KERN_NOTICE	5
#define KERN_INFO	6
#define KERN_DEBUG	7

struct machine;

void vprintk_machine(struct machine *m, int level, const char *fmt,
		     va_list ap);
void printk_machine(struct machine *m, int level, const char *fmt, ...)
	__printf(3, 4);
/* Continue the previous line (pr_cont). */
void printk_cont(struct machine *m, const char *fmt, ...) __printf(2, 3);

#define pr_emerg(fmt, ...)	printk_machine(current_machine(), KERN_EMERG, fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk_machine(current_machine(), KERN_ERR, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk_machine(current_machine(), KERN_WARNING, fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk_machine(current_machine(), KERN_NOTICE, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk_machine(current_machine(), KERN_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk_machine(current_machine(), KERN_DEBUG, fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk_cont(current_machine(), fmt, ##__VA_ARGS__)

#endif /* MMSIM_PRINTK_H */
