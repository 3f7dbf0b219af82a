#!/usr/bin/env bash
# bench/log-figures.sh CANDOUR WORK: the time to compute every published
# figure from a complaint log of 1,000,000 complaints (DESIGN 9: under 1 s).
# Prints one line, "seconds RSS_KiB", for bench/run (row 3).
#
# The log is synthetic and deterministic: 1,000,000 complaints received over
# seven reporting years (2019-20 to 2025-26), every value a fixed function of
# the complaint's number (no randomness), about one in six escalated to stage
# 2. It is made once under WORK/log-figures/ (with the schema from
# `candour log import-csv` of an empty export, then filled by the sqlite3
# shell) and kept there. What is timed is `candour check` of a small content
# folder beside it, whose only generated pages are the figures: that reads
# the log read-only in its one pass, counts, reads the homes and survey
# CSVs, suppresses small numbers and renders every figures page, and writes
# nothing. The best of 3 runs is reported.
set -euo pipefail
CANDOUR=$1
WORK=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${LOG_FIGURES_COMPLAINTS:-1000000}
W=$WORK/log-figures
DB=$W/var/complaints.db

# The cached log is kept only while it is what this candour would make: the
# same number of complaints, and a new empty log's schema version and page
# size (a log from an older candour is made again, not migrated).
probe=$(mktemp -d)
head -n 1 "$ROOT/content/log/case-system-export.csv" >"$probe/empty.csv"
"$CANDOUR" log import-csv --log "$probe/log.db" "$probe/empty.csv" >/dev/null
made="$N $(sqlite3 "$probe/log.db" 'SELECT version FROM schema_version; PRAGMA page_size' | tr '\n' ' ')"
rm -rf "$probe"
if [ ! -s "$DB" ] || [ "$(cat "$W/made" 2>/dev/null)" != "$made" ]; then
	rm -rf "$W"
	mkdir -p "$W/var"
	cp -r "$ROOT/tests/errors/base" "$W/content"
	cp "$ROOT/content/holidays.csv" "$W/content/"
	mkdir "$W/content/performance"
	{
		echo "year,tenure,homes"
		for y in 2019 2020 2021 2022 2023 2024 2025 2026; do
			printf '%d-%02d,LCRA,120000\n%d-%02d,LCHO,9000\n' \
			    "$y" $(((y + 1) % 100)) "$y" $(((y + 1) % 100))
		done
	} >"$W/content/performance/homes.csv"
	head -n 1 "$ROOT/content/log/case-system-export.csv" >"$W/empty.csv"
	"$CANDOUR" log import-csv --log "$DB" "$W/empty.csv" >/dev/null
	sqlite3 "$DB" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO complaints (seq, id, reference, channel, scheme, tenure,
    category, received_at, source)
SELECT i, printf('00000000-0000-4000-8000-%012d', i), printf('B-%07d', i),
    CASE i % 10 WHEN 0 THEN 'kiosk' WHEN 1 THEN 'email' WHEN 2 THEN 'web'
        WHEN 3 THEN 'letter' WHEN 4 THEN 'in person' ELSE 'phone' END,
    printf('S-%03d', i % 400),
    CASE WHEN i % 13 = 0 THEN 'LCHO' ELSE 'LCRA' END,
    CASE i % 9 WHEN 0 THEN 'repairs' WHEN 1 THEN 'damp and mould'
        WHEN 2 THEN 'anti-social behaviour' WHEN 3 THEN 'neighbourhood'
        WHEN 4 THEN 'rent and charges' WHEN 5 THEN 'staff and communication'
        WHEN 6 THEN 'support services' WHEN 7 THEN 'safety' ELSE 'other' END,
    date('2019-04-01', '+' || ((i * 7919) % 2557) || ' days'),
    'bench'
FROM n;
INSERT INTO stages (complaint_seq, stage, received, acknowledged,
    extended_to, extension_reason, responded, outcome, refusal_reason)
SELECT seq, 1, received_at,
    date(received_at, '+' || (seq % 7) || ' days'),
    CASE WHEN seq % 17 = 0 THEN date(received_at, '+30 days') END,
    CASE WHEN seq % 17 = 0 THEN 'bench' END,
    CASE WHEN seq % 50 = 0 THEN NULL
        ELSE date(received_at, '+' || (seq % 7 + 3 + seq % 19) || ' days') END,
    CASE WHEN seq % 50 = 0 THEN NULL WHEN seq % 41 = 0 THEN 'refused'
        WHEN seq % 37 = 0 THEN 'withdrawn' WHEN seq % 2 = 0 THEN 'upheld'
        ELSE 'not upheld' END,
    CASE WHEN seq % 50 <> 0 AND seq % 41 = 0 THEN 'service request' END
FROM complaints;
INSERT INTO stages (complaint_seq, stage, received, acknowledged,
    extended_to, extension_reason, responded, outcome, refusal_reason)
SELECT seq, 2, date(received_at, '+30 days'), date(received_at, '+33 days'),
    NULL, NULL, date(received_at, '+' || (50 + seq % 20) || ' days'),
    CASE WHEN seq % 3 = 0 THEN 'upheld' ELSE 'not upheld' END, NULL
FROM complaints
WHERE seq % 6 = 0 AND seq % 50 <> 0 AND seq % 41 <> 0 AND seq % 37 <> 0;
COMMIT;
EOF
	echo "$made" >"$W/made"
fi
best=
for _ in 1 2 3; do
	/usr/bin/time -f '%e %M' -o "$W/time" \
	    "$CANDOUR" check --content "$W/content" >/dev/null 2>"$W/err" || {
		cat "$W/err" >&2
		exit 1
	}
	read -r s k <"$W/time"
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'
	then
		best=$s
		rss=$k
	fi
done
echo "$best $rss"
