/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_host_info(): the line a benchmark prints about the host it ran
 * on (CPU model, CPUs, load average), since a shared machine's load
 * decides how to read its figures. getloadavg() needs _DEFAULT_SOURCE
 * (or _GNU_SOURCE) defined before the first include.
 */
#ifndef MMSIM_BENCH_HOST_H
#define MMSIM_BENCH_HOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void bench_host_info(void)
{
	char line[256], model[200] = "unknown CPU";
	double load[3] = { 0 };
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c) {
			snprintf(model, sizeof(model), "%s", c + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	if (getloadavg(load, 3) < 0)
		load[0] = load[1] = load[2] = -1;
	printf("host: %s, %ld CPUs, load average %.2f %.2f %.2f\n", model,
	       sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2]);
}

#endif /* MMSIM_BENCH_HOST_H */
