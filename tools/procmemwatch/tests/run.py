#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of the procmemwatch reader that need Python, no kernel needed.

What the reader prints for valid inputs is checked by the expected-output
tests (expected/README). These are the rest: damaged records and audit
lines and what is said of them, usage errors and exit statuses, user names
from this machine's /etc/passwd, times relative to now, random bytes
through the string encoding, the events file that is not there, and that
the expected-output tests' inputs and JSON fields agree with their sources
(make-inputs.py, the manual page). Records are packed (records.py) from
the layout in include/uapi/linux/procmemwatch.h with values chosen by each
test. Prints TAP; exits non-zero on any failure.

Usage: run.py PATH_TO_READER
"""
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

from records import *  # noqa: F401,F403 (the packers and their constants)
import policy_cases

READER = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")
MAN = os.path.join(HERE, "..", "procmemwatch.1")
EVENTS_FILE = "/sys/kernel/security/procmemwatch/events"
results = []


def reader(*args, stdin=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([READER, *args], capture_output=True, timeout=20, input=stdin, env=e)
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")


def run(data, *args, env=None):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        return reader("--input", f.name, "--color=never", *args, env=env)


def test(name):
    def wrap(fn):
        try:
            fn()
            results.append((True, name, ""))
        except AssertionError as e:
            results.append((False, name, str(e)))
        except Exception as e:  # a reader that broke its output, not the harness
            results.append((False, name, "%s: %s" % (type(e).__name__, e)))
        return fn
    return wrap


def eq(want, got, what=""):
    assert want == got, "%s: expected %r, got %r" % (what, want, got)


def json_lines(out):
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def seqs(out):
    return [e["event"]["sequence"] for e in json_lines(out)
            if e["event"]["action"] == "proc_mem_open"]


# The documented decodings, written from the manual page.
def unpercent(s):
    """A JSON string of the reader: every %HH is the byte HH, '%' is never literal."""
    raw = s.encode("utf-8")
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i:i + 1] == b"%":
            assert re.fullmatch(rb"%[0-9A-F]{2}", raw[i:i + 3]), "bare %% in %r" % s
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


# What must never reach a terminal or a viewer as itself (manual page, STRINGS).
UNSAFE = [(0x00, 0x1f), (0x7f, 0x9f), (0xad, 0xad), (0x61c, 0x61c), (0x180e, 0x180e),
          (0x200b, 0x200f), (0x2028, 0x202e), (0x2060, 0x206f), (0xfeff, 0xfeff),
          (0xfff9, 0xfffb)]


def unsafe_chars(text):
    return [c for c in text if any(a <= ord(c) <= b for a, b in UNSAFE)]


def passwd():
    """uid -> the first name /etc/passwd gives it."""
    names = {}
    with open("/etc/passwd", encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(":")
            if len(parts) >= 3 and parts[0] and parts[2].isdigit():
                names.setdefault(int(parts[2]), parts[0])
    return names


def unused_uid():
    names = passwd()
    return next(u for u in range(4242, 1 << 31) if u not in names)


def human_words(out):
    return [l.split() for l in out.decode("ascii").splitlines()]


def run_audit(path, *args, stdin=None):
    return reader("--audit=" + path if path else "--audit", *args, stdin=stdin)


def audit_lines(name):
    with open(os.path.join(HERE, name), encoding="latin-1") as f:
        return [l for l in f if " op=proc_mem_open " in l]


def audit_seqs(text, *args):
    rc, out, err = run_audit(None, "--json", *args, stdin=text.encode("latin-1"))
    return rc, seqs(out), err


def damaged_lines(cases, good):
    """Each (line, why) before good, a record numbered 9: reported, the rest read."""
    for line, why in cases:
        rc, out, err = run_audit(None, "--json", stdin=(line + good).encode())
        eq(1, rc, "exit status: " + why)
        assert "line 1: " + why in err, (why, err)
        eq([9], [e["event"]["sequence"] for e in json_lines(out)], "the rest read: " + why)


# --- the string encoding, over random and hostile bytes -----------------------------

@test("json: every byte value, invalid UTF-8 and safe text round-trip exactly")
def _():
    rng = random.Random(15)
    # valid UTF-8 that must still be escaped, and random text mixing safe
    # and unsafe code points
    points = [*range(0x00, 0xb0), *range(0x600, 0x620), *range(0x1800, 0x1810),
              *range(0x2000, 0x2070), 0xfeff, *range(0xfff0, 0xfffe), 0x1f600, 0x10ffff]
    hostile = [bytes(range(256)), b"\xff\xfe%%\xc3", b"\xed\xa0\x80", b"\xc0\xaf",
               b"\xf4\x90\x80\x80", bytes(rng.randrange(256) for _ in range(300)),
               b"%41%%%zz%", "\u0085\u202e\x1b[2J\u2028\u00ad".encode(),
               "".join(chr(rng.choice(points)) for _ in range(100)).encode()]
    for i, path in enumerate(hostile):
        rc, out, err = run(access_record(path=path, exe=path[:200]), "--json")
        eq(0, rc, "exit status " + err)
        out.decode("utf-8")  # the output is UTF-8 whatever the input
        (ev,) = json_lines(out)
        eq([], unsafe_chars(ev["file"]["path"]), "unsafe after JSON, case %d" % i)
        eq(path, unpercent(ev["file"]["path"]), "path, case %d" % i)
        eq(path[:200], unpercent(ev["process"]["executable"]), "exe, case %d" % i)
    rc, out, _ = run(access_record(path="/tmp/\u00e9t\u00e9/\u65e5/a\"b\\c".encode()), "--json")
    (ev,) = json_lines(out)
    eq("/tmp/\u00e9t\u00e9/\u65e5/a\"b\\c", ev["file"]["path"], "safe text as itself")


# --- user names, from this machine's /etc/passwd -----------------------------------

@test("human: --names=local names uids from /etc/passwd, else numbers, wherever a uid is shown;"
      " a capture's are numbers by default, as --numeric-uid gives them")
def _():
    names, nobody = passwd(), unused_uid()
    data = (access_record(seq=1, uid=0) + access_record(seq=2, uid=nobody)
            + access_record(seq=3, uid=nobody, euid=0)
            + dropped_record(4, uid=0) + dropped_record(5, uid=nobody)
            + config_record(6, uid=0) + config_record(7, uid=nobody)
            + summary_record(8, uid=0) + summary_record(9, uid=nobody))
    for args, root in ((("--names=local",), names[0]), (("--numeric-uid",), "0"),
                       ((), "0"), (("--names=none",), "0")):
        rc, out, err = run(data, *args, env={"TZ": "UTC0"})
        eq((0, ""), (rc, err), "exit status and stderr")
        rows = human_words(out)
        eq([root, str(nobody), str(nobody)], [w[4] for w in rows[:3]], "user column")
        eq("euid=" + root, rows[2][-2], "setuid opener")
        assert not any(w.startswith("euid=") for w in rows[0] + rows[1]), rows
        eq([root, str(nobody)] * 2, [w[w.index("by") + 1] for w in rows[3:7]],
           "dropped opener, config writer")
        eq([root, str(nobody)], [w[w.index("user") + 1] for w in rows[7:]], "summaries")


# --- damaged records: reported with their offset, the rest read ----------------------

@test("records: a known type shorter than its layout is invalid, whatever its version")
def _():
    short_access = HDR.pack(ACCESS_SIZE - 8, 1, 2, 8) + b"\0" * (ACCESS_SIZE - 24)
    short_lost = HDR.pack(16, 2, 2, 9)
    short_begun = HDR.pack(88, 6, 1, 10) + b"\0" * 72
    rc, out, err = run(short_access + short_lost + short_begun + access_record(seq=1), "--json")
    eq(1, rc, "exit status")
    for what in ("access", "lost", "begun"):
        assert what + " record too small" in err, err
    eq([1], seqs(out))
    rec = access_record(seq=4, exe=b"", target_exe=b"", path=b"", route=ROUTE_VM_READ)
    eq(ACCESS_SIZE, len(rec), "an access record without strings is its struct")
    rc, out, err = run(rec, "--json")
    eq((0, ""), (rc, err))
    eq("process_vm_readv", json_lines(out)[0]["procmem"]["route"])


@test("records: a header of unknown type that cannot be right is damage, resynchronised")
def _():
    for bad in (HDR.pack(20, 9, 1, 0) + b"\0" * 8,       # not a multiple of 8
                HDR.pack(8, 9, 1, 0),                     # smaller than a header
                HDR.pack(24, 0, 1, 0) + b"\0" * 8,        # type 0
                HDR.pack(24, 9, 0, 0) + b"\0" * 8):       # version 0
        rc, out, err = run(bad + access_record(seq=1), "--json")
        eq(1, rc, "exit status for %r" % bad)
        assert "not a record" in err and "unknown type" not in err, err
        eq([1], seqs(out))


@test("records: a future record cut by the end of the input is a truncated record")
def _():
    rc, out, err = run(access_record(seq=1) + future_record(9, b"\0" * 64)[:40], "--json")
    eq(1, rc, "exit status")
    assert "truncated record" in err, err
    eq([1], seqs(out))


def bad_input_case(name, data, first_seq_printed, message):
    @test("bad input: " + name)
    def _():
        rc, out, err = run(data, "--json")
        eq(1, rc, "exit status")
        assert message in err, "stderr %r lacks %r" % (err, message)
        assert "offset " in err, err
        eq(first_seq_printed, seqs(out))


good = access_record(seq=1)
bad_input_case("truncated record at the end", good + access_record(seq=2)[:50], [1], "truncated record")
bad_input_case("truncated header at the end", good + b"\x01\x02\x03", [1], "truncated record header")
bad_input_case("size smaller than a header", HDR.pack(8, 1, 1, 9) + b"\0" * 8 + good, [1],
               "not a record")
bad_input_case("size not a multiple of 8", HDR.pack(140, 1, 1, 9) + b"\0" * 128 + good, [1],
               "not a record")
bad_input_case("size beyond any record", HDR.pack(1 << 20, 1, 1, 9) + good, [1], "not a record")
bad_input_case("access record too small for its type", HDR.pack(24, 1, 1, 9) + b"\0" * 8 + good,
               [1], "too small")
# the last string, target_cgroup, placed past the record's end
bad_input_case("string outside its record",
               access_record(seq=9)[:ACCESS_SIZE - 8] + struct.pack("<HH", 296, 200)
               + access_record(seq=9)[ACCESS_SIZE - 4:] + good, [1], "outside")
bad_input_case("garbage before a record", b"garbage!" * 5 + good, [1], "not a record")


@test("bad input: a run of garbage is reported once")
def _():
    rc, out, err = run(b"\xff" * 800 + good)
    eq(1, len(err.strip().splitlines()), err)
    eq("offset 0", err.split(": ")[2])


@test("bad input: a dropped or config record shorter than its layout is reported, the rest read")
def _():
    short_drop = HDR.pack(DROPPED_SIZE - 8, 3, 1, 2) + b"\0" * (DROPPED_SIZE - 24)
    short_cfg = config_record(3)[:CONFIG_SIZE - 8]
    short_cfg = struct.pack("<I", CONFIG_SIZE - 8) + short_cfg[4:]
    data = access_record(seq=1) + short_drop + short_cfg + dropped_record(4) + config_record(5)
    for args in (("--json",), ()):
        rc, out, err = run(data, *args, env={"TZ": "UTC0"})
        eq(1, rc, "exit status")
        assert ("offset %d: dropped record too small" % len(access_record(seq=1))) in err, err
        assert ("offset %d: config record too small"
                % (len(access_record(seq=1)) + len(short_drop))) in err, err
        assert "unknown type" not in err, err
    rc, out, err = run(data, "--json")
    eq([("proc_mem_open", 1), ("procmem_dropped", 4), ("procmemwatch_config_change", 5)],
       [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)])
    # a header alone, cut short of its record by the end of the input
    rc, out, err = run(access_record(seq=1) + dropped_record(2)[:32], "--json")
    eq(1, rc)
    assert "truncated record" in err, err


@test("bad input: a summary or begun record shorter than its layout is reported, the rest read")
def _():
    eq((136, 96), (SUMMARY_SIZE, len(begun_record(1))), "the uapi layout")
    first = access_record(seq=1)
    for make, name, action, size in ((summary_record, "summary", "procmem_summary", 136),
                                     (begun_record, "begun", "process_vm_readv_begun", 96)):
        for short in (size - 8, 24):
            rec = make(2)[:short]
            rec = struct.pack("<I", short) + rec[4:]
            data = first + rec + make(3) + access_record(seq=4)
            for args in (("--json",), ("--format=ocsf",), ()):
                rc, out, err = run(data, *args, env={"TZ": "UTC0"})
                eq(1, rc, "exit status of size %d" % short)
                assert "offset %d: %s record too small" % (len(first), name) in err, err
                assert "unknown type" not in err, err
            rc, out, err = run(data, "--json")
            eq([("proc_mem_open", 1), (action, 3), ("proc_mem_open", 4)],
               [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)])
    # a size the decoder cannot trust (not a multiple of 8), and one cut by the end
    bad = struct.pack("<I", 140) + summary_record(2)[4:] + b"\0" * 8
    rc, out, err = run(first + bad + access_record(seq=3), "--json")
    eq(1, rc)
    assert "not a record" in err and "unknown type" not in err, err
    eq([1, 3], seqs(out))
    rc, out, err = run(first + summary_record(2)[:56], "--json")
    eq(1, rc)
    assert "truncated record" in err, err


# --- audit serials: a record joins its SYSCALL record or has a serial of its own -------

@test("audit: records with a serial of their own, no SYSCALL record, are read as those with one")
def _():
    # The kernel logs the records of process_vm, ptrace_attach and failed
    # opens from a task work, after the system call's audit event: each has
    # its own serial, which no SYSCALL record shares. Only a completed open
    # joins its SYSCALL (and PROCTITLE) record. The reader reads each record
    # alone: both kinds, in any order, with the serial of their own header.
    with open(os.path.join(EXPECTED, "input", "audit-v1.log"), encoding="latin-1") as f:
        v1 = {re.search(r" op=(\S+)", l).group(1): l for l in f}
    with open(os.path.join(HERE, "audit-enriched.log"), encoding="latin-1") as f:
        event = [l for l in f if "msg=audit(1795437684.392:3)" in l]   # open, SYSCALL, PROCTITLE
    with open(os.path.join(EXPECTED, "input", "audit-outcomes.log"), encoding="latin-1") as f:
        failed = [l for l in f if "outcome=failed" in l and l.startswith("type=")][0]
    eq(["KERNEL_OTHER", "SYSCALL", "PROCTITLE"], [l.split()[0][5:] for l in event])
    text = (v1["process_vm_readv"] + failed.replace(":3):", ":40):") + event[0]
            + v1["ptrace_attach"] + event[1] + event[2]
            + v1["process_vm_writev"].replace(":3):", ":41):"))
    rc, out, err = run_audit(None, "--json", stdin=text.encode("latin-1"))
    eq((0, ""), (rc, err))
    got = [(e["event"]["action"], e["procmem"]["audit_serial"]) for e in json_lines(out)]
    eq([("process_vm_readv", 2), ("proc_mem_open", 40), ("proc_mem_open", 3),
        ("ptrace_attach", 8), ("process_vm_writev", 41)], got)


# --- damaged audit lines: reported with their line number, the rest read ----------------

@test("audit: a line cut in the middle is reported, the rest read")
def _():
    lines = audit_lines("audit-enriched.log")
    data = lines[0] + lines[1][:len(lines[1]) // 2] + "\n" + lines[2]
    rc, out, err = run_audit(None, "--json", stdin=data.encode("latin-1"))
    eq(1, rc, "exit status")
    assert "stdin: line 2:" in err, err
    eq([1, 3], seqs(out))


@test("audit: invalid hex is reported, the rest read")
def _():
    lines = audit_lines("audit-enriched.log")
    bad = re.sub(r"comm=[0-9A-F]+", "comm=6G20", lines[2])
    assert bad != lines[2], "sample has no hex comm"
    rc, out, err = run_audit(None, "--json", stdin=(bad + lines[0]).encode("latin-1"))
    eq(1, rc, "exit status")
    assert "line 1: field comm missing or invalid hex" in err, err
    eq([1], seqs(out))


@test("audit: an outcome= that disagrees with res= is damage; an unknown word is an unknown outcome")
def _():
    text = (new_line(1, "opened", 0, 0) + new_line(2, "failed", EINVAL, 1)
            + new_line(3, "blocked", 1, 0) + new_line(4, "failed", EINVAL, 0)
            + new_line(5, "3", 1, 0))
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq(1, rc, "exit status")
    assert "line 1: field outcome disagrees with res" in err, err
    assert "line 2: field outcome disagrees with res" in err, err
    assert "line 5: field outcome missing or not a word" in err, err
    evs = json_lines(out)
    eq([3, 4], seqs(out))
    eq(("unknown", "EPERM"), (evs[0]["procmem"]["outcome"], evs[0]["error"]["code"]))


@test("audit: outcome=denied must say res=0, as refused and failed do")
def _():
    text = (enforce_line(1, "denied", EPERM, 1) + enforce_line(2, "denied", EPERM, 0)
            + enforce_line(3, "opened", 0, 0, would_deny=1)
            + enforce_line(4, "opened", 0, 1, would_deny=1))
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq(1, rc, "exit status")
    assert "line 1: field outcome disagrees with res" in err, err
    assert "line 3: field outcome disagrees with res" in err, err
    eq(2, len(err.strip().splitlines()), err)
    eq([2, 4], seqs(out))
    rc, out, err = run_audit(None, "--json",
                             stdin=enforce_line(5, "denied", EPERM, 0, would_deny=2).encode())
    eq(1, rc, "would_deny=2")
    assert "line 1: field would_deny missing or not a number" in err, err


@test("audit: a field twice is damage, reported")
def _():
    rc, got, err = audit_seqs(auditd_line(1, extra=" pid=1") + auditd_line(2))
    eq((1, [2]), (rc, got))
    assert "line 1: field pid appears twice" in err, err


@test("audit: a self-opens line missing a field, with a bad one or one twice is damage")
def _():
    good = self_audit(20)
    cases = [(good.replace(" count=4900", ""), "field count missing"),
             (good.replace(" last_ns=", " last_ns=x"), "field last_ns missing or not a number"),
             (good.replace(" uid=1000", " uid=4294967296"), "field uid missing or not a number"),
             (good.replace(" comm=\"python3\"", " comm=7G"), "field comm missing or invalid hex"),
             (good.replace(" seq=20", " seq=20 pid=1"), "field pid appears twice"),
             (good.replace(" res=1", ""), "field res missing")]
    for line, why in cases:
        rc, out, err = run_audit(None, "--json", stdin=(line + self_audit(21)).encode())
        eq(1, rc, "exit status: " + why)
        assert "line 1: " + why in err, (why, err)
        eq([21], [e["event"]["sequence"] for e in json_lines(out)], "the rest read: " + why)
    rc, out, err = run_audit(None, "--json", stdin=self_audit(22, extra=" newer=1").encode())
    eq((0, ""), (rc, err), "a newer kernel's field is ignored")
    eq([22], [e["event"]["sequence"] for e in json_lines(out)])


@test("audit: a config line missing a field, or with a bad word or count, is damage")
def _():
    good_set = config_audit("MAC_CONFIG_CHANGE", SET % ("mode", "detect", "enforce", 60, 0,
                                                        "0", "1", '"sh"'))
    good_load = config_audit("MAC_POLICY_LOAD", POLICY_LOAD % (2, 1, 61, "0", "1"))
    cases = [(good_set.replace(" new=enforce", ""), "field new missing or not a word"),
             (good_set.replace("old=detect", 'old="detect"'), "field old missing or not a word"),
             (good_set.replace("setting=mode", "setting="), "field setting missing or not a word"),
             (good_set.replace(" pid=60", ""), "field pid missing"),
             (good_set.replace(" res=1", ""), "field res missing"),
             (good_set.replace(" uid=0", " uid=0 uid=1"), "field uid appears twice"),
             (good_load.replace("rules=2", "rules=x"), "field rules missing or not a number"),
             (good_load.replace("old_rules=1", "old_rules=4294967296"),
              "field old_rules missing or not a number"),
             (good_load.replace(" rules=2", ""), "field rules missing")]
    for line, why in cases:
        rc, out, err = run_audit(None, "--json", stdin=(line + good_load).encode())
        eq(1, rc, "exit status: " + why)
        assert "line 1: " + why in err, (why, err)
        eq([61], [e["process"]["pid"] for e in json_lines(out)], "the rest read: " + why)
    rc, out, err = run_audit(None, "--json", stdin=good_load.replace(" res=1", " newer=x res=1")
                             .encode())
    eq((0, ""), (rc, err), "a newer kernel's field is ignored")


@test("audit: a route's record without a field it must have, or bytes= twice, is damage")
def _():
    good = route_line("process_vm_readv", 9, nbytes=1)
    cases = [(route_line("process_vm_readv", 1).replace(" exe_dev=00:00", ""),
              "field exe_dev missing: a record of a kernel before ABI version 1"),
             (route_line("process_vm_readv", 1).replace(" oexe_ino=0", ""),
              "field oexe_ino missing"),
             (route_line("process_vm_readv", 1).replace(" exe_dev=00:00", " exe_dev=0800"),
              "field exe_dev missing or not a number"),
             (route_line("process_vm_writev", 1, nbytes=1).replace("bytes=1", "bytes=x"),
              "field bytes missing or not a number"),
             (route_line("ptrace_attach", 1).replace(" opid=33", ""), "field opid missing"),
             (route_line("proc_kcore_open", 1, target=False), "field path missing"),
             (route_line("process_vm_readv", 1, nbytes=1).replace(" res=1", " res=1 bytes=2"),
              "field bytes appears twice")]
    damaged_lines(cases, good)
    # fields a route has not are a newer kernel's, and ignored
    rc, out, err = run_audit(None, "--json", stdin=route_line(
        "ptrace_attach", 1, path="/x").encode())
    eq((0, ""), (rc, err))
    assert "file" not in json_lines(out)[0], "ptrace_attach has no file"


@test("audit: a bad cgroup= or nscross= is damage; a kcore record's nscross= is ignored")
def _():
    good = ctx_line(9, '"/"', '"/"', "no")
    cases = [(ctx_line(1, "zz", '"/"', "no"), "field cgroup missing or invalid hex"),
             (ctx_line(1, '"/"', "ABC", "no"), "field ocgroup missing or invalid hex"),
             (ctx_line(1, '"/"', '"/"', "NO"), "field nscross missing or not a word"),
             (ctx_line(1, '"/"', '"/"', "no").replace(" nscross=no", " nscross=no nscross=host"),
              "field nscross appears twice")]
    damaged_lines(cases, good)
    kcore = ctx_line(1, '"/"', op="proc_kcore_open").replace(" res=1", " res=1 nscross=host")
    rc, out, err = run_audit(None, "--json", stdin=kcore.encode())
    eq((0, ""), (rc, err))
    assert "ns_crossing" not in json_lines(out)[0]["procmem"]


# --- a fleet's log: hosts that share serials and sequence numbers ---------------------

@test("fleet: events of two hosts with the same serial and sequence never make the same line")
def _():
    log = os.path.join(EXPECTED, "input", "audit-fleet.log")
    for fmt in ("json", "ocsf", "tracee", "human"):
        rc, out, err = run_audit(log, "--format=" + fmt)
        eq((0, ""), (rc, err), fmt)
        lines = out.splitlines()
        assert len(lines) >= 3, (fmt, lines)
        eq(len(lines), len(set(lines)), "distinct %s lines" % fmt)
    rc, out, _ = run_audit(log, "--json")
    hosts = [e.get("host", {}).get("name") for e in json_lines(out)
             if e["event"]["action"] == "proc_mem_open"]
    eq(["web-1", "db-2", None], hosts, "each access's host, none for the NONE client's")


# --- following, signals, the output file, auditd's plugins ---------------------------

FLEET_LOG = os.path.join(EXPECTED, "input", "audit-fleet.log")


def fleet_lines():
    """The fleet log's lines: each access (3), the config change (1), and the rest."""
    with open(FLEET_LOG, encoding="latin-1") as f:
        return f.readlines()


