#!/usr/bin/env bash
# run.sh - the two commands of the README.
#   ./run.sh          install what is missing, build, write out/report.pdf
#   ./run.sh test     install what is missing, build, run every test (plain and sanitized)
#   ./run.sh bench    install what is missing, build, print the speed figures
# Packages come from Debian; the install is skipped when everything is present.
set -euo pipefail
cd "$(dirname "$0")"

PKGS="gcc make pkg-config gnuplot-nox libhpdf-dev libcsv-dev libcmocka-dev fonts-dejavu-core
      poppler-utils qpdf"

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
	;;
bench)
	install_missing
	make -s -j"$jobs" bench
	;;
-h|--help|help)
	sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
	;;
*)
	echo "run.sh: unknown command '$cmd' (try: ./run.sh, ./run.sh test, ./run.sh bench)" >&2
	exit 2
	;;
esac
