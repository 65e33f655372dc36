/*
 * cmd_econ.c - `llmcost econ SUB` (see cmd_econ.h).
 *
 * Each subcommand is a struct command of its own (named "econ SUB", so help and hints read
 * "llmcost econ query --help"), parsed by cli_parse like the other commands, and a function
 * that checks its values, calls estimate.h and writes one record through the row writer.
 * Values are checked before anything is printed; a mistake exits with EXIT_USAGE, one line and
 * the hint, in the words of the rest of the command line ("--tokens: expected a positive
 * number, got "x"", "--params N is required").
 */
#include "cmd_econ.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "estimate.h"
#include "fmt.h"

#define H_FORMAT "output format: table, csv or json (default: table on a terminal, else csv)"
#define H_INPUTS "folder of the input tables; econ reads none (default: inputs)"
#define H_HELP "print this help and exit"
#define COMMON_OPTS { "format", "FMT", H_FORMAT }, { "inputs", "DIR", H_INPUTS }, \
	{ "help", NULL, H_HELP }
#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* ---- option values (cli.c's parsers, and two of econ's own of the same form) ---- */

/* A margin: a fraction in [0, 1) (a margin of 1 would leave no cost). */
static int parse_margin(const struct where *w, const char *s, double *out)
{
	if (parse_prob(w, s, out))
		return -1;
	if (*out >= 1)
		return error("%s: expected a number in [0, 1), got \"%s\"", w->what, s);
	return 0;
}

/* A count: a positive integer, kept as a double like the other values. */
static int parse_count(const struct where *w, const char *s, double *out)
{
	long l;

	if (parse_posint(w, s, &l))
		return -1;
	*out = (double)l;
	return 0;
}

/* cli_get_num for an option that must be given; "--params N is required" otherwise. Returns 0
 * or -1. */
static int need_num(const struct cli *c, const char *name, const char *arg, num_parse_fn parse,
		    double *out)
{
	int r = cli_get_num(c, name, parse, out);
	if (r == 0)
		return error("--%s %s is required", name, arg);
	return r < 0 ? -1 : 0;
}

/* Writes the one record of cols with values vals (NaN: an empty cell) to out. Returns an exit
 * code. */
static int put_record(FILE *out, enum out_format fmt, const struct column *cols, size_t n,
		      const double *vals)
{
	struct row_writer *w = malloc(sizeof(*w));
	size_t i;
	int rc = EXIT_OUTPUT;

	if (!w) {
		error("out of memory");
		return EXIT_INTERNAL;
	}
	rw_begin(w, out, fmt, cols, n, 0);
	for (i = 0; i < n; i++)
		rw_num(w, vals[i]);
	rw_end_row(w);
	if (rw_finish(w))
		error("cannot write the output");
	else
		rc = 0;
	free(w);
	return rc;
}

/* ---- chinchilla ---- */

static const struct opt_spec chinchilla_opts[] = {
	{ "params", "N", "model parameters, e.g. 70e9 (required)" },
	{ "tokens", "D", "training tokens, e.g. 1.4e12 (required)" },
	COMMON_OPTS,
};

static const struct column chinchilla_cols[] = {
	{ "params", "parameters", NULL, COL_NUM, 0 },
	{ "tokens", "training tokens", "tokens", COL_NUM, 0 },
	{ "loss", "loss E + A/N^alpha + B/D^beta", NULL, COL_NUM, 0 },
	{ "irreducible_loss", "irreducible loss E", NULL, COL_NUM, 0 },
	{ "param_term", "parameter term A/N^alpha", NULL, COL_NUM, 0 },
	{ "data_term", "data term B/D^beta", NULL, COL_NUM, 0 },
	{ "train_flop", "training compute 6ND", "FLOP", COL_NUM, 0 },
	{ "optimal_params", "compute-optimal parameters for 6ND", NULL, COL_NUM, 0 },
	{ "optimal_tokens", "compute-optimal tokens for 6ND", "tokens", COL_NUM, 0 },
	{ "optimal_loss", "loss at the compute-optimal split", NULL, COL_NUM, 0 },
	{ "tokens_per_param", "tokens per parameter", NULL, COL_NUM, 0 },
	{ "optimal_tokens_per_param", "compute-optimal tokens per parameter", NULL, COL_NUM, 0 },
};

