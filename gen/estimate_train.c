/*
 * estimate_train.c - the estimator's training half (estimate.h, "training"): 6 N D FLOPs at
 * an MFU, the given one or the calibrated model's.
 *
 * The calibrated model searches parallel layouts (tensor x pipeline x ZeRO stage,
 * train_layout_best) and costs each one's memory (weights, optimizer states, activations,
 * the recomputation that makes them fit) and time (GEMMs at 16 or 8 bits, attention,
 * element-wise traffic, tensor, pipeline, expert and data-parallel traffic, the bubble,
 * failures and checkpoints, idle chips: train_layout_eval), and keeps the fastest layout that
 * fits. Pure like estimate.c: no I/O, no allocation, no state; the constants are calib.h's.
 */
#include "estimate.h"

#include "calib.h"
#include "estimate_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double train_flop(double active_params, double tokens)
{
	if (!(active_params >= 0) || !(tokens >= 0))
		return -1;
	return 6.0 * active_params * tokens;
}

double train_state_bytes(double params)
{
	/* 16-bit weights (2) and gradients (2), 32-bit master weights (4), Adam m and v (4+4) */
	if (!(params >= 0))
		return -1;
	return 20.0 * params;
}

double train_cost_usd(double gpus, double days, double usd_per_gpu_hour)
{
	if (!(gpus >= 0) || !(days >= 0) || !(usd_per_gpu_hour >= 0))
		return -1;
	return gpus * days * 24 * usd_per_gpu_hour;
}

const char *train_cfg_problem(const struct train_cfg *c)
{
	const char *why;

	if (!c)
		return "no configuration";
	if ((why = model_problem(c->model)))
		return why;
	if (!c->hw)
		return "no hardware";
	if (!(c->hw->peak_tflops_16 > 0) || !isfinite(c->hw->peak_tflops_16))
		return "peak_tflops must be positive";
	if (!(c->hw->mem_gb > 0) || !isfinite(c->hw->mem_gb))
		return "mem_gb must be positive";
	if (!(c->tokens > 0) || !isfinite(c->tokens))
		return "tokens must be a positive number";
	if (c->gpus < 0)
		return "gpus must be 0 (not given) or more";
	if (!(c->mfu >= 0 && c->mfu <= 1))
		return "mfu must be between 0 and 1";
	if (!(c->usd_per_gpu_hour >= 0) || !isfinite(c->usd_per_gpu_hour))
		return "usd_per_gpu_hour must be 0 or more";
	if (!(c->seq_tokens >= 0) || !isfinite(c->seq_tokens))
		return "seq_tokens must be 0 (the rule) or more";
	if (!(c->batch_tokens >= 0) || !isfinite(c->batch_tokens))
		return "batch_tokens must be 0 (the rule) or more";
	if (c->tp < 0 || c->pp < 0 || c->tp > 1 << 20 || c->pp > 1 << 20)
		return "tp and pp must be 0 (searched) or a chip count";
	if (c->gpus > 0 && (c->tp > 0 ? c->tp : 1) * (c->pp > 0 ? c->pp : 1) > c->gpus)
		return "tp x pp must not exceed gpus";
	if (c->tp > 0 && c->model->heads % c->tp != 0)
		return "tp must divide the model's heads";
	if (c->pp > c->model->layers)
		return "pp must not exceed the model's layers";
	if (c->zero_stage != 0 && c->zero_stage != 1 && c->zero_stage != 3)
		return "zero_stage must be 0 (searched), 1 or 3";
	if (c->fp8 && !(c->hw->peak_tflops_8 > 0))
		return "fp8 training needs the hardware's peak_tflops_8";
	return NULL;
}

/* The smallest power of two at least x (1 for x <= 1), capped at 2^40. */
static double pow2_at_least(double x)
{
	double p = 1;
	while (p < x && p < 0x1p40)
		p *= 2;
	return p;
}

