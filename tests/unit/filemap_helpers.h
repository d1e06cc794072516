/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the page-cache unit tests: boot a machine, open files by
 * path, count allocated pages for the leak checks, collect trace events.
 */
#ifndef MMSIM_TESTS_FILEMAP_HELPERS_H
#define MMSIM_TESTS_FILEMAP_HELPERS_H

#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

#include "../test.h"

static inline struct machine *fm_boot(enum mm_arch_id arch, const char *mem)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_config_default(&cfg);
	cfg.arch = arch;
	if (parse_size(mem, &cfg.mem))
		return NULL;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m)
		printf("# boot failed: %s\n", err);
	return m;
}

/* Pages the buddy allocator has handed out (pcp lists count as free). */
static inline long fm_allocated(struct machine *m)
{
	struct zone *zone;
	long n = 0;

	for_each_populated_zone(zone, m)
		n += zone->nr_allocated;
	return n;
}

static inline struct file *fm_open(const char *path, int flags)
{
	int err = 0;
	struct file *f = filp_open(path, flags, 0644, &err);

	if (!f)
		printf("# open %s: %d\n", path, err);
	return f;
}

static inline ssize_t fm_pwrite(struct file *f, const void *buf, size_t len,
				loff_t off)
{
	return kernel_write(f, buf, len, &off);
}

static inline ssize_t fm_pread(struct file *f, void *buf, size_t len,
			       loff_t off)
{
	return kernel_read(f, buf, len, &off);
}

/* A trace sink keeping the readahead windows. */
struct fm_ra_log {
	int n;
	unsigned long index[64], start[64], size[64], async[64];
	char why[64][16];
};

static inline void fm_ra_sink(struct machine *m, const char *event,
			      const struct trace_field *f, int nr, void *ctx)
{
	struct fm_ra_log *log = ctx;

	(void)m;
	if (strcmp(event, "readahead") || log->n >= 64)
		return;
	for (int i = 0; i < nr; i++) {
		if (!strcmp(f[i].key, "index"))
			log->index[log->n] = (unsigned long)f[i].u;
		else if (!strcmp(f[i].key, "start"))
			log->start[log->n] = (unsigned long)f[i].u;
		else if (!strcmp(f[i].key, "size"))
			log->size[log->n] = (unsigned long)f[i].u;
		else if (!strcmp(f[i].key, "async_size"))
			log->async[log->n] = (unsigned long)f[i].u;
		else if (!strcmp(f[i].key, "why"))
			snprintf(log->why[log->n], 16, "%s", f[i].s);
	}
	log->n++;
}

#endif /* MMSIM_TESTS_FILEMAP_HELPERS_H */