static int econ_chinchilla(const struct cli *c, FILE *out, enum out_format fmt)
{
	const struct chinchilla *k = &CHINCHILLA_HOFFMANN;
	double n = 0, d = 0, on, od, flop, v[N_(chinchilla_cols)];

	if (need_num(c, "params", "N", parse_posnum, &n) ||
	    need_num(c, "tokens", "D", parse_posnum, &d))
		return EXIT_USAGE;
	flop = train_flop(n, d);
	chinchilla_optimal(k, flop, &on, &od);
	if (!isfinite(flop) || on < 0 || od < 0) {
		error("--params x --tokens: 6ND is too large to compute");
		return EXIT_USAGE;
	}
	v[0] = n;
	v[1] = d;
	v[2] = chinchilla_loss(k, n, d);
	v[3] = k->E;
	v[4] = chinchilla_param_term(k, n);
	v[5] = chinchilla_data_term(k, d);
	v[6] = flop;
	v[7] = on;
	v[8] = od;
	v[9] = chinchilla_loss(k, on, od);
	v[10] = d / n;
	v[11] = od / on;
	return put_record(out, fmt, chinchilla_cols, N_(chinchilla_cols), v);
}

/* ---- query ---- */

static const struct opt_spec query_opts[] = {
	{ "prompt-words", "W", "words of the user's prompt or query (required)" },
	{ "answers", "K", "answers sampled per query (default: 1; not with --search-results)" },
	{ "answer-words", "W", "words of one answer (required)" },
	{ "tokens-per-word", "X", "tokens per English word (default: 1.3; 4/3 is 1.333333)" },
	{ "usd-per-1k", "X", "API price of 1000 tokens, prompt and answer alike, USD (required)" },
	{ "cache-hit", "F", "fraction of queries served from a cache, in [0, 1] (default: 0)" },
	{ "gross-margin", "F", "fraction of the API price that is margin, removed to get the "
			       "provider's cost, in [0, 1) (default: 0)" },
	{ "search-results", "K", "two-stage search summariser: results read per query, each "
				 "summarised in one answer of --answer-words (default: none)" },
	{ "result-words", "W", "words of one search result (required with --search-results)" },
	COMMON_OPTS,
};

static const struct column query_cols[] = {
	{ "prompt_words", "prompt", "words", COL_NUM, 0 },
	{ "answers", "answers per query", NULL, COL_NUM, 0 },
	{ "answer_words", "one answer", "words", COL_NUM, 0 },
	{ "search_results", "search results read", NULL, COL_NUM, 0 },
	{ "result_words", "one search result", "words", COL_NUM, 0 },
	{ "words", "words per query, in and out", "words", COL_NUM, 0 },
	{ "tokens_per_word", "tokens per word", NULL, COL_NUM, 0 },
	{ "tokens", "tokens per query", "tokens", COL_NUM, 0 },
	{ "usd_per_1k_tokens", "API price per 1K tokens", "$", COL_NUM, 0 },
	{ "api_usd", "API price of the query", "$", COL_NUM, 0 },
	{ "cache_hit", "served from cache", NULL, COL_NUM, 0 },
	{ "gross_margin", "gross margin removed", NULL, COL_NUM, 0 },
	{ "usd_per_query", "provider's cost per query", "$", COL_NUM, 0 },
};

