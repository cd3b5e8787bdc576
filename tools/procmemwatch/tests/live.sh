#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest: the reader's JSON, from the live events file, describes the
# opens this script makes (one that fails, one through a thread directory);
# -w and -W follow it, writes to the mode are config records, --stats
# explains its stats. The guest runs detect mode with no policy rule, so
# the open of another process's memory is would_deny; those of a process's
# own memory are not. Every event carries the machine's host name and boot
# id; --cursor-file carries a reader across a restart, showing every event
# once after SIGTERM and losing none after SIGKILL. The kernel is one of
# ABI version 1: every access names both sides' executables by their
# files (exe_id=MAJ:MIN:INO, here busybox's), and an open of another's
# environ is an access of route environ. The script runs as root in mode
# detect, unlocked: exempt from event_rate, its opens are recorded one by
# one.
# PMW is the reader to test (default: the guest's /bin/procmemwatch).
PMW=${PMW:-procmemwatch}
host_name=pmw-guest
hostname $host_name
boot=$(cat /proc/sys/kernel/random/boot_id)
sleep 1000 &
target=$!
sleep 0.2
opener=$(sh -c 'echo $$; exec head -c 0 /proc/'$target'/mem')
out=$($PMW --json --target=$target)
echo "$out" | sed 's/^/# /'
# procfs refuses O_DIRECT after procmemwatch saw the open: failed, EINVAL
direct=$(sh -c 'echo $$; exec dd if=/proc/self/mem of=/dev/null iflag=direct count=0 2>/dev/null')
direct_out=$($PMW --json --target=$direct)
echo "$direct_out" | sed 's/^/# /'
thread=$(sh -c 'echo $$; exec head -c 0 /proc/thread-self/mem')
thread_out=$($PMW --json --target=$thread)
echo "$thread_out" | sed 's/^/# /'
# stat(2)'s st_dev and st_ino of busybox, every opener's and target's executable here
bb_dev=$(stat -c %d /bin/busybox)
bb_id="$((bb_dev >> 8 & 0xfff)):$(((bb_dev & 0xff) | (bb_dev >> 12 & 0xfff00))):$(stat -c %i /bin/busybox)"
IDS=" exe_id=$bb_id target_exe_id=$bb_id"
environ=$(sh -c 'echo $$; exec head -c 0 /proc/'$target'/environ')
environ_out=$($PMW --json --pid=$environ)
echo "$environ_out" | sed 's/^/# /'
n=0
failed=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n $1"; else echo "not ok $n $1"; failed=1; fi
}
echo "TAP version 13"
echo "1..47"
check "one event for the target" '[ "$(echo "$out" | grep -c proc_mem_open)" -eq 1 ]'
check "both executables by their files: busybox's device and inode, as stat(2) gives them" \
	'echo "$out" | grep -q "\"exe\":{\"device\":\"${bb_id%:*}\",\"inode\":\"${bb_id##*:}\"}" && [ "$(echo "$out" | grep -o "\"exe\":{[^}]*}" | sort -u | wc -l)" -eq 1 ] && [ "$(echo "$out" | grep -o "\"exe\":{[^}]*}" | wc -l)" -eq 2 ]'
check "an open of another's environ: route environ, its path, T1552" \
	'echo "$environ_out" | grep -q "\"action\":\"proc_environ_open\".*\"file\":{\"path\":\"/proc/$target/environ\"}.*\"route\":\"environ\".*\"technique\":{\"id\":\[\"T1552\"\]"'
check "the environ open in the human format, and as Tracee's finding" \
	'$PMW --pid=$environ | grep -qE " opened +would_deny$IDS environ /proc/$target/environ$" && $PMW --pid=$environ --format=tracee | grep -q "\"eventName\":\"proc_environ_read\""'
check "the opener's pid and name" \
	'echo "$out" | grep -q "\"process\":{\"pid\":$opener,\"vpid\":$opener,.*\"name\":\"head\""'