/* One candidate parallel layout and what the training model makes of it. */
struct train_layout {
	double gpus, tp, pp, dp, seq, batch;
	int zero;                 /* 1 or 3 */
	double recompute, mem_gb, micro, ckpt_interval_s;
	int fits;
	double eta_gemm, compute_share, pipeline_busy, goodput, mfu;
};

/* What every layout of one run shares: the model's and the chips' numbers in SI units:
 * parameters P (active Pa; shared and one expert's for a mixture of E experts, topk per
 * token), layers L, d_model d, heads, sequence and batch (tokens); the chip's 16-bit FLOP/s F,
 * bytes/s of memory bw (at eta_mem), link and net, link domain (chips) and memory (bytes). */
struct train_run_k {
	double P, Pa, shared, expert, E, topk, L, d, heads, seq, batch;
	double F, bw, link, net, domain, mem;
	double gemm_s, attn_s, nongemm_s;  /* per token on one chip at full work */
	double qkv, o, f, fe;              /* GEMM widths: fused QKV output, attention output
					    * input, FFN and one expert's FFN (gated) */
	double i_half;                     /* GEMM intensity at half efficiency, FLOP/byte */
	double scores_bytes;               /* unfused attention: score bytes kept per token */
	int moe, full_recompute, batch_given;
};

/*
 * A GEMM of an m x k activation by a k x n weight does 2 m k n FLOPs and moves at least the
 * three 16-bit matrices, 2 (m k + k n + m n) bytes: its intensity m k n / (m k + k n + m n)
 * FLOP/byte. Its efficiency falls as that nears the chip's achievable ridge (the serving half's
 * curve, half at i_half): tensor parallelism narrows n or k, an expert sees few tokens m.
 */
static double gemm_shape_eff(double m, double k, double n, double i_half)
{
	double in = m * k * n / (m * k + k * n + m * n);
	return in / (in + i_half);
}

/*
 * The GEMMs' efficiency relative to an ideal shape, for tp ways and m tokens per micro-batch:
 * one layer's GEMMs (QKV, attention output, gated FFN in and out, the routed experts' on their
 * share of the expert-parallel group's tokens) weighted by their FLOPs, time-averaged.
 */
static double gemm_shape_factor(const struct train_run_k *r, double tp, double m, double ep)
{
	double d = r->d, h = r->i_half;
	double w[6], e[6];
	w[0] = d * r->qkv;
	e[0] = gemm_shape_eff(m, d, r->qkv / tp, h);
	w[1] = r->o * d;
	e[1] = gemm_shape_eff(m, r->o / tp, d, h);
	w[2] = 2 * d * r->f;
	e[2] = gemm_shape_eff(m, d, 2 * r->f / tp, h);
	w[3] = r->f * d;
	e[3] = gemm_shape_eff(m, r->f / tp, d, h);
	double me = r->moe ? m * ep * r->topk / r->E : m;
	w[4] = r->moe ? 2 * d * r->fe * r->topk : 0;
	e[4] = gemm_shape_eff(me, d, 2 * r->fe / tp, h);
	w[5] = r->moe ? r->fe * d * r->topk : 0;
	e[5] = gemm_shape_eff(me, r->fe / tp, d, h);
	double flops = 0, time = 0;
	for (int i = 0; i < 6; i++)
		if (w[i] > 0) {
			flops += w[i];
			time += w[i] / e[i];
		}
	return time > 0 ? flops / time : 1;
}

