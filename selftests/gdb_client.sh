#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guard mode against a real debugger: gdb attaches to a process with
# PTRACE_ATTACH, then reads its memory through /proc/PID/task/TID/mem
# opened read-write. In mode enforce each is denied unless a rule allows
# it: the attach by the opener's identity, the open by being the tracer.
# Runs the gdb named by $GDB, else /add/gdb, else gdb in PATH;
# skips without one.

ksft_skip=4
dir=/sys/kernel/security/procmemwatch
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

skip() {
	echo "1..0 # SKIP $1"
	exit $ksft_skip
}

gdb=${GDB:-}
if [ -z "$gdb" ]; then
	if [ -x /add/gdb ]; then
		gdb=/add/gdb
	else
		gdb=$(command -v gdb) || skip "gdb not found"
	fi
fi
[ -w "$dir/mode" ] || skip "no $dir/mode to write"
[ "$(cat "$dir/lock")" = 0 ] || skip "the settings are locked"
command -v procmemwatch >/dev/null || skip "the reader procmemwatch not found"

echo "TAP version 13"
echo "1..7"
tmp=$(mktemp -d)
old_mode=$(cat "$dir/mode")
old_policy=$(cat "$dir/policy")

# The secret is the whole environment of the victim, so it starts at the
# victim's env_start, field 50 of /proc/PID/stat (after "pid (comm) ",
# field 48): reading stat is not reading its memory.
secret="pmw-$$-hunter2"
env -i SECRET="$secret" sleep 1000 &
victim=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(cat /proc/$victim/comm)" = sleep ] && break
	sleep 0.1
done
addr=$(sed 's/.*) //' /proc/$victim/stat | cut -d' ' -f48)
echo "# victim $victim, SECRET=$secret at $addr"

# gdb_read NAME: gdb attaches to the victim and prints the string there.
gdb_read() {
	"$gdb" -nx -p "$victim" -batch -ex "x/s $addr" > "$tmp/$1" 2>&1
	sed 's/^/# /' "$tmp/$1"
}
denied() {
	sed -n 's/^denied //p' "$dir/stats"
}

gdb_read detect
ok "in mode detect gdb attached reads the victim's memory" \
	'grep -qF "\"SECRET=$secret\"" "$tmp/detect"'

echo enforce > "$dir/mode"
echo > "$dir/policy"
before=$(denied)
gdb_read none
procmemwatch --json --comm=gdb --target="$victim" > "$tmp/events"
sed 's/^/# /' "$tmp/events"
ok "enforce, empty policy: gdb's attach is denied (EPERM)" \
	'grep -qF "ptrace: Operation not permitted" "$tmp/none" &&
	 ! grep -qF "$secret" "$tmp/none" &&
	 [ "$(denied)" -eq $((before + 1)) ] &&
	 grep "\"route\":\"ptrace_attach\"" "$tmp/events" | grep -q "\"errno\":1,"'

# Root may attach; what it may do then is the tracer rule's to say.
printf 'allow uid=0 route=ptrace_attach access=rw\nallow tracer access=rw\n' > "$dir/policy"
gdb_read rw
ok "enforce, root may attach, the tracer read-write: gdb reads the secret" \
	'grep -qF "\"SECRET=$secret\"" "$tmp/rw"'

printf 'allow uid=0 route=ptrace_attach access=rw\nallow tracer access=read\n' > "$dir/policy"
before=$(denied)
gdb_read read
ok "enforce, the tracer read only: gdb attaches, its read-write open is denied" \
	'[ "$(denied)" -eq $((before + 1)) ] &&
	 grep -qF "Cannot access memory at address" "$tmp/read" && ! grep -qF "$secret" "$tmp/read"'

printf 'allow tracer access=rw\n' > "$dir/policy"
before=$(denied)
gdb_read tracer
ok "enforce, allow tracer alone: no rule lets gdb become the tracer" \
	'[ "$(denied)" -eq $((before + 1)) ] &&
	 grep -qF "ptrace: Operation not permitted" "$tmp/tracer"'

# gdb runs a program itself: the exec of its traced child.
gdb_run() {
	"$gdb" -nx -batch -ex "set startup-with-shell off" -ex run \
		--args /bin/busybox echo "pmw-started-$$" > "$tmp/$1" 2>&1
	sed 's/^/# /' "$tmp/$1"
}
printf 'allow uid=0 route=ptrace_attach access=rw\nallow tracer access=rw\n' > "$dir/policy"
gdb_run run-allowed
ok "enforce, root may attach: gdb starts a program under it" \
	'grep -qx "pmw-started-$$" "$tmp/run-allowed"'
printf 'allow tracer access=rw\n' > "$dir/policy"
before=$(denied)
gdb_run run-denied
ok "enforce, allow tracer alone: the traced exec of gdb's child is denied" \
	'! grep -qx "pmw-started-$$" "$tmp/run-denied" && [ "$(denied)" -gt "$before" ]'

echo "$old_mode" > "$dir/mode"
printf '%s\n' "$old_policy" > "$dir/policy"
kill $victim
wait $victim 2>/dev/null
rm -rf "$tmp"
exit $failed
