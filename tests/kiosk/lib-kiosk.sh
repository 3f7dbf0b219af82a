# shellcheck shell=bash
# Helpers for the kiosk suites (source after tests/lib.sh): an office key
# pair, a kiosk.yaml, starting and stopping candour-kiosk on a free
# loopback port, and the resident's journey with curl.
# shellcheck disable=SC2034 # variables are used by the suites
: "${KIOSK:=$CANDOUR_ROOT/candour-kiosk}"
: "${OFFICE_KEY:=$CANDOUR_ROOT/build/release/tests/office-key}"

k_pid='' k_port='' k_base='' k_log=''
# The office key pair: the public half beside the kiosk's settings, the
# secret half, under a passphrase as the office keeps it, in a folder of
# its own (a kiosk never holds it).
k_office=$T_TMP/office
k_dir=$T_TMP/kiosk
mkdir -p "$k_office" "$k_dir"
export CANDOUR_PASSPHRASE='office passphrase for the tests'

k_keys() {
	"$OFFICE_KEY" keypair "$k_dir/office.pub" "$k_office/office.key"
}

# k_config FILE PORT OUTBOX [MORE YAML LINES...]: write a kiosk.yaml.
k_config() {
	local file=$1 port=$2 outbox=$3
	shift 3
	{
		printf 'kiosk: K03\nscheme:\n  code: HH01\n  name: Harbour House\n'
		printf 'urgent_contacts:\n  - name: Staff office\n'
		printf '    phone: 01632 960 001\n    when: Any time\n'
		printf 'languages: [en, cy]\n'
		printf 'office_key: %s\noutbox: %s\nport: %s\n' \
			"$k_dir/office.pub" "$outbox" "$port"
		for line in "$@"; do printf '%s\n' "$line"; done
	} >"$file"
}

k_wait() {
	local tries=$(($1 * 10))
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

k_started() { grep -q '^candour-kiosk: kiosk .* serving ' "$k_log"; }
k_dead() { ! kill -0 "$k_pid" 2>/dev/null; }
k_up_or_dead() { k_started || k_dead; }

# k_start OUTBOX LOG [YAML LINES...]: start the kiosk on a free port with a
# fresh config; sets k_pid, k_port, k_base. Returns 1 if it did not start.
# $KIOSK_WRAP (valgrind ...) goes in front of the program.
k_start() {
	local outbox=$1 try rc
	k_log=$2
	shift 2
	for _ in 1 2 3 4 5; do
		try=$((20000 + RANDOM % 40000))
		ss -ltnH "sport = :$try" | grep -q . && continue
		k_config "$k_dir/kiosk.yaml" "$try" "$outbox" "$@"
		: >"$k_log"
		${KIOSK_WRAP:-} "$KIOSK" serve --config "$k_dir/kiosk.yaml" \
			>>"$k_log" 2>&1 &
		k_pid=$!
		k_wait 30 k_up_or_dead
		if k_started; then
			k_port=$try
			k_base=http://127.0.0.1:$try
			return 0
		fi
		wait "$k_pid"
		rc=$?
		k_pid=
		[ "$rc" -eq 3 ] || return 1
	done
	return 1
}

# k_restart: start again on the same port and config (after a kill).
k_restart() {
	: >>"$k_log"
	sed -i '/serving /d' "$k_log"
	${KIOSK_WRAP:-} "$KIOSK" serve --config "$k_dir/kiosk.yaml" \
		>>"$k_log" 2>&1 &
	k_pid=$!
	k_wait 30 k_up_or_dead && k_started
}

k_stop() {
	if [ -n "$k_pid" ] && kill -0 "$k_pid" 2>/dev/null; then
		kill -KILL "$k_pid" 2>/dev/null
		wait "$k_pid" 2>/dev/null
	fi
	k_pid=
}

# k_answers JAR [TEXT]: start a session in cookie jar JAR and answer every
# question (what happened: TEXT), ending before the check page.
k_answers() {
	local jar=$1 text=${2:-The shower has been broken for a week}
	local c=(-s -b "$jar" -c "$jar" -o /dev/null -m 10)
	curl "${c[@]}" -X POST "$k_base/start" -d '' \
		--next "${c[@]}" "$k_base/about" -d category=repairs \
		--next "${c[@]}" "$k_base/happened" --data-urlencode "happened=$text" \
		--next "${c[@]}" "$k_base/put-right" -d 'put-right=Fix+it' \
		--next "${c[@]}" "$k_base/danger" -d danger=no \
		--next "${c[@]}" "$k_base/reply" -d reply=room \
		--next "${c[@]}" "$k_base/reply-details" -d 'name=A+Resident&room=12' \
		--next "${c[@]}" "$k_base/help" -d help=none
}

# k_sid JAR: the submission id on the check page (minted on first view).
k_sid() {
	curl -s -m 10 -b "$1" -c "$1" "$k_base/check" |
		sed -n 's/.*name="sid" value="\([0-9a-f-]*\)".*/\1/p'
}

# k_submit JAR SID: send; prints the reference the resident is shown, or
# nothing.
k_submit() {
	curl -s -m 10 -L -b "$1" -c "$1" "$k_base/submit" -d "sid=$2" |
		sed -n 's/.*class="reference">\([^<]*\)<.*/\1/p'
}

k_rows() { sqlite3 "$1" 'SELECT count(*) FROM records'; }