/*
 * Memory and time of one layout: tp tensor-parallel ways (inside a link domain), pp pipeline
 * stages, dp = gpus / (tp pp) data-parallel replicas, optimizer states sharded over the
 * replicas (ZeRO-1) or weights, gradients and optimizer states all sharded (ZeRO-3: the
 * weights are all-gathered again for the forward and the backward pass of every micro-batch).
 * A mixture of experts spreads its experts over ep = min(experts, dp) replicas (expert
 * parallelism), so each chip holds E / ep of them.
 *
 * Memory per chip: 16-bit weights and gradients (4 bytes per parameter over tp x pp, and over
 * dp too with ZeRO-3), 16 bytes of optimizer state per parameter over every chip, and the
 * activations of one sequence through all layers (1F1B: the first stage holds p micro-batches
 * of L / p layers) at act_bytes_d x d_model / tp bytes per token and layer; when that does not
 * fit, the smallest share of layers is recomputed (keeping ckpt_bytes_d x d_model) that fits,
 * at the cost of one more forward pass over those layers.
 *
 * Time per token on the replica, over its tp x pp chips: GEMMs, attention and element-wise
 * traffic (run_k), tensor-parallel all-reduces (four per layer, six when recomputed) over the
 * link, the mixture of experts' all-to-alls (dispatch and combine, forward and backward) over
 * the network when the experts span more than a domain, the data-parallel traffic the backward
 * pass (ZeRO-3: the whole step) does not hide; then the pipeline bubble with m = batch / (dp x
 * seq) micro-batches and interleave v, and failures.
 */
static void train_layout_eval(const struct train_run_k *r, const struct calib *k, double gpus,
			      double tp, double pp, int zero, struct train_layout *t)
{
	/* a given global batch is the optimizer's, not the cluster's: at one sequence per
	 * replica it caps the data-parallel ways, and chips beyond tp x pp x dp sit idle;
	 * without one, the batch grows to give every replica a sequence */
	double seq = r->seq, mp = tp * pp, dp = floor(gpus / mp);
	if (r->batch_given)
		dp = fmin(dp, fmax(1, floor(r->batch / seq)));
	if (dp < 1)
		dp = 1;
	double ep = r->moe ? fmin(r->E, dp) : 1;
	double batch = fmax(r->batch, dp * seq), micro = batch / (dp * seq);
	double GBs = GB;

	memset(t, 0, sizeof *t);
	t->gpus = gpus;
	t->tp = tp;
	t->pp = pp;
	t->dp = dp;
	t->seq = seq;
	t->batch = batch;
	t->zero = zero;

	/* memory per chip, bytes */
	double held = r->shared / mp + r->E * r->expert / (mp * ep); /* params this chip holds */
	double wg = 4 * held / (zero == 3 ? dp : 1);
	double opt = 16 * held / dp;
	double act = r->L * seq * (k->act_bytes_d * r->d + r->scores_bytes) / tp;
	double ckpt = r->L * seq * k->ckpt_bytes_d * r->d / tp;
	double reserve = CALIB_RESERVE_BASE_GB * GBs + CALIB_RESERVE_FRAC * r->mem;
	double room = r->mem - reserve - wg - opt;
	double f = r->full_recompute ? 1 : 0;
	if (act > room && !r->full_recompute)
		f = act > ckpt ? fmin(1, (act - room) / (act - ckpt)) : 1;
	double kept = act - f * (act - ckpt);
	t->fits = kept <= room;
	t->recompute = f;
	t->mem_gb = (wg + opt + kept + reserve) / GBs;

	/* time per token on the replica (tp x pp chips), seconds */
	double rc = t->recompute;
	double gemm = r->gemm_s / gemm_shape_factor(r, tp, seq, ep);
	double work = gemm * (6 + 2 * rc) / 6 + r->attn_s * (3 + rc) / 3 +
		      r->nongemm_s * (3 + rc) / 3;
	double comm = 0;
	if (tp > 1)
		comm += (4 + 2 * rc) * (r->L / pp) *
			(2 * (tp - 1) / tp * r->d * 2 / (r->link * k->eta_link) +
			 k->t_allreduce_s / seq);
	if (r->moe && ep > 1) {
		double a2a_bw = mp * ep > r->domain ? r->net : r->link * k->eta_link;
		double a2a = (4 + 2 * rc) * (r->L / pp) * r->topk * r->d * 2 * (ep - 1) / ep / tp /
			     a2a_bw;
		/* other micro-batches' compute hides it, up to dp_overlap of the work */
		comm += fmax(0, a2a - k->dp_overlap * work / mp);
	}
	if (pp > 1) {
		/* each stage boundary passes a micro-batch's activations forward and their
		 * gradients back (16-bit, split over tp), over the network once the pipeline
		 * leaves the domain */
		double p2p_bw = mp > r->domain ? r->net : r->link * k->eta_link;
		comm += 2 * r->d * 2 / tp / p2p_bw;
	}
	double stage = work / mp + comm;

	double exposed = 0;
	if (dp > 1) {
		double step = batch / dp * stage;
		double bw = mp * dp > r->domain ? r->net : r->link * k->eta_link;
		/* bytes each chip sends: reduce-scatter of the gradients and all-gather of the
		 * weights (ZeRO-3: the weights twice, forward and backward); experts only among
		 * the dp / ep replicas that hold the same ones */
		double dense = 2 * r->shared / mp * (dp - 1) / dp;
		double exp_dp = dp / ep;
		double sparse = exp_dp > 1 ? 2 * r->E * r->expert / (mp * ep) * (exp_dp - 1) / exp_dp
					   : 0;
		double dp_s = (zero == 3 ? 2 * micro + 1 : 2) * (dense + sparse) / bw;
		double hide = k->dp_overlap * step * (zero == 3 ? 1 : 2.0 / 3);
		exposed = fmax(0, dp_s - hide) / (batch / dp);
	}
	t->micro = micro;
	/* the GEMMs' efficiency against the 16-bit peak (above 1 x eta with fp8), so that MFU =
	 * eta_gemm x compute_share x pipeline_busy x goodput holds */
	t->eta_gemm = 6 * r->Pa / (r->F * gemm);
	/* the share of time in the GEMMs the model needs (6 N D): recomputation is overhead */
	t->compute_share = gemm / mp / (stage + exposed);
	double v = pp > 1 ? fmax(1, k->pp_interleave) : 1;
	t->pipeline_busy = 1 - (pp - 1) / (v * t->micro + pp - 1);
	/* failures and checkpoints: with mtbf between interruptions and a checkpoint write of
	 * ckpt_s, Young's interval sqrt(2 ckpt_s mtbf) costs ckpt_s / interval in writes and
	 * interval / 2 of lost work per failure, together sqrt(2 ckpt_s / mtbf), plus the restart */
	double mtbf_s = k->fail_per_gpu_hour > 0 ? 3600 / (gpus * k->fail_per_gpu_hour)
						   : (double)INFINITY;
	double ckpt_s = k->ckpt_gbs_per_gpu > 0 ? 20 * r->P / (gpus * k->ckpt_gbs_per_gpu * GB) : 0;
	t->ckpt_interval_s = ckpt_s > 0 ? sqrt(2 * ckpt_s * mtbf_s) : (double)INFINITY;
	t->goodput = 1 / (1 + sqrt(2 * ckpt_s / mtbf_s) + k->restart_h * 3600 / mtbf_s);
	/* chips the layout leaves idle (gpus not a multiple of tp x pp) count against it */
	t->goodput *= fmin(1, mp * dp / gpus);
	t->mfu = t->eta_gemm * t->compute_share * t->pipeline_busy * t->goodput;
}