STARTED = []   # readers left running by a test that failed are ended at the end


def start(*args, stdin=subprocess.DEVNULL):
    p = subprocess.Popen([READER, *args], stdin=stdin, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    STARTED.append(p)
    return p


PENDING = {}


def read_lines_within(stream, n, seconds=10):
    """n lines from a pipe, each as it comes (read unbuffered); fails when they are late."""
    import select
    fd, deadline = stream.fileno(), time.time() + seconds
    buf = PENDING.pop(fd, b"")
    while buf.count(b"\n") < n:
        left = deadline - time.time()
        assert left > 0 and select.select([fd], [], [], left)[0], \
            "only %d of %d lines within %ss: %r" % (buf.count(b"\n"), n, seconds, buf)
        chunk = os.read(fd, 65536)
        assert chunk, "the output ended: %r" % buf
        buf += chunk
    lines = buf.split(b"\n")
    PENDING[fd] = b"\n".join(lines[n:])
    return [l + b"\n" for l in lines[:n]]


def wait_file_lines(path, n, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if os.path.exists(path):
            with open(path, "rb") as f:
                lines = f.read().splitlines()
            if len(lines) >= n:
                return lines
        time.sleep(0.05)
    raise AssertionError("%s: fewer than %d lines within %ss" % (path, n, seconds))


def stop(p, sig=15):
    p.send_signal(sig)
    out, err = p.communicate(timeout=10)
    return p.returncode, out, err.decode(errors="replace")


@test("--audit=FILE -w: lines added later are printed as they come, across auditd's rotation;"
      " SIGTERM ends it with 0")
def _():
    lines = fleet_lines()
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "audit.log")
        with open(log, "w", encoding="latin-1") as f:
            f.writelines(lines[:2])       # the central auditd's line, web-1's access
        p = start("--audit=" + log, "-w", "--json")
        first = read_lines_within(p.stdout, 1)
        eq("web-1", json.loads(first[0])["host"]["name"], "what the log held")
        with open(log, "a", encoding="latin-1") as f:
            f.write(lines[2])             # a SYSCALL line: nothing
            f.write(lines[3][:40])        # a line still being written
            f.flush()
            time.sleep(0.4)
            f.write(lines[3][40:])
        second = read_lines_within(p.stdout, 1)
        eq("db-2", json.loads(second[0])["host"]["name"], "a line added, once whole")
        os.rename(log, log + ".1")        # auditd's rotation: a new file by the name
        with open(log + ".1", "a", encoding="latin-1") as f:
            f.write(lines[5])             # the config change, late into the old file
        with open(log, "w", encoding="latin-1") as f:
            f.write(lines[6])             # the NONE client's access, in the new one
        rest = [json.loads(l) for l in read_lines_within(p.stdout, 2)]
        eq(["procmemwatch_config_change", "proc_mem_open"], [e["event"]["action"] for e in rest],
           "the old file's rest, then the new file")
        rc, out, err = stop(p)
        eq((0, b"", ""), (rc, out, err), "SIGTERM: exit status 0, nothing more")


@test("--audit=FILE -W: only the lines added after it started")
def _():
    lines = fleet_lines()
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "audit.log")
        with open(log, "w", encoding="latin-1") as f:
            f.writelines(lines[:4])
        p = start("--audit=" + log, "-W", "--json")
        time.sleep(0.5)
        with open(log, "a", encoding="latin-1") as f:
            f.write(lines[5])
        got = [json.loads(l) for l in read_lines_within(p.stdout, 1)]
        rc, out, err = stop(p)
        eq((0, b"", ""), (rc, out, err))
        eq(["procmemwatch_config_change"], [e["event"]["action"] for e in got])


