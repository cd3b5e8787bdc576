#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The boot loader in the guest, as procmemwatch-policy.service runs it:
# from /etc/procmemwatch, a bad policy loads nothing (mode, policy and
# lock as they were; said in the kernel log); a good one with exe= rules
# is loaded, then the mode enforce, then the lock, and holds: the program
# named may read, a copy of it may not, and nothing can be changed. TAP.
. /add/tap.sh
sec=/sys/kernel/security/procmemwatch
export PMW_READER=/add/procmemwatch
loader=/add/procmemwatch-policy
mkdir -p /etc/procmemwatch
printf 'POLICY=/etc/procmemwatch/policy\nMODE=enforce\nLOCK=yes\n' > /etc/procmemwatch/procmemwatch.conf
echo detect > $sec/mode
echo > $sec/policy
sleep 1000 &
victim=$!

state() {
	echo "mode=$(cat $sec/mode) lock=$(cat $sec/lock) policy=[$(cat $sec/policy)]"
}

# a bad file: nothing is written, and the kernel log says why
printf 'allow exe=/bin/busybox uid=0\nallow uid=0 route=mem,bogus\n' > /etc/procmemwatch/policy
dmesg -c > /dev/null
$loader load 2> /tmp/err
check "a bad policy: the loader fails" $((! $?))
same "a bad policy: mode, lock and policy as they were" "mode=detect lock=0 policy=[]" "$(state)"
dmesg | grep -q "procmemwatch-policy: /etc/procmemwatch/policy:2: route= names an unknown route"
check "a bad policy: the kernel log names the line and the reason" $?
dmesg | grep -q "procmemwatch-policy: /etc/procmemwatch/policy is not a policy the kernel takes: nothing loaded, mode stays detect"
check "a bad policy: the kernel log says nothing was loaded" $?

# what the checker takes and this kernel may not: the kernel's refusal is reported
if [ ! -e $sec/policy_error ]; then
	echo 'allow uid=0 route=environ' > /etc/procmemwatch/policy
	$loader load 2> /tmp/err
	check "a kernel that refuses: the loader fails" $((! $?))
	grep -q "the kernel refused /etc/procmemwatch/policy: Invalid argument: see the kernel log for the line; nothing loaded, mode stays detect" /tmp/err
	check "a kernel that refuses: its errno, and where to look" $?
	same "a kernel that refuses: mode, lock and policy as they were" "mode=detect lock=0 policy=[]" "$(state)"
fi

# a good file: policy with exe=, then enforce, then the lock
printf '# root may read with busybox\nallow exe=/bin/busybox uid=0\nallow tracer access=rw\n' \
	> /etc/procmemwatch/policy
$loader load
check "a good policy: the loader succeeds" $?
same "a good policy: loaded, enforced, locked" \
	"mode=enforce lock=1 policy=[allow exe=/bin/busybox uid=0 access=read
allow tracer access=rw]" "$(state)"
dmesg | grep -q "procmemwatch-policy: loaded 2 rules from /etc/procmemwatch/policy, mode enforce, locked until reboot"
check "a good policy: the kernel log says so" $?
dd if=/proc/$victim/mem bs=1 count=0 2> /dev/null
check "enforce: busybox, run by root, opens another's memory" $?
cp /bin/busybox /tmp/bb
/tmp/bb dd if=/proc/$victim/mem bs=1 count=0 2> /dev/null
check "enforce: a copy of busybox may not" $((! $?))
# shellcheck disable=SC2320 # the status of the write is the point
echo detect > $sec/mode 2> /dev/null
check "locked: the mode cannot be changed" $((! $?))
$loader load 2> /tmp/err
check "locked: loading again fails" $((! $?))
grep -q "locked until reboot: /etc/procmemwatch/policy not loaded, mode stays enforce" /tmp/err
check "locked: and says why" $?
kill $victim
finish