/*
 * The layout a team would pick for gpus chips: every tp (a power of two up to the link domain
 * that divides the head count) x pp (a power of two up to the layers) x ZeRO stage that fits,
 * the one with the highest MFU; if none fits, the one that misses by the least memory. The
 * tp, pp and zero_stage the configuration gives (> 0, any count) hold the search to them.
 */
static void train_layout_best(const struct train_cfg *c, const struct train_run_k *r,
			      const struct calib *k, double gpus, struct train_layout *best)
{
	struct train_layout t;
	int have = 0;

	double tp_hi = c->tp > 0 ? (double)c->tp : fmin(fmin(r->domain, r->heads), gpus);
	for (double tp = c->tp > 0 ? (double)c->tp : 1; tp <= tp_hi; tp *= 2) {
		if (c->tp <= 0 && fmod(r->heads, tp) != 0)
			continue; /* tensor parallelism splits whole heads */
		double pp_hi = c->pp > 0 ? (double)c->pp : fmin(r->L, gpus / tp);
		for (double pp = c->pp > 0 ? (double)c->pp : 1; pp <= pp_hi; pp *= 2) {
			for (int zero = 1; zero <= 3; zero += 2) {
				if (c->zero_stage > 0 && zero != c->zero_stage)
					continue;
				train_layout_eval(r, k, gpus, tp, pp, zero, &t);
				int better = !have || (t.fits && !best->fits) ||
					     (t.fits == best->fits &&
					      (t.fits ? t.mfu > best->mfu : t.mem_gb < best->mem_gb));
				if (better) {
					*best = t;
					have = 1;
				}
			}
		}
	}
	if (!have) /* nothing in range (one chip over the head count...): tp 1, pp 1 */
		train_layout_eval(r, k, gpus, 1, 1, c->zero_stage > 0 ? c->zero_stage : 1, best);
}

