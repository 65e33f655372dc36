/*
 * estimate_int.h - what estimate.c shares with estimate_train.c and no other module: units and
 * the model check both halves of the estimator start from.
 */
#ifndef LLMCOST_ESTIMATE_INT_H
#define LLMCOST_ESTIMATE_INT_H

#include "model.h"

#define GB 1e9
#define TERA 1e12

/* NULL when m can be estimated (positive params, layers, shape...), else a short reason. */
const char *model_problem(const struct model *m);

#endif
