#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest tests of guard mode's userspace, each in a boot of its own
# (the last locks): policy-guest.sh (the checker against the kernel, case
# by case), learn-guest.sh (detect, learn, enforce), loader-guest.sh (the
# boot loader). Builds the static reader and memtool first. Run from the
# repository; scripts/vm-run's settings (VM_PREBUILT, VM_KERNEL, ...) pass
# through.
#
# Usage: tools/procmemwatch/tests/policy-vm.sh [policy|learn|loader]...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
add=$(mktemp -d)
trap 'rm -rf "$add"' EXIT
make -s -C "$here/.." OUTPUT="$add" STATIC=1
rm -f "$add"/*.o
gcc -static -O2 -Wall -Wextra -Werror -o "$add/memtool" "$here/memtool.c"
python3 "$here/policy_cases.py" "$add/cases"
cp "$here/tap.sh" "$here"/*-guest.sh "$here/../procmemwatch-policy" "$add/"
rc=0
for t in "${@:-policy learn loader}"; do
	for t1 in $t; do
		echo "# $t1-guest.sh"
		"$repo/scripts/vm-run" --add "$add" -- sh "/add/$t1-guest.sh" || rc=1
	done
done
exit $rc
