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

READER = sys.argv[1]
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
        rc, out, err = run(open_record(path=path, exe=path[:200]), "--json")
        eq(0, rc, "exit status " + err)
        out.decode("utf-8")  # the output is UTF-8 whatever the input
        (ev,) = json_lines(out)
        eq([], unsafe_chars(ev["file"]["path"]), "unsafe after JSON, case %d" % i)
        eq(path, unpercent(ev["file"]["path"]), "path, case %d" % i)
        eq(path[:200], unpercent(ev["process"]["executable"]), "exe, case %d" % i)
    rc, out, _ = run(open_record(path="/tmp/\u00e9t\u00e9/\u65e5/a\"b\\c".encode()), "--json")
    (ev,) = json_lines(out)
    eq("/tmp/\u00e9t\u00e9/\u65e5/a\"b\\c", ev["file"]["path"], "safe text as itself")


# --- user names, from this machine's /etc/passwd -----------------------------------

@test("human: uids named from /etc/passwd, else numbers, wherever a uid is shown")
def _():
    names, nobody = passwd(), unused_uid()
    data = (open_record(seq=1, uid=0) + open_record(seq=2, uid=nobody)
            + open_record(seq=3, uid=nobody, euid=0)
            + dropped_record(4, uid=0) + dropped_record(5, uid=nobody)
            + config_record(6, uid=0) + config_record(7, uid=nobody)
            + self_opens_record(8, uid=0) + self_opens_record(9, uid=nobody))
    for args, root in (((), names[0]), (("--numeric-uid",), "0")):
        rc, out, err = run(data, *args, env={"TZ": "UTC0"})
        eq((0, ""), (rc, err), "exit status and stderr")
        rows = human_words(out)
        eq([root, str(nobody), str(nobody)], [w[4] for w in rows[:3]], "user column")
        eq("euid=" + root, rows[2][-2], "setuid opener")
        assert not any(w.startswith("euid=") for w in rows[0] + rows[1]), rows
        eq([root, str(nobody)] * 2, [w[w.index("by") + 1] for w in rows[3:7]],
           "dropped opener, config writer")
        eq([root, str(nobody)], [w[w.index("user") + 1] for w in rows[7:]], "self-opens")


# --- damaged records: reported with their offset, the rest read ----------------------

@test("v2: a record saying version 2 without room for its fields is invalid")
def _():
    v1 = open_record(seq=2, exe=b"", target_exe=b"", path=b"")
    claims_v2 = v1[:6] + struct.pack("<H", 2) + v1[8:]
    rc, out, err = run(claims_v2 + open_record(seq=1, version=2), "--json")
    eq(1, rc, "exit status")
    assert "too small for its version" in err, err
    eq([1], seqs(out))
    rec = open_record(seq=4, version=2, exe=b"", target_exe=b"", path=b"")
    eq(OPEN_V2_SIZE, len(rec), "record size")
    rc, out, err = run(rec, "--json")
    eq((0, [4]), (rc, seqs(out)), err)


@test("v3: a record saying version 3 without room for route and bytes is invalid")
def _():
    v2 = open_record(seq=2, version=2, exe=b"", target_exe=b"", path=b"")
    claims_v3 = v2[:6] + struct.pack("<H", 3) + v2[8:]
    rc, out, err = run(claims_v3 + open_record(seq=1, version=3), "--json")
    eq(1, rc, "exit status")
    assert "too small for its version" in err, err
    eq([1], seqs(out))
    rec = open_record(seq=4, version=3, exe=b"", target_exe=b"", path=b"", route=ROUTE_VM_READ)
    eq(OPEN_V3_SIZE, len(rec), "record size")
    rc, out, err = run(rec, "--json")
    eq((0, ""), (rc, err))
    eq("process_vm_readv", json_lines(out)[0]["procmem"]["route"])


@test("records: a known type shorter than its version-1 layout is invalid, whatever its version")
def _():
    short_open = HDR.pack(OPEN_SIZE - 8, 1, 2, 8) + b"\0" * (OPEN_SIZE - 24)
    short_lost = HDR.pack(16, 2, 2, 9)
    rc, out, err = run(short_open + short_lost + open_record(seq=1), "--json")
    eq(1, rc, "exit status")
    assert "open record too small" in err and "lost record too small" in err, err
    eq([1], seqs(out))


@test("records: a header of unknown type that cannot be right is damage, resynchronised")
def _():
    for bad in (HDR.pack(20, 9, 1, 0) + b"\0" * 8,       # not a multiple of 8
                HDR.pack(8, 9, 1, 0),                     # smaller than a header
                HDR.pack(24, 0, 1, 0) + b"\0" * 8,        # type 0
                HDR.pack(24, 9, 0, 0) + b"\0" * 8):       # version 0
        rc, out, err = run(bad + open_record(seq=1), "--json")
        eq(1, rc, "exit status for %r" % bad)
        assert "not a record" in err and "unknown type" not in err, err
        eq([1], seqs(out))


@test("records: a future record cut by the end of the input is a truncated record")
def _():
    rc, out, err = run(open_record(seq=1) + future_record(9, b"\0" * 64)[:40], "--json")
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


good = open_record(seq=1)
bad_input_case("truncated record at the end", good + open_record(seq=2)[:50], [1], "truncated record")
bad_input_case("truncated header at the end", good + b"\x01\x02\x03", [1], "truncated record header")
bad_input_case("size smaller than a header", HDR.pack(8, 1, 1, 9) + b"\0" * 8 + good, [1],
               "not a record")
bad_input_case("size not a multiple of 8", HDR.pack(140, 1, 1, 9) + b"\0" * 128 + good, [1],
               "not a record")
