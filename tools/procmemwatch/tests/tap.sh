# SPDX-License-Identifier: GPL-2.0
# TAP for the guest scripts of guard mode (sourced, busybox sh): check NAME
# STATUS says "ok" or "not ok"; same NAME WANT GOT compares two texts;
# finish prints the plan and exits non-zero on any failure.
n=0 failed=0

check() {
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n $1"
	else
		failed=$((failed + 1))
		echo "not ok $n $1"
	fi
}

same() {
	[ "$2" = "$3" ]
	check "$1" $?
	[ "$2" = "$3" ] || printf '# want: %s\n# got:  %s\n' "$2" "$3"
}

finish() {
	echo "1..$n"
	echo "# $((n - failed)) passed, $failed failed"
	[ $failed -eq 0 ]
}