static int econ_query(const struct cli *c, FILE *out, enum out_format fmt)
{
	struct query_cost q;
	double k = NAN, rw = NAN, words, tokens, usd, v[N_(query_cols)];
	int has_k, has_rw;

	memset(&q, 0, sizeof(q));
	q.answers = 1;
	q.tokens_per_word = TOKENS_PER_WORD;
	if (need_num(c, "prompt-words", "W", parse_nonneg, &q.prompt_words) ||
	    cli_get_num(c, "answers", parse_count, &q.answers) < 0 ||
	    need_num(c, "answer-words", "W", parse_nonneg, &q.answer_words) ||
	    cli_get_num(c, "tokens-per-word", parse_posnum, &q.tokens_per_word) < 0 ||
	    need_num(c, "usd-per-1k", "X", parse_nonneg, &q.usd_per_1k_tokens) ||
	    cli_get_num(c, "cache-hit", parse_prob, &q.cache_hit) < 0 ||
	    cli_get_num(c, "gross-margin", parse_margin, &q.gross_margin) < 0 ||
	    (has_k = cli_get_num(c, "search-results", parse_count, &k)) < 0 ||
	    (has_rw = cli_get_num(c, "result-words", parse_nonneg, &rw)) < 0)
		return EXIT_USAGE;
	if (has_rw && !has_k) {
		error("--result-words needs --search-results K");
		return EXIT_USAGE;
	}
	if (has_k && !has_rw) {
		error("--search-results needs --result-words W");
		return EXIT_USAGE;
	}
	if (has_k && cli_get(c, "answers")) {
		error("--answers: not used with --search-results (one answer per result)");
		return EXIT_USAGE;
	}
	if (has_k) {
		words = q.prompt_words + k * (rw + q.answer_words);
		usd = search_summary_cost_usd(&q, k, rw);
		q.answers = k;
	} else {
		words = q.prompt_words + q.answers * q.answer_words;
		usd = llm_query_cost_usd(&q);
	}
	tokens = words_to_tokens(words, q.tokens_per_word);
	if (usd < 0 || !isfinite(usd) || tokens < 0 || !isfinite(tokens)) {
		error("the query's cost is not a finite number: use smaller counts");
		return EXIT_USAGE;
	}
	v[0] = q.prompt_words;
	v[1] = q.answers;
	v[2] = q.answer_words;
	v[3] = k;
	v[4] = rw;
	v[5] = words;
	v[6] = q.tokens_per_word;
	v[7] = tokens;
	v[8] = q.usd_per_1k_tokens;
	v[9] = tokens / 1000 * q.usd_per_1k_tokens;
	v[10] = q.cache_hit;
	v[11] = q.gross_margin;
	v[12] = usd;
	return put_record(out, fmt, query_cols, N_(query_cols), v);
}

/* ---- search-revenue ---- */

static const struct opt_spec revenue_opts[] = {
	{ "revenue", "USD", "annual search revenue, USD, e.g. 100e9 (required)" },
	{ "monthly-searches", "N", "searches per month when they were counted (required)" },
	{ "penetration-then", "F", "internet penetration when searches were counted, in (0, 1] "
				   "(required)" },
	{ "penetration-now", "F", "internet penetration now, in (0, 1] (required)" },
	COMMON_OPTS,
};

static const struct column revenue_cols[] = {
	{ "revenue_usd", "annual revenue", "$", COL_NUM, 0 },
	{ "monthly_searches_then", "searches per month, then", NULL, COL_NUM, 0 },
	{ "penetration_then", "internet penetration, then", NULL, COL_NUM, 0 },
	{ "penetration_now", "internet penetration, now", NULL, COL_NUM, 0 },
	{ "annual_searches", "searches per year, now", NULL, COL_NUM, 0 },
	{ "usd_per_query", "revenue per search", "$", COL_NUM, 0 },
};

static int econ_revenue(const struct cli *c, FILE *out, enum out_format fmt)
{
	double rev = 0, ms = 0, pt = 0, pn = 0, usd, v[N_(revenue_cols)];
	if (need_num(c, "revenue", "USD", parse_nonneg, &rev) ||
	    need_num(c, "monthly-searches", "N", parse_posnum, &ms) ||
	    need_num(c, "penetration-then", "F", parse_share, &pt) ||
	    need_num(c, "penetration-now", "F", parse_share, &pn))
		return EXIT_USAGE;
	usd = search_revenue_per_query_usd(rev, ms, pt, pn);
	if (usd < 0 || !isfinite(usd) || !isfinite(ms * 12 * pn / pt)) {
		error("the revenue per search is not a finite number");
		return EXIT_USAGE;
	}
	v[0] = rev;
	v[1] = ms;
	v[2] = pt;
	v[3] = pn;
	v[4] = ms * 12 * (pn / pt);
	v[5] = usd;
	return put_record(out, fmt, revenue_cols, N_(revenue_cols), v);
}

/* ---- bandwidth ---- */

