#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The checker against the kernel, case by case: each case of
# policy_cases.py (under /add/cases, with the files its exe= name made by
# its setup.sh) is written to the policy file in one write, and the
# kernel's verdict (taken, or refused with the line and reason its
# policy_error names, or the reason alone for the whole text) compared
# with what procmemwatch --check-policy says of the same file. The kernel
# is one of ABI version 1, which has policy_error. TAP; the last line lists
# the cases that differ.
. /add/tap.sh
sec=/sys/kernel/security/procmemwatch
reader=/add/procmemwatch
cases=/add/cases
sh $cases/setup.sh || exit 1
[ -e $sec/policy_error ] || { echo "Bail out! no $sec/policy_error: not ABI version 1's kernel"; exit 1; }
differ=

# The kernel's verdict on file $1: "taken", or "refused line N: REASON", or
# "refused REASON" for the whole text.
kernel_verdict() {
	if dd if="$1" of=$sec/policy bs=1048576 count=1 conv=notrunc 2> /dev/null; then
		echo taken
		return
	fi
	echo "refused $(cat $sec/policy_error)"
}

# Whether the checker's output $2 (exit status $3) says what the kernel said ($1) of file $4:
# the same line and reason, or for the whole text the same reason (at a line, for a NUL).
agree() {
	case $1 in
	taken) [ "$3" -eq 0 ] ;;
	"refused line "*)
		line=${1#refused line } why=${1#refused line *: }
		printf '%s\n' "$2" | grep -qxF "$4:${line%%:*}: $why" ;;
	"refused "*)
		why=${1#refused }
		[ "$3" -eq 1 ] && printf '%s\n' "$2" | grep -q "^$4:\([0-9]*:\)\{0,1\} $why" ;;
	*) return 1 ;;
	esac
}

while IFS= read -r name; do
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
	failed=$((failed + 1))
	echo "not ok $n $name"
	echo "# kernel: $kernel"
	printf '%s\n' "$said" | sed 's/^/# checker: /'
done < $cases/index
echo > $sec/policy
echo "# cases where the kernel and the checker differ:${differ:- none}"
finish
