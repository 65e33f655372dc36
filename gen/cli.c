/*
 * cli.c - commands, options, help texts and value parsers (see cli.h).
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calib.h"
#include "err.h"
#include "model.h"
#include "plan.h"

#define XSTR_(x) #x
#define XSTR(x) XSTR_(x)

#define H_INPUTS "folder of the input tables (default: inputs)"
#define H_FORMAT "output format: table, csv or json (default: table on a terminal, else csv)"
#define H_ASOF "price date, YYYY-MM-DD: the newest price not after it is used (default: today)"
#define H_PRICE "rental price of one GPU, USD per GPU-hour (default: prices.csv at --as-of)"
#define H_MFU_INF "prefill efficiency, fraction of peak FLOP/s, in [0.001, 1]; given, the plain " \
	"roofline is used (default: calibrated, " XSTR(CALIB_MFU_PREFILL) " for large prefills)"
#define H_MBU "decode efficiency, fraction of peak memory bandwidth, in [0.001, 1]; given, the " \
	"plain roofline is used (default: calibrated, " XSTR(CALIB_MBU_DECODE) ")"
#define H_RESERVE "memory per GPU held back for activations and runtime, GB (default: " \
	"calibrated, " XSTR(CALIB_RESERVE_BASE_GB) " GB + " XSTR(CALIB_RESERVE_FRAC) " x memory)"
#define H_WONLY "decode reads the weights only, not the KV cache (the articles' idealisation)"
#define H_HELP "print this help and exit"
#define H_MODE "serving mode: static (one batch prefills, then decodes), continuous (requests " \
	"join as others finish), chunked (continuous, prompts riding in decode steps) or disagg " \
	"(a prefill pool hands the KV cache to a decode pool); calibrated model only (default: " \
	"static)"
#define H_CHUNK "chunked mode: most prompt tokens of one request per step, tokens (default: 512)"
#define H_PREFILL "disagg mode: chips of the prefill pool, on top of --gpus (default: as many " \
	"as --gpus)"
#define H_PIPE "pipeline stages --gpus is split into; tensor parallel = gpus / stages (default: 1)"
#define H_EP "mixture of experts: chips the experts are spread over whole, dividing gpus / " \
	"stages (default: 1, experts split like dense layers)"
#define H_DRAFT "speculative decoding: the draft model, a name from models.csv (default: none)"
#define H_SPEC "tokens the draft proposes per step (required with --draft)"
#define H_ACCEPT "chance each proposed token is accepted, in [0, 1] (required with --draft)"

static const struct opt_spec estimate_opts[] = {
	{ "model", "NAME", "model, a name from models.csv (required)" },
	{ "hardware", "NAME", "accelerator, a name from hardware.csv (required)" },
	{ "gpus", "N", "chips, N-way tensor parallel (default: 1)" },
	{ "batch", "B|max", "sequences decoded together; max = the largest that fits (default: 1)" },
	{ "prompt", "N", "prompt length, tokens (default: 512)" },
	{ "gen", "N", "generated tokens per sequence (default: 512)" },
	{ "precision", "P", "weights: fp16, bf16, fp8, int8 or int4 (default: bf16)" },
	{ "kv-precision", "P", "KV cache: fp16, bf16, fp8, int8 or int4 (default: --precision)" },
	{ "mfu", "F", H_MFU_INF },
	{ "mbu", "F", H_MBU },
	{ "reserve-gb", "X", H_RESERVE },
	{ "usd-per-gpu-hour", "X", H_PRICE },
	{ "as-of", "DATE", H_ASOF },
	{ "weights-only", NULL, H_WONLY },
	{ "mode", "M", H_MODE },
	{ "chunk-tokens", "N", H_CHUNK },
	{ "prefill-gpus", "N", H_PREFILL },
	{ "pipeline", "N", H_PIPE },
	{ "expert-ways", "N", H_EP },
	{ "draft", "MODEL", H_DRAFT },
	{ "spec-tokens", "N", H_SPEC },
	{ "accept-rate", "F", H_ACCEPT },
	{ "format", "FMT", H_FORMAT },
	{ "inputs", "DIR", H_INPUTS },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec sweep_opts[] = {
	{ "sweep", "NAME", "run a named sweep of sweeps.csv; options given here replace its lists" },
	{ "model", "A,B", "models, names from models.csv (required unless --sweep)" },
	{ "hardware", "X,Y", "accelerators, names from hardware.csv (required unless --sweep)" },
	{ "gpus", "N,..", "chips, N-way tensor parallel (default: 1)" },
	{ "batch", "B,..|max", "sequences decoded together; max = the largest that fits (default: 1)" },
	{ "prompt", "N,..", "prompt lengths, tokens (default: 512)" },
	{ "gen", "N,..", "generated tokens per sequence (default: 512)" },
	{ "precision", "P,..", "weights: fp16, bf16, fp8, int8, int4 (default: bf16)" },
	{ "kv-precision", "P,..", "KV cache precisions (default: the same as --precision)" },
	{ "mfu", "F,..", H_MFU_INF },
	{ "mbu", "F,..", H_MBU },
	{ "reserve-gb", "X,..", H_RESERVE },
	{ "usd-per-gpu-hour", "X,..", H_PRICE },
	{ "as-of", "DATE", H_ASOF },
	{ "weights-only", NULL, H_WONLY },
	{ "mode", "M,..", H_MODE },
	{ "chunk-tokens", "N,..", H_CHUNK },
	{ "prefill-gpus", "N,..", H_PREFILL },
	{ "pipeline", "N,..", H_PIPE },
	{ "expert-ways", "N,..", H_EP },
	{ "draft", "M,..", "speculative decoding: draft models, names from models.csv or none "
			   "(default: none)" },
	{ "spec-tokens", "N,..", H_SPEC },
	{ "accept-rate", "F,..", H_ACCEPT },
	{ "shard", "K/N", "print only part K of N: the K-th of N contiguous blocks of rows, so "
			  "parts 1..N concatenated are the whole output (default: 1/1)" },
	{ "no-header", NULL, "leave out the CSV header (and the table's titles); parts after the "
			     "first of --shard never print it" },
	{ "format", "FMT", H_FORMAT },
	{ "inputs", "DIR", H_INPUTS },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec train_opts[] = {
	{ "model", "NAME", "model, a name from models.csv (required)" },
	{ "hardware", "NAME", "accelerator, a name from hardware.csv (required)" },
	{ "tokens", "T", "training tokens, e.g. 2e12 (required)" },
	{ "gpus", "N", "chips; without it, days is left empty (default: none)" },
	{ "seq", "N", "training sequence length, tokens (default: the model's context, at most "
		      XSTR(CALIB_TRAIN_SEQ_MAX) ")" },
	{ "mfu", "F", "fraction of peak 16-bit FLOP/s sustained, in [0.001, 1] (default: the "
		      "calibrated training model's, from the layout it picks)" },
	{ "batch-tokens", "T", "global batch, tokens; caps data parallelism at one sequence per "
			       "replica (default: " XSTR(CALIB_TRAIN_BATCH_TOKENS) " or a sequence per "
			       "replica)" },
	{ "precision", "P", "GEMM precision: bf16, fp16 or fp8 (default: bf16)" },
	{ "attention", "A", "attention kernels: flash, or unfused (scores materialised, before "
			    "2022) (default: flash)" },
	{ "recompute", "R", "activation recomputation: auto (what memory forces) or full (default: "
			    "auto)" },
	{ "tp", "N", "tensor-parallel ways (default: searched)" },
	{ "pp", "N", "pipeline stages (default: searched)" },
	{ "zero", "Z", "optimizer sharding: 1 (optimizer states) or 3 (weights too) (default: "
		       "searched)" },
	{ "usd-per-gpu-hour", "X", H_PRICE },
	{ "as-of", "DATE", H_ASOF },
	{ "format", "FMT", H_FORMAT },
	{ "inputs", "DIR", H_INPUTS },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec report_opts_spec[] = {
	{ "inputs", "DIR", H_INPUTS },
	{ "out", "DIR", "folder written: report.pdf, figures/, tables/ (default: out)" },
	{ "as-of", "DATE", "report date, YYYY-MM-DD; prices in force then are used (default: today)" },
	{ "template", "NAME", "report template, templates/NAME.tmpl -> OUT/NAME.pdf; a list "
			      "(report,brief) builds each from the same figures (default: report)" },
	{ "templates", "DIR", "folder of the templates (default: templates)" },
	{ "usd-per-gpu-hour", "X", "rental price for every GPU, USD per GPU-hour "
				   "(default: prices.csv at --as-of)" },
	{ "alert-pct", "P", "exit with 6 when a headline number moved by P% or more since the "
			    "previous record (default: 5)" },
	{ "keep", "N", "archived reports kept in OUT/archive per template, 0 = no archive "
		       "(default: 30)" },
	{ "wait", "S", "wait up to S seconds for another build on OUT to finish (default: 0)" },
	{ "quiet", NULL, "leave out the progress lines (warnings, errors and alerts still print)" },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec diff_opts[] = {
	{ "alert-pct", "P", "exit with 6 when a number moved by P% or more (default: 5)" },
	{ "inputs", "DIR", "accepted as by every command, and unused: diff reads only the two record "
			   "files (default: inputs)" },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec plan_opts[] = {
	{ "model", "NAME", "model to serve, a name from models.csv (required)" },
	{ "hardware", "X,Y", "chips to consider (default: every row of hardware.csv; chips "
			     "without a price are skipped)" },
	{ "ttft-slo", "S", "time-to-first-token target, seconds (default: none)" },
	{ "tpot-slo", "S", "time-per-output-token target, seconds (default: none)" },
	{ "qps", "Q", "requests per second to sustain over all replicas (default: none, one "
		      "replica at its full rate)" },
	{ "prompt", "N", "prompt length of a request, tokens (default: 512)" },
	{ "gen", "N", "generated tokens per request (default: 512)" },
	{ "max-gpus", "N", "most chips of all replicas together, prefill pools included "
			   "(default: " XSTR(PLAN_MAX_GPUS_DEFAULT) ")" },
	{ "max-batch", "N", "largest batch per replica, sequences (default: no limit but "
			    "memory)" },
	{ "precision", "P,..", "weight precisions to try: fp16, bf16, fp8, int8, int4; int4 "
			       "keeps an int8 KV cache (default: bf16,fp8,int8,int4)" },
	{ "mode", "M,..", "serving modes to try: static, continuous, chunked, disagg "
			  "(default: all four)" },
	{ "top", "N", "configurations printed, cheapest first (default: 10)" },
	{ "usd-per-gpu-hour", "X", "rental price for every chip, USD per GPU-hour (default: "
				   "prices.csv at --as-of)" },
	{ "as-of", "DATE", H_ASOF },
	{ "format", "FMT", H_FORMAT },
	{ "inputs", "DIR", H_INPUTS },
	{ "help", NULL, H_HELP },
};

static const struct opt_spec help_opts[] = {
	{ "help", NULL, H_HELP },
};

/* `econ` only dispatches: each subcommand has its own options (cmd_econ.c). */
static const struct opt_spec econ_opts[] = {
	{ "help", NULL, H_HELP },
};