static const struct opt_spec bandwidth_opts[] = {
	{ "params", "N", "parameters of a dense model, all read for each token (required)" },
	{ "precision", "P", "weights: fp16, bf16, fp8, int8 or int4 (default: bf16)" },
	{ "tokens-per-s", "R", "tokens per second one user reads, e.g. 33.33 (required)" },
	{ "chip-tbs", "X", "memory bandwidth of one chip, TB/s, to count the chips needed "
			   "(default: none)" },
	COMMON_OPTS,
};

static const struct column bandwidth_cols[] = {
	{ "params", "parameters", NULL, COL_NUM, 0 },
	{ "bytes_per_param", "bytes per parameter", "bytes", COL_NUM, 0 },
	{ "tokens_per_s", "tokens per second, one user", "tokens/s", COL_NUM, 0 },
	{ "weights_gb", "weights", "GB", COL_NUM, 0 },
	{ "bw_needed_tbs", "memory bandwidth needed", "TB/s", COL_NUM, 0 },
	{ "chip_tbs", "bandwidth of one chip", "TB/s", COL_NUM, 0 },
	{ "chips_needed", "chips needed for that bandwidth", NULL, COL_NUM, 0 },
};

static int econ_bandwidth(const struct cli *c, FILE *out, enum out_format fmt)
{
	struct where wp = { NULL, 0, "--precision" };
	enum precision p = PREC_BF16;
	double n = 0, rate = 0, chip = NAN, bw, v[N_(bandwidth_cols)];
	const char *s;
	int has_chip;

	if (need_num(c, "params", "N", parse_posnum, &n) ||
	    ((s = cli_get(c, "precision")) && parse_prec(&wp, s, &p)) ||
	    need_num(c, "tokens-per-s", "R", parse_posnum, &rate) ||
	    (has_chip = cli_get_num(c, "chip-tbs", parse_posnum, &chip)) < 0)
		return EXIT_USAGE;
	bw = bandwidth_for_rate(n * precision_bytes(p), rate);
	if (bw < 0 || !isfinite(bw)) {
		error("--params x --tokens-per-s: the bandwidth is too large to compute");
		return EXIT_USAGE;
	}
	v[0] = n;
	v[1] = precision_bytes(p);
	v[2] = rate;
	v[3] = n * precision_bytes(p) / 1e9;
	v[4] = bw / 1e12;
	v[5] = has_chip ? chip : (double)NAN;
	v[6] = has_chip ? ceil(bw / 1e12 / chip) : (double)NAN;
	return put_record(out, fmt, bandwidth_cols, N_(bandwidth_cols), v);
}

/* ---- moe ---- */

static const struct opt_spec moe_opts[] = {
	{ "experts", "E", "experts per layer (required)" },
	{ "per-token", "K", "experts each token is routed to, at most --experts (required)" },
	{ "batch-tokens", "N", "tokens in one step's batch, for the load per expert (default: "
			       "none)" },
	{ "shared", "P", "parameters every token uses (attention, embeddings, shared layers), "
			 "with --per-expert (default: none)" },
	{ "per-expert", "P", "parameters of one expert, all layers, with --shared (default: "
			     "none)" },
	COMMON_OPTS,
};

static const struct column moe_cols[] = {
	{ "experts", "experts", NULL, COL_NUM, 0 },
	{ "experts_per_token", "experts per token", NULL, COL_NUM, 0 },
	{ "batch_tokens", "tokens in the batch", "tokens", COL_NUM, 0 },
	{ "tokens_per_expert", "expected tokens per expert", "tokens", COL_NUM, 0 },
	{ "experts_touched", "expected experts a batch touches", NULL, COL_NUM, 0 },
	{ "shared_params", "shared parameters", NULL, COL_NUM, 0 },
	{ "expert_params", "parameters of one expert", NULL, COL_NUM, 0 },
	{ "total_params", "total parameters", NULL, COL_NUM, 0 },
	{ "active_params", "active parameters per token", NULL, COL_NUM, 0 },
	{ "flop_per_token", "forward FLOPs per token, 2 x active (no attention)", "FLOP", COL_NUM,
	  0 },
};

