#!/bin/sh
# Runs in the guest for make bench, once with procmemwatch and once
# without: prints "measure median min max" lines (ns per open+close) and
# the throughput lines.
# Usage: guest.sh ITER ROUNDS [unrelated]
# With "unrelated", only the unrelated files' rows (the boots where
# procmemwatch is the only LSM but capability, and none).
iter=$1 rounds=$2
active=0
grep -qw procmemwatch /sys/kernel/security/lsm && active=1
echo "active $active"
head -c 64 /dev/zero > /tmp/file
sleep 100000 &
target=$!

measure() {
	printf '%s ' "$1"
	pmwbench open "$2" "$iter" "$rounds"
}

measure tmpfs /tmp/file
# A file already open, read and written: the hook of every read and write.
printf 'rw_tmpfs '
pmwbench rw /tmp/file "$iter" "$rounds"
if [ "${3:-}" = unrelated ]; then
	kill $target
	exit 0
fi
measure proc_status /proc/1/status
# Reads of another process's stat: a PTRACE_MODE_READ check each.
printf 'stat_other '
pmwbench read /proc/$target/stat "$iter" "$rounds"

# Mem files, with one reader draining the stream.
[ $active -eq 1 ] && { pmwbench reader > /tmp/reader.out & reader=$!; sleep 0.2; }
measure mem_self /proc/self/mem
measure mem_other /proc/$target/mem
[ $active -eq 1 ] && { kill $reader; wait $reader 2>/dev/null; echo "reader $(cat /tmp/reader.out)"; }

# Guard mode with 50 rules, the one that allows pmwbench last; before
# audit is switched on, to compare with the rows above.
if [ $active -eq 1 ]; then
	pmw=/sys/kernel/security/procmemwatch
	# The policy goes in one write: a second write on the file fails.
	{ for u in $(seq 1000 1048); do echo "allow uid=$u access=rw"; done
	  echo "allow exe=/bin/pmwbench access=rw"; } > /tmp/policy
	cat /tmp/policy > $pmw/policy
	echo enforce > $pmw/mode
	measure enforce_tmpfs /tmp/file
	printf 'enforce_rw_tmpfs '
	pmwbench rw /tmp/file "$iter" "$rounds"
	measure enforce_proc_status /proc/1/status
	pmwbench reader > /tmp/reader.out & reader=$!; sleep 0.2
	measure enforce_mem_other /proc/$target/mem
	kill $reader; wait $reader 2>/dev/null
	echo detect > $pmw/mode
fi

# The same with audit on and a listener taking every record.
[ $active -eq 1 ] && echo 0 > /sys/kernel/security/procmemwatch/audit_rate
pmwbench auditlisten > /tmp/audit.out & listener=$!
sleep 0.3
measure audit_tmpfs /tmp/file
[ $active -eq 1 ] && { pmwbench reader > /tmp/reader.out & reader=$!; sleep 0.2; }
measure audit_mem_self /proc/self/mem
measure audit_mem_other /proc/$target/mem
[ $active -eq 1 ] && { kill $reader; wait $reader 2>/dev/null; }
kill $listener; wait $listener 2>/dev/null
echo "audit_listener $(cat /tmp/audit.out)"

if [ $active -eq 1 ]; then
	for n in 1 2 4; do
		echo "burst_$n $(pmwbench burst $n $((iter * 2)))"
	done
	echo "capacity $(awk '$1 == "capacity_bytes" || $1 == "buffered" { printf "%s ", $2 }' /sys/kernel/security/procmemwatch/stats)"
else
	# What users have without procmemwatch: an audit rule on openat.
	dir=$(mktemp -d)
	printf 'log_file = %s/audit.log\nspace_left = 2\nadmin_space_left = 1\n' "$dir" > "$dir/auditd.conf"
	auditd -n -c "$dir" 2>/dev/null & daemon=$!
	sleep 1
	auditctl -a always,exit -F arch=b64 -S openat >/dev/null
	measure rule_tmpfs /tmp/file
	auditctl -D >/dev/null
	auditctl -a always,exit -F dir=/proc -F perm=r >/dev/null
	measure rule_proc_tmpfs /tmp/file
	measure rule_proc_status /proc/1/status
	auditctl -D >/dev/null
	kill $daemon; wait $daemon 2>/dev/null
fi
kill $target
