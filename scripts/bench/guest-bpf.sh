#!/bin/sh
# Runs in one boot of the BPF-capable bench kernel for make bench: the
# loops of guest.sh four ways, each line "WAY_MEASURE median min max" (ns
# per open+close):
#   base    no program, procmemwatch in mode off
#   pmw     procmemwatch in mode detect, one reader draining the stream
#   all     mode off; the Tracee-style detector (every open sent to user space)
#   mem     mode off; the same detector filtering in the kernel first
# Needs /add/detector and /add/detector.bpf.o (scripts/bench/build-detector).
# Usage: guest-bpf.sh ITER ROUNDS
iter=$1 rounds=$2
mode=/sys/kernel/security/procmemwatch/mode
grep -qw procmemwatch /sys/kernel/security/lsm || { echo "procmemwatch is not active" >&2; exit 1; }
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
echo "jit $(cat /proc/sys/net/core/bpf_jit_enable)"
: > /tmp/file
sleep 100000 &
target=$!

measure() {
	printf '%s ' "$1"
	pmwbench open "$2" "$iter" "$rounds" || exit 1
}

loops() {
	measure "$1_tmpfs" /tmp/file
	measure "$1_proc_status" /proc/1/status
	measure "$1_mem_self" /proc/self/mem
	measure "$1_mem_other" /proc/$target/mem
}

echo off > $mode
loops base

echo detect > $mode
pmwbench reader > /tmp/reader.out & reader=$!
sleep 0.2
loops pmw
# Readers are woken at most once a jiffy: let it read the last events.
sleep 0.1
kill $reader; wait $reader 2>/dev/null
echo "reader_pmw $(cat /tmp/reader.out)"
echo off > $mode

for way in all mem; do
	/add/detector $way /add/detector.bpf.o > /tmp/detector.out & detector=$!
	i=0
	until grep -q '^attached' /tmp/detector.out; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 $detector 2>/dev/null; then
			echo "detector $way did not attach" >&2
			exit 1
		fi
		sleep 0.1
	done
	# Time for the kprobe optimizer to turn the breakpoint into a jump.
	sleep 1
	echo "kprobe_$way $(grep security_file_open /sys/kernel/debug/kprobes/list)"
	loops $way
	kill $detector; wait $detector
	echo "detector_$way $(tail -n 1 /tmp/detector.out)"
done
kill $target
