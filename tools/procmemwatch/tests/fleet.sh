#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The reader on a fleet's central audit log, made here on the loopback
# interface: a central auditd (local_events = no, tcp_listen_port, its own
# directory) and three audisp-remote clients, each in a mount namespace of
# its own where its audisp-remote.conf is the one at /etc/audit (the path
# is built in). There is no kernel here and no client auditd: each client
# is fed on standard input what its auditd would hand it (as auditd feeds
# its plugins: a record a line, node=NAME first as its auditd.conf's
# name_format says, ENRICHED names after a 0x1d byte): web-1 has
# name_format = user (name = web-1), db-2 name_format = hostname (its UTS
# namespace is named db-2), the third name_format = none (no host). The
# two named machines booted alike: their records share serials and
# sequence numbers, and uid 1000 is alice on one, bob on the other.
# Checks what the reader makes of the central log, in every format.
# Prints TAP; exits non-zero on any failure.
#
# Usage: fleet.sh READER [KEEP_DIR]    (KEEP_DIR: keep the central log there)
set -u
[ $# -ge 1 ] || { sed -n '18s/^# \{0,1\}//p' "$0" >&2; exit 2; }
reader=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
keep=${2:-}
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	touch "$tmp/done"	# the clients' input ends: each audisp-remote exits
	sleep 0.3
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

n=0 failed=0
check() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@" > "$tmp/check.out" 2>&1; then
		echo "ok $n $name"
	else
		failed=$((failed + 1))
		echo "not ok $n $name"
		sed 's/^/# /' "$tmp/check.out" | head -n 20
	fi
}
die() {
	echo "Bail out! $*"
	exit 1
}

# --- the central auditd, on a free port of 127.0.0.1 ------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
central=$tmp/central
mkdir -p "$central/plugins.d"
cat > "$central/auditd.conf" <<CONF
local_events = no
write_logs = yes
log_file = $central/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 1
max_log_file = 8
num_logs = 2
max_log_file_action = ROTATE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
name_format = NONE
tcp_listen_port = $port
tcp_listen_queue = 5
tcp_max_per_addr = 4
use_libwrap = no
tcp_client_max_idle = 0
transport = TCP
distribute_network = no
plugin_dir = $central/plugins.d
q_depth = 2000
overflow_action = IGNORE
CONF
chmod 0600 "$central/auditd.conf"
# auditd writes /var/run/auditd.pid: a /run of its own, so that a system's
# auditd, if any, keeps its own.
unshare -m sh -c 'mount -t tmpfs tmpfs /run && exec auditd -n -c "$1"' sh "$central" \
	> "$central/auditd.out" 2>&1 &
pids+=($!)
listening() {
	[ -n "$(ss -Hltn "sport = :$port")" ]
}
for i in $(seq 50); do
	listening && break
	sleep 0.1
done
listening || die "the central auditd does not listen on port $port: $(tail -n 3 "$central/auditd.out")"

# --- the clients: what each one's auditd hands audisp-remote ------------------------
# record NODE SERIAL SEQ NAMES: an access, as the kernel logs it, and its
# SYSCALL record, as a machine's auditd hands them to its plugins: node=NODE
# first ("": none), the ENRICHED NAMES ("": RAW) after a 0x1d byte.
record() {
	local node=${1:+node=$1 } names=${4:+$'\x1d'$4}
	printf '%stype=KERNEL_OTHER msg=audit(1795437684.%03d:%d): lsm=procmemwatch op=proc_mem_open pid=812 tid=812 ppid=790 uid=1000 euid=1000 auid=1000 ses=3 comm="gdb" exe="/usr/bin/gdb" exe_dev=08:01 exe_ino=1311745 cgroup="/user.slice" opid=640 otid=640 ouid=0 ocomm="sshd" oexe="/usr/sbin/sshd" oexe_dev=08:01 oexe_ino=524311 ocgroup="/system.slice/ssh.service" nscross=no path="/proc/640/mem" oflag=0x8002 access=read-write self=0 tracer=0 thread=0 passed=0 traced_exec=0 would_deny=1 seq=%d outcome=opened errno=0 res=1%s\n' \
		"$node" "$2" "$2" "$3" "$names"
	printf '%stype=SYSCALL msg=audit(1795437684.%03d:%d): arch=c000003e syscall=257 success=yes exit=5 a0=ffffff9c a1=7ffd1000 a2=2 a3=0 items=0 ppid=790 pid=812 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="gdb" exe="/usr/bin/gdb" key=(null)%s\n' \
		"$node" "$2" "$2" "${4:+$'\x1d'ARCH=x86_64 SYSCALL=openat}"
}