#define N_(a) (sizeof(a) / sizeof((a)[0]))

static const struct command commands[] = {
	{ "estimate", "one inference configuration: memory, speed, cost",
	  "llmcost estimate --model NAME --hardware NAME [--gpus N] [--batch B|max] [--prompt N]\n"
	  "                 [--gen N] [--precision P] [--kv-precision P] [--mfu F] [--mbu F]\n"
	  "                 [--reserve-gb X] [--usd-per-gpu-hour X] [--as-of DATE] [--weights-only]\n"
	  "                 [--mode M] [--chunk-tokens N] [--prefill-gpus N] [--pipeline N]\n"
	  "                 [--expert-ways N] [--draft MODEL --spec-tokens N --accept-rate F]\n"
	  "                 [--format table|csv|json] [--inputs DIR]",
	  "Estimates serving one model on N chips: memory and the largest batch that fits, prefill\n"
	  "and decode speed by the roofline, and the cost per 1K prompt and generated tokens.\n"
	  "Sizes are in GB (10^9 bytes), times in seconds, prices in USD.",
	  estimate_opts, N_(estimate_opts) },
	{ "train", "one training run: FLOPs, GPU-hours, days, cost, memory",
	  "llmcost train --model NAME --hardware NAME --tokens T [--gpus N] [--seq N] [--mfu F]\n"
	  "              [--usd-per-gpu-hour X] [--as-of DATE] [--format table|csv|json]\n"
	  "              [--inputs DIR]",
	  "Training compute is 6 x active parameters x tokens; GPU-hours follow at --mfu of the\n"
	  "16-bit peak; days need --gpus. state_gb counts weights, gradients and Adam states\n"
	  "(20 bytes per parameter).",
	  train_opts, N_(train_opts) },
	{ "sweep", "many configurations: the cartesian product of option lists",
	  "llmcost sweep --model A,B --hardware X,Y [--gpus 1,2,8] [--batch 1,8,64|max]\n"
	  "              [--prompt 128,2048] [--gen 128,512] [--precision bf16,fp8]\n"
	  "              [other estimate options, each a list] [--sweep NAME] [--shard K/N]\n"
	  "              [--no-header] [--format csv]",
	  "Every option takes a comma-separated list; one row per configuration of their product,\n"
	  "with the columns of `estimate`, the last option varying fastest (model, hardware, gpus,\n"
	  "batch, prompt, gen, precision, kv-precision, mfu, mbu, reserve-gb, usd-per-gpu-hour,\n"
	  "mode, chunk-tokens, prefill-gpus, pipeline, expert-ways, draft, spec-tokens,\n"
	  "accept-rate). Options given with --sweep replace that sweep's lists. Rows stream out:\n"
	  "a million configurations run in bounded memory. --shard K/N prints the K-th of N\n"
	  "contiguous blocks (header in part 1 only): the parts, run anywhere and concatenated\n"
	  "in order, are byte for byte the whole output.",
	  sweep_opts, N_(sweep_opts) },
	{ "plan", "the cheapest ways to serve a model within latency targets at a load",
	  "llmcost plan --model NAME [--ttft-slo S] [--tpot-slo S] [--qps Q] [--prompt N]\n"
	  "             [--gen N] [--hardware X,Y] [--max-gpus N] [--max-batch N]\n"
	  "             [--precision P,..] [--mode M,..] [--top N] [--usd-per-gpu-hour X]\n"
	  "             [--as-of DATE] [--format table|csv|json] [--inputs DIR]",
	  "Searches chip x chips per model copy (powers of two: tensor parallel up to a node of\n"
	  "8, pipeline stages beyond; experts spread whole for a mixture of experts) x weight\n"
	  "precision x serving mode, takes the largest batch that fits in memory and meets both\n"
	  "targets, the replicas that sustain --qps within --max-gpus, and ranks them by USD per\n"
	  "1M tokens (prompt + generated). usd_per_1m_prompt and usd_per_1m_gen charge the whole\n"
	  "cost to one kind of token. When nothing qualifies it names the constraint that failed,\n"
	  "by how much, and the closest candidate, and exits with 7.",
	  plan_opts, N_(plan_opts) },
	{ "report", "the whole pipeline: figures, tables and out/report.pdf",
	  "llmcost report [--inputs DIR] [--out DIR] [--as-of DATE] [--template NAME[,NAME]]\n"
	  "               [--templates DIR] [--usd-per-gpu-hour X] [--alert-pct P] [--keep N]\n"
	  "               [--wait S] [--quiet]",
	  "Loads the tables, runs the estimator and the sweeps, renders every figure with gnuplot\n"
	  "and writes OUT/report.pdf with the scripts, data and tables beside it. A failed run\n"
	  "leaves the previous report untouched. OUT/headline.csv records every number printed;\n"
	  "the what-changed page compares it with the newest record of an earlier date in\n"
	  "OUT/archive. Figures and PDFs whose fingerprint (OUT/manifest.csv) did not change are\n"
	  "reused. One build at a time per OUT (lock OUT/.lock; busy: exit 8).",
	  report_opts_spec, N_(report_opts_spec) },
	{ "diff", "compare two headline records (OUT/headline.csv) number by number",
	  "llmcost diff OLD.csv NEW.csv [--alert-pct P]",
	  "Prints every number that moved by 1% or more (tab-separated: number, old, new, change,\n"
	  "cause), every input row that changed, then a summary line. Exits with 6 when a number\n"
	  "moved by --alert-pct or more.",
	  diff_opts, N_(diff_opts) },
	{ "econ", "the articles' economics: Chinchilla loss, cost per query, bandwidth, MoE",
	  "llmcost econ [--inputs DIR] SUB [options] [--format table|csv|json]\n"
	  "  SUB: chinchilla, query, search-revenue, bandwidth, moe, words, gpu-cost",
	  "Back-of-envelope numbers that need no model or chip table: Chinchilla loss and the\n"
	  "compute-optimal split (chinchilla), the provider's cost of an answer or a search\n"
	  "summary (query), search revenue per query (search-revenue), the memory bandwidth one\n"
	  "user needs (bandwidth), tokens per expert and active parameters of a mixture of\n"
	  "experts (moe), words to tokens (words) and the rental cost of N chips for D days\n"
	  "(gpu-cost). 'llmcost econ SUB --help' lists the options of SUB.",
	  econ_opts, N_(econ_opts) },
	{ "help", "help on a command: llmcost help CMD", "llmcost help [CMD]",
	  "Prints the help of CMD, or the list of commands.", help_opts, N_(help_opts) },
};

