/*
 * fuzz_csv.c - libFuzzer harness for the CSV loader (csvload.c) and the table checks on top of
 * it (model.c).
 *
 * The first byte of an input picks a target, the rest is a file's bytes:
 *   0..5  that table (models, hardware, prices, api_prices, sweeps, training) of an inputs
 *         folder whose other tables are small valid ones, then inputs_load() on the folder;
 *   6     csv_load() with a schema holding every column type and flag (the one of
 *         tests/test_csvload.c), the row callback touching every delivered value.
 * Seeds: tests/fuzz/corpus-csv/ (the fixtures of tests/data with their selector byte).
 * Any crash, leak, sanitizer report or hang is a finding; error messages are swallowed.
 */
#include "fuzz_common.h"

#include "csvload.h"
#include "model.h"

static const char *const TABLES[6] = { "models.csv", "hardware.csv", "prices.csv",
				       "api_prices.csv", "sweeps.csv", "training.csv" };

static const char *const BASE[6] = {
	"name,params,layers,d_model,heads,kv_heads,head_dim,active_params,experts,"
	"experts_per_token,context,source\n"
	"LLaMA-2-70B-seed,70e9,80,8192,64,8,128,,,,4096,seed 000\n"
	"GPT-4-seed,1.831e12,120,12288,96,96,128,277e9,16,2,8192,seed 001\n",
	"name,peak_tflops_16,mem_gb,mem_bw_tbs,peak_tflops_8,link_gbs,year,source\n"
	"A100-seed,312,80,2.0,624,300,2020,seed 000\n"
	"H100-seed,989,80,3.35,1979,450,2022,seed 002\n",
	"hardware,usd_per_gpu_hour,as_of,provider,source\n"
	"A100-seed,2.21,2023-07-20,seed,seed 000\n"
	"H100-seed,2.00,2023-07-01,seed,seed 001\n",
	"provider,model,usd_per_1k_prompt,usd_per_1k_gen,as_of,source\n"
	"OpenAI,davinci,0.02,0.02,2022-09-01,seed 002\n",
	"name,models,hardware,gpus,batch,prompt,gen,precision,description\n"
	"small,LLaMA-2-70B-seed,\"A100-seed,H100-seed\",\"1,2\",\"1,max\",512,128,\"bf16,fp8\",x\n",
	"name,model,params,active_params,tokens,hardware,gpus,days,gpu_hours,mfu,source\n"
	"GPT-3-175B,,175000000000,,300000000000,A100-seed,1024,34,,0.213,seed\n",
};

static const struct csv_column SCHEMA[] = {
	{ "name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY },
	{ "size", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE },
	{ "count", CSV_T_INTEGER, CSV_NONNEG },
	{ "share", CSV_T_NUMBER, CSV_FRACTION },
	{ "day", CSV_T_DATE, 0 },
	{ "flag", CSV_T_YESNO, 0 },
	{ "note", CSV_T_TEXT, CSV_NONEMPTY },
};

static char *dir;

/* Reads every byte of every delivered value, so ASan sees any bad pointer or length. */
static int on_row(const struct csv_row *row, void *ctx)
{
	size_t *sum = ctx, k, i;
	for (k = 0; k < row->n_cols; k++) {
		const struct csv_value *v = &row->v[k];
		for (i = 0; i < v->len; i++)
			*sum += (unsigned char)v->text[i];
		if (v->text[v->len] != '\0')
			abort();
		if (v->present && row->cols[k].type == CSV_T_NUMBER && !(v->num == v->num))
			abort(); /* the loader promised a finite number */
	}
	if (*sum % 97 == 3)
		csv_field_error(row, 0, "a check of the caller, %zu", *sum);
	return 0;
}

static void cleanup(void)
{
	size_t i;
	for (i = 0; i < 6; i++)
		fuzz_remove(dir, TABLES[i]);
	fuzz_remove(dir, "t.csv");
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;
	(void)argc;
	(void)argv;
	dir = fuzz_scratch_dir("csv");
	atexit(cleanup);
	for (i = 0; i < 6; i++)
		fuzz_write(dir, TABLES[i], BASE[i], strlen(BASE[i]));
	err_set_sink(fuzz_quiet_sink, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sel;

	if (size < 1)
		return 0;
	sel = data[0] % 7;
	if (sel < 6) {
		struct inputs in;
		fuzz_write(dir, TABLES[sel], data + 1, size - 1);
		memset(&in, 0, sizeof(in));
		if (inputs_load(&in, dir) == 0)
			inputs_release(&in);
		fuzz_write(dir, TABLES[sel], BASE[sel], strlen(BASE[sel]));
	} else {
		size_t sum = 0;
		fuzz_write(dir, "t.csv", data + 1, size - 1);
		csv_load(dir, SCHEMA, 0, 0, NULL, NULL); /* a folder, not a file */
		{
			char path[1024];
			snprintf(path, sizeof(path), "%s/t.csv", dir);
			csv_load(path, SCHEMA, sizeof(SCHEMA) / sizeof(SCHEMA[0]),
				 CSVLOAD_NEED_ROWS, on_row, &sum);
		}
	}
	err_reset_count();
	return 0;
}
