#!/bin/sh
# Runs in the guest for `make demo`: processes reach another's memory by
# several routes, from a container and into one, and procmemwatch reports
# each, as the reader shows; then,
# in mode enforce, only the debugger attached to a process (Debian's gdb,
# from scripts/gdb-bundle in /add/) reads its memory, once the policy
# allows it.
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

say "# guard mode: only root's debugger may attach, and only the attached debugger read"
say "env -i SECRET=hunter2 sleep 1000 &   # process $holder keeps a secret at $at"
say "cd $pmw; echo enforce > mode"
cd $pmw
echo enforce > mode
say "head -c 0 /proc/$holder/mem   # not a debugger: denied"
head -c 0 /proc/$holder/mem || true
say "gdb -p $holder -batch -ex 'x/s $at'   # no rule lets gdb attach: denied"
gdb -p $holder -batch -ex "x/s $at" 2>&1 || true
# A policy is one write(): busybox's printf, whose stdout the console made
# line-buffered, would write it a line at a time; its echo writes once.
say "echo 'allow uid=0 route=ptrace_attach access=rw
allow tracer access=rw' > policy; cat policy"
echo 'allow uid=0 route=ptrace_attach access=rw
allow tracer access=rw' > policy
cat policy
say "head -c 0 /proc/$holder/mem   # still denied: head is not its debugger"
head -c 0 /proc/$holder/mem || true
say "gdb -p $holder -batch -ex 'x/s $at'   # root attaches, the attached debugger reads the secret"
gdb -p $holder -batch -ex "x/s $at" 2>&1
say "procmemwatch --seq=$first   # the denied and the allowed opens, and the settings changed"
procmemwatch --color=always --seq=$first
say "echo detect > mode"
echo detect > mode
kill $holder