/* The per-run constants of train_layout_eval. */
static void train_run_k_init(const struct train_cfg *c, const struct calib *k, double seq,
			     struct train_run_k *r)
{
	const struct model *m = c->model;
	const struct hardware *hw = c->hw;
	double F16 = hw->peak_tflops_16 * TERA;
	double F8 = hw->peak_tflops_8 > 0 ? hw->peak_tflops_8 * TERA : F16;
	double gemm_flops_s = c->fp8 ? F8 * k->eta_flop_8 / k->eta_flop_16 * k->train_eta_gemm
				     : F16 * k->train_eta_gemm;

	memset(r, 0, sizeof *r);
	r->P = m->params;
	r->Pa = model_active_params(m);
	moe_split(m, &r->shared, &r->expert);
	r->moe = r->expert > 0;
	r->E = r->moe ? m->experts : 0;
	r->topk = m->experts_per_token;
	r->full_recompute = c->full_recompute;
	r->L = m->layers;
	r->d = m->d_model > 0 ? m->d_model : (double)m->heads * m->head_dim;
	r->heads = m->heads;
	r->seq = seq;
	r->batch = c->batch_tokens > 0 ? c->batch_tokens : k->train_batch_tokens;
	r->batch_given = c->batch_tokens > 0;
	r->F = F16;
	r->bw = hw->mem_bw_tbs * TERA * k->eta_mem;
	r->link = (hw->link_gbs > 0 ? hw->link_gbs : k->link_unknown_gbs) * GB;
	r->net = hw->net_gbs > 0 ? hw->net_gbs * GB : r->link * k->net_frac_of_link;
	r->domain = hw->domain_chips > 0 ? hw->domain_chips : k->node_gpus;
	r->mem = hw->mem_gb * GB;
	r->gemm_s = 6 * r->Pa / gemm_flops_s;
	double hd = m->head_dim > 0 ? m->head_dim : r->d / m->heads;
	double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
	r->qkv = (m->heads + 2 * kvh) * hd;
	r->o = m->heads * hd;
	/* FFN widths from the parameters a layer has beyond attention, as a gated FFN (three
	 * d x f matrices; the embeddings make f a little wide) */
	r->f = fmax(0, (r->shared / r->L - r->d * (r->qkv + r->o)) / (3 * r->d));
	r->fe = r->moe ? r->expert / r->L / (3 * r->d) : 0;
	double eta8 = c->fp8 ? k->eta_flop_8 : k->eta_flop_16;
	r->i_half = k->m_half_ridge * (c->fp8 ? F8 : F16) * eta8 / r->bw * (c->fp8 ? 0.5 : 1);
	r->attn_s = 3 * attn_flops_per_token(m, seq / 2) / (F16 * k->train_eta_gemm * k->attn_eta_frac);
	r->nongemm_s = k->train_nongemm_passes * r->L * r->d * 2 / r->bw;
	if (c->unfused_attention) {
		/* the s x s scores of every head: softmax input and output (2 bytes each) and the
		 * dropout mask (1) kept for the backward pass (Korthikanti et al.: 5 a s per token),
		 * and written and read at bandwidth: score, softmax, mask and the product with V
		 * forward, twice that backward */
		r->scores_bytes = 5 * r->heads * seq;
		r->attn_s += 3 * 4 * 2 * r->heads * seq / 2 * r->L / r->bw;
	}
}