@test("--output-file: appended to; SIGHUP after logrotate moved it reopens it, nothing lost;"
      " SIGINT ends it with 0")
def _():
    lines = fleet_lines()
    with tempfile.TemporaryDirectory() as d:
        log, out = os.path.join(d, "audit.log"), os.path.join(d, "events.json")
        with open(out, "w") as f:
            f.write("kept\n")
        with open(log, "w", encoding="latin-1") as f:
            f.writelines(lines[:2])
        p = start("--audit=" + log, "-w", "--json", "--output-file=" + out)
        wait_file_lines(out, 2)
        os.rename(out, out + ".1")
        with open(log, "a", encoding="latin-1") as f:
            f.write(lines[3])             # written before the reopen: to the moved file
            f.flush()
            wait_file_lines(out + ".1", 3)
            p.send_signal(1)              # logrotate's postrotate
            time.sleep(0.3)
            f.write(lines[5])
        wait_file_lines(out, 1)
        rc, stdout, err = stop(p, 2)
        eq((0, b"", ""), (rc, stdout, err), "exit status, standard output, stderr")
        with open(out + ".1", "rb") as f:
            moved = f.read().splitlines()
        with open(out, "rb") as f:
            new = f.read().splitlines()
        eq(b"kept", moved[0], "appended to what the file held")
        eq(["web-1", "db-2"], [json.loads(l)["host"]["name"] for l in moved[1:]], "moved file")
        eq(["procmemwatch_config_change"], [json.loads(l)["event"]["action"] for l in new],
           "the file reopened")


