/*
 * calib.h - every efficiency the estimator assumes when the user does not give one, in one
 * place, each with the measurements that justify it (README "Efficiencies").
 *
 * The serving constants were fitted by tests/calibrate.c (`make calibrate`: Nelder-Mead over
 * the mean absolute error on ../shared/reference/measurements.csv, serving rows M-I1..M-I9);
 * the training constants come from published cluster facts (failure rate, node size) except
 * the GEMM efficiency, the non-GEMM traffic and the attention efficiency, fitted on the
 * training rows M-T1..M-T7 (M-T6 on an assumed cluster, see tests/test_calib.c). Every
 * value is a plain literal, so other modules may print it with a stringifying macro.
 *
 * The constants are gathered into struct calib (CALIB_DEFAULT) so that the fitting program can
 * try other values without recompiling; the estimator uses CALIB_DEFAULT unless a
 * configuration points at another set.
 */
#ifndef LLMCOST_CALIB_H
#define LLMCOST_CALIB_H

/* ---- serving (estimate_infer with mfu = mbu = 0) ---- */

/* Fraction of peak FLOP/s a large GEMM reaches at 16-bit (the asymptote of the batch-dependent
 * efficiency): the large-batch prefills and throughputs M-I4, M-I6, M-I7 (fit 0.85, the
 * range's edge; cuBLAS reaches 0.8-0.9 on large bf16 GEMMs on an A100). Also the headline
 * "MFU prefill" other pages print. */
#define CALIB_MFU_PREFILL 0.85
/* The same at 8-bit (fp8/int8): per-tensor scaling and quantisation kernels keep 8-bit GEMMs
 * further from their peak (M-I8, M-I9, H100 fp8; fit 0.58). */
#define CALIB_ETA_FLOP_8 0.58
/* Fraction of peak bandwidth a streaming kernel (weights, KV cache, activations) reaches:
 * batch-1 decode M-I2 (llama.cpp), M-I3 (NeMo) and the KV-bound M-I5 (fit: at the 0.9 edge
 * of the range allowed). */
#define CALIB_MBU_DECODE 0.9
/* A GEMM over M tokens reaches eta x M / (M + M_half) of peak, with M_half this many times the
 * chip's achievable ridge point in tokens (peak FLOP/s x eta / (bandwidth x CALIB_MBU_DECODE)
 * x bytes per weight / 2: the M at which a GEMM at the rates it reaches spends as long on its
 * math as on reading its weights: 145 tokens on an A100 at 16 bits, 190 on an H100 at 8).
 * Below 1, a batch-1 decode is bound by reading the weights at every precision. Small
 * prefills M-I1, M-I9 and the batch-1 total latency M-I3 (fit 0.73). */
#define CALIB_M_HALF_RIDGE 0.73
/* Time per layer per forward step the GPU spends outside the math: kernel launches, scheduler,
 * sampling (batch-1 latencies M-I1, M-I2, M-I3, M-I9; fit 112 us: NeMo's M-I3 wants more,
 * llama.cpp's M-I2 less). */
#define CALIB_T_LAYER_S 110e-6
/* Activation bytes a forward pass moves per token per layer outside the GEMMs (norms,
 * residuals, rotary, activation functions, softmax), in units of d_model 16-bit values
 * (large-batch throughputs M-I4, M-I8; fit 23, a flat optimum: about twice the read and
 * write passes of a fused LLaMA block's norms, residuals, rotary and SwiGLU). */
#define CALIB_NONGEMM_PASSES 24
/* Attention kernels (flash attention forward and backward) reach this fraction of the GEMMs'
 * efficiency: softmax and the head_dim-wide matrices keep them further from peak. Matters for
 * long sequences over small d_model (fitted on the training rows, at the 0.4 edge). */
#define CALIB_ATTN_ETA_FRAC 0.4
/* Fraction of link_gbs a ring all-reduce reaches, and the latency of each (M-I7, TP4 NVLink;
 * NCCL all-reduce of small messages runs ~10 us on NVLink). */
#define CALIB_ETA_LINK 0.7
#define CALIB_T_ALLREDUCE_S 10e-6
/* Chip-to-chip bandwidth assumed when hardware.csv leaves link_gbs empty: PCIe Gen3 x16. */
#define CALIB_LINK_UNKNOWN_GBS 16

/* ---- training (estimate_train with mfu = 0) ---- */

/* Headline MFU of a large run (LLaMA, Llama 3.1 405B: 38-48%); other pages print it. The
 * estimate itself computes MFU from the mechanisms below, not from this number. */
#define CALIB_MFU_TRAIN 0.40
/* Fraction of peak the training GEMMs (forward and backward) sustain, 16-bit (8-bit GEMMs get
 * this x CALIB_ETA_FLOP_8 / CALIB_MFU_PREFILL of the 8-bit peak), for GEMMs of an ideal shape:
 * each GEMM's own shape then lowers it (its intensity against the chip's ridge, with the
 * serving curve's CALIB_M_HALF_RIDGE; about 0.93 for LLaMA-7B on an A100, 0.85 for an 8B split
 * eight ways on an H100). Fitted on M-T1..M-T7 (LLaMA on A100, MPT on A100-40GB, Llama 3.1 on
 * H100): the fit drifts to the 0.85 edge of its range with 900 non-GEMM passes (MAE 9.3% ->
 * 7.9%), but the out-of-sample runs of training.csv get worse (15.4% -> 16.1%), so the earlier
 * values are kept: a fit on range edges over seven rows says more about the rows than the
 * chips. */
