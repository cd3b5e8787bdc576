#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The boot loader in the guest, as procmemwatch-policy.service runs it:
# from /etc/procmemwatch, a bad policy loads nothing (mode, policy and
# lock as they were; said in the kernel log); an upgrade that replaces a
# file an exe= rule names shows in the policy read back ("# now:
# replaced"), which the loader takes back as it is, and its refresh
# follows the path; a good policy with exe= rules is loaded, then the mode
# enforce, then the lock, and holds: the program named may read, a copy of
# it may not, and nothing can be changed but by a refresh. TAP.
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

# an upgrade: the file an exe= rule names is replaced; the policy read
# back says so, and is a policy the loader takes as it is
cp /bin/busybox /tmp/prog
printf 'allow exe=/tmp/prog uid=0 # the program\n' > /etc/procmemwatch/policy
printf 'POLICY=/etc/procmemwatch/policy\n' > /tmp/conf-nolock
PMW_CONF=/tmp/conf-nolock $loader load
check "a policy with a trailing comment: the loader loads it" $?
cp /bin/busybox /tmp/prog.new && mv /tmp/prog.new /tmp/prog
same "upgraded: the policy read back says the file was replaced" \
	"allow exe=/tmp/prog uid=0 access=read # now: replaced" "$(cat $sec/policy)"
same "upgraded: stats count a stale rule" "stale_rules 1" "$(grep '^stale_rules ' $sec/stats)"
cat $sec/policy > /etc/procmemwatch/policy
PMW_CONF=/tmp/conf-nolock $loader check
check "the policy read back, saved: the loader's check takes it" $?
PMW_CONF=/tmp/conf-nolock $loader refresh 2> /tmp/err
check "refresh: the loader's refresh succeeds" $?
same "refresh: the rule follows its path" "allow exe=/tmp/prog uid=0 access=read" \
	"$(cat $sec/policy)"
same "refresh: no stale rule left" "stale_rules 0" "$(grep '^stale_rules ' $sec/stats)"
rm /tmp/prog
same "deleted: the policy read back says so" \
	"allow exe=/tmp/prog uid=0 access=read # now: deleted" "$(cat $sec/policy)"
PMW_CONF=/tmp/conf-nolock $loader refresh 2> /tmp/err
grep -q "1 exe= rules name files that are gone" /tmp/err
check "deleted: the loader's refresh warns of the rule" $?
echo > $sec/policy

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
# exe= names busybox by the exec that started it: a fresh one, after the rule
/bin/busybox dd if=/proc/$victim/mem bs=1 count=0 2> /dev/null
check "enforce: busybox, exec'd by root after the rule, opens another's memory" $?
# this shell's busybox was exec'd before the rule: its dd (run without an exec) is not named
dd if=/proc/$victim/mem bs=1 count=0 2> /dev/null
check "enforce: dd in a shell exec'd before the rule may not" $((! $?))
$PMW_READER --target=$victim --outcome=denied | tail -n 1 | sed 's/^/# /'
$PMW_READER --target=$victim --outcome=denied | tail -n 1 | grep -q " untrusted_exe "
check "enforce: and its access says untrusted_exe" $?
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