@test("auditd plugin: --audit on a pipe prints each event when it comes; SIGTERM ends it with 0")
def _():
    lines = fleet_lines()
    p = start("--audit", "--json", stdin=subprocess.PIPE)
    p.stdin.write("".join(lines[1:3]).encode("latin-1"))
    p.stdin.flush()
    first = read_lines_within(p.stdout, 1)
    eq("web-1", json.loads(first[0])["host"]["name"])
    p.stdin.write(lines[3].encode("latin-1"))
    p.stdin.flush()
    eq("db-2", json.loads(read_lines_within(p.stdout, 1)[0])["host"]["name"])
    rc, out, err = stop(p)
    eq((0, b"", ""), (rc, out, err))


def not_a_log_case(name, data, message):
    @test("--audit: %s is not an audit log: exit status 1, said" % name)
    def _():
        rc, out, err = run_audit(None, stdin=data)
        eq((1, b""), (rc, out), err)
        assert message in err, err


not_a_log_case("a gzip-compressed log", b"\x1f\x8b\x08\x00" + b"\0" * 20, "gzip-compressed: "
               "decompress it first")
not_a_log_case("an xz-compressed log", b"\xfd7zXZ\x00" + b"\0" * 20, "xz-compressed")
not_a_log_case("a journal file", b"LPKSHHRH" + b"\0" * 40, "a journal file: read it with "
               "journalctl")
not_a_log_case("a syslog file", (
    "Nov 23 12:41:24 web-1 kernel: audit: type=1316 audit(1795437684.392:3): x\n"
    "Nov 23 12:41:25 web-1 sshd[640]: Accepted publickey for alice\n").encode(),
    "not an audit log: none of its 2 lines is an audit record")
not_a_log_case("journalctl's text output", (
    "-- Journal begins at Mon 2026-11-23 12:00:00 UTC. --\n"
    "Nov 23 12:41:24 web-1 audit[812]: KERNEL_OTHER lsm=procmemwatch op=proc_mem_open\n")
    .encode(), "not an audit log: none of its 2 lines")


@test("--audit: an empty input, or a log of other records only, is no error")
def _():
    eq((0, b"", ""), run_audit(None, "--json", stdin=b""))
    rc, out, err = run_audit(None, "--json", stdin="".join(
        l for l in fleet_lines() if "SYSCALL" in l or "DAEMON" in l).encode("latin-1"))
    eq((0, b"", ""), (rc, out, err))


def pty_run(args, env, stdin_tty=False, stdin=b""):
    """The reader with a terminal for standard output (or input); what it wrote there.
    env's variables set, or unset where None."""
    import pty
    master, slave = pty.openpty()
    e = {k: v for k, v in os.environ.items() if k not in env}
    e.update({k: v for k, v in env.items() if v is not None})
    p = subprocess.Popen([READER, *args], stdout=slave, stderr=subprocess.PIPE,
                         stdin=slave if stdin_tty else subprocess.PIPE, env=e)
    os.close(slave)
    if stdin_tty:
        os.write(master, stdin + b"\x04")
    else:
        p.stdin.close()
    got = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    err = p.stderr.read().decode()
    p.wait(timeout=10)
    os.close(master)
    return p.returncode, got, err


@test("colour on a terminal, but for TERM=dumb and an unset TERM")
def _():
    args = ["--input=" + os.path.join(EXPECTED, "input", "enforce.bin"), "--numeric-uid"]
    for term, colour in (("xterm", True), ("dumb", False), (None, False)):
        rc, out, err = pty_run(args, {"TERM": term, "NO_COLOR": None})
        eq(0, rc, err)
        eq(colour, b"\x1b[" in out, "colour with TERM=%r" % term)


@test("--audit on a terminal says that it reads an audit log there")
def _():
    rc, out, err = pty_run(["--audit"], {}, stdin_tty=True, stdin=fleet_lines()[1].encode())
    assert "reading an audit log from standard input, a terminal" in err, err
    eq(0, rc, err)


@test("the events file missing: the error says why (securityfs, lsm=, the capability)")
def _():
    if os.path.exists(EVENTS_FILE):
        return  # a machine running procmemwatch: live.sh reads the events file there
    rc, out, err = reader()
    eq(1, rc)
    first, hint = err.splitlines()[:2]
    assert first.startswith("procmemwatch: " + EVENTS_FILE + ": "), err
    assert ("procmemwatch is not active in this kernel (its LSMs: " in hint
            and "lsm=" in hint) or "securityfs is not mounted" in hint, err