#define CALIB_TRAIN_ETA_GEMM 0.8
/* Memory-bound traffic of training per token per layer (forward, backward and the optimizer's
 * share), in d_model-wide 16-bit values, at the chip's bandwidth: its time relative to the GEMMs
 * goes as peak / (bandwidth x d_model), so it weighs on small models and on chips with many
 * FLOPs per byte. Fitted (850-970) on LLaMA-7B vs 13B-65B and MPT-7B on the lower-bandwidth
 * A100-40GB. Large: it stands for every unfused element-wise kernel, cast and optimizer pass
 * that runs at bandwidth, not a count of one fused implementation's passes. */
#define CALIB_TRAIN_NONGEMM_PASSES 850
/* Chips per link domain when hardware.csv leaves domain_chips empty: an 8-GPU NVLink node
 * (DGX/HGX). Tensor parallelism stays inside a domain. */
#define CALIB_NODE_GPUS 8
/* Activation bytes a layer keeps per token for its backward pass, in units of d_model, divided
 * by the tensor-parallel ways (sequence parallelism): Korthikanti et al. 2022 (arXiv:2205.05198)
 * eq. 2 with flash attention (no s x s scores): 34. A layer whose activations are recomputed
 * keeps its 16-bit input only: 2. Literature values, not fitted. */
#define CALIB_ACT_BYTES_PER_TOKEN_D 34
#define CALIB_CKPT_BYTES_PER_TOKEN_D 2
/* Virtual pipeline stages per chip (Megatron's interleaved 1F1B, Narayanan et al. 2021): the
 * bubble is (p - 1) / (v x m + p - 1) of a step for p stages and m micro-batches. */
#define CALIB_PP_INTERLEAVE 4
/* Inter-node bandwidth per GPU for data-parallel gradient traffic when hardware.csv leaves
 * net_gbs empty, as a share of link_gbs (A100 nodes: 8 x 200 Gb/s InfiniBand = 25 GB/s per GPU
 * = link / 12; H100 nodes 8 x 400 Gb/s = 50 GB/s = link / 9): the A100's, the tighter, 1 / 12. */
#define CALIB_NET_FRAC_OF_LINK 0.0833
/* Global batch of a training step, tokens (LLaMA: 4M tokens for every size). */
#define CALIB_TRAIN_BATCH_TOKENS 4194304
/* Share of the backward pass that hides data-parallel traffic. */
#define CALIB_DP_OVERLAP 0.8
/* Unexpected interruptions per GPU-hour: Llama 3 (arXiv:2407.21783 sec. 3.3.4) had 419 in 54
 * days on 16384 H100s = 1.97e-5 per GPU-hour (a cluster of 16384 fails every 3.1 h); the GPT-4
 * article's 32-36% MFU on ~25000 A100s is in line. */
#define CALIB_FAIL_PER_GPU_HOUR 1.97e-5
/* Checkpoints: every chip writes its share of the 20-byte-per-parameter state at this storage
 * bandwidth (Llama 3 sec. 3.3.1: Tectonic sustains 2 TB/s for 16384 GPUs = 0.12 GB/s each);
 * the interval is Young's optimum sqrt(2 x write time x time between failures), and each
 * interruption also costs this restart time (detect, reschedule, reload), so that Llama 3's
 * > 90% effective training time comes out (0.23 h restart + half an interval + the writes). */
#define CALIB_CKPT_GBS_PER_GPU 0.12
#define CALIB_RESTART_H 0.23
/* When the number of GPUs is not given: the power of two that finishes the run in about this
 * many days (LLaMA-65B: 2048 A100s, 21 days), at least what holds the state. */
#define CALIB_TRAIN_DAYS 21
/* Training sequence length when not given: the model's context up to this many tokens (LLaMA
 * 2048, Llama 3 pre-training 8192). */
#define CALIB_TRAIN_SEQ_MAX 8192

/* ---- memory ---- */

/* Memory per chip held back: a fixed runtime (CUDA context, workspace) plus a share lost to
 * fragmentation and activations; gives the seed's ~8 sequences at 4096 on 2 x A100-80GB. */
#define CALIB_RESERVE_BASE_GB 0.5
#define CALIB_RESERVE_FRAC 0.05

/* The constants above as one value, so the fitting program can vary them. */
struct calib {
	double eta_flop_16, eta_flop_8, eta_mem, m_half_ridge, t_layer_s, nongemm_passes;
	double attn_eta_frac, eta_link, t_allreduce_s, link_unknown_gbs;
	double train_eta_gemm, train_nongemm_passes, node_gpus, act_bytes_d, ckpt_bytes_d;
	double pp_interleave, net_frac_of_link, train_batch_tokens, dp_overlap;
	double fail_per_gpu_hour, restart_h, ckpt_gbs_per_gpu, train_days, train_seq_max;
};

/* The literals of this header (defined in estimate.c). */
extern const struct calib CALIB_DEFAULT;

#endif