check "the target's pid and name" \
	'echo "$out" | grep -q "\"target\":{\"pid\":$target,\"tid\":$target,\"ns_pid\":$target,.*\"name\":\"sleep\""'
check "the path and the outcome" \
	'echo "$out" | grep -q "\"file\":{\"path\":\"/proc/$target/mem\"}" && echo "$out" | grep -q "\"outcome\":\"success\""'
# The guest has no TZ: local time is UTC, shown with its offset. root is
# uid 0 in the guest's /etc/passwd, read by the static reader without NSS.
check "the human line: time and offset, user name, both sides" \
	'$PMW --target=$target --route=mem | grep -qE "^[0-9-]+ [0-9:.]+ \+0000 $host_name +#[0-9]+ +root +$opener head +read +$target sleep +opened +would_deny$IDS /proc/$target/mem$"'
check "no rule allows it: would_deny, an alert that was allowed" \
	'echo "$out" | grep -q "\"kind\":\"alert\",.*\"type\":\[\"access\",\"allowed\"\].*\"would_deny\":true,"'
check "an open of a process's own memory is never would_deny" \
	'echo "$direct_out" | grep -q "\"kind\":\"event\",.*\"would_deny\":false," && echo "$thread_out" | grep -q "\"would_deny\":false,"'
check "an O_DIRECT open: failed with EINVAL, the flag named" \
	'echo "$direct_out" | grep -q "\"outcome\":\"failure\".*\"error\":{\"code\":\"EINVAL\"},\"procmem\":{\"access\":\"read\",\"outcome\":\"failed\",\"errno\":22,.*\"flags\":\[\"O_RDONLY\",\"O_DIRECT\"\]"'
check "the human line of the O_DIRECT open: failed EINVAL" \
	'$PMW --target=$direct | grep -qE " dd +failed +EINVAL +self$IDS /proc/$direct/mem$"'
check "/proc/thread-self/mem: thread, through the task directory" \
	'echo "$thread_out" | grep -q "\"file\":{\"path\":\"/proc/$thread/task/$thread/mem\"}.*\"outcome\":\"opened\",.*\"thread\":true,"'
check "the human line says thread" \
	'$PMW --target=$thread | grep -qE " opened +self +thread$IDS /proc/$thread/task/$thread/mem$"'

# -w: an event made after the reader started reaches it, after the old one.
$PMW -w --json --target=$target > /tmp/follow.json &
follower=$!
# -W: only events made after it started.
$PMW -W --json --target=$target > /tmp/follow-new.json &
newonly=$!
sleep 0.3
late=$(sh -c 'echo $$; exec head -c 0 /proc/'$target'/mem')
sleep 0.3
kill $follower $newonly
wait $follower
follow_rc=$?
check "-w prints what was there, then an event made after it started" \
	'grep -q "\"process\":{\"pid\":$opener," /tmp/follow.json && grep -q "\"process\":{\"pid\":$late," /tmp/follow.json'
check "-w ends on SIGTERM with status 0" '[ $follow_rc -eq 0 ]'
check "-W prints an event made after it started" \
	'grep -q "\"process\":{\"pid\":$late," /tmp/follow-new.json'
check "-W leaves out what was there before" \
	'! grep -q "\"process\":{\"pid\":$opener," /tmp/follow-new.json'

# Two writes to the mode, each a config record with its writer, numbered
# in the same sequence as the opens.
mode=/sys/kernel/security/procmemwatch/mode
was=$(cat $mode)
off=$(sh -c 'echo $$; echo off > '$mode)
on=$(sh -c 'echo $$; echo detect > '$mode)
off_out=$($PMW --json --pid=$off)
on_out=$($PMW --json --pid=$on)
printf "%s\n%s\n" "$off_out" "$on_out" | sed "s/^/# /"
seq_of() { echo "$1" | sed -n 's/.*"sequence":\([0-9]*\).*/\1/p'; }
check "writing off: a config record, the writer, old and new value" \
	'[ "$(echo "$off_out" | grep -c procmemwatch_config_change)" -eq 1 ] && echo "$off_out" | grep -q "\"process\":{\"pid\":$off},\"user\":{\"id\":\"0\".*\"procmem\":{\"config\":{\"setting\":\"mode\",\"old_value\":\"$was\",\"new_value\":\"off\"}"'