# mode_off NODE SERIAL AUID_NAME: the mode switched off, as a kernel logs it.
mode_off() {
	printf 'node=%s type=MAC_STATUS msg=audit(1795437690.100:%d): lsm=procmemwatch op=set setting=mode old=enforce new=off enforcing=0 old_enforcing=1 enabled=0 old-enabled=1 pid=901 uid=0 auid=1000 ses=3 comm="sh" res=1\x1dUID="root" AUID="%s"\n' \
		"$1" "$2" "$3"
}

# node_of DIR: the node= that DIR's auditd.conf makes its auditd write
# (auditd.conf(5)): user, its name=; hostname, gethostname()'s in the
# client's UTS namespace; none, no node at all.
node_of() {
	local format name
	format=$(sed -n 's/^name_format = //p' "$1/auditd.conf")
	name=$(sed -n 's/^name = //p' "$1/auditd.conf")
	case $format in
	user) echo "$name" ;;
	hostname) unshare -u sh -c 'hostname "$1" && hostname' sh "$(cat "$1/uts")" ;;
	none) echo "" ;;
	esac
}

# machine DIR NAME_FORMAT NAME HOSTNAME: a client machine's settings.
machine() {
	mkdir -p "$tmp/$1"
	printf 'name_format = %s\nname = %s\n' "$2" "$3" > "$tmp/$1/auditd.conf"
	echo "$4" > "$tmp/$1/uts"
}

# client DIR: an audisp-remote sending to the central auditd what DIR's
# machine logged, in a mount namespace where its audisp-remote.conf is
# /etc/audit's and a UTS namespace of the machine's host name.
client() {
	local dir=$tmp/$1
	cat > "$dir/audisp-remote.conf" <<CONF
remote_server = 127.0.0.1
port = $port
transport = tcp
queue_file = $dir/remote.queue
mode = immediate
queue_depth = 2048
format = managed
network_retry_time = 1
max_tries_per_record = 3
max_time_per_record = 5
heartbeat_timeout = 0
network_failure_action = stop
disk_low_action = ignore
disk_full_action = warn_once
disk_error_action = warn_once
remote_ending_action = stop
generic_error_action = syslog
generic_warning_action = syslog
queue_error_action = stop
overflow_action = syslog
startup_failure_action = warn_once_continue
CONF
	chmod 0600 "$dir/audisp-remote.conf"
	# Its records, then standard input held open until the test is done:
	# audisp-remote stops at the end of its input.
	unshare -m -u sh -c 'hostname "$1" && mount --bind "$2/audisp-remote.conf" \
		/etc/audit/audisp-remote.conf && { cat "$2/feed"; until [ -e "$3/done" ];
		do sleep 0.1; done; } | /usr/sbin/audisp-remote' sh "$(cat "$dir/uts")" "$dir" \
		"$tmp" > "$dir/out" 2>&1 &
	pids+=($!)
}

machine web user web-1 web-1
machine db hostname db-2 db-2
machine none none "" client-3
# The records each machine logged: web-1 5 accesses, db-2 3 and the mode
# switched off, both from serial and sequence number 1; the unnamed one 2.
for i in 1 2 3 4 5; do
	record "$(node_of "$tmp/web")" "$i" "$i" 'UID="alice" EUID="alice" AUID="alice" OUID="root"'
done > "$tmp/web/feed"
for i in 1 2 3; do
	record "$(node_of "$tmp/db")" "$i" "$i" 'UID="bob" EUID="bob" AUID="bob" OUID="root"'
done > "$tmp/db/feed"
mode_off "$(node_of "$tmp/db")" 4 bob >> "$tmp/db/feed"
for i in 1 2; do record "$(node_of "$tmp/none")" "$i" "$i" ""; done > "$tmp/none/feed"
client web
client db
client none

# Every record sent, in the central log (its writes are asynchronous).
log=$central/audit.log
sent=$(cat "$tmp"/web/feed "$tmp"/db/feed "$tmp"/none/feed | wc -l)
for i in $(seq 100); do
	[ "$(grep -c 'msg=audit(179543' "$log" 2>/dev/null)" -ge "$sent" ] && break
	sleep 0.1
done
[ -z "$keep" ] || { mkdir -p "$keep" && cp "$log" "$keep/audit.log"; }

echo "TAP version 13"
check "the central auditd logged each client's connection from 127.0.0.1" \
	test "$(grep -c 'type=DAEMON_ACCEPT.*addr=::ffff:127.0.0.1' "$log")" -eq 3
all_sent() {
	[ "$(grep -c '^node=web-1 type=' "$log")" -eq 10 ] &&
	[ "$(grep -c '^node=db-2 type=' "$log")" -eq 7 ] &&
	[ "$(grep -c '^type=KERNEL_OTHER\|^type=SYSCALL' "$log")" -eq 4 ]
}
check "every record each client sent is in the central log, with its node= or none" all_sent

for f in json ocsf tracee human; do
	"$reader" --audit="$log" --format="$f" > "$tmp/central.$f" || die "the reader failed on $log"