@test("--cursor-file: a file that is no cursor is an error and stays; another boot's is said")
def _():
    if os.path.exists(EVENTS_FILE):
        return  # live.sh tests the cursor on the events file
    with tempfile.TemporaryDirectory() as d:
        cur = os.path.join(d, "cursor")
        for bad in (b"garbage\n", b"boot=x seq=1\n",
                    b"boot=0d4e6f8a-1b2c-43d5-9e7f-8a9b0c1d2e3f seq=\n",
                    b"boot=0d4e6f8a-1b2c-43d5-9e7f-8a9b0c1d2e3f seq=1\nmore\n"):
            with open(cur, "wb") as f:
                f.write(bad)
            rc, out, err = reader("--cursor-file=" + cur)
            eq(1, rc, err)
            assert "not a cursor of procmemwatch" in err, err
            with open(cur, "rb") as f:
                eq(bad, f.read(), "the file left as it was")
        with open(cur, "w") as f:
            f.write("boot=0d4e6f8a-1b2c-43d5-9e7f-8a9b0c1d2e3f seq=7\n")
        rc, out, err = reader("--cursor-file=" + cur)
        assert "the cursor is of another boot (0d4e6f8a-1b2c-43d5-9e7f-8a9b0c1d2e3f)" in err, err
        assert EVENTS_FILE in err, err


@test("journal: journalctl's own -o json and -o export of the input's entries give the same"
      " events")
def _():
    remote = "/lib/systemd/systemd-journal-remote"
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(EXPECTED, "input", "journal-fleet.export"), "rb") as f:
            subprocess.run([remote, "--output=" + os.path.join(d, "fleet.journal"), "-"],
                           stdin=f, check=True, capture_output=True, timeout=30)
        path = os.path.join(EXPECTED, "input", "journal-fleet.json")
        rc, want, err = run_audit(path, "--json")
        assert want.count(b"\n") == 3, want
        for fmt in ("json", "export"):
            j = subprocess.run(["journalctl", "--file=" + os.path.join(d, "fleet.journal"),
                                "-o", fmt], capture_output=True, check=True, timeout=30)
            got = run_audit(None, "--json", stdin=j.stdout)
            eq((rc, want, err.replace(path, "stdin")), got, "journalctl -o " + fmt)


# --- installing: make install, the unit, the plugin, the completion -------------------

def make_install(dest, prefix, sysconfdir="/etc"):
    subprocess.run(["make", "-s", "-C", os.path.join(HERE, ".."),
                    "OUTPUT=" + os.path.dirname(os.path.abspath(READER)), "install",
                    "DESTDIR=" + dest, "PREFIX=" + prefix, "SYSCONFDIR=" + sysconfdir],
                   check=True, capture_output=True, timeout=120)


def unit_settings(path):
    settings = {}
    with open(path) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.rstrip("\n").split("=", 1)
                settings.setdefault(k.strip(), []).append(v.strip())
    return settings


@test("make install: DESTDIR and PREFIX; the units, the plugin and the apt hook name the programs"
      " installed; the loader's settings are kept")
def _():
    with tempfile.TemporaryDirectory() as d:
        make_install(d, "/usr")
        for path in ("usr/bin/procmemwatch", "usr/share/man/man1/procmemwatch.1",
                     "usr/lib/systemd/system/procmemwatch.service",
                     "etc/logrotate.d/procmemwatch", "etc/audit/plugins.d/au-procmemwatch.conf",
                     "usr/share/bash-completion/completions/procmemwatch"):
            assert os.path.isfile(os.path.join(d, path)), path
        unit = unit_settings(os.path.join(d, "usr/lib/systemd/system/procmemwatch.service"))
        eq("/usr/bin/procmemwatch", unit["ExecStart"][0].split()[0], "the unit's reader")
        plugin = unit_settings(os.path.join(d, "etc/audit/plugins.d/au-procmemwatch.conf"))
        eq(["/usr/bin/procmemwatch"], plugin["path"], "the plugin's reader")
        eq(["no"], plugin["active"], "the plugin ships inactive")
        loader = unit_settings(os.path.join(d, "usr/lib/systemd/system/procmemwatch-policy.service"))
        eq((["/usr/sbin/procmemwatch-policy load"], ["/usr/sbin/procmemwatch-policy refresh"]),
           (loader["ExecStart"], loader["ExecReload"]), "the loader's unit")
        assert os.access(os.path.join(d, "usr/sbin/procmemwatch-policy"), os.X_OK)
        with open(os.path.join(d, "etc/apt/apt.conf.d/80procmemwatch")) as f:
            hook = f.read()
        assert "/usr/sbin/procmemwatch-policy refresh" in hook and "/usr/local" not in hook, hook
        conf = os.path.join(d, "etc/procmemwatch/procmemwatch.conf")
        with open(conf, "a") as f:
            f.write("MODE=enforce\n")
        make_install(d, "/usr")
        with open(conf) as f:
            eq(True, f.read().endswith("MODE=enforce\n"), "the settings are kept")


@test("the units: systemd-analyze verify passes; only CAP_AUDIT_READ, no root; the reader"
      " takes its options and the plugin's")
def _():
    with tempfile.TemporaryDirectory() as d:
        make_install("", d, os.path.join(d, "etc"))   # no DESTDIR: the unit names d/bin
        unit_path = os.path.join(d, "lib/systemd/system/procmemwatch.service")
        loader_path = os.path.join(d, "lib/systemd/system/procmemwatch-policy.service")
        v = subprocess.run(["systemd-analyze", "verify", "--man=no", unit_path, loader_path],
                           capture_output=True, timeout=60)
        eq((0, b""), (v.returncode, v.stderr), "systemd-analyze verify")
        unit = unit_settings(unit_path)
        eq((["CAP_AUDIT_READ"], ["CAP_AUDIT_READ"], ["yes"], ["yes"]),
           (unit["CapabilityBoundingSet"], unit["AmbientCapabilities"], unit["DynamicUser"],
            unit["NoNewPrivileges"]), "privileges")
        eq(["strict"], unit["ProtectSystem"])
        argv = unit["ExecStart"][0].split()
        assert "--cursor-file=/var/lib/procmemwatch/cursor" in argv and "--json" in argv, argv
        plugin = unit_settings(os.path.join(d, "etc/audit/plugins.d/au-procmemwatch.conf"))
        for args in (argv[1:], plugin["args"][0].split()):
            rc, out, err = reader(*args, "--version")
            eq((0, ""), (rc, err), " ".join(args))


@test("bash completion: every long option of --help, and the words of --format and --names")
def _():
    with tempfile.TemporaryDirectory() as d:
        os.symlink(os.path.abspath(READER), os.path.join(d, "procmemwatch"))
        script = (
            'source /usr/share/bash-completion/bash_completion; source "$1"; '
            'comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMP_LINE="$*"; '
            'COMP_POINT=${#COMP_LINE}; COMPREPLY=(); '
            '_procmemwatch procmemwatch "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}" 2>/dev/null; '
            'echo "${COMPREPLY[*]}"; }; '
            'comp procmemwatch --; comp procmemwatch --format ""; comp procmemwatch --names=l')
        p = subprocess.run(["bash", "-c", script, "bash",
                            os.path.join(HERE, "..", "dist", "procmemwatch.bash-completion")],
                           capture_output=True, timeout=30,
                           env=dict(os.environ, PATH=d + ":" + os.environ["PATH"]))
        options, formats, names = p.stdout.decode().splitlines()
        helptext = reader("--help")[1].decode()
        eq(sorted(set(re.findall(r"--[a-z][a-z-]*[a-z]", helptext))),
           sorted({o.rstrip("=") for o in options.split()}), "the options")
        eq("human json ocsf tracee", formats)
        eq("log local", names)


# --- times relative to now -------------------------------------------------------------

def filtered(*args, data):
    rc, out, err = run(data, "--json", *args)
    eq(0, rc, "exit status of %s: %s" % (" ".join(args), err))
    return seqs(out)