static int econ_moe(const struct cli *c, FILE *out, enum out_format fmt)
{
	double e = 0, k = 0, bt = NAN, sh = NAN, pe = NAN, act, v[N_(moe_cols)];
	int has_bt, has_sh, has_pe;

	if (need_num(c, "experts", "E", parse_count, &e) ||
	    need_num(c, "per-token", "K", parse_count, &k) ||
	    (has_bt = cli_get_num(c, "batch-tokens", parse_nonneg, &bt)) < 0 ||
	    (has_sh = cli_get_num(c, "shared", parse_nonneg, &sh)) < 0 ||
	    (has_pe = cli_get_num(c, "per-expert", parse_nonneg, &pe)) < 0)
		return EXIT_USAGE;
	if (k > e) {
		error("--per-token: expected at most --experts (%g), got \"%s\"", e,
		      cli_get(c, "per-token"));
		return EXIT_USAGE;
	}
	if (has_sh != has_pe) {
		error("--%s needs --%s P", has_sh ? "shared" : "per-expert",
		      has_sh ? "per-expert" : "shared");
		return EXIT_USAGE;
	}
	if (!has_bt && !has_sh) {
		error("give --batch-tokens N, or --shared P and --per-expert P");
		return EXIT_USAGE;
	}
	act = has_sh ? moe_active_params(sh, pe, (int)k) : (double)NAN;
	if (has_sh && !isfinite(sh + e * pe)) {
		error("--shared + --experts x --per-expert is too large to compute");
		return EXIT_USAGE;
	}
	v[0] = e;
	v[1] = k;
	v[2] = bt;
	v[3] = has_bt ? moe_tokens_per_expert(bt, (int)e, (int)k) : (double)NAN;
	v[4] = has_bt ? moe_experts_touched(bt, (int)e, (int)k) : (double)NAN;
	v[5] = sh;
	v[6] = pe;
	v[7] = has_sh ? sh + e * pe : (double)NAN;
	v[8] = act;
	v[9] = 2 * act;
	return put_record(out, fmt, moe_cols, N_(moe_cols), v);
}

/* ---- words ---- */

static const struct opt_spec words_opts[] = {
	{ "words", "N", "English words (required)" },
	{ "tokens-per-word", "X", "tokens per word (default: 1.3, the price book's rule: "
				  "750 words ~ 1000 tokens)" },
	COMMON_OPTS,
};

static const struct column words_cols[] = {
	{ "words", "words", "words", COL_NUM, 0 },
	{ "tokens_per_word", "tokens per word", NULL, COL_NUM, 0 },
	{ "tokens", "tokens", "tokens", COL_NUM, 0 },
};

static int econ_words(const struct cli *c, FILE *out, enum out_format fmt)
{
	double w = 0, tpw = TOKENS_PER_WORD, v[N_(words_cols)];

	if (need_num(c, "words", "N", parse_nonneg, &w) ||
	    cli_get_num(c, "tokens-per-word", parse_posnum, &tpw) < 0)
		return EXIT_USAGE;
	v[0] = w;
	v[1] = tpw;
	v[2] = words_to_tokens(w, tpw);
	if (!isfinite(v[2])) {
		error("--words x --tokens-per-word is too large to compute");
		return EXIT_USAGE;
	}
	return put_record(out, fmt, words_cols, N_(words_cols), v);
}

/* ---- gpu-cost ---- */

static const struct opt_spec gpucost_opts[] = {
	{ "gpus", "N", "chips rented (required)" },
	{ "days", "D", "days they are rented, e.g. 55 (required)" },
	{ "usd-per-gpu-hour", "X", "rental price of one chip, USD per GPU-hour (required)" },
	COMMON_OPTS,
};

static const struct column gpucost_cols[] = {
	{ "gpus", "GPUs", NULL, COL_NUM, 0 },
	{ "days", "days", "days", COL_NUM, 0 },
	{ "gpu_hours", "GPU time", "GPU-hours", COL_NUM, 0 },
	{ "usd_per_gpu_hour", "price per GPU-hour", "$", COL_NUM, 0 },
	{ "usd", "cost", "$", COL_NUM, 0 },
};