check "writing detect: the next config record, from off back to detect" \
	'echo "$on_out" | grep -q "\"config\":{\"setting\":\"mode\",\"old_value\":\"off\",\"new_value\":\"detect\"}" && [ "$(seq_of "$on_out")" -gt "$(seq_of "$off_out")" ]'
check "the human line of a config record" \
	'$PMW --pid=$off | grep -qE "^[0-9-]+ [0-9:.]+ \+0000 $host_name +#[0-9]+ +setting mode: $was -> off by root \(pid $off\)$"'
check "the stream read whole has no record of unknown type" \
	'! $PMW --json 2>&1 >/dev/null | grep -q "unknown type"'
check "a config record in OCSF: a Base Event with the setting" \
	'$PMW --format=ocsf --pid=$off | grep -q "^{\"class_uid\":0,.*\"unmapped\":{\"setting\":\"mode\",\"old_value\":\"$was\",\"new_value\":\"off\",\"boot_id\":\"$boot\"}}$"'

# Containers as Docker and Kubernetes make them: a cgroup named as each
# names its own, a pid, mount and net namespace for the Docker one.
mount -t cgroup2 none /sys/fs/cgroup
D=3f9a1c5e7b2d4068a1c3e5f7091b2d4f6a8c0e1f3b5d7092c4e6f8a0b2d4f6e8
C=c0ffee00d15ea5e5bada55deadbeef0123456789abcdef0123456789abcdef01
dock=/sys/fs/cgroup/system.slice/docker-$D.scope
kube=/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod4f1a2b3c_5d6e_4f70_8a9b_0c1d2e3f4a5b.slice/cri-containerd-$C.scope
mkdir -p $dock $kube
sleep 1000 &
host=$!
unshare -p -f -m -n sh -c "echo 0 > $dock/cgroup.procs; head -c 0 /proc/$host/mem; exec sleep 1000" &
sleep 0.3
for p in /proc/[0-9]*; do grep -q "^0::/system.slice/docker-" $p/cgroup 2>/dev/null && boxed=${p#/proc/}; done
kopener=$(sh -c "echo \$\$ > $kube/cgroup.procs; echo \$\$; exec head -c 0 /proc/$boxed/mem")
in_out=$($PMW --json --pid=$kopener)
out_out=$($PMW --json --target=$host)
printf "%s\n%s\n" "$in_out" "$out_out" | sed "s/^/# /"
check "a container's event: the opener's container and pod, from its cgroup" \
	'echo "$in_out" | grep -q "\"container\":{\"id\":\"$C\",\"runtime\":\"containerd\"},\"orchestrator\":{\"type\":\"kubernetes\",\"resource\":{\"type\":\"pod\",\"id\":\"4f1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b\"}}"'
check "the target's container, and its namespaces as /proc/PID/ns shows them" \
	'echo "$in_out" | grep -q "\"target\":{\"pid\":$boxed,.*\"container\":{\"id\":\"$D\",\"runtime\":\"docker\"}.*\"ns\":{\"pid\":$(readlink /proc/$boxed/ns/pid | tr -dc 0-9),\"mnt\":$(readlink /proc/$boxed/ns/mnt | tr -dc 0-9),"'
check "a host process reading a container crosses pid namespaces: host" \
	'echo "$in_out" | grep -q "\"ns_crossing\":\"host\""'
check "the container reading the host: outward" \
	'echo "$out_out" | grep -q "\"container\":{\"id\":\"$D\",\"runtime\":\"docker\"}.*\"ns_crossing\":\"outward\""'
check "the human line: both containers' short ids and the crossing" \
	'$PMW --pid=$kopener | grep -q " container=c0ffee00d15e target_container=3f9a1c5e7b2d pidns=host /proc/$boxed/mem$"'
check "--container matches either side, --cross only crossings" \
	'[ "$($PMW --json --container=3f9a1c5e | grep -c proc_mem_open)" -eq 2 ] && [ "$($PMW --json --cross | grep -c proc_mem_open)" -eq 2 ]'
check "--container of no container matches nothing" \
	'[ -z "$($PMW --json --container=0123456789ab)" ]'

stats=$($PMW --stats)
echo "$stats" | sed 's/^/# /'
events=$(sed -n 's/^events //p' /sys/kernel/security/procmemwatch/stats)
check "--stats shows each counter of the stats file" \
	'[ "$(echo "$stats" | wc -l)" -eq "$(wc -l < /sys/kernel/security/procmemwatch/stats)" ]'
check "--stats explains a counter next to its value" \
	'echo "$stats" | grep -qE "^events +$events +[a-z]+ [a-z]+"'
check "--stats explains failed (the O_DIRECT open) and dropped" \
	'echo "$stats" | grep -qE "^failed +[1-9][0-9]* +.*EINVAL" && echo "$stats" | grep -qE "^dropped +[0-9]+ +.*lack of memory"'
check "--stats explains config_changes (the two writes)" \
	'echo "$stats" | grep -qE "^config_changes +([2-9]|[1-9][0-9]+) +writes to the settings"'
# Host and boot: this machine's name and this boot's id on every event, in
# every format; --hostname names the machine otherwise.
all_json=$($PMW --json)
all_ocsf=$($PMW --format=ocsf)
all_n=$(echo "$all_json" | wc -l)
check "every event of the stream: host.name and host.boot.id of this machine and boot" \
	'[ "$all_n" -gt 5 ] && [ "$(echo "$all_json" | grep -c "\"host\":{\"name\":\"$host_name\",\"boot\":{\"id\":\"$boot\"}}")" -eq "$all_n" ]'
check "OCSF: device.hostname and unmapped.boot_id on every event" \
	'[ "$(echo "$all_ocsf" | grep -c "\"device\":{\"hostname\":\"$host_name\",\"type_id\":0,\"type\":\"Unknown\"}.*\"boot_id\":\"$boot\"")" -eq "$all_n" ]'
check "Tracee: hostName on every finding" \
	'$PMW --format=tracee | grep -q . && [ -z "$($PMW --format=tracee | grep -v "\"hostName\":\"$host_name\"")" ]'
check "the human format's host column, on every line of an event" \
	'[ -z "$($PMW | grep -v "^-- " | grep -v -E "^([0-9-]+ [0-9:.]+ \+0000|\(time unknown\) +) $host_name +#")" ]'
check "--hostname names the machine; --node selects it, and no other" \
	'[ "$($PMW --json --hostname=web-7 --node=web-7 | grep -c "\"host\":{\"name\":\"web-7\",\"boot\":{\"id\":\"$boot\"}}")" -eq "$all_n" ] && [ -z "$($PMW --json --node=web-7)" ]'
check "live events: user names from this machine (uid 0 is root)" \
	'echo "$all_json" | grep -q "\"user\":{\"id\":\"0\",\"name\":\"root\","'

# The cursor. events_now: the stream's last sequence number. seqs FILE: the
# sequence numbers of FILE's JSON events, one a line.
events_now() { sed -n 's/^events //p' /sys/kernel/security/procmemwatch/stats; }
seqs() { sed -n 's/^[^}]*"sequence":\([0-9]*\)}.*/\1/p' "$@"; }
opens() { i=0; while [ $i -lt $1 ]; do head -c 0 /proc/$target/mem; i=$((i + 1)); done; }
cur=/tmp/cursor
rm -f $cur /tmp/cur.json
$PMW --json --cursor-file=$cur > /tmp/cur.json
opens 3
$PMW --json --cursor-file=$cur >> /tmp/cur.json
check "without -w, a cursor file: the events since the last run, the cursor their last" \
	'[ "$(seqs /tmp/cur.json | sort -n | uniq -d)" = "" ] && [ "$(seqs /tmp/cur.json | sort -nu | wc -l)" -eq "$(events_now)" ] && grep -qx "boot=$boot seq=$(events_now)" $cur'

# cursor_run OUT SIGNAL N: a reader following with the cursor, writing to
# OUT, while N events come; then SIGNAL. Returns its exit status.
cursor_run() {
	$PMW -w --json --cursor-file=$cur --output-file=$1 &
	reader=$!
	sleep 0.5
	opens $3
	sleep 0.5
	kill -$2 $reader
	wait $reader 2>/dev/null
}

# SIGTERM, then a restart: every event exactly once. Events come while it
# runs, while it is stopped and after the restart.
rm -f $cur /tmp/cur.json
cursor_run /tmp/cur.json TERM 5
term_rc=$?
opens 4
cursor_run /tmp/cur.json TERM 3
term_rc2=$?
seqs /tmp/cur.json | sed 's/^/# seq /' | tail -n 15
check "-w with a cursor: SIGTERM ends it with 0, the cursor its last event" \
	'[ $term_rc -eq 0 ] && [ $term_rc2 -eq 0 ] && grep -qx "boot=$boot seq=$(events_now)" $cur'
check "SIGTERM and a restart: every sequence number of the stream exactly once" \
	'[ -z "$(seqs /tmp/cur.json | sort -n | uniq -d)" ] && [ "$(seqs /tmp/cur.json | sort -nu | wc -l)" -eq "$(events_now)" ] && [ "$(seqs /tmp/cur.json | sort -n | tail -n 1)" -eq "$(events_now)" ]'

# SIGKILL, then a restart: none lost (the last read may come again).
rm -f $cur /tmp/kill.json
cursor_run /tmp/kill.json KILL 5
opens 4
cursor_run /tmp/kill.json TERM 2
check "SIGKILL and a restart: no sequence number of the stream missing" \
	'[ "$(seqs /tmp/kill.json | sort -nu | wc -l)" -eq "$(events_now)" ] && [ "$(seqs /tmp/kill.json | sort -n | tail -n 1)" -eq "$(events_now)" ]'

# A cursor of another boot: from the oldest event, said.
echo "boot=00000000-0000-4000-8000-000000000000 seq=3" > $cur
other_err=$($PMW --json --cursor-file=$cur 2>&1 >/tmp/other.json)
check "a cursor of another boot: said, and every event from the first" \
	'echo "$other_err" | grep -q "the cursor is of another boot" && [ "$(seqs /tmp/other.json | head -n 1)" -eq 1 ] && grep -qx "boot=$boot seq=$(events_now)" $cur'
echo "boot=$boot seq=1" > $cur
check "a cursor of this boot: the events after its own, none before" \
	'[ "$($PMW --json --cursor-file=$cur | seqs | head -n 1)" -eq 2 ]'
# Events that left the buffer while no reader ran: a notice says which.
# The buffer holds about 1000 events: 1100 opens overwrite the oldest.
$PMW --json --cursor-file=$cur > /dev/null
saved=$(events_now)
opens 1100
$PMW --json --cursor-file=$cur > /tmp/gap.json
oldest=$(seqs /tmp/gap.json | sed -n 2p)
sed -n 1p /tmp/gap.json | sed 's/^/# /'
check "a cursor whose next events left the buffer: a notice of them, then the rest" \
	'sed -n 1p /tmp/gap.json | grep -q "\"action\":\"events_lost\".*\"lost\":{\"first\":$((saved + 1)),\"count\":$((oldest - saved - 1))}" && [ "$(seqs /tmp/gap.json | tail -n 1)" -eq "$(events_now)" ] && [ "$(seqs /tmp/gap.json | sed 1d | wc -l)" -eq $(($(events_now) - oldest + 1)) ]'
kill $target $host
exit $failed