@test("filters: --since/--until relative to now: -1h, -30min, yesterday, now")
def _():
    now = time.time_ns()
    data = (access_record(seq=1, real_ns=now - 3 * 86400 * 10**9)
            + access_record(seq=2, real_ns=now - 2 * 3600 * 10**9)
            + access_record(seq=3, real_ns=now - 10 * 60 * 10**9))
    eq([3], filtered("--since=-1h", data=data))
    eq([1, 2], filtered("--until=-30min", data=data))
    eq([2, 3], filtered("--since=-2d", data=data))
    eq([1], filtered("--until=-2days", data=data))
    eq([1, 2, 3], filtered("--until=now", data=data))
    eq([], filtered("--since=tomorrow", data=data))
    # yesterday starts a local day: the events of the last 2 hours are after it
    assert {2, 3} <= set(filtered("--since=yesterday", data=data))


# --- options, their errors and their old spellings ----------------------------------

def usage_case(args, want_rc, want_err, stdin=None):
    @test("usage: %s exits %d" % (" ".join(args), want_rc))
    def _():
        rc, out, err = reader(*args, stdin=stdin)
        eq(want_rc, rc, "exit status (%s)" % err)
        assert want_err in err, err


usage_case(["--bogus"], 2, "--help")
usage_case(["--pid", "x1"], 2, "--pid: not a number")
usage_case(["--pid=-1"], 2, "--pid: not a number")
usage_case(["--color=sometimes"], 2, "not auto, always or never")
usage_case(["--raw", "--json"], 2, "choose one")
usage_case(["extra"], 2, "unexpected argument")
usage_case(["--input", "/nonexistent/capture"], 1, "/nonexistent/capture: No such file")
usage_case(["--audit=/nonexistent/log"], 1, "/nonexistent/log: No such file")
usage_case(["--format=xml"], 2, "not human, json, ocsf or tracee")
usage_case(["--audit", "--raw"], 2, "--audit reads an audit log: not with --input or --raw")
usage_case(["--audit", "4242"], 2, "--audit=FILE", stdin=b"")
usage_case(["-a", "/var/log/audit/audit.log"], 2, "--audit=FILE", stdin=b"")
usage_case(["--follow", "--input=x"], 2, "read the events file, not --input")
usage_case(["-W", "--input=x"], 2, "read the events file, not --input")
usage_case(["--audit=a", "--audit=b"], 2, "--audit given twice")
usage_case(["--audit", "--audit=b"], 2, "--audit given twice")
usage_case(["--input=a", "--input=b"], 2, "--input given twice")
usage_case(["--cursor-file=a", "--cursor-file=b"], 2, "--cursor-file given twice")
usage_case(["--output-file=a", "--output-file=b"], 2, "--output-file given twice")
usage_case(["--cursor-file=c", "--audit"], 2, "--cursor-file says where to start")
usage_case(["--cursor-file=c", "-W"], 2, "--cursor-file says where to start")
usage_case(["--cursor-file=c", "--input=x"], 2, "--cursor-file says where to start")
usage_case(["--names=remote"], 2, "--names: 'remote' is not log, local or none")
usage_case(["--node="], 2, "--node: '' is not a host's name")
usage_case(["--node=a b"], 2, "--node: 'a b' is not a host's name")
usage_case(["--hostname=a\tb"], 2, "is not a host's name")
usage_case(["--hostname=web", "--stats"], 2, "--hostname names the host of events")
usage_case(["--hostname=web", "--raw"], 2, "--hostname names the host of events")
usage_case(["--time-format=ctime"], 2, "not default or iso")
usage_case(["--seq=5-2"], 2, "ends before it starts")
usage_case(["--seq=x"], 2, "--seq: not a number")
usage_case(["--since=2026-13-01"], 2, "--since: '2026-13-01' is not a time")
usage_case(["--since=2026-02-29"], 2, "is not a time")
usage_case(["--until=25:00"], 2, "--until: '25:00' is not a time")
usage_case(["--until=soon"], 2, "is not a time")
usage_case(["--since=now", "--until=-1h"], 2, "--since is after --until")
usage_case(["--stats", "--json"], 2, "--stats prints the counters")
usage_case(["--stats=/nonexistent/stats"], 1, "/nonexistent/stats: No such file")
# each pair of options.c's exclusions, and what only looks like one: the
# last of --json and --format decides, and the human format is no other
usage_case(["--audit", "--input=x"], 2, "--audit reads an audit log: not with --input")
usage_case(["--stats", "--audit"], 2, "--stats prints the counters: not with another source")
usage_case(["--stats", "--input=x"], 2, "--stats prints the counters")
usage_case(["--stats", "-w"], 2, "--stats prints the counters")
usage_case(["--stats", "--raw"], 2, "--stats prints the counters")
usage_case(["--stats=-", "--format=human"], 0, "", stdin=b"")
usage_case(["--raw", "--format=tracee"], 2, "--raw and --json or --format are different outputs")
usage_case(["--json", "--format=human", "--raw", "--input=-"], 0, "", stdin=b"")
usage_case(["--route=mem,proc"], 2, "--route: 'mem,proc' is not a list of")
usage_case(["--route="], 2, "--route: '' is not")
usage_case(["--route=64"], 2, "numbers 1 to 63")
usage_case(["--route=mem,"], 2, "--route: 'mem,' is not")
usage_case(["--container="], 2, "--container: '' is not a container's id")
usage_case(["--container=a b"], 2, "--container: 'a b' is not")
usage_case(["--container=docker/4c01"], 2, "is not a container's id, a machine's name or")
usage_case(["--container=" + "a" * 65], 2, "is not a container's id")
usage_case(["--container=6f1d2c3b_8a4e"], 2, "is not a container's id")


@test("--help and --version exit 0 on stdout")
def _():
    for arg, word in (("--help", "Usage:"), ("--version", "procmemwatch ")):
        rc, out, _ = reader(arg)
        eq(0, rc)
        assert out.decode().startswith(word), out