static int econ_gpucost(const struct cli *c, FILE *out, enum out_format fmt)
{
	double g = 0, d = 0, price = 0, v[N_(gpucost_cols)];

	if (need_num(c, "gpus", "N", parse_count, &g) ||
	    need_num(c, "days", "D", parse_posnum, &d) ||
	    need_num(c, "usd-per-gpu-hour", "X", parse_posnum, &price))
		return EXIT_USAGE;
	v[0] = g;
	v[1] = d;
	v[2] = g * d * 24;
	v[3] = price;
	v[4] = train_cost_usd(g, d, price);
	if (!isfinite(v[4]) || v[4] < 0) {
		error("--gpus x --days x --usd-per-gpu-hour is too large to compute");
		return EXIT_USAGE;
	}
	return put_record(out, fmt, gpucost_cols, N_(gpucost_cols), v);
}

/* ---- the subcommands ---- */

struct econ_sub {
	struct command cmd;
	int (*run)(const struct cli *c, FILE *out, enum out_format fmt);
};

static const struct econ_sub subs[] = {
	{ { "econ chinchilla", "Chinchilla loss of N parameters trained on D tokens",
	    "llmcost econ chinchilla --params N --tokens D [--format table|csv|json]",
	    "The fitted loss L = E + A/N^alpha + B/D^beta of Hoffmann et al. (E 1.69, A 406.4,\n"
	    "B 410.7, alpha 0.34, beta 0.28) with both terms, and the compute-optimal split of\n"
	    "the same training compute 6ND into parameters and tokens.",
	    chinchilla_opts, N_(chinchilla_opts) }, econ_chinchilla },
	{ { "econ query", "provider's cost of one LLM answer, or of a search summary",
	    "llmcost econ query --prompt-words W --answer-words W --usd-per-1k X [--answers K]\n"
	    "                   [--tokens-per-word X] [--cache-hit F] [--gross-margin F]\n"
	    "                   [--search-results K --result-words W] [--format table|csv|json]",
	    "Words in and out become tokens at --tokens-per-word, priced at the API's --usd-per-1k;\n"
	    "the share served from cache and the API's gross margin are taken off, leaving the\n"
	    "provider's cost. With --search-results K, a two-stage summariser reads K results of\n"
	    "--result-words and writes one answer of --answer-words for each, plus the query.",
	    query_opts, N_(query_opts) }, econ_query },
	{ { "econ search-revenue", "search revenue per query, searches scaled by penetration",
	    "llmcost econ search-revenue --revenue USD --monthly-searches N\n"
	    "                            --penetration-then F --penetration-now F\n"
	    "                            [--format table|csv|json]",
	    "Annual revenue over annual searches, the searches counted then scaled by how\n"
	    "internet penetration grew since: 12 x N x now / then.",
	    revenue_opts, N_(revenue_opts) }, econ_revenue },
	{ { "econ bandwidth", "memory bandwidth one user needs at a token rate",
	    "llmcost econ bandwidth --params N --tokens-per-s R [--precision P] [--chip-tbs X]\n"
	    "                       [--format table|csv|json]",
	    "A dense model reads all its weights for each token generated at batch 1, so one user\n"
	    "at R tokens/s needs params x bytes x R of memory bandwidth (weights only, no KV\n"
	    "cache). With --chip-tbs, the chips whose bandwidth adds up to it.",
	    bandwidth_opts, N_(bandwidth_opts) }, econ_bandwidth },
	{ { "econ moe", "mixture of experts: load per expert, active parameters, FLOPs",
	    "llmcost econ moe --experts E --per-token K [--batch-tokens N]\n"
	    "                 [--shared P --per-expert P] [--format table|csv|json]",
	    "A batch of N tokens routed to K of E experts gives each expert N x K / E tokens on\n"
	    "average, and touches E x (1 - (1 - K/E)^N) experts. A model of --shared parameters\n"
	    "plus E experts of --per-expert has shared + K x per-expert active parameters and\n"
	    "2 x active forward FLOPs per token (attention left out).",
	    moe_opts, N_(moe_opts) }, econ_moe },
	{ { "econ words", "English words to tokens",
	    "llmcost econ words --words N [--tokens-per-word X] [--format table|csv|json]",
	    "Tokens = words x tokens per word; the default 1.3 is the price book's rule of thumb\n"
	    "(750 words ~ 1000 tokens).",
	    words_opts, N_(words_opts) }, econ_words },
	{ { "econ gpu-cost", "rental cost of N chips for D days",
	    "llmcost econ gpu-cost --gpus N --days D --usd-per-gpu-hour X\n"
	    "                      [--format table|csv|json]",
	    "GPU-hours = N x D x 24, cost = GPU-hours x price: a training run's bill when its\n"
	    "length is known rather than its FLOPs (train computes days from FLOPs).",
	    gpucost_opts, N_(gpucost_opts) }, econ_gpucost },
};

