#!/usr/bin/env bash
# run.sh - the two commands of the README.
#   ./run.sh          install what is missing, build, write out/report.pdf
#   ./run.sh test     install what is missing, build, run every test (plain and sanitized)
#   ./run.sh bench    install what is missing, build, print the speed figures
#   ./run.sh nightly  what cron runs: build report and brief, log to out/logs/DATE.log
# Packages come from Debian; the install is skipped when everything is present.
set -euo pipefail
cd "$(dirname "$0")"

PKGS="gcc make pkg-config gnuplot-nox libhpdf-dev libcsv-dev libcmocka-dev fonts-dejavu-core
      poppler-utils qpdf clang libclang-rt-14-dev"

install_missing() {
	local missing=() p
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "run.sh: missing Debian packages: ${missing[*]}" >&2
		echo "run.sh: run as root, or: sudo apt-get install ${missing[*]}" >&2
		exit 4
	fi
	echo "run.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

jobs=$(nproc 2>/dev/null || echo 2)
cmd=${1:-report}
[ $# -gt 0 ] && shift
case "$cmd" in
report)
	install_missing
	make -s -j"$jobs"
	exec build/llmcost report "$@"
	;;
test)
	install_missing
	make -s -j"$jobs"
	make -s -j"$jobs" test
	make -s -j"$jobs" SANITIZE=address,undefined test
	# libFuzzer harnesses (clang; libclang-rt-14-dev holds libFuzzer), FUZZ_SECONDS each
	make -s -j"$jobs" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
	;;
bench)
	install_missing
	make -s -j"$jobs" bench
	;;
nightly)
	# What cron or a systemd timer runs (docs-nightly.md): never prompts (stdin is /dev/null),
	# appends everything to out/logs/DATE.log (UTC date), builds the report and the brief,
	# archives them, and exits with llmcost's code: 0 built; 6 built, but a headline number
	# moved by --alert-pct or more; 3 bad input; 4 missing tool (or package, when not root);
	# 5 cannot write out/; 8 another build kept it busy past --wait; 70 build or internal
	# error. Extra arguments go to `llmcost report` (e.g. --alert-pct 10 --keep 90).
	mkdir -p out/logs
	log="out/logs/$(date -u +%F).log"
	rc=0
	(
		echo "== $(date -u '+%F %T') UTC ./run.sh nightly $*"
		install_missing
		make -s -j"$jobs" || { echo "run.sh: the build failed"; exit 70; }
		build/llmcost report --wait 1800 --template report,brief "$@"
	) </dev/null >>"$log" 2>&1 || rc=$?
	echo "== $(date -u '+%F %T') UTC exit $rc" >>"$log"
	if [ "$rc" -ne 0 ]; then
		# For cron's mail: the alert or the errors, and where the whole log is.
		grep -E '^(alert: |llmcost: [^w]|run\.sh: |[^ ]+:[0-9]+:)' "$log" | tail -n 20 || true
		echo "run.sh nightly: exit $rc (log: $log)"
	fi
	exit "$rc"
	;;
-h|--help|help)
	sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
	;;
*)
	echo "run.sh: unknown command '$cmd' (try: ./run.sh, ./run.sh test, ./run.sh bench, ./run.sh nightly)" >&2
	exit 2
	;;
esac
