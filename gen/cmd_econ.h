/*
 * cmd_econ.h - `llmcost econ SUB`: the articles' back-of-envelope economics on the command
 * line, one subcommand per question (chinchilla, query, search-revenue, bandwidth, moe, words,
 * gpu-cost). Each reads its numbers from options only (no table), calls the pure functions of
 * estimate.h and prints one record as a table, CSV or JSON (fmt.h), so every seed number that
 * is not a property of a model on a chip can be reproduced from the command line.
 */
#ifndef LLMCOST_CMD_ECON_H
#define LLMCOST_CMD_ECON_H

#include <stdio.h>

#include "cli.h"

/*
 * Runs `llmcost econ SUB [options]`; argv[0..argc) are the words after "econ", cmd is the econ
 * command of cli.c (its help lists the subcommands). --inputs DIR may come before SUB as well
 * as after it. The record and any help go to out (a table by default when out is a terminal,
 * else CSV); mistakes are reported through err.h. Returns an exit code (err.h).
 */
int cmd_econ(const struct command *cmd, int argc, char **argv, FILE *out);

/* The i-th subcommand (its name is "econ SUB"), or NULL past the last. */
const struct command *econ_sub(size_t i);
/* The subcommand named name ("query", without "econ "), or NULL. */
const struct command *econ_find_sub(const char *name);
/* The subcommand name nearest to a misspelt one ("chinchila" -> "chinchilla"), or NULL. */
const char *econ_suggest_sub(const char *name);
/* How many of argv[0..argc) are options econ takes before SUB ("--inputs DIR",
 * "--inputs=DIR"); they are passed on to SUB after its own words. */
int econ_leading_opts(int argc, char **argv);

#endif
