#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# procmemwatch's audit records as the audit tools see them: auditd writes
# the log, ausearch finds the record and interprets its fields, aureport
# counts it. Needs auditd, ausearch and aureport; skips without them.

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
echo "1..5"
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
sleep 2
kill $daemon
wait $daemon

echo "# ausearch -m KERNEL_OTHER -i:"
ausearch -if "$log" -m KERNEL_OTHER -i > "$dir/other" 2>&1
sed 's/^/# /' "$dir/other"
ok "ausearch -m KERNEL_OTHER finds the records" \
	'[ "$(grep -c "op=proc_mem_open" "$dir/other")" -eq 2 ]'
ok "ausearch -i names the user and the target" \
	'grep "op=proc_mem_open" "$dir/other" | grep " uid=user " | grep -q " ocomm=sleep "'
ok "ausearch -i decodes a hostile comm and exe" \
	"grep -F 'exe=$dir/ev il ' \"\$dir/other\" | grep -qF 'comm=a b\"c'"
ausearch -if "$log" -sc openat -i > "$dir/openat" 2>&1
ok "ausearch -sc openat shows the record in the openat's event" \
	'grep -B3 -A3 "type=SYSCALL.*syscall=openat" "$dir/openat" | grep -q "type=KERNEL_OTHER"'
aureport -if "$log" --event -i > "$dir/report" 2>&1
sed 's/^/# /' "$dir/report" | tail -n 5
ok "aureport counts the records" \
	'[ "$(grep -c KERNEL_OTHER "$dir/report")" -eq 2 ]'
rm -rf "$dir"
exit $failed
