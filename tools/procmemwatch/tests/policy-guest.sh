#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The checker against the kernel, case by case: each case of
# policy_cases.py (under /add/cases, with the files its exe= name made by
# its setup.sh) is written to the policy file in one write, and the
# kernel's verdict (taken or refused, with the line and reason it names in
# policy_error, or else in the kernel log) compared with what
# procmemwatch --check-policy says of the same file. A kernel without
# policy_error is taken for one without the series' new refusals: a case
# marked new that differs there is reported as TODO, not as a failure.
# TAP; the last lines list the cases that differ.
. /add/tap.sh
sec=/sys/kernel/security/procmemwatch
reader=/add/procmemwatch
cases=/add/cases
sh $cases/setup.sh || exit 1
new_kernel=no
[ -e $sec/policy_error ] && new_kernel=yes
echo "# kernel with policy_error (the new refusals): $new_kernel"
tab=$(printf '\t')
differ= todo=0

# The kernel's verdict on file $1: "taken", or "refused line N: REASON", or
# "refused (ERRNO TEXT)" when it names no line.
kernel_verdict() {
	dmesg -c > /dev/null
	err=$(dd if="$1" of=$sec/policy bs=1048576 count=1 conv=notrunc 2>&1) && {
		echo taken
		return
	}
	err=$(printf '%s\n' "$err" | head -n 1)
	why=$(cat $sec/policy_error 2>/dev/null)
	[ -n "$why" ] || why=$(dmesg | sed -n 's/.*procmemwatch: policy line \([0-9]*\): /line \1: /p' | tail -n 1)
	[ -n "$why" ] || why="(${err##*: })"
	echo "refused $why"
}

# Whether the checker's output $2 (exit status $3) says what the kernel said ($1) of file $4.
agree() {
	case $1 in
	taken) [ "$3" -eq 0 ] ;;
	"refused line "*)
		line=${1#refused line } why=${1#refused line *: }
		printf '%s\n' "$2" | grep -qxF "$4:${line%%:*}: $why" ;;
	*) [ "$3" -eq 1 ] ;;
	esac
}

while IFS=$tab read -r name kind; do
	f=$cases/cases/$name
	kernel=$(kernel_verdict "$f")
	said=$($reader --check-policy="$f" 2>&1)
	rc=$?
	n=$((n + 1))
	if agree "$kernel" "$said" $rc "$f"; then
		echo "ok $n $name: $kernel"
		continue
	fi
	differ="$differ $name"
	if [ "$kind" = new ] && [ $new_kernel = no ]; then
		todo=$((todo + 1))
		echo "not ok $n $name # TODO the series' new refusals; this kernel: $kernel"
	else
		failed=$((failed + 1))
		echo "not ok $n $name"
		echo "# kernel: $kernel"
	fi
	printf '%s\n' "$said" | sed 's/^/# checker: /'
done < $cases/index
echo > $sec/policy
echo "# cases where the kernel and the checker differ:${differ:- none}"
echo "# of those, $todo are the series' new refusals on a kernel without them (TODO)"
finish
