#!/usr/bin/env bash
# bench_rebuild.sh - build times of `llmcost report` (issue 6): a full build into an empty
# folder, a rebuild with nothing changed (no gnuplot, the PDF reused), and a rebuild after one
# rental price changed (only the figures and PDF that depend on it redone). Prints the times and
# the speed-up; asserts nothing (the target is a no-change rebuild at least 5x faster).
#   tests/bench_rebuild.sh [path/to/llmcost]     (default: build/llmcost; run from the repo top)
set -euo pipefail
bin=${1:-${LLMCOST_BIN:-build/llmcost}}
work=$(mktemp -d /tmp/llmcost-bench-rebuild-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r inputs "$work/inputs"
mkdir "$work/out"

run() { # prints the wall time of one build in seconds
	local t0 t1 rc=0
	t0=$(date +%s.%N)
	"$bin" report --inputs "$work/inputs" --out "$work/out" --as-of 2024-06-01 --quiet \
		--alert-pct 1e9 || rc=$?
	t1=$(date +%s.%N)
	[ $rc -eq 0 ] || { echo "bench_rebuild: build failed ($rc)" >&2; exit 1; }
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}

full=$(run)
same=$(run)
# One price changes: every A100-80GB rental price goes up 10%.
awk -F, 'BEGIN { OFS = "," } NR > 1 && $1 == "A100-80GB" { $2 = $2 * 1.1 } 1' \
	"$work/inputs/prices.csv" > "$work/prices.new" && mv "$work/prices.new" "$work/inputs/prices.csv"
one=$(run)
printf 'report build, full:               %6.3f s\n' "$full"
printf 'report build, nothing changed:    %6.3f s  (%.0fx faster)\n' "$same" "$(awk -v a="$full" -v b="$same" 'BEGIN { print a / b }')"
printf 'report build, one price changed:  %6.3f s  (%.1fx faster)\n' "$one" "$(awk -v a="$full" -v b="$one" 'BEGIN { print a / b }')"
