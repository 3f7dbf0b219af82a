# Shared helpers for the shell test suites (source it).
# Every check prints "ok - NAME" or "not ok - NAME" with details below it;
# finish() exits 1 if any check failed.
set -u
: "${CANDOUR_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${CANDOUR:=$CANDOUR_ROOT/candour}"
export TZ=GMT LC_ALL=C
T_FAILED=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/candour-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'
	T_FAILED=1
}
# check NAME COMMAND...: ok when the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# same NAME EXPECTED_FILE ACTUAL_FILE: ok when identical, else a diff.
same() {
	if diff -u "$2" "$3" >"$T_TMP/diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(head -n 60 "$T_TMP/diff")"
	fi
}
finish() { exit "$T_FAILED"; }
