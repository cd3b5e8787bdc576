#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# procmemwatch's audit records as the audit tools see them: auditd writes
# the log, ausearch finds the record and interprets its fields, aureport
# counts it, the reader (procmemwatch --audit) reads it back. An open that
# guard mode denies and a policy load are among them, and the routes that
# open no mem file: process_vm_readv(2), a ptrace attach; and /proc/kcore;
# and a container reading the host; and an opener that audit leaves out
# of syscall auditing, which no SYSCALL record names. v1's fields are
# there too: the executables by number, passed= and traced_exec=, and the
# begun record each process_vm record names by begun_seq=.
# Needs auditd, ausearch and aureport; skips without them.

ksft_skip=4
here=$(cd "$(dirname "$0")" && pwd)
n=0
failed=0

ok() {
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		failed=1
	fi
}

for tool in auditd ausearch aureport; do
	command -v $tool >/dev/null || { echo "1..0 # SKIP $tool not found"; exit $ksft_skip; }
done

echo "TAP version 13"
echo "1..15"
dir=$(mktemp -d)
log=$dir/audit.log
cat > "$dir/auditd.conf" <<CONF
log_file = $log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 1
max_log_file_action = ignore
space_left = 2
admin_space_left = 1
space_left_action = ignore
admin_space_left_action = ignore
disk_full_action = ignore
disk_error_action = ignore
CONF
auditd -n -c "$dir" 2>"$dir/auditd.err" &
daemon=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q DAEMON_START "$log" 2>/dev/null && break
	sleep 0.5
done

# uid 1000 opens the memory of its own child; a program under a hostile
# name and path opens its own.
su user -c 'sleep 1000 & sleep 0.2; head -c 0 /proc/$!/mem; kill $!'
cp "$here/audit_test" "$dir/ev il"
"$dir/ev il" --open-self

# Two process_vm_readv calls; an attach, a read by the tracer, a seize;
# an open of /proc/kcore.
"$here/route_test" -t process_vm_readv_of_a_child -t ptrace_attach_and_peek > "$dir/routes" 2>&1 ||
	sed 's/^/# /' "$dir/routes"
kcore=$(sh -c 'echo $$; exec head -c 4 /proc/kcore > /dev/null')

# The host reads a Docker container, the container reads the host.
"$here/container_test" -t a_host_process_reads_a_container -t a_container_reads_the_host \
	> "$dir/containers" 2>&1 || sed 's/^/# /' "$dir/containers"

# In enforce, with an empty policy, root opens another process's memory:
# denied. Then a shell writes a policy of two rules. The policy and the
# mode are put back after.
pmw=/sys/kernel/security/procmemwatch
mode_was=$(cat $pmw/mode)
policy_was=$(cat $pmw/policy)
echo > $pmw/policy
echo enforce > $pmw/mode
sleep 1000 &
victim=$!
sleep 0.2
denied=$(sh -c 'echo $$; exec head -c 0 /proc/'$victim'/mem 2>/dev/null')
kill $victim
writer=$(sh -c 'echo $$; printf "allow uid=0 access=read\nallow tracer access=rw\n" > '$pmw/policy)
printf '%s\n' "$policy_was" > $pmw/policy
echo "$mode_was" > $pmw/mode

# A task forked under a never,task rule has no audit context: its open(2)
# has no SYSCALL record, and only procmemwatch's own record names it.
sleep 1000 &
victim2=$!
sleep 0.2
auditctl -a never,task > /dev/null
unaudited=$(sh -c 'echo $$; exec head -c 0 /proc/'$victim2'/mem')
auditctl -D > /dev/null
kill $victim2
sleep 2
kill $daemon
wait $daemon

echo "# ausearch -m KERNEL_OTHER -i:"
ausearch -if "$log" -m KERNEL_OTHER -i > "$dir/other" 2>&1
sed 's/^/# /' "$dir/other"
ok "ausearch -i interprets a process_vm_readv record: route, bytes, target" \
	'grep "op=process_vm_readv " "$dir/other" | grep " uid=root " | grep " ocomm=pmw-holder " |
	 grep -q " bytes=64"'
ok "ausearch -i shows the ptrace attaches, one by the tracer reading" \
	'[ "$(grep "op=ptrace_attach " "$dir/other" | grep " ocomm=pmw-holder " |
	      grep -c " outcome=opened ")" -eq 2 ] &&
	 grep "op=process_vm_readv " "$dir/other" | grep -q " tracer=1 "'
ok "ausearch -i shows the /proc/kcore open, without a target" \
	'grep "op=proc_kcore_open " "$dir/other" | grep " pid=$kcore " |
	 grep -F " path=/proc/kcore " | grep -qv " opid="'
ok "ausearch -m KERNEL_OTHER finds the records" \
	'[ "$(grep -c "op=proc_mem_open" "$dir/other")" -eq 6 ]'
