#!/usr/bin/env python3
"""Turns the outputs of scripts/bench/guest.sh from four boots of the same
kernel into a table of ratios: procmemwatch active and left out by lsm=,
both with Landlock, then each with no other LSM (guest.sh ... unrelated);
with a fifth file, the output of
scripts/bench/guest-bpf.sh from one boot of the BPF-capable kernel, adds
the table of the eBPF peer."""
import sys


def parse(path):
    rows = {}
    for line in open(path, errors="replace"):
        words = line.split()
        if len(words) >= 2:
            rows[words[0]] = words[1:]
    return rows


def timing(rows, name):
    w = rows.get(name)
    if not w or len(w) < 6 or w[0] != "median":
        return None
    return float(w[1]), float(w[3]), float(w[5])


on, off = parse(sys.argv[1]), parse(sys.argv[2])
alone_on, alone_off = parse(sys.argv[3]), parse(sys.argv[4])
print("%-46s %12s %12s %8s %15s" % ("measure (ns per open+close)", "without", "with", "ratio", "spread (with)"))
lines = [
    ("unrelated: tmpfs file", "tmpfs", "tmpfs"),
    ("unrelated: read+write of an open tmpfs file", "rw_tmpfs", "rw_tmpfs"),
    ("unrelated: /proc/1/status", "proc_status", "proc_status"),
    ("ptrace read check: /proc/PID/stat, pread", "stat_other", "stat_other"),
    ("mem: /proc/self/mem, reader draining", "mem_self", "mem_self"),
    ("mem: /proc/PID/mem, reader draining", "mem_other", "mem_other"),
    ("audit on: tmpfs file", "audit_tmpfs", "audit_tmpfs"),
    ("audit on: /proc/self/mem, every record", "audit_mem_self", "audit_mem_self"),
    ("audit on: /proc/PID/mem, every record", "audit_mem_other", "audit_mem_other"),
    ("enforce, 50 rules: tmpfs file", "tmpfs", "enforce_tmpfs"),
    ("enforce, 50 rules: read+write of a tmpfs file", "rw_tmpfs", "enforce_rw_tmpfs"),
    ("enforce, 50 rules: /proc/1/status", "proc_status", "enforce_proc_status"),
    ("enforce, 50 rules: /proc/PID/mem, 50th allows", "mem_other", "enforce_mem_other"),
]
for label, a, b in lines:
    x, y = timing(off, a), timing(on, b)
    if x and y:
        print("%-46s %12.1f %12.1f %8.4f %7.1f..%-7.1f" % (label, x[0], y[0], y[0] / x[0], y[1], y[2]))
print()
print("procmemwatch the only LSM (lsm=capability,procmemwatch against lsm=capability)")
for label, name in [
    ("alone: tmpfs file", "tmpfs"),
    ("alone: read+write of an open tmpfs file", "rw_tmpfs"),
]:
    x, y = timing(alone_off, name), timing(alone_on, name)
    if x and y:
        print("%-46s %12.1f %12.1f %8.4f %7.1f..%-7.1f" % (label, x[0], y[0], y[0] / x[0], y[1], y[2]))
print()
print("%-46s %12s %12s %8s" % ("alternative without procmemwatch", "no rule", "audit rule", "ratio"))
for label, name, base in [
    ("-S openat rule: tmpfs file", "rule_tmpfs", "tmpfs"),
    ("-F dir=/proc -F perm=r rule: tmpfs file", "rule_proc_tmpfs", "tmpfs"),
    ("-F dir=/proc -F perm=r rule: /proc/1/status", "rule_proc_status", "proc_status"),
]:
    x, y = timing(off, base), timing(off, name)
    if x and y:
        print("%-46s %12.1f %12.1f %8.2f" % (label, x[0], y[0], y[0] / x[0]))
print()
for name in ("mem_self", "mem_other"):
    x, y = timing(off, name), timing(on, name)
    if x and y:
        print("cost per event, stream only (%s): %.1f ns" % (name, y[0] - x[0]))
for name in ("audit_mem_self", "audit_mem_other"):
    x, y = timing(off, name), timing(on, name)
    if x and y:
        print("cost per event, stream and audit (%s): %.1f ns" % (name, y[0] - x[0]))
print()
print("throughput: openers flat out on /proc/self/mem, one reader")
for n in ("1", "2", "4"):
    w = on.get("burst_" + n)
    if w:
        d = dict(zip(w[0::2], w[1::2]))
        print("  %s opener(s): %s events, %s events/s, reader got %s, reported lost %s"
              % (n, d.get("events"), d.get("per_sec"), d.get("delivered"), d.get("lost")))
cap = on.get("capacity")
if cap and len(cap) >= 2:
    held, size = int(cap[0]), int(cap[1])
    print()
    print("memory: event buffer %d KiB allocated at boot, holding %d events after the "
          "bursts (each takes the bytes it needs); per reader about %d bytes; per task "
          "that has opened a mem file one event of about 1 KiB, kept for its next open "
          "and freed when the task exits"
          % (size // 1024, held, 1024 + 64))

if len(sys.argv) > 5:
    bpf = parse(sys.argv[5])
    print()
    print("eBPF peer: one boot of the BPF-capable kernel, procmemwatch in mode off")
    print("except in its own rows; ratios to the same loops with no program loaded")
    print("%-46s %12s %12s %8s %15s" % ("measure (ns per open+close)", "no program", "with", "ratio", "spread (with)"))
    measures = [
        ("tmpfs file", "tmpfs"),
        ("/proc/1/status", "proc_status"),
        ("/proc/self/mem", "mem_self"),
        ("/proc/PID/mem", "mem_other"),
    ]
    ways = [
        ("procmemwatch", "pmw"),
        ("Tracee-style", "all"),
        ("in-kernel filter", "mem"),
    ]
    for wlabel, way in ways:
        for mlabel, m in measures:
            x, y = timing(bpf, "base_" + m), timing(bpf, way + "_" + m)
            if x and y:
                print("%-46s %12.1f %12.1f %8.4f %7.1f..%-7.1f"
                      % (wlabel + ": " + mlabel, x[0], y[0], y[0] / x[0], y[1], y[2]))
    print()
    for wlabel, way in ways[1:]:
        w = bpf.get("detector_" + way)
        if w:
            d = dict(zip(w[0::2], w[1::2]))
            print("%s detector: %s opens seen, %s sent to user space, %s received, "
                  "%s matched the regex, %s dropped (ring full)"
                  % (wlabel, d.get("seen"), d.get("sent"), d.get("received"), d.get("matched"), d.get("dropped")))
    w = bpf.get("reader_pmw")
    if w:
        d = dict(zip(w[0::2], w[1::2]))
        print("procmemwatch reader: %s events, %s reported lost" % (d.get("delivered"), d.get("lost")))
    jit = bpf.get("jit")
    probe = bpf.get("kprobe_all")
    print("BPF JIT %s; kprobe on security_file_open: %s"
          % ("on" if jit and jit[0] != "0" else "off",
             "optimized (a jump)" if probe and "[OPTIMIZED]" in probe else "a breakpoint"))
