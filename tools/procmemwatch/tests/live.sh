#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest: the reader's JSON, from the live events file, describes the
# opens this script makes (one that fails, one through a thread directory);
# -w and -W follow it, writes to the mode are config records, --stats
# explains its stats. The guest runs detect mode with no policy rule, so
# the open of another process's memory is would_deny; those of a process's
# own memory are not.
sleep 1000 &
target=$!
sleep 0.2
opener=$(sh -c 'echo $$; exec head -c 0 /proc/'$target'/mem')
out=$(procmemwatch --json --target=$target)
echo "$out" | sed 's/^/# /'
# procfs refuses O_DIRECT after procmemwatch saw the open: failed, EINVAL
direct=$(sh -c 'echo $$; exec dd if=/proc/self/mem of=/dev/null iflag=direct count=0 2>/dev/null')
direct_out=$(procmemwatch --json --target=$direct)
echo "$direct_out" | sed 's/^/# /'
thread=$(sh -c 'echo $$; exec head -c 0 /proc/thread-self/mem')
thread_out=$(procmemwatch --json --target=$thread)
echo "$thread_out" | sed 's/^/# /'
n=0
failed=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n $1"; else echo "not ok $n $1"; failed=1; fi
}
echo "TAP version 13"
echo "1..31"
check "one event for the target" '[ "$(echo "$out" | grep -c proc_mem_open)" -eq 1 ]'
check "the opener's pid and name" \
	'echo "$out" | grep -q "\"process\":{\"pid\":$opener,\"vpid\":$opener,.*\"name\":\"head\""'
check "the target's pid and name" \
	'echo "$out" | grep -q "\"target\":{\"pid\":$target,\"tid\":$target,\"ns_pid\":$target,.*\"name\":\"sleep\""'
check "the path and the outcome" \
	'echo "$out" | grep -q "\"file\":{\"path\":\"/proc/$target/mem\"}" && echo "$out" | grep -q "\"outcome\":\"success\""'
# The guest has no TZ: local time is UTC, shown with its offset. root is
# uid 0 in the guest's /etc/passwd, read by the static reader without NSS.
check "the human line: time and offset, user name, both sides" \
	'procmemwatch --target=$target | grep -qE "^[0-9-]+ [0-9:.]+ \+0000 #[0-9]+ +root +$opener head +read +$target sleep +opened +would_deny +/proc/$target/mem$"'
check "no rule allows it: would_deny, an alert that was allowed" \
	'echo "$out" | grep -q "\"kind\":\"alert\",.*\"type\":\[\"access\",\"allowed\"\].*\"would_deny\":true,"'
check "an open of a process's own memory is never would_deny" \
	'echo "$direct_out" | grep -q "\"kind\":\"event\",.*\"would_deny\":false," && echo "$thread_out" | grep -q "\"would_deny\":false,"'
check "an O_DIRECT open: failed with EINVAL, the flag named" \
	'echo "$direct_out" | grep -q "\"outcome\":\"failure\".*\"error\":{\"code\":\"EINVAL\"},\"procmem\":{\"access\":\"read\",\"outcome\":\"failed\",\"errno\":22,.*\"flags\":\[\"O_RDONLY\",\"O_DIRECT\"\]"'
check "the human line of the O_DIRECT open: failed EINVAL" \
	'procmemwatch --target=$direct | grep -qE " dd +failed +EINVAL +self +/proc/$direct/mem$"'
check "/proc/thread-self/mem: thread, through the task directory" \
	'echo "$thread_out" | grep -q "\"file\":{\"path\":\"/proc/$thread/task/$thread/mem\"}.*\"outcome\":\"opened\",.*\"thread\":true,"'
check "the human line says thread" \
	'procmemwatch --target=$thread | grep -qE " opened +self +thread +/proc/$thread/task/$thread/mem$"'

# -w: an event made after the reader started reaches it, after the old one.
procmemwatch -w --json --target=$target > /tmp/follow.json &
follower=$!
# -W: only events made after it started.
procmemwatch -W --json --target=$target > /tmp/follow-new.json &
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
off_out=$(procmemwatch --json --pid=$off)
on_out=$(procmemwatch --json --pid=$on)
printf "%s\n%s\n" "$off_out" "$on_out" | sed "s/^/# /"
seq_of() { echo "$1" | sed -n 's/.*"sequence":\([0-9]*\).*/\1/p'; }
check "writing off: a config record, the writer, old and new value" \
	'[ "$(echo "$off_out" | grep -c procmemwatch_config_change)" -eq 1 ] && echo "$off_out" | grep -q "\"process\":{\"pid\":$off},\"user\":{\"id\":\"0\".*\"procmem\":{\"config\":{\"setting\":\"mode\",\"old_value\":\"$was\",\"new_value\":\"off\"}"'
check "writing detect: the next config record, from off back to detect" \
	'echo "$on_out" | grep -q "\"config\":{\"setting\":\"mode\",\"old_value\":\"off\",\"new_value\":\"detect\"}" && [ "$(seq_of "$on_out")" -gt "$(seq_of "$off_out")" ]'
check "the human line of a config record" \
	'procmemwatch --pid=$off | grep -qE "^[0-9-]+ [0-9:.]+ \+0000 #[0-9]+ +setting mode: $was -> off by root \(pid $off\)$"'
check "the stream read whole has no record of unknown type" \
	'! procmemwatch --json 2>&1 >/dev/null | grep -q "unknown type"'
check "a config record in OCSF: a Base Event with the setting" \
	'procmemwatch --format=ocsf --pid=$off | grep -q "^{\"class_uid\":0,.*\"unmapped\":{\"setting\":\"mode\",\"old_value\":\"$was\",\"new_value\":\"off\"}}$"'

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
in_out=$(procmemwatch --json --pid=$kopener)
out_out=$(procmemwatch --json --target=$host)
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
	'procmemwatch --pid=$kopener | grep -q " container=c0ffee00d15e target_container=3f9a1c5e7b2d pidns=host /proc/$boxed/mem$"'
check "--container matches either side, --cross only crossings" \
	'[ "$(procmemwatch --json --container=3f9a1c5e | grep -c proc_mem_open)" -eq 2 ] && [ "$(procmemwatch --json --cross | grep -c proc_mem_open)" -eq 2 ]'
check "--container of no container matches nothing" \
	'[ -z "$(procmemwatch --json --container=0123456789ab)" ]'

stats=$(procmemwatch --stats)
echo "$stats" | sed 's/^/# /'
events=$(sed -n 's/^events //p' /sys/kernel/security/procmemwatch/stats)
check "--stats shows each counter of the stats file" \
	'[ "$(echo "$stats" | wc -l)" -eq "$(wc -l < /sys/kernel/security/procmemwatch/stats)" ]'
check "--stats explains a counter next to its value" \
	'echo "$stats" | grep -qE "^events +$events +[a-z]+ [a-z]+"'
check "--stats explains failed (the O_DIRECT open) and dropped_exit" \
	'echo "$stats" | grep -qE "^failed +[1-9][0-9]* +.*EINVAL" && echo "$stats" | grep -qE "^dropped_exit +[0-9]+ +.*dentry_open"'
check "--stats explains config_changes (the two writes)" \
	'echo "$stats" | grep -qE "^config_changes +([2-9]|[1-9][0-9]+) +writes to the settings"'
kill $target $host
exit $failed
