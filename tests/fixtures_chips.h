/*
 * fixtures_chips.h - the chips of inputs/hardware.csv that measurements.csv names (vendor
 * datasheets), repeated here so that the calibration (tests/meas.h, tests/calibrate.c) and the
 * tests that use real chips (tests/test_calib.c, tests/test_plan.c) do not move when someone
 * edits the inputs.
 *
 * Header-only data, needs no cmocka: a static const array, which an includer that does not use
 * it builds without a warning.
 */
#ifndef LLMCOST_TESTS_FIXTURES_CHIPS_H
#define LLMCOST_TESTS_FIXTURES_CHIPS_H

#include "model.h"

/* Index 0 is the A100-80GB, 2 the H100-SXM. */
static const struct hardware meas_chips[] = {
	{ .name = (char *)"A100-80GB", .peak_tflops_16 = 312, .peak_tflops_8 = 624, .mem_gb = 80,
	  .mem_bw_tbs = 2.039, .link_gbs = 300, .domain_chips = 8, .net_gbs = 25 },
	{ .name = (char *)"A100-40GB", .peak_tflops_16 = 312, .peak_tflops_8 = 624, .mem_gb = 40,
	  .mem_bw_tbs = 1.555, .link_gbs = 300, .domain_chips = 8, .net_gbs = 25 },
	{ .name = (char *)"H100-SXM", .peak_tflops_16 = 989, .peak_tflops_8 = 1979, .mem_gb = 80,
	  .mem_bw_tbs = 3.35, .link_gbs = 450, .domain_chips = 8, .net_gbs = 50 },
	{ .name = (char *)"RTX-4090", .peak_tflops_16 = 165.2, .peak_tflops_8 = 330.3,
	  .mem_gb = 24, .mem_bw_tbs = 1.008, .link_gbs = 32 },
};

#endif