const struct command *cli_find_command(const char *name)
{
	size_t i;
	for (i = 0; i < N_(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours ("fromat" is one step from "format") each cost 1. */
size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t r0[128], r1[128], r2[128]; /* rows i-2, i-1, i */
	size_t *pp = r0, *prev = r1, *cur = r2;

	if (lb >= N_(r0) || la >= N_(r0))
		return la > lb ? la : lb;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		size_t *t;
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (ca == cb ? 0 : 1);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

int close_enough(size_t dist, const char *word)
{
	size_t n = strlen(word);
	return dist <= 2 || dist <= n / 3;
}

/* The nearest of n names to word, or NULL when none is close enough. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, best_d = (size_t)-1;

	for (i = 0; i < n; i++) {
		size_t d = edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best && close_enough(best_d, word) ? best : NULL;
}

const char *cli_suggest_command(const char *name)
{
	const char *names[N_(commands) + 1];
	size_t i;
	for (i = 0; i < N_(commands); i++)
		names[i] = commands[i].name;
	names[i] = "version";
	return nearest(name, names, N_(commands) + 1);
}

static int find_opt(const struct command *cmd, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < cmd->n_opts; i++)
		if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
			return (int)i;
	return -1;
}

/* "unknown option "--gpu"; did you mean "--gpus"?" */
static int unknown_option(const struct command *cmd, const char *arg)
{
	const char *names[CLI_MAX_OPTS];
	char word[128];
	const char *eq = strchr(arg, '=');
	size_t i, len = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *best;

	if (len >= sizeof(word))
		len = sizeof(word) - 1;
	memcpy(word, arg, len);
	word[len] = '\0';
	for (i = 0; i < cmd->n_opts && i < CLI_MAX_OPTS; i++)
		names[i] = cmd->opts[i].name;
	best = nearest(word[0] == '-' && word[1] == '-' ? word + 2 : word, names, i);
	/* an abbreviation ("--kv-prec") or an extension ("--outdir") of one option names it */
	if (!best && word[0] == '-' && word[1] == '-' && strlen(word + 2) >= 3) {
		size_t k, n_match = 0, wl = strlen(word + 2);
		for (k = 0; k < i; k++) {
			size_t nl = strlen(names[k]);
			if (nl >= 3 && !strncmp(names[k], word + 2, wl < nl ? wl : nl)) {
				n_match++;
				best = names[k];
			}
		}
		if (n_match != 1)
			best = NULL;
	}
	if (best)
		return error("unknown option \"%s\"; did you mean \"--%s\"?", word, best);
	return error("unknown option \"%s\"", word);
}

int cli_parse(struct cli *c, const struct command *cmd, int argc, char **argv)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	/* --help wins over any mistake next to it. */
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			c->help = 1;
	if (c->help)
		return 0;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *name, *eq;
		int k;

		if (arg[0] != '-' || !strcmp(arg, "-") || !strcmp(arg, "--"))
			return error("unexpected argument \"%s\"", arg);
		if (arg[1] != '-')
			return unknown_option(cmd, arg);
		name = arg + 2;
		eq = strchr(name, '=');
		k = find_opt(cmd, name, eq ? (size_t)(eq - name) : strlen(name));
		if (k < 0)
			return unknown_option(cmd, arg);
		if (k >= CLI_MAX_OPTS) /* a command with more options than struct cli holds */
			return error("internal error: --%s is option %d of at most %d", cmd->opts[k].name,
				     k + 1, CLI_MAX_OPTS);
		if (!cmd->opts[k].arg) {
			if (eq)
				return error("--%s: takes no value, got \"%s\"", cmd->opts[k].name,
					     eq + 1);
			c->val[k] = "";
		} else if (eq) {
			c->val[k] = eq + 1;
		} else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
			c->val[k] = argv[++i];
		} else {
			return error("--%s: missing value (%s)", cmd->opts[k].name, cmd->opts[k].arg);
		}
	}
	return 0;
}

