/*
 * cmd_econ.h - `llmcost econ SUB`: the articles' back-of-envelope economics on the command
 * line, one subcommand per question (chinchilla, query, search-revenue, bandwidth, moe, words,
 * gpu-cost). Each reads its numbers from options only (no table), calls the pure functions of
 * estimate.h and prints one record as a table, CSV or JSON (fmt.h), so every seed number that
 * is not a property of a model on a chip can be reproduced from the command line.
 */
#ifndef LLMCOST_CMD_ECON_H
#define LLMCOST_CMD_ECON_H

#include "cli.h"

/* Runs `llmcost econ SUB [options]`; argv[0..argc) are the words after "econ", cmd is the
 * econ command of cli.c (its help lists the subcommands). Returns an exit code (err.h). */
int cmd_econ(const struct command *cmd, int argc, char **argv);

#endif