@test("--help and the manual page name the same long options, each accepted")
def _():
    helptext = reader("--help")[1].decode()
    with open(MAN, encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    in_help = set(re.findall(r"--[a-z][a-z-]*[a-z]", helptext))
    in_man = set(re.findall(r"--[a-z][a-z-]*[a-z]", man))
    eq(sorted(in_help), sorted(in_man), "long options")
    # An option that takes a file (--output-file) takes "--help" as its
    # name: each is tried in a directory of its own, left behind empty.
    with tempfile.TemporaryDirectory() as d:
        cwd = os.getcwd()
        os.chdir(d)
        try:
            for opt in in_help:
                rc, _, err = reader(opt, "--help")
                assert "unrecognized option" not in err, opt + ": " + err
        finally:
            os.chdir(cwd)


def old_spelling_case(old, new):
    @test("old spelling %s still works for a release, with a warning naming %s"
          % (" ".join(old), new[0].split("=")[0]))
    def _():
        with open(os.path.join(EXPECTED, "input", "filter.bin"), "rb") as f:
            data = f.read()
        rc, out, err = run(data, "--json", *old)
        eq(0, rc, "exit status " + err)
        assert "deprecated" in err and new[0].split("=")[0] in err, err
        eq(len(err.strip().splitlines()), 1, "one line: " + err)
        rc2, want, err2 = run(data, "--json", *new)
        eq("", err2, "the new spelling warns")
        eq(seqs(want), seqs(out), "events")


old_spelling_case(["-p", "10"], ["--pid=10"])
old_spelling_case(["-t", "21"], ["--target=21"])
old_spelling_case(["-c", "cat"], ["--comm=cat"])
old_spelling_case(["-s", "2"], ["--seq=2"])
old_spelling_case(["--since", "3"], ["--seq=3"])


@test("old spelling -f warns and follows the events file like -w")
def _():
    if os.path.exists(EVENTS_FILE):
        return  # a machine running procmemwatch: live.sh checks following there
    rc, out, err = reader("-f")
    rc_w, _, err_w = reader("-w")
    eq(1, rc, "exit status")
    assert "-f is deprecated" in err and "-w" in err, err
    eq(err_w, err.split("\n", 1)[1], "after the warning, what -w says")
    assert EVENTS_FILE in err_w and "deprecated" not in err_w, err_w


@test("-W and --follow-new read the events file, seeking to its end")
def _():
    if os.path.exists(EVENTS_FILE):
        return  # live.sh checks -W there
    for opt in ("-W", "--follow-new"):
        rc, out, err = reader(opt)
        eq(1, rc, "exit status")
        assert err.startswith("procmemwatch: " + EVENTS_FILE + ": "), err


# --- guard mode's policy: --check-policy against the kernel's reasons (policy_cases.py) ---

def policy_tree():
    """A root holding the files the policy cases' exe= name, made by their setup script."""
    tmp = tempfile.mkdtemp()
    policy_cases.write(os.path.join(tmp, "cases"))
    root = os.path.join(tmp, "root")
    subprocess.run(["sh", os.path.join(tmp, "cases", "setup.sh"), root], check=True)
    return tmp, root


def check_policy(path, root, *args, stdin=None):
    rc, out, err = reader("--check-policy=" + path, "--root=" + root, *args, stdin=stdin)
    return rc, out.decode(), err


@test("--check-policy: each case of policy_cases.py, its lines and the kernel's reasons")
def _():
    tmp, root = policy_tree()
    bad = []
    for name, text, errors in policy_cases.CASES:
        path = os.path.join(tmp, "cases", "cases", name)
        rc, out, err = check_policy(path, root)
        want = ["%s: larger than 65536 bytes (%d: EFBIG)" % (path, len(text))
                if e == policy_cases.EFBIG else "%s:%d: %s" % (path, *e) for e in errors]
        said = [l for l in err.splitlines() if l.startswith(path + ":")
                and "would refuse it" not in l]
        if rc != (1 if errors else 0) or said != want or (not errors and path not in out):
            bad.append("%s: exit %d, said %r, want %r" % (name, rc, said, want))
    eq([], bad, "cases")


@test("--check-policy: a good policy's summary; the last line of a bad one counts its problems")
def _():
    tmp, root = policy_tree()
    rc, out, err = check_policy("-", root, stdin=b"allow tracer\n# c\nallow uid=0\n")
    eq((0, ""), (rc, err))
    eq("stdin: 2 rules on 3 lines, 29 bytes: the policy file takes it in one write; exe= "
       "paths looked up under %s\n" % root, out)
    rc, out, err = check_policy("-", root, stdin=b"allow\nallow tracer\nallow bogus\n")
    eq((1, ""), (rc, out))
    eq("stdin: the policy file would refuse it: 2 problems; exe= paths looked up under %s"
       % root, err.splitlines()[-1])


@test("--check-policy without --root looks exe= up on this machine, and says so")
def _():
    with tempfile.NamedTemporaryFile("w") as f:
        f.write("allow exe=%s\nallow exe=/nonexistent/pmw\n" % os.path.realpath(sys.executable))
        f.flush()
        rc, out, err = reader("--check-policy=" + f.name)
    eq(1, rc)
    eq(["%s:2: exe= names no file that can be reached" % f.name,
        "%s: the policy file would refuse it: 1 problem; exe= paths looked up under /"
        % f.name], err.splitlines())


usage_case(["--check-policy=/nonexistent/policy"], 1, "/nonexistent/policy: No such file")
usage_case(["--check-policy=-", "--root=/nonexistent/root"], 1,
           "--root=/nonexistent/root: No such file", stdin=b"")
usage_case(["--root=/"], 2, "--root goes with --check-policy or --suggest-policy")
usage_case(["--check-policy=-", "--json"], 2, "--check-policy reads a policy: not with")
usage_case(["--check-policy=-", "--input=x"], 2, "--check-policy reads a policy")
usage_case(["--check-policy=-", "--summary"], 2, "--check-policy reads a policy")
usage_case(["--stats", "--summary"], 2, "--stats prints the counters")
usage_case(["--summary", "--raw"], 2, "--raw writes the records, --summary a table")
usage_case(["--suggest-policy", "--raw"], 2, "--raw writes the records")
usage_case(["--summary", "--suggest-policy"], 2, "different outputs: choose one")
usage_case(["--suggest-policy", "--json"], 2, "--suggest-policy prints rules: not with --json")
usage_case(["--summary", "--format=ocsf"], 2, "--summary prints a table or, with --json")
usage_case(["--outcome=opened,bogus"], 2, "--outcome: 'opened,bogus' is not a list of")
usage_case(["--outcome="], 2, "--outcome: '' is not")
usage_case(["--uid=no-such-user-pmw"], 2, "--uid: 'no-such-user-pmw' is neither")
usage_case(["--uid=4294967295"], 2, "is neither a uid nor a user")


# --- --suggest-policy: what fixed expected outputs cannot show --------------------------

def suggest(data, root, *args):
    rc, out, err = run(data, "--suggest-policy", "--root=" + root, "--utc", *args)
    return rc, out.decode(), err


def would_deny(exe, seq, **kw):
    kw.setdefault("version", 3)
    return access_record(seq=seq, exe=exe, info=INFO_WOULD_DENY, **kw)


@test("--suggest-policy: what it prints, the policy file takes as it is")
def _():
    with open(os.path.join(EXPECTED, "input", "policy-learn.bin"), "rb") as f:
        data = f.read()
    root = os.path.join(EXPECTED, "root")
    rc, out, err = suggest(data, root)
    eq(0, rc, err)
    assert out.count("\n") >= 5, out
    rc, said, err = check_policy("-", root, stdin=out.encode())
    eq((0, ""), (rc, err))


@test("--suggest-policy: names of any bytes come back whole through the escapes")
def _():
    with tempfile.TemporaryDirectory() as root:
        names = [b"/t/new\nline", b"/t/tab\tand space", b"/t/back\\slash", b"/t/\xc3\xa9t\xc3\xa9",
                 b"/t/\xff\x7f#=,"]
        os.mkdir(os.path.join(root, "t"))
        for n in names:
            open(os.path.join(root.encode(), n[1:]), "w").close()
        data = b"".join(would_deny(n, i) for i, n in enumerate(names, 1))
        rc, out, err = suggest(data, root)
        eq(0, rc, err)
        lines = out.splitlines()
        eq(len(names), len(lines), out)
        got = sorted(re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]),
                            l.split()[1][4:].encode()) for l in lines)
        eq(sorted(names), got, "exe= decoded")
        assert all(l.isascii() and l.isprintable() for l in lines), out
        rc, _, err = check_policy("-", root, stdin=out.encode())
        eq((0, ""), (rc, err))


@test("--suggest-policy: two paths to one file give one rule, which counts both")
def _():
    with tempfile.TemporaryDirectory() as root:
        os.mkdir(os.path.join(root, "bin"))
        open(os.path.join(root, "bin", "a"), "w").close()
        os.link(os.path.join(root, "bin", "a"), os.path.join(root, "bin", "b"))
        data = would_deny(b"/bin/a", 1, uid=0) + would_deny(b"/bin/b", 2, uid=0)
        rc, out, err = suggest(data, root)
        eq(0, rc, err)
        eq("allow exe=/bin/a uid=0 access=rw route=mem\n", out)
        assert "rule 1: 2 accesses (mem 2; 2 would_deny, 0 denied)" in err, err


@test("--suggest-policy: a traced exec gives a tracer rule for ptrace_attach; kcore no tracer")
def _():
    # The kernel judges a traced task's exec as a ptrace_attach by its
    # tracer (traced_exec, tracer): the narrowest rule that allows it asks
    # for the tracer, and the policy file takes it. kcore has no target, so
    # no tracer, even when a record says so.
    with tempfile.TemporaryDirectory() as root:
        os.mkdir(os.path.join(root, "bin"))
        open(os.path.join(root, "bin", "gdb"), "w").close()
        data = (access_record(seq=1, exe=b"/bin/gdb", uid=1000, route=ROUTE_PTRACE, access=3,
                              flags=0, path=b"", target_exe=b"/bin/prog",
                              info=INFO_WOULD_DENY | INFO_TRACER | INFO_TRACED_EXEC)
                + access_record(seq=2, exe=b"/bin/gdb", uid=0, route=ROUTE_KCORE, access=1,
                                info=INFO_WOULD_DENY | INFO_TRACER, target_pid=0,
                                target_tid=0, target_ns_pid=0, target_comm=b"",
                                target_exe=b"", path=b"/proc/kcore"))
        rc, out, err = suggest(data, root)
        eq(0, rc, err)
        eq("allow exe=/bin/gdb uid=0 access=read route=kcore\n"
           "allow exe=/bin/gdb uid=1000 tracer access=rw route=ptrace_attach\n", out)
        rc, _, err = check_policy("-", root, stdin=out.encode())
        eq((0, ""), (rc, err))


@test("--suggest-policy: more rules than the policy file takes print none, and fail")
def _():
    with tempfile.TemporaryDirectory() as root:
        os.mkdir(os.path.join(root, "bin"))
        open(os.path.join(root, "bin", "p"), "w").close()
        data = b"".join(would_deny(b"/bin/p", i + 1, uid=i) for i in range(1025))
        rc, out, err = suggest(data, root)
        eq((1, ""), (rc, out))
        assert "1025 rules" in err and "narrow the events" in err, err
        rc, out, err = suggest(data, root, "--seq=2-")
        eq((0, 1024), (rc, out.count("\n")))


