#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs each case of the file "cases" here and compares its exit status,
# standard output and standard error with the expected ones: the status in
# the case's line, output/NAME.out, output/NAME.err (none: nothing on
# stderr). Prints TAP; exits non-zero on any failure. README says how
# cases are made and reviewed.
#
# A case's command is run by bash in this directory, with TZ=UTC0 and
# LC_ALL=C unless it says otherwise; "procmemwatch" in it is READER.
#
# Usage: run.sh READER [NAME...]        run every case, or those named
#        run.sh --new READER NAME...    write the expected files of new
#                                       cases, never over existing ones
set -u
new=0
if [ "${1:-}" = --new ]; then
	new=1
	shift
fi
[ $# -ge 1 ] || { sed -n '12,14s/^# \{0,1\}//p' "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
reader=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

procmemwatch() {
	"$reader" "$@"
}

# run_case NAME COMMAND: its output in $tmp/out and $tmp/err, its status returned
run_case() {
	(cd "$here" && export TZ=UTC0 LC_ALL=C && eval "$2") >"$tmp/out" 2>"$tmp/err" </dev/null
}

# compare NAME STATUS RC: 0 when the run matches what is expected, else says why
compare() {
	local out=$here/output/$1.out err=$here/output/$1.err
	[ -e "$err" ] || err=/dev/null
	[ "$2" = "$3" ] || echo "exit status $3, expected $2"
	[ -e "$out" ] || echo "no $out"
	[ -e "$out" ] && ! cmp -s "$out" "$tmp/out" && diff -u "$out" "$tmp/out" | head -n 40
	cmp -s "$err" "$tmp/err" || diff -u "$err" "$tmp/err" | head -n 20
}

# write_new NAME STATUS RC: the expected files of a case that has none yet
write_new() {
	local out=$here/output/$1.out
	if [ -e "$out" ]; then
		echo "$1: $out exists; review a change to it by hand" >&2
		return 1
	fi
	if [ "$2" != "$3" ]; then
		echo "$1: exit status $3, not the $2 its line says" >&2
		return 1
	fi
	cp "$tmp/out" "$out"
	[ -s "$tmp/err" ] && cp "$tmp/err" "$here/output/$1.err"
	echo "$1: wrote $out: review it (README)"
}

n=0 failed=0
while read -r name status cmd; do
	case $name in '' | '#'*) continue ;; esac
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	n=$((n + 1))
	run_case "$name" "$cmd"
	rc=$?
	if [ $new -eq 1 ]; then
		write_new "$name" "$status" "$rc" || failed=$((failed + 1))
		continue
	fi
	why=$(compare "$name" "$status" "$rc")
	if [ -z "$why" ]; then
		echo "ok $n $name"
	else
		failed=$((failed + 1))
		echo "not ok $n $name"
		echo "$why" | sed 's/^/# /'
	fi
done < "$here/cases"
[ $new -eq 1 ] || echo "1..$n"
[ $failed -eq 0 ]
