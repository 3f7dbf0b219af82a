#!/usr/bin/env bash
# bench/kiosk.sh KIOSK WORK: submit-to-confirmation latency of candour-kiosk
# over loopback with synchronous=FULL, for bench/run (row 4). Starts the
# kiosk on a free loopback port with a fresh outbox under WORK, answers every
# question for N complaints one after another (KIOSK_BENCH_RUNS, default
# 1,000), and prints, one a line, the milliseconds from sending the check
# page's form to having the confirmation page (POST /submit, the commit, the
# redirect and GET /done), as the resident waits for it.
set -euo pipefail
KIOSK=$1
WORK=$2
CANDOUR_ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${KIOSK_BENCH_RUNS:-1000}
export CANDOUR_ROOT KIOSK
make -s -C "$CANDOUR_ROOT" kiosk-test-tools >/dev/null
# The suites' helpers: a temporary folder, the office key pair, the journey.
# shellcheck source=../tests/lib.sh
. "$CANDOUR_ROOT/tests/lib.sh"
# shellcheck source=../tests/kiosk/lib-kiosk.sh
. "$CANDOUR_ROOT/tests/kiosk/lib-kiosk.sh"
trap 'k_stop || :; rm -rf "$T_TMP"' EXIT
mkdir -p "$WORK/kiosk"
rm -f "$WORK/kiosk/outbox.db"*
k_keys
k_start "$WORK/kiosk/outbox.db" "$WORK/kiosk/serve.log" ||
	{ echo "candour-kiosk did not start: $(tail -n 1 "$WORK/kiosk/serve.log")" >&2; exit 1; }
jar=$T_TMP/jar
for i in $(seq 1 "$RUNS"); do
	rm -f "$jar"
	k_answers "$jar" "Bench complaint $i"
	sid=$(k_sid "$jar")
	curl -s -m 10 -L -o /dev/null -w '%{time_total}\n' -b "$jar" \
		"$k_base/submit" -d "sid=$sid" | awk '{ printf "%.2f\n", $1 * 1000 }'
done
n=$(sqlite3 "$WORK/kiosk/outbox.db" 'SELECT count(*) FROM records')
[ "$n" -eq "$RUNS" ] || { echo "only $n of $RUNS complaints reached the outbox" >&2; exit 1; }
