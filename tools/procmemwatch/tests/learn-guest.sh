#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# From detect to enforce, in the guest: memtool reads another process's
# memory in detect mode by its mem file and by process_vm_readv (which
# begins before it copies: a begun record, then the access naming it);
# procmemwatch --suggest-policy learns the rule from the events, which is
# loaded as printed in one write; in enforce mode the same reads pass,
# while memtool's writes (mem file, process_vm_writev), its attach, and a
# byte-identical copy of it at another path are denied. TAP.
. /add/tap.sh
sec=/sys/kernel/security/procmemwatch
reader=/add/procmemwatch
tool=/add/memtool

echo detect > $sec/mode
echo > $sec/policy
sleep 1000 &
victim=$!
before=$(sed -n 's/^events //p' $sec/stats)

same "detect: memtool reads by its mem file" "read-mem ok" "$($tool read-mem $victim)"
same "detect: memtool reads by process_vm_readv" "readv ok" "$($tool readv $victim)"
# the call began (a begun record) before it copied; its access names that record
$reader --seq=$((before + 1))- --route=process_vm_readv > /tmp/readv
sed 's/^/# /' /tmp/readv
begun=$(sed -n 's/^.* #\([0-9]*\) .* begun *process_vm_readv$/\1/p' /tmp/readv)
grep -q " opened .* process_vm_readv bytes=[1-9][0-9]* begun=#$begun$" /tmp/readv
check "detect: process_vm_readv began, then its access names the begun record" $?
$reader --seq=$((before + 1))- --suggest-policy > /tmp/learned 2> /tmp/learned.err
check "--suggest-policy exits 0" $?
sed 's/^/# /' /tmp/learned.err
same "the rule learned: memtool, root, read, the two routes" \
	"allow exe=$tool uid=0 access=read route=mem,process_vm_readv" "$(cat /tmp/learned)"
dd if=/tmp/learned of=$sec/policy bs=65536 count=1 conv=notrunc 2> /dev/null
check "the policy file takes it as printed, in one write" $?
same "the policy read back is the suggestion, line for line" "$(cat /tmp/learned)" "$(cat $sec/policy)"

echo enforce > $sec/mode
denied="Operation not permitted"
same "enforce: memtool still reads by its mem file" "read-mem ok" "$($tool read-mem $victim)"
same "enforce: memtool still reads by process_vm_readv" "readv ok" "$($tool readv $victim)"
same "enforce: memtool's write by its mem file is denied" "write-mem: $denied" \
	"$($tool write-mem $victim)"
same "enforce: memtool's process_vm_writev is denied" "writev: $denied" "$($tool writev $victim)"
same "enforce: memtool's attach is denied" "attach: $denied" "$($tool attach $victim)"
cp $tool /tmp/memtool-copy
cmp -s $tool /tmp/memtool-copy
check "the copy is byte for byte memtool" $?
same "enforce: the copy's read by the mem file is denied" "read-mem: $denied" \
	"$(/tmp/memtool-copy read-mem $victim)"
same "enforce: the copy's process_vm_readv is denied" "readv: $denied" \
	"$(/tmp/memtool-copy readv $victim)"
same "the events: five accesses denied, each by procmemwatch" 5 \
	"$($reader --seq=$((before + 1))- --outcome=denied --no-self --json | grep -c '"outcome":"denied"')"
$reader --seq=$((before + 1))- --summary --no-self 2>&1 | sed 's/^/# /'

echo detect > $sec/mode
echo > $sec/policy
kill $victim
finish