const struct command *econ_sub(size_t i)
{
	return i < N_(subs) ? &subs[i].cmd : NULL;
}

/* The subcommand named name (without "econ "), or NULL. */
static const struct econ_sub *find_sub(const char *name)
{
	size_t i;
	for (i = 0; i < N_(subs); i++)
		if (!strcmp(subs[i].cmd.name + 5, name))
			return &subs[i];
	return NULL;
}

const struct command *econ_find_sub(const char *name)
{
	const struct econ_sub *sub = find_sub(name);
	return sub ? &sub->cmd : NULL;
}

const char *econ_suggest_sub(const char *name)
{
	const char *best = NULL;
	size_t i, best_d = (size_t)-1;

	for (i = 0; i < N_(subs); i++) {
		const char *s = subs[i].cmd.name + 5;
		size_t d = edit_distance(name, s);
		if (d < best_d) {
			best_d = d;
			best = s;
		}
	}
	return best && close_enough(best_d, name) ? best : NULL;
}

int econ_leading_opts(int argc, char **argv)
{
	int n = 0;

	while (n < argc) {
		if (!strncmp(argv[n], "--inputs=", 9))
			n += 1;
		else if (!strcmp(argv[n], "--inputs") && n + 1 < argc &&
			 strncmp(argv[n + 1], "--", 2) != 0)
			n += 2;
		else
			break;
	}
	return n;
}

/* Runs subcommand sub on its words, args[0..n), printing to out. Returns an exit code. */
static int run_sub(const struct econ_sub *sub, int n, char **args, FILE *out)
{
	struct cli c;
	enum out_format fmt;
	int rc;

	if (cli_parse(&c, &sub->cmd, n, args)) {
		cli_hint(&sub->cmd);
		return EXIT_USAGE;
	}
	if (c.help) {
		cli_print_help(out, &sub->cmd);
		return 0;
	}
	if (cli_get_format(&c, out, &fmt)) {
		cli_hint(&sub->cmd);
		return EXIT_USAGE;
	}
	rc = sub->run(&c, out, fmt);
	if (rc == EXIT_USAGE)
		cli_hint(&sub->cmd);
	return rc;
}

int cmd_econ(const struct command *cmd, int argc, char **argv, FILE *out)
{
	const struct econ_sub *sub;
	char **lead_words = argv, **args;
	int lead = econ_leading_opts(argc, argv), rc;

	argc -= lead; /* from here argv[0] is the subcommand */
	argv += lead;
	if (argc < 1) {
		error("econ: expected a subcommand: chinchilla, query, search-revenue, bandwidth, "
		      "moe, words or gpu-cost");
		cli_hint(cmd);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		cli_print_help(out, cmd);
		return 0;
	}
	if (!(sub = find_sub(argv[0]))) {
		const char *near = argv[0][0] == '-' ? NULL : econ_suggest_sub(argv[0]);
		if (argv[0][0] == '-')
			error("econ: expected a subcommand before \"%s\"", argv[0]);
		else if (near)
			error("econ: unknown subcommand \"%s\"; did you mean \"%s\"?", argv[0], near);
		else
			error("econ: unknown subcommand \"%s\"", argv[0]);
		cli_hint(cmd);
		return EXIT_USAGE;
	}
	/* the subcommand's words, then the options given before it */
	if (!(args = malloc((size_t)(argc - 1 + lead + 1) * sizeof(*args)))) {
		error("out of memory");
		return EXIT_INTERNAL;
	}
	memcpy(args, argv + 1, (size_t)(argc - 1) * sizeof(*args));
	memcpy(args + argc - 1, lead_words, (size_t)lead * sizeof(*args));
	rc = run_sub(sub, argc - 1 + lead, args, out);
	free(args);
	return rc;
}