const char *cli_get(const struct cli *c, const char *name)
{
	int k = find_opt(c->cmd, name, strlen(name));
	return k < 0 ? NULL : c->val[k];
}

void cli_print_usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: llmcost COMMAND [options]\n\n"
		    "What it costs, and how fast it is, to train and to serve a language model.\n\n"
		    "commands:\n");
	for (i = 0; i < N_(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n  llmcost --version    print the version\n"
		    "  llmcost CMD --help   options of CMD, with their defaults and units\n\n"
		    "Exit codes: 0 done, 2 usage error, 3 input error, 4 missing tool, 5 cannot write,\n"
		    "6 alert, 7 nothing qualifies (plan), 8 output folder busy (another build),\n"
		    "70 internal error.\n");
}

/* Prints text from column indent, breaking between words before column max; continuation
 * lines start at indent. */
static void print_wrapped(FILE *fp, const char *text, size_t indent, size_t max)
{
	size_t col = indent;
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " ");
		if (col > indent && col + 1 + word > max) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, word, fp);
		col += word;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

void cli_print_help(FILE *fp, const struct command *cmd)
{
	size_t i, width = 0;

	for (i = 0; i < cmd->n_opts; i++) {
		size_t n = strlen(cmd->opts[i].name) + 2 +
			   (cmd->opts[i].arg ? strlen(cmd->opts[i].arg) + 1 : 0);
		if (n > width)
			width = n;
	}
	fprintf(fp, "usage: %s\n\n%s\n\noptions:\n", cmd->synopsis, cmd->about);
	for (i = 0; i < cmd->n_opts; i++) {
		char head[96];
		snprintf(head, sizeof(head), "--%s%s%s", cmd->opts[i].name,
			 cmd->opts[i].arg ? " " : "", cmd->opts[i].arg ? cmd->opts[i].arg : "");
		fprintf(fp, "  %-*s  ", (int)width, head);
		print_wrapped(fp, cmd->opts[i].help, width + 4, 96);
	}
	fprintf(fp, "\nOptions take \"--opt value\" or \"--opt=value\".\n");
}

