#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest: makes one event of each outcome the guest can provoke and
# prints the records (base64) and the kernel's audit lines, from which
# events-v2.bin and audit-console-v2.log were made. From the repository:
#
#   VM_PREBUILT=1 scripts/vm-run --append audit=1 --add tools/procmemwatch/tests \
#       -- sh /add/capture-v2.sh > out
#   sed -n '/^== raw$/,/^== audit$/p' out | sed '1d;$d' | base64 -d \
#       > tools/procmemwatch/tests/events-v2.bin
#   sed -n '/^== audit$/,/^== end$/p' out | sed '1d;$d' \
#       > tools/procmemwatch/tests/audit-console-v2.log
#
# The kernel prints audit records on the console when no daemon listens
# (audit=1), at most printk_ratelimit_burst of them in a row.
echo 1000 > /proc/sys/kernel/printk_ratelimit_burst
sleep 1000 &
t=$!
sleep 0.2
# opened
sh -c 'exec head -c 0 /proc/'$t'/mem'
# failed, EINVAL: procfs does not do O_DIRECT
dd if=/proc/self/mem of=/dev/null iflag=direct count=0 2>/dev/null
# opened through /proc/<pid>/task/<tid>/: thread
head -c 0 /proc/thread-self/mem
# failed, ESRCH: a kernel thread has no memory to open
head -c 0 /proc/2/mem 2>/dev/null
# refused, EACCES: Yama's scope 1 lets only an ancestor in
old=$(cat /proc/sys/kernel/yama/ptrace_scope)
echo 1 > /proc/sys/kernel/yama/ptrace_scope
su -s /bin/sh user -c 'sleep 1000 & s=$!; sleep 0.2; head -c 0 /proc/$s/mem 2>/dev/null; kill $s'
echo "$old" > /proc/sys/kernel/yama/ptrace_scope
# opened for reading and writing, with O_CREAT
sh -c 'exec 3<>/proc/'$t'/mem'
kill $t
sleep 1
echo "== raw"
procmemwatch --raw | base64
echo "== audit"
dmesg | grep 'audit: type=1316'
echo "== end"