done
sed 's/^/# /' "$tmp/central.human"
# lines FORMAT PATTERN: how many lines of the central log's FORMAT match.
lines() {
	grep -c -- "$2" "$tmp/central.$1"
}

per_host_json() {
	[ "$(lines json '"host":{"name":"web-1"}')" -eq 5 ] &&
	[ "$(lines json '"host":{"name":"db-2"}')" -eq 4 ] &&
	[ "$(lines json '"host"')" -eq 9 ] && [ "$(lines json '')" -eq 11 ]
}
check "JSON: per host, as many events as its client sent; none for the unnamed one" per_host_json

per_host_ocsf() {
	[ "$(lines ocsf '"device":{"hostname":"web-1","type_id":0,"type":"Unknown"}')" -eq 5 ] &&
	[ "$(lines ocsf '"device":{"hostname":"db-2",')" -eq 4 ] &&
	[ "$(lines ocsf '"device":{"type_id":0,')" -eq 2 ]
}
check "OCSF: device.hostname of each event, per host as many as sent" per_host_ocsf

per_host_tracee() {
	[ "$(lines tracee '"hostName":"web-1"')" -eq 5 ] &&
	[ "$(lines tracee '"hostName":"db-2"')" -eq 3 ] && [ "$(lines tracee '')" -eq 10 ]
}
check "Tracee: hostName of each finding (a config change is none)" per_host_tracee

# The human format streams: the unnamed host's lines that come before the
# first named one in the central log, in whatever order the clients'
# records arrived, have no host column yet; after it, "-".
per_host_human() {
	[ "$(lines human '^[0-9-]* [0-9:.]* +0000 web-1  ')" -eq 5 ] &&
	[ "$(lines human '^[0-9-]* [0-9:.]* +0000 db-2   ')" -eq 4 ] &&
	[ "$(lines human '^[0-9-]* [0-9:.]* +0000 \(-      \|#\)')" -eq 2 ]
}
check "human: the host column of each line" per_host_human

all_distinct() {
	local f
	for f in json ocsf tracee human; do
		[ "$(sort -u "$tmp/central.$f" | wc -l)" -eq "$(wc -l < "$tmp/central.$f")" ] || return 1
	done
	grep -q '"sequence":1},"host":{"name":"web-1"}.*"audit_serial":1,' "$tmp/central.json" &&
	grep -q '"sequence":1},"host":{"name":"db-2"}.*"audit_serial":1,' "$tmp/central.json"
}
check "the same serials and sequence numbers on two hosts never make the same line" all_distinct

node_filter() {
	[ "$("$reader" --audit="$log" --json --node=db-2 | grep -c '"host":{"name":"db-2"}')" -eq 4 ] &&
	[ "$("$reader" --audit="$log" --json --node=db-2 | wc -l)" -eq 4 ] &&
	[ "$("$reader" --audit="$log" --json --node=web-1 --node=db-2 | wc -l)" -eq 9 ] &&
	[ -z "$("$reader" --audit="$log" --json --node=web)" ]
}
check "--node selects a host, as ausearch's does; given twice, either" node_filter

names_logged() {
	[ "$(lines json '"host":{"name":"web-1"},.*"user":{"id":"1000","name":"alice"')" -eq 5 ] &&
	[ "$(lines json '"host":{"name":"db-2"},.*"user":{"id":"1000","name":"bob"')" -eq 3 ] &&
	[ "$(lines human ' db-2  .* bob  ')" -eq 3 ]
}
check "names as each machine logged them: uid 1000 is alice on web-1, bob on db-2" names_logged

guard_off() {
	grep -q ' db-2 .* setting mode: enforce -> off by root (pid 901, auid bob) serial=4$' \
		"$tmp/central.human" &&
	[ "$(lines json '"host":{"name":"db-2"},"process":{"pid":901},"user":{"id":"0","name":"root","audit":{"id":"1000","name":"bob"}}')" -eq 1 ]
}
check "the guard switched off: on db-2, by root, whose login was bob" guard_off

ausearch_types() {
	ausearch -m KERNEL_OTHER,MAC_STATUS,MAC_CONFIG_CHANGE,MAC_POLICY_LOAD --raw -if "$log" |
		"$reader" --audit --json | sort > "$tmp/ausearch.json" &&
	sort "$tmp/central.json" | cmp - "$tmp/ausearch.json"
}
check "ausearch -m KERNEL_OTHER,MAC_STATUS,MAC_CONFIG_CHANGE,MAC_POLICY_LOAD --raw: every event" \
	ausearch_types

ausearch_node() {
	[ "$(ausearch -m KERNEL_OTHER,MAC_STATUS --node db-2 --raw -if "$log" |
		"$reader" --audit --json | grep -c '"host":{"name":"db-2"}')" -eq 4 ]
}
check "ausearch --node db-2 and the reader agree" ausearch_node
echo "1..$n"
[ $failed -eq 0 ]
