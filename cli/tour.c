// SPDX-License-Identifier: GPL-2.0
#include "cli.h"
int cmd_tour(struct lmm_host *host, int argc, char **argv) { return 0; }
