/*
 * calib.h - every efficiency the estimator assumes when the user does not give one, in one
 * place, each with the measurements that justify it (README "Efficiencies").
 */
#ifndef LLMCOST_CALIB_H
#define LLMCOST_CALIB_H

/* Fraction of peak FLOP/s a large prefill reaches (TensorRT-LLM first-token latencies). */
#define CALIB_MFU_PREFILL 0.50
/* Fraction of peak bandwidth a decode step reaches (llama.cpp, NeMo batch-1 decode). */
#define CALIB_MBU_DECODE 0.70
/* Fraction of peak a large training run sustains (LLaMA, Llama 3.1 reports: 38-43%). */
#define CALIB_MFU_TRAIN 0.40
/* Memory per chip held back: a fixed runtime (CUDA context, workspace) plus a share lost to
 * fragmentation and activations; gives the seed's ~8 sequences at 4096 on 2 x A100-80GB. */
#define CALIB_RESERVE_BASE_GB 0.5
#define CALIB_RESERVE_FRAC 0.05

#endif