/*
 * Training computes in 16-bit (mixed precision), its GEMMs in 8-bit with fp8. An explicit mfu
 * gives the plain arithmetic (the seeds'); otherwise the calibrated model above, on the given
 * cluster or, without one, on the power of two that finishes in about CALIB_TRAIN_DAYS (found
 * by iterating, since the MFU depends a little on the cluster), at least the chips that hold
 * the state. MFU is always against the 16-bit peak (an fp8 run can pass 1 in principle).
 */
int estimate_train(const struct train_cfg *c, struct train_result *r)
{
	if (!r || train_cfg_problem(c))
		return -1;
	memset(r, 0, sizeof(*r));
	const struct calib *k = c->calib ? c->calib : &CALIB_DEFAULT;
	double F = c->hw->peak_tflops_16 * TERA;
	r->train_flop = train_flop(model_active_params(c->model), c->tokens);
	r->state_gb = train_state_bytes(c->model->params) / GB;
	double chips = ceil(r->state_gb / c->hw->mem_gb);
	if (!(chips < 1e15))
		return -1;
	r->min_gpus_for_state = (long)chips;

	if (c->mfu > 0) {
		r->mfu = c->mfu;
		r->gpus_used = c->gpus;
		r->fits = 1;
	} else {
		struct train_layout t;
		struct train_run_k rk;
		double seq = c->seq_tokens > 0 ? c->seq_tokens
			   : c->model->context > 0 ? fmin(c->model->context, k->train_seq_max)
			   : 2048;
		double gpus = (double)c->gpus;
		train_run_k_init(c, k, seq, &rk);
		if (c->gpus > 0) {
			train_layout_best(c, &rk, k, gpus, &t);
		} else {
			gpus = pow2_at_least(chips);
			for (int i = 0; i < 6; i++) {
				train_layout_best(c, &rk, k, gpus, &t);
				double h = r->train_flop / (F * t.mfu) / 3600;
				double want = fmax(pow2_at_least(h / 24 / k->train_days),
						   pow2_at_least(chips));
				if (want == gpus)
					break;
				gpus = want;
			}
			train_layout_best(c, &rk, k, gpus, &t);
			r->gpus_assumed = 1;
		}
		r->mfu = t.mfu;
		r->gpus_used = (long)gpus;
		r->tp = (long)t.tp;
		r->pp = (long)t.pp;
		r->dp = (long)t.dp;
		r->seq_tokens = seq;
		r->eta_gemm = t.eta_gemm;
		r->compute_share = t.compute_share;
		r->pipeline_busy = t.pipeline_busy;
		r->goodput = t.goodput;
		r->zero_stage = t.zero;
		r->recompute = t.recompute;
		r->mem_gb_per_gpu = t.mem_gb;
		r->microbatches = t.micro;
		r->ckpt_interval_s = t.ckpt_interval_s;
		r->fits = t.fits;
		long used = r->tp * r->pp * r->dp;
		char of[32] = "";
		if (used < r->gpus_used) /* a given batch or a forced layout leaves chips idle */
			snprintf(of, sizeof of, "%ld of ", used);
		snprintf(r->layout, sizeof(r->layout), "TP%ld x PP%ld x DP%ld = %s%ld GPUs (%s)%s",
			 r->tp, r->pp, r->dp, of, r->gpus_used, r->gpus_assumed ? "assumed" : "given",
			 r->fits ? "" : " (does not fit)");
	}
	r->gpu_hours = r->train_flop / (F * r->mfu) / 3600;
	double gpus_for_days = c->gpus > 0 ? (double)c->gpus : (double)NAN;
	r->days = r->gpu_hours / gpus_for_days / 24;
	r->usd = r->gpu_hours * c->usd_per_gpu_hour;
	if (!isfinite(r->gpu_hours) || !isfinite(r->usd) || !(r->mfu > 0))
		return -1;
	return 0;
}

