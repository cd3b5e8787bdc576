#!/bin/sh
# Runs in the guest for `make demo`: processes reach another's memory by
# several routes, from a container and into one, and procmemwatch reports
# each, as the reader shows; then, from detect to enforce: the reader
# learns a policy from what Debian's gdb (scripts/gdb-bundle, in /add/)
# did, and in enforce mode gdb does it again while everything else is
# denied.
set -e
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

sleep 1000 &
victim=$!
sleep 0.2

say "cat /sys/kernel/security/lsm"
cat /sys/kernel/security/lsm; echo
say "cat /sys/kernel/security/procmemwatch/mode"
cat /sys/kernel/security/procmemwatch/mode

say "# a process reaches the memory of process $victim by six routes"
say "head -c 0 /proc/$victim/mem"
head -c 0 /proc/$victim/mem
say "head -c 0 /proc/$victim/task/$victim/mem   # the thread directory"
head -c 0 /proc/$victim/task/$victim/mem
mkdir -p /tmp/elsewhere /tmp/bound
say "mount -t proc proc /tmp/elsewhere; head -c 0 /tmp/elsewhere/$victim/mem   # a second procfs"
mount -t proc proc /tmp/elsewhere
head -c 0 /tmp/elsewhere/$victim/mem
say "mount --bind /proc/$victim /tmp/bound; head -c 0 /tmp/bound/mem   # a bind mount"
mount --bind /proc/$victim /tmp/bound
head -c 0 /tmp/bound/mem
say "head -c 0 /proc/thread-self/mem   # a process reads its own memory"
head -c 0 /proc/thread-self/mem
say "head -c 4 /proc/kcore | od -An -c   # the kernel's memory, every process's with it"
head -c 4 /proc/kcore | od -An -c
say "head -c 0 /proc/$victim/environ   # its environment, where tokens and keys are passed"
head -c 0 /proc/$victim/environ
say "sh -c 'exec 3</proc/$victim/mem; /bin/head -c 1 <&3; true'   # sh opens, its child head reads the descriptor it inherits"
sh -c "exec 3</proc/$victim/mem; /bin/head -c 1 <&3; true" >/dev/null 2>&1
say "echo x > /proc/$victim/mem   # a write: the open is reported, the write itself fails (offset 0 is not mapped)"
echo x > /proc/$victim/mem 2>/dev/null || true
say "# uid 1000 tries a process of its own uid that is not its child; Yama refuses"
echo 1 > /proc/sys/kernel/yama/ptrace_scope
su user -c 'exec sleep 1000' &
other=$!
sleep 0.3
say "su user -c 'head -c 0 /proc/$other/mem'"
su user -c "head -c 0 /proc/$other/mem" || true
echo 0 > /proc/sys/kernel/yama/ptrace_scope

say "# containers: a Docker-named cgroup, new pid, mount and net namespaces"
dock=/sys/fs/cgroup/system.slice/docker-3f9a1c5e7b2d4068a1c3e5f7091b2d4f6a8c0e1f3b5d7092c4e6f8a0b2d4f6e8.scope
say "mount -t cgroup2 none /sys/fs/cgroup; mkdir -p $dock"
mount -t cgroup2 none /sys/fs/cgroup
mkdir -p $dock
say "unshare -p -f -m -n sh -c 'echo 0 > $dock/cgroup.procs; head -c 0 /proc/$victim/mem; exec sleep 1000' &"
unshare -p -f -m -n sh -c "echo 0 > $dock/cgroup.procs; head -c 0 /proc/$victim/mem; exec sleep 1000" &
sleep 0.3
for p in /proc/[0-9]*; do grep -q "^0::/system.slice/docker-" $p/cgroup 2>/dev/null && boxed=${p#/proc/}; done
say "head -c 0 /proc/$boxed/mem   # the host reads the container's process"
head -c 0 /proc/$boxed/mem
say "procmemwatch --cross   # accesses across pid namespaces: the container reached out through the host's /proc"
procmemwatch --color=always --cross
kill $boxed

say "cat /proc/$victim/status >/dev/null; cat /proc/$victim/maps >/dev/null   # other files: no event"
cat /proc/$victim/status >/dev/null; cat /proc/$victim/maps >/dev/null

say "procmemwatch --stats   # the counters of /sys/kernel/security/procmemwatch/stats, explained"
procmemwatch --stats
say "procmemwatch --json --target=$victim | head -n 1   # for log pipelines"
procmemwatch --json --target=$victim | head -n 1
say "procmemwatch   # the reader: every event so far; would_deny marks what mode enforce, with its empty policy, would refuse"
procmemwatch --color=always
kill $victim $other

# Guard mode, with Debian's gdb (scripts/gdb-bundle, under /add/).
[ -x /add/gdb ] || { echo "(no /add/gdb: the guard mode part needs scripts/gdb-bundle)"; exit 0; }
gdb() { /add/gdb "$@"; }
pmw=/sys/kernel/security/procmemwatch
first=$(($(sed -n 's/^events //p' $pmw/stats) + 1))
env -i SECRET=hunter2 sleep 1000 &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(cat /proc/$holder/comm)" = sleep ] && break
	sleep 0.1
done
# Its whole environment is the secret, so the secret is at env_start,
# field 50 of /proc/PID/stat: reading stat is not reading its memory.
at=$(printf '%#x' "$(sed 's/.*) //' /proc/$holder/stat | cut -d' ' -f48)")

say "# from detect to enforce: learn what root's debugger does, then allow only that"
say "env -i SECRET=hunter2 sleep 1000 &   # process $holder keeps a secret at $at"
say "gdb -p $holder -batch -ex 'x/s $at'   # in detect mode root's debugger reads it: would_deny"
gdb -p $holder -batch -ex "x/s $at" 2>&1
# gdb runs from its bundle through the bundle's loader, which is the file
# it was exec'd from: the rules name the loader, as they would name
# /usr/bin/gdb on a machine where gdb is installed.
say "procmemwatch --seq=$first- --suggest-policy > /tmp/policy   # the narrowest rules that allow what was seen"
procmemwatch --seq=$first- --suggest-policy > /tmp/policy
cat /tmp/policy
say "cd $pmw; cat /tmp/policy > policy; echo enforce > mode"
cd $pmw
cat /tmp/policy > policy
echo enforce > mode
say "gdb -p $holder -batch -ex 'x/s $at'   # enforce: the same debugger, the same accesses, allowed"
gdb -p $holder -batch -ex "x/s $at" 2>&1
say "head -c 0 /proc/$holder/mem   # anything the rules do not name: denied"
head -c 0 /proc/$holder/mem || true
say "procmemwatch --seq=$first   # learned, loaded, enforced"
procmemwatch --color=always --seq=$first
say "echo detect > mode"
echo detect > mode
kill $holder