docker=/system.slice/docker-3f9a1c5e7b2d4068a1c3e5f7091b2d4f6a8c0e1f3b5d7092c4e6f8a0b2d4f6e8.scope
ok "ausearch -i shows each side's cgroup and the pid namespace crossing" \
	'grep "op=proc_mem_open" "$dir/other" | grep -F " cgroup=/ " |
	 grep -F " ocgroup=\"$docker\" " | grep -q " nscross=host " &&
	 grep "op=proc_mem_open" "$dir/other" | grep -F " cgroup=$docker " |
	 grep -q " nscross=outward "'
ok "ausearch -i names the user and the target" \
	'grep "op=proc_mem_open" "$dir/other" | grep " uid=user " | grep -q " ocomm=sleep "'
ok "ausearch -i decodes a hostile comm and exe" \
	"grep -F 'exe=$dir/ev il ' \"\$dir/other\" | grep -qF 'comm=a b\"c'"
ok "ausearch -m KERNEL_OTHER -i shows the denied open: outcome denied, res no" \
	'grep "op=proc_mem_open" "$dir/other" | grep " pid=$denied " | grep " opid=$victim " |
	 grep " uid=root " | grep " outcome=denied errno=1 " | grep -qE " res=no( |\$)"'
# Three process_vm_readv calls: three begun records, each named by the
# access record that follows it.
begun_ok() {
	local seqs names
	seqs=$(grep "op=process_vm_readv_begun " "$dir/other" |
	       sed -n 's/.* seq=\([0-9]*\).*/\1/p' | sort)
	names=$(grep "op=process_vm_readv " "$dir/other" |
		sed -n 's/.* begun_seq=\([0-9]*\).*/\1/p' | sort)
	[ "$(echo "$seqs" | grep -c .)" -eq 3 ] && [ "$seqs" = "$names" ]
}
ok "ausearch -i shows the begun records, each named by its process_vm_readv" begun_ok
exe_ino=$(stat -c %i /bin/busybox)
ok "ausearch -i shows v1's fields: the executable by number, passed, traced_exec" \
	'grep "op=proc_mem_open" "$dir/other" | grep " uid=user " | grep " exe_ino=$exe_ino " |
	 grep " passed=0 " | grep -q " traced_exec=0 "'
echo "# ausearch -m MAC_POLICY_LOAD -i:"
ausearch -if "$log" -m MAC_POLICY_LOAD -i > "$dir/load" 2>&1
sed 's/^/# /' "$dir/load"
ok "ausearch -m MAC_POLICY_LOAD -i finds the policy load, its writer named" \
	'grep "op=policy_load rules=2 old_rules=0 " "$dir/load" | grep " pid=$writer " |
	 grep " uid=root " | grep -qE " res=yes( |\$)"'
echo "# procmemwatch --audit --pid=$denied:"
procmemwatch --audit="$log" --pid="$denied" > "$dir/reader" 2>&1
sed 's/^/# /' "$dir/reader"
line=" root +$denied head +read +$victim sleep +denied +EPERM serial=[0-9]+ .* /proc/$victim/mem\$"
ok "procmemwatch --audit prints the denied open as denied" \
	'grep -qE "$line" "$dir/reader"'
ausearch -if "$log" -sc openat -i > "$dir/openat" 2>&1
ok "ausearch -sc openat shows the record in the openat's event" \
	'grep -B3 -A3 "type=SYSCALL.*syscall=openat" "$dir/openat" | grep -q "type=KERNEL_OTHER"'
# The event of that open, as ausearch -m KERNEL_OTHER -i printed it.
awk -v RS=---- -v target=" opid=$victim2 " 'index($0, target)' "$dir/other" > "$dir/unaudited"
ok "an opener left out of syscall auditing: no SYSCALL record, the record names it" \
	'! grep -q "type=SYSCALL" "$dir/unaudited" &&
	 grep "type=KERNEL_OTHER" "$dir/unaudited" | grep " pid=$unaudited " | grep " uid=root " |
	 grep " comm=head " | grep -q " exe=/bin/busybox "'
aureport -if "$log" --event -i > "$dir/report" 2>&1
sed 's/^/# /' "$dir/report" | tail -n 5
# 12 accesses: 6 mem opens, 3 process_vm_readv calls, 2 attaches, 1 kcore
# open; and the 3 begun records, events of their own or of their call's
# serial. aureport counts each event of the log once.
events=$(grep "type=KERNEL_OTHER" "$log" | sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p' |
	 sort -u | grep -c .)
echo "# $events events with a KERNEL_OTHER record in the log"
ok "aureport counts the records" \
	'[ "$events" -ge 12 ] && [ "$(grep -c KERNEL_OTHER "$dir/report")" -eq "$events" ]'
rm -rf "$dir"
exit $failed