# --- procmemwatch-policy, the boot loader, against a stand-in for the securityfs files -----

LOADER = os.path.join(HERE, "..", "procmemwatch-policy")


def loader_env(conf_text, policy_text, lock="0", extra=None):
    """A securityfs stand-in of regular files, a config and a policy file, in a temp dir."""
    tmp = tempfile.mkdtemp()
    sec = os.path.join(tmp, "sec")
    os.mkdir(sec)
    for name, text in (("mode", "detect\n"), ("lock", lock + "\n"), ("policy", ""),
                       *(extra or {}).items()):
        with open(os.path.join(sec, name), "w") as f:
            f.write(text)
    with open(os.path.join(tmp, "conf"), "w") as f:
        f.write(conf_text % {"dir": tmp})
    if policy_text is not None:
        with open(os.path.join(tmp, "policy"), "wb") as f:
            f.write(policy_text)
    open(os.path.join(tmp, "kmsg"), "w").close()
    bindir = os.path.join(tmp, "bin")
    os.mkdir(bindir)
    os.symlink(os.path.abspath(READER), os.path.join(bindir, "procmemwatch"))
    env = dict(os.environ, PMW_CONF=os.path.join(tmp, "conf"), PMW_SECURITYFS=sec,
               PMW_KMSG=os.path.join(tmp, "kmsg"), PATH=bindir + ":" + os.environ["PATH"])
    return tmp, env


def run_loader(env, action="load"):
    p = subprocess.run(["sh", LOADER, action], capture_output=True, env=env, timeout=20)
    return p.returncode, p.stderr.decode()


def files(tmp, *names):
    out = []
    for n in names:
        with open(os.path.join(tmp, n)) as f:
            out.append(f.read())
    return out


GOOD_CONF = "# boot\nPOLICY=%(dir)s/policy\nMODE=enforce\nLOCK=yes\n"
GOOD_POLICY = ("allow tracer access=rw\nallow exe=%s uid=0\n"
               % os.path.realpath(sys.executable)).encode()


@test("procmemwatch-policy load: the policy, then the mode, then the lock, said in the log")
def _():
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY)
    rc, err = run_loader(env)
    eq(0, rc, err)
    eq([GOOD_POLICY.decode(), "enforce\n", "1\n"],
       files(tmp, "sec/policy", "sec/mode", "sec/lock"))
    eq(["<5>procmemwatch-policy: loaded 2 rules from %s/policy, mode enforce, locked until "
        "reboot" % tmp], files(tmp, "kmsg")[0].splitlines())


def loader_refuses(name, conf, policy, want, lock="0"):
    @test("procmemwatch-policy load: %s: nothing written, said loudly" % name)
    def _():
        tmp, env = loader_env(conf, policy, lock=lock)
        rc, err = run_loader(env)
        eq(1, rc, err)
        eq(["", "detect\n", lock + "\n"], files(tmp, "sec/policy", "sec/mode", "sec/lock"))
        kmsg = files(tmp, "kmsg")[0]
        assert want % {"dir": tmp} in kmsg and kmsg.startswith("<3>"), kmsg
        assert want % {"dir": tmp} in err, err


loader_refuses("a bad line", GOOD_CONF, GOOD_POLICY + b"allow uid=0 route=ptrace_attach\n",
               "%(dir)s/policy:3: route=ptrace_attach needs access=rw")
loader_refuses("a bad policy", GOOD_CONF, b"allow bogus\n",
               "%(dir)s/policy is not a policy the kernel takes: nothing loaded, mode stays "
               "detect")
loader_refuses("no policy file", GOOD_CONF, None, "%(dir)s/policy: no such file")
loader_refuses("an unknown setting", GOOD_CONF + "MDOE=off\n", GOOD_POLICY,
               "%(dir)s/conf:5: no setting MDOE: nothing loaded")
loader_refuses("a bad mode", "MODE=enforcing\n", GOOD_POLICY,
               "%(dir)s/conf:1: MODE cannot be 'enforcing'")
loader_refuses("a relative policy path", "POLICY=policy\n", GOOD_POLICY,
               "%(dir)s/conf:1: POLICY cannot be 'policy'")
loader_refuses("not KEY=VALUE", "LOCK\n", GOOD_POLICY, "%(dir)s/conf:1: not KEY=VALUE")
loader_refuses("locked already", GOOD_CONF, GOOD_POLICY,
               "locked until reboot: %(dir)s/policy not loaded, mode stays detect", lock="1")


@test("procmemwatch-policy load: no mode, no lock, an empty file: an empty policy, that is all")
def _():
    tmp, env = loader_env("POLICY=%(dir)s/policy\n", b"")
    rc, err = run_loader(env)
    eq(0, rc, err)
    eq(["\n", "detect\n", "0\n"], files(tmp, "sec/policy", "sec/mode", "sec/lock"))


@test("procmemwatch-policy refresh: writes 1, warns of stale rules; a refused refresh fails")
def _():
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY, extra={"refresh": "", "stats":
                                                          "mode enforce\nstale_rules 2\n"})
    rc, err = run_loader(env, "refresh")
    eq(0, rc, err)
    eq("1\n", files(tmp, "sec/refresh")[0])
    assert "2 exe= rules name files that are gone" in files(tmp, "kmsg")[0], err
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY)
    os.mkdir(os.path.join(tmp, "sec", "refresh"))       # a write to it fails
    rc, err = run_loader(env, "refresh")
    eq(1, rc, err)
    assert "refresh refused: exe= rules keep the files they named" in err, err


@test("procmemwatch-policy load: a policy the kernel refuses is said in policy_error's words")
def _():
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY,
                          extra={"policy_error": "line 2: exe= names no file that can be reached\n"})
    os.unlink(os.path.join(tmp, "sec", "policy"))
    os.mkdir(os.path.join(tmp, "sec", "policy"))        # the write fails, as a refusal does
    rc, err = run_loader(env)
    eq(1, rc, err)
    assert ("the kernel refused %s/policy: line 2: exe= names no file that can be reached; "
            "nothing loaded, mode stays detect" % tmp) in err, err
    eq(["detect\n", "0\n"], files(tmp, "sec/mode", "sec/lock"))


@test("procmemwatch-policy: an unknown action is a usage error")
def _():
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY)
    rc, err = run_loader(env, "unload")
    eq(2, rc)
    assert "procmemwatch-policy load" in err, err


# --- the expected-output tests' inputs and fields ---------------------------------------

@test("expected: make-inputs.py makes every committed input, byte for byte")
def _():
    with tempfile.TemporaryDirectory() as made:
        subprocess.run([sys.executable, os.path.join(EXPECTED, "make-inputs.py"), made],
                       check=True)
        committed = sorted(os.listdir(os.path.join(EXPECTED, "input")))
        eq(committed, sorted(os.listdir(made)), "the inputs")
        for name in committed:
            with open(os.path.join(made, name), "rb") as a, \
                    open(os.path.join(EXPECTED, "input", name), "rb") as b:
                assert a.read() == b.read(), name + " differs from what make-inputs.py makes"


def expected_json_events():
    """Every event of the expected outputs of --json cases."""
    with open(os.path.join(EXPECTED, "cases"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#") and "--json" in line.split():
                with open(os.path.join(EXPECTED, "output", line.split()[0] + ".out"), "rb") as out:
                    yield from json_lines(out.read())


@test("manual: every JSON field of the expected outputs is listed in the manual page")
def _():
    with open(MAN, encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    listed = set(re.findall(r"^([@a-z_.]+)\t", man, re.M))

    def leaves(obj, prefix=""):
        for k, v in obj.items():
            if isinstance(v, dict) and v:
                yield from leaves(v, prefix + k + ".")
            else:
                yield prefix + k
    written = {k for ev in expected_json_events() for k in leaves(ev)}
    assert len(written) > 50, "too few fields: %r" % written
    eq([], sorted(written - listed), "written but not listed")


for p in STARTED:
    if p.poll() is None:
        p.kill()
        p.wait()
print("TAP version 13")
print("1..%d" % len(results))
for i, (ok, name, why) in enumerate(results, 1):
    print("%sok %d %s" % ("" if ok else "not ", i, name))
    if why:
        print("# " + why.replace("\n", "\n# "))
sys.exit(0 if all(r[0] for r in results) else 1)