bad_input_case("size beyond any record", HDR.pack(1 << 20, 1, 1, 9) + good, [1], "not a record")
bad_input_case("open record too small for its type", HDR.pack(24, 1, 1, 9) + b"\0" * 8 + good,
               [1], "too small")
bad_input_case("string outside its record",
               open_record(seq=9)[:HDR.size + OPEN_FIXED.size - 4] + struct.pack("<HH", 130, 200)
               + open_record(seq=9)[OPEN_SIZE:] + good, [1], "outside")
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
    data = open_record(seq=1) + short_drop + short_cfg + dropped_record(4) + config_record(5)
    for args in (("--json",), ()):
        rc, out, err = run(data, *args, env={"TZ": "UTC0"})
        eq(1, rc, "exit status")
        assert ("offset %d: dropped record too small" % len(open_record(seq=1))) in err, err
        assert ("offset %d: config record too small"
                % (len(open_record(seq=1)) + len(short_drop))) in err, err
        assert "unknown type" not in err, err
    rc, out, err = run(data, "--json")
    eq([("proc_mem_open", 1), ("proc_mem_open_dropped", 4), ("procmemwatch_config_change", 5)],
       [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)])
    # a header alone, cut short of its record by the end of the input
    rc, out, err = run(open_record(seq=1) + dropped_record(2)[:32], "--json")
    eq(1, rc)
    assert "truncated record" in err, err


@test("bad input: a self-opens record shorter than its 80 bytes is reported, the rest read")
def _():
    eq(80, SELF_SIZE, "the uapi layout")
    first = open_record(seq=1)
    for short in (72, 24):
        rec = self_opens_record(2)[:short]
        rec = struct.pack("<I", short) + rec[4:]
        data = first + rec + self_opens_record(3) + open_record(seq=4)
        for args in (("--json",), ("--format=ocsf",), ()):
            rc, out, err = run(data, *args, env={"TZ": "UTC0"})
            eq(1, rc, "exit status of size %d" % short)
            assert "offset %d: self-opens record too small" % len(first) in err, err
            assert "unknown type" not in err, err
        rc, out, err = run(data, "--json")
        eq([("proc_mem_open", 1), ("proc_mem_self_opens", 3), ("proc_mem_open", 4)],
           [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)])
    # a size the decoder cannot trust (not a multiple of 8), and one cut by the end
    bad = struct.pack("<I", 84) + self_opens_record(2)[4:] + b"\0" * 8
    rc, out, err = run(first + bad + open_record(seq=3), "--json")
    eq(1, rc)
    assert "not a record" in err and "unknown type" not in err, err
    eq([1, 3], seqs(out))
    rc, out, err = run(first + self_opens_record(2)[:56], "--json")
    eq(1, rc)
    assert "truncated record" in err, err


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


@test("audit: an outcome= that disagrees with res= is damage; an unknown word leaves it to res=")
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
    eq(("refused", "EPERM"), (evs[0]["procmem"]["outcome"], evs[0]["error"]["code"]))


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
    cases = [(route_line("process_vm_readv", 1), "field bytes missing"),
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


# --- times relative to now -------------------------------------------------------------

def filtered(*args, data):
    rc, out, err = run(data, "--json", *args)
    eq(0, rc, "exit status of %s: %s" % (" ".join(args), err))
    return seqs(out)


@test("filters: --since/--until relative to now: -1h, -30min, yesterday, now")
def _():
    now = time.time_ns()
    data = (open_record(seq=1, real_ns=now - 3 * 86400 * 10**9)
            + open_record(seq=2, real_ns=now - 2 * 3600 * 10**9)
            + open_record(seq=3, real_ns=now - 10 * 60 * 10**9))
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
usage_case(["--audit", "--raw"], 2, "not with --input, --follow or --raw")
usage_case(["--audit", "4242"], 2, "--audit=FILE", stdin=b"")
usage_case(["-a", "/var/log/audit/audit.log"], 2, "--audit=FILE", stdin=b"")
usage_case(["--follow", "--input=x"], 2, "read the events file, not --input")
usage_case(["-W", "--input=x"], 2, "read the events file, not --input")
usage_case(["--follow-new", "--audit"], 2, "not with --input, --follow or --raw")
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
    for opt in in_help:
        rc, _, err = reader(opt, "--help")
        assert "unrecognized option" not in err, opt + ": " + err


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
    for name, text, errors, _ in policy_cases.CASES:
        path = os.path.join(tmp, "cases", "cases", name)
        rc, out, err = check_policy(path, root)
        want = ["%s: %d bytes: the policy file takes at most 65536 in one write (EFBIG)"
                % (path, len(text)) if e == policy_cases.EFBIG else "%s:%d: %s" % (path, *e)
                for e in errors]
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
    return open_record(seq=seq, exe=exe, info=INFO_WOULD_DENY, **kw)


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


@test("procmemwatch-policy refresh: writes 1, warns of stale rules; a kernel without it is no error")
def _():
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY, extra={"refresh": "", "stats":
                                                          "mode enforce\nstale_rules 2\n"})
    rc, err = run_loader(env, "refresh")
    eq(0, rc, err)
    eq("1\n", files(tmp, "sec/refresh")[0])
    assert "2 exe= rules name files that are gone" in files(tmp, "kmsg")[0], err
    tmp, env = loader_env(GOOD_CONF, GOOD_POLICY)
    rc, err = run_loader(env, "refresh")
    eq(0, rc, err)
    assert "has no %s/sec/refresh" % tmp in err, err


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


print("TAP version 13")
print("1..%d" % len(results))
for i, (ok, name, why) in enumerate(results, 1):
    print("%sok %d %s" % ("" if ok else "not ", i, name))
    if why:
        print("# " + why.replace("\n", "\n# "))
sys.exit(0 if all(r[0] for r in results) else 1)