void cli_hint(const struct command *cmd)
{
	if (cmd)
		fprintf(stderr, "try 'llmcost %s --help'\n", cmd->name);
	else
		fprintf(stderr, "try 'llmcost --help'\n");
}

/* ---- value parsers ---- */

static int bad(const struct where *w, const char *expected, const char *got)
{
	if (w->file)
		return error_at(w->file, w->line, 0, "%s: expected %s, got \"%s\"", w->what,
				expected, got);
	return error("%s: expected %s, got \"%s\"", w->what, expected, got);
}

/* A whole-string decimal integer without sign games: digits only. */
static int whole_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int whole_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || isspace((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || !isfinite(v) || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

int parse_posint(const struct where *w, const char *s, long *out)
{
	long v;
	if (whole_long(s, &v) || v < 1)
		return bad(w, "a positive integer", s);
	if (v > SWEEP_COUNT_MAX)
		return bad(w, "at most " SWEEP_COUNT_MAX_STR, s);
	*out = v;
	return 0;
}

int parse_batch(const struct where *w, const char *s, long *out)
{
	long v;
	if (!strcmp(s, "max")) {
		*out = 0;
		return 0;
	}
	if (whole_long(s, &v) || v < 1 || v > SWEEP_COUNT_MAX)
		return bad(w, "a positive integer or \"max\"", s);
	*out = v;
	return 0;
}

/* The smallest efficiency accepted (0.1% of peak): below it the times and costs are absurd
 * (1e-300 gives 1e300 s), so such a value is a typo, not a measurement. */
#define FRACTION_MIN 0.001

int parse_fraction(const struct where *w, const char *s, double *out)
{
	double v;
	if (whole_double(s, &v) || !(v >= FRACTION_MIN && v <= 1))
		return bad(w, "a number from " XSTR(FRACTION_MIN) " (0.1% of peak) to 1", s);
	*out = v;
	return 0;
}

int parse_share(const struct where *w, const char *s, double *out)
{
	double v;
	if (whole_double(s, &v) || !(v > 0 && v <= 1))
		return bad(w, "a number in (0, 1]", s);
	*out = v;
	return 0;
}

int parse_prob(const struct where *w, const char *s, double *out)
{
	double v;
	if (whole_double(s, &v) || !(v >= 0 && v <= 1))
		return bad(w, "a number in [0, 1]", s);
	*out = v;
	return 0;
}

int parse_mode(const struct where *w, const char *s, enum serve_mode *out)
{
	if (serve_mode_parse(s, out))
		return bad(w, "static, continuous, chunked or disagg", s);
	return 0;
}

int parse_shard(const struct where *w, const char *s, long *k, long *n)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : 0;

	if (!slash || len >= sizeof(buf))
		return bad(w, "K/N, part K of N (1 <= K <= N)", s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (whole_long(buf, k) || whole_long(slash + 1, n) || *n < 1 || *n > SWEEP_COUNT_MAX ||
	    *k < 1 || *k > *n)
		return bad(w, "K/N, part K of N (1 <= K <= N)", s);
	return 0;
}

int parse_nonneg(const struct where *w, const char *s, double *out)
{
	double v;
	if (whole_double(s, &v) || v < 0)
		return bad(w, "a number >= 0", s);
	*out = v;
	return 0;
}

int parse_posnum(const struct where *w, const char *s, double *out)
{
	double v;
	if (whole_double(s, &v) || !(v > 0))
		return bad(w, "a positive number", s);
	*out = v;
	return 0;
}

int parse_prec(const struct where *w, const char *s, enum precision *out)
{
	if (precision_parse(s, out))
		return bad(w, "fp16, bf16, fp8, int8 or int4", s);
	return 0;
}

/* One of n words, as its index (the training switches below). */
static int parse_word(const struct where *w, const char *s, const char *const *words, int n,
		      const char *expected, long *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return 0;
		}
	return bad(w, expected, s);
}

int parse_train_prec(const struct where *w, const char *s, long *out)
{
	static const char *const words[] = { "bf16", "fp16", "fp8" };
	int rc = parse_word(w, s, words, 3, "bf16, fp16 or fp8", out);
	*out = *out == 2; /* 1: fp8 GEMMs */
	return rc;
}

int parse_attention(const struct where *w, const char *s, long *out)
{
	static const char *const words[] = { "flash", "unfused" };
	return parse_word(w, s, words, 2, "flash or unfused", out);
}

int parse_recompute(const struct where *w, const char *s, long *out)
{
	static const char *const words[] = { "auto", "full" };
	return parse_word(w, s, words, 2, "auto or full", out);
}

int parse_zero(const struct where *w, const char *s, long *out)
{
	static const char *const words[] = { "1", "3" };
	int rc = parse_word(w, s, words, 2, "1 or 3", out);
	*out = *out ? 3 : 1;
	return rc;
}

int parse_format(const struct where *w, const char *s, enum out_format *out)
{
	if (out_format_parse(s, out))
		return bad(w, "table, csv or json", s);
	return 0;
}

int parse_date(const struct where *w, const char *s, long *yyyymmdd)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int i, y, m, d, leap;

	for (i = 0; i < 10; i++) {
		int want_dash = i == 4 || i == 7;
		if (want_dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return bad(w, "a date YYYY-MM-DD", s);
	}
	if (s[10])
		return bad(w, "a date YYYY-MM-DD", s);
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return bad(w, "a date YYYY-MM-DD", s);
	*yyyymmdd = (long)y * 10000 + m * 100 + d;
	return 0;
}

long today_yyyymmdd(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return 0;
	return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* The value of option name, NULL when absent, and in *w its place for messages ("--name",
 * kept in buf). */
static const char *opt_value(const struct cli *c, const char *name, struct where *w, char *buf,
			     size_t size)
{
	snprintf(buf, size, "--%s", name);
	w->file = NULL;
	w->line = 0;
	w->what = buf;
	return cli_get(c, name);
}

int cli_get_num(const struct cli *c, const char *name, num_parse_fn parse, double *out)
{
	char what[64];
	struct where w;
	const char *v = opt_value(c, name, &w, what, sizeof(what));
	return !v ? 0 : parse(&w, v, out) ? -1 : 1;
}

int cli_get_long(const struct cli *c, const char *name, long_parse_fn parse, long *out)
{
	char what[64];
	struct where w;
	const char *v = opt_value(c, name, &w, what, sizeof(what));
	return !v ? 0 : parse(&w, v, out) ? -1 : 1;
}

int cli_get_format(const struct cli *c, FILE *out, enum out_format *fmt)
{
	struct where w = { NULL, 0, "--format" };
	const char *v = cli_get(c, "format");

	*fmt = isatty(fileno(out)) ? OUT_TABLE : OUT_CSV;
	return v && parse_format(&w, v, fmt) ? -1 : 0;
}
