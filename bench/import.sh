#!/usr/bin/env bash
# bench/import.sh CANDOUR KIOSK WORK: `candour log import` of one bundle of
# 10,000 kiosk complaints (IMPORT_BENCH_RECORDS) into a fresh log, with a
# real office key (`candour keys office`: Argon2id MODERATE, so the time
# includes opening the key). The bundle is made under WORK by the test
# helper tests/sync/make-bundle.c through the shared bundle.h, as
# candour-kiosk export makes it (KIOSK is not needed for that; it is taken
# for the common interface of bench/run). The last line printed is
# "SECONDS RSS_KiB" of the import; the line before it, the time opening
# the key alone takes.
set -euo pipefail
CANDOUR=$1
WORK=$3
CANDOUR_ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${IMPORT_BENCH_RECORDS:-10000}
make -s -C "$CANDOUR_ROOT" sync-test-tools >/dev/null
MB=$CANDOUR_ROOT/build/release/tests/make-bundle
export CANDOUR_PASSPHRASE='bench office passphrase'
d=$WORK/import
rm -rf "$d"
mkdir -p "$d/k03"
"$CANDOUR" keys office --out "$d/keys" >/dev/null
"$MB" kiosk-keys "$d/k03"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
    printf "%d %08x-0000-4000-8000-%012x {\"format\":\"candour-kiosk-record\",\"form_version\":1,\"submission_id\":\"%08x-0000-4000-8000-%012x\",\"reference\":\"K03-%06d\",\"kiosk\":\"K03\",\"scheme\":\"HH01\",\"created_at\":\"2025-11-23T18:04Z\",\"language\":\"en\",\"easy_read\":false,\"category\":\"repairs\",\"happened\":\"The heating in my room has not worked for a week and the radiator is cold\",\"put_right\":\"Fix the heating\",\"danger\":\"no\",\"contact\":{\"method\":\"room\",\"name\":\"A Resident\",\"room\":\"%d\"},\"help\":[\"advocate\"],\"help_details\":\"\"}\n", i, i, i, i, i, i, i % 200 }' |
    "$MB" bundle "$d/k03/kiosk.key" "$d/keys/office.pub" K03 \
    "$d/K03-000001-$(printf '%06d' "$N")-bench.bundle"
"$CANDOUR" log kiosks add K03 --log "$d/log.db" --public-key "$d/k03/kiosk.pub" \
    --label Bench >/dev/null
# For reference: opening the key alone (a bundle refused at once).
head -c 10 "$d"/K03-*.bundle >"$d/cut.bundle"
/usr/bin/time -f '%e %M' -o "$d/time" "$CANDOUR" log import --log "$d/log.db" \
    --key "$d/keys/office.key" "$d/cut.bundle" 2>/dev/null || true
# (time's last line: the command fails, so a line saying so comes first)
echo "opening the office key alone (Argon2id MODERATE): $(tail -n 1 "$d/time" | cut -d' ' -f1) s"
/usr/bin/time -f '%e %M' -o "$d/time" "$CANDOUR" log import --log "$d/log.db" \
    --key "$d/keys/office.key" "$d"/K03-*.bundle
n=$(sqlite3 "$d/log.db" "SELECT count(*) FROM complaints")
[ "$n" -eq "$N" ] || { echo "only $n of $N complaints were imported" >&2; exit 1; }
cat "$d/time"
