#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of the procmemwatch reader, no kernel needed.

Records are packed (records.py) from the layout in
include/uapi/linux/procmemwatch.h with values chosen by each test, and the
reader's output is checked against those values, decoded with the rules the
manual page documents (implemented here, not taken from the reader). Prints TAP; exits non-zero on any failure.

Usage: run.py PATH_TO_READER
"""
import calendar
import datetime
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

READER = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
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


def unescape_human(s):
    """A word of the human format: \\xHH is the byte HH, '\\' is never literal."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\":
            assert re.fullmatch(r"\\x[0-9a-f]{2}", s[i:i + 4]), "bare \\ in %r" % s
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(ord(s[i]))
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


# --- JSON and the string encoding ---------------------------------------------

@test("json: ECS and procmem fields carry the record's values")
def _():
    rc, out, err = run(open_record(seq=7), "--json")
    eq(0, rc, "exit status " + err)
    (ev,) = json_lines(out)
    eq("2026-11-23T12:15:40.972000Z", ev["@timestamp"], "@timestamp")
    eq("event", ev["event"]["kind"])
    eq(["process"], ev["event"]["category"])
    eq("proc_mem_open", ev["event"]["action"])
    eq("success", ev["event"]["outcome"])
    eq(7, ev["event"]["sequence"])
    eq(100, ev["process"]["pid"])
    eq(101, ev["process"]["thread"]["id"])
    eq(1, ev["process"]["parent"]["pid"])
    eq("gdb", ev["process"]["name"])
    eq("/usr/bin/gdb", ev["process"]["executable"])
    eq("1000", ev["user"]["id"])
    eq("/proc/200/mem", ev["file"]["path"])
    t = ev["procmem"]["target"]
    eq((200, 200, "sshd", "/usr/sbin/sshd", "0"),
       (t["pid"], t["tid"], t["name"], t["executable"], t["user"]["id"]))
    eq("read-write", ev["procmem"]["access"])
    eq(["O_RDWR", "O_LARGEFILE"], ev["procmem"]["flags"])
    eq((False, False), (ev["procmem"]["self"], ev["procmem"]["tracer"]))


@test("json: a refused open is a failure, self and tracer flags are kept")
def _():
    rc, out, _ = run(open_record(outcome=2, info=3, access=1), "--json")
    (ev,) = json_lines(out)
    eq("failure", ev["event"]["outcome"])
    eq("refused", ev["procmem"]["outcome"])
    eq((True, True), (ev["procmem"]["self"], ev["procmem"]["tracer"]))
    eq("read", ev["procmem"]["access"])


@test("json: a lost record says how many and from where")
def _():
    rc, out, _ = run(open_record(seq=1) + lost_record(2, 40) + open_record(seq=42), "--json")
    evs = json_lines(out)
    eq(3, len(evs))
    eq("events_lost", evs[1]["event"]["action"])
    eq({"first": 2, "count": 40}, evs[1]["procmem"]["lost"])
    eq(42, evs[2]["event"]["sequence"])


@test("json: '%' is always escaped, so a process named %73shd never reads as sshd")
def _():
    rc, out, _ = run(open_record(comm=b"%73shd", path=b"/tmp/100%/mem"), "--json")
    (ev,) = json_lines(out)
    eq(b"%73shd", unpercent(ev["process"]["name"]), "decoded name")
    assert ev["process"]["name"] != "%73shd", "a bare %% decodes to another name"
    eq(b"/tmp/100%/mem", unpercent(ev["file"]["path"]), "decoded path")


@test("json: C1 controls (U+009B CSI) and bidi overrides (U+202E) are escaped, not written")
def _():
    comm = "x\u009b31m\u202edm".encode()
    path = "/tmp/\u202egpj.exe/\u2066a\u2069/\u200bz".encode()
    rc, out, _ = run(open_record(comm=comm, path=path), "--json")
    for ch in ("\u009b", "\u202e", "\u2066", "\u2069", "\u200b"):
        assert ch.encode() not in out, "%r written as itself: %r" % (ch, out)
    (ev,) = json_lines(out)
    eq([], unsafe_chars(ev["process"]["name"] + ev["file"]["path"]), "unsafe after JSON")
    eq(comm, unpercent(ev["process"]["name"]))
    eq(path, unpercent(ev["file"]["path"]))


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


@test("ocsf: strings take the same encoding as JSON")
def _():
    comm, path = b"%41\xc2\x9b\xff", "/x/\u202e%/mem".encode()
    rc, out, _ = run(open_record(comm=comm, target_comm=comm, path=path), "--format=ocsf")
    (ev,) = json_lines(out)
    eq(comm, unpercent(ev["actor"]["process"]["name"]))
    eq(comm, unpercent(ev["process"]["name"]))
    eq(path, unpercent(ev["unmapped"]["path"]))
    assert "\u202e".encode() not in out and b"\xc2\x9b" not in out, out


# --- the human format ------------------------------------------------------------

def human_words(out):
    return [l.split() for l in out.decode("ascii").splitlines()]


@test("human: time with offset, seq, user, opener, access, target, outcome, path")
def _():
    rc, out, _ = run(open_record(info=1, uid=0) + lost_record(2, 5), env={"TZ": "UTC0"})
    lines = out.decode().splitlines()
    eq(2, len(lines))
    eq(["2026-11-23", "12:15:40.972000", "+0000", "#1", passwd()[0], "100", "gdb",
        "read-write", "200", "sshd", "opened", "self", "/proc/200/mem"], lines[0].split())
    eq("-- 5 events lost (#2..#6) --", lines[1])


@test("human: controls, C1, bidi, '\\' and bytes that are not ASCII are \\xHH, and decode back")
def _():
    comm = b"a b\n\\\xc2\x9b%"
    path = "/tmp/\u202e\u00e9 x/\xff".encode("utf-8", "surrogateescape") + b"\xff"
    rc, out, _ = run(open_record(comm=comm, path=path, uid=0), "--numeric-uid",
                     env={"TZ": "UTC0"})
    line = out.decode("ascii")  # nothing but ASCII reaches the terminal
    assert all(0x20 <= ord(c) < 0x7f for c in line.rstrip("\n")), line
    words = line.split()
    eq(comm, unescape_human(words[6]), "comm")
    eq(path, unescape_human(words[-1]), "path")


@test("human: the opener's uid as a name from /etc/passwd, else its number; euid if it differs")
def _():
    names, nobody = passwd(), unused_uid()
    data = (open_record(seq=1, uid=0) + open_record(seq=2, uid=nobody)
            + open_record(seq=3, uid=nobody, euid=0))
    rc, out, _ = run(data, env={"TZ": "UTC0"})
    rows = human_words(out)
    eq([names[0], str(nobody), str(nobody)], [w[4] for w in rows], "user column")
    eq("euid=" + names[0], rows[2][-2], "setuid opener")
    assert not any(w.startswith("euid=") for w in rows[0] + rows[1]), rows
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    rows = human_words(out)
    eq(["0", str(nobody), str(nobody)], [w[4] for w in rows], "--numeric-uid")
    eq("euid=0", rows[2][-2])


# --- times -----------------------------------------------------------------------

def expected_time(real_ns, offset_s, iso=False):
    t = datetime.datetime.fromtimestamp(real_ns // 10**9, datetime.timezone.utc)
    t += datetime.timedelta(seconds=offset_s)
    sign, off = ("-" if offset_s < 0 else "+"), abs(offset_s)
    us = "%06d" % (real_ns % 10**9 // 1000)
    if iso:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + us + "%s%02d:%02d" % (sign, off // 3600,
                                                                       off % 3600 // 60)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + us + " %s%02d%02d" % (sign, off // 3600,
                                                                   off % 3600 // 60)


def human_time(out):
    return [" ".join(w[:3]) for w in human_words(out)]


@test("time: local time with its offset by default (TZ=ABC-5:30 is UTC+05:30)")
def _():
    rc, out, _ = run(open_record(), env={"TZ": "ABC-5:30"})
    eq([expected_time(REAL_NS, 5 * 3600 + 1800)], human_time(out))


@test("time: one zone's winter and summer offsets (TZ with a CET/CEST rule)")
def _():
    winter = calendar.timegm((2026, 1, 15, 12, 0, 0)) * 10**9 + 123456789
    summer = calendar.timegm((2026, 7, 1, 12, 0, 0)) * 10**9
    rc, out, _ = run(open_record(real_ns=winter) + open_record(real_ns=summer, seq=2),
                     env={"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"})
    eq([expected_time(winter, 3600), expected_time(summer, 7200)], human_time(out))


@test("time: --utc shows UTC with +0000 whatever TZ says")
def _():
    rc, out, _ = run(open_record(), "--utc", env={"TZ": "ABC-5:30"})
    eq([expected_time(REAL_NS, 0)], human_time(out))


@test("time: --time-format=iso is ISO 8601 with the offset, alone or with --utc")
def _():
    rc, out, _ = run(open_record(), "--time-format=iso", env={"TZ": "XYZ+3:30"})
    eq(expected_time(REAL_NS, -(3 * 3600 + 1800), iso=True), out.decode().split()[0])
    rc, out, _ = run(open_record(), "--time-format=iso", "--utc", env={"TZ": "XYZ+3:30"})
    eq(expected_time(REAL_NS, 0, iso=True), out.decode().split()[0])


@test("time: JSON's @timestamp and OCSF's time stay UTC whatever TZ and --time-format say")
def _():
    for args in ((), ("--time-format=iso",)):
        rc, out, _ = run(open_record(), "--json", *args, env={"TZ": "ABC-5:30"})
        eq("2026-11-23T12:15:40.972000Z", json_lines(out)[0]["@timestamp"])
    rc, out, _ = run(open_record(), "--format=ocsf", env={"TZ": "ABC-5:30"})
    eq(REAL_NS // 10**6, json_lines(out)[0]["time"])


# --- binary records: what a newer kernel writes ------------------------------------

@test("records: a future type is skipped whole by its size, even with a record inside it")
def _():
    inner = open_record(seq=99)  # what an 8-byte resync would find inside
    data = (open_record(seq=1) + future_record(9, inner) + future_record(10, b"\x11" * 40, seq=7)
            + open_record(seq=2))
    rc, out, err = run(data, "--json")
    eq(0, rc, "exit status " + err)
    eq([1, 2], seqs(out))
    assert re.search(r"\b2 records of unknown type skipped", err), err
    assert "offset" not in err, "reported as damage: " + err


@test("records: a future version's longer open and lost records are read, their tails ignored")
def _():
    fake_hdr = HDR.pack(24, 2, 1, 555) + struct.pack("<Q", 9)
    data = (open_record(version=5, extra=fake_hdr + b"\x22" * 8, seq=1, outcome=3,
                        error=EINVAL, open_flags=PMW_OPEN["O_DIRECT"])
            + lost_record(2, 3, version=3, extra=fake_hdr)
            + open_record(seq=5))
    rc, out, err = run(data, "--json")
    eq(0, rc, "exit status " + err)
    eq("", err, "stderr")
    evs = json_lines(out)
    eq([1, 2, 5], [e["event"]["sequence"] for e in evs])
    eq("/usr/bin/gdb", evs[0]["process"]["executable"])
    eq(("failed", "EINVAL"), (evs[0]["procmem"]["outcome"], evs[0]["error"]["code"]))
    eq(["O_RDWR", "O_DIRECT"], evs[0]["procmem"]["flags"], "version 2 fields of a version 5")
    eq("mem", evs[0]["procmem"]["route"], "version 3 fields of a version 5")
    eq({"first": 2, "count": 3}, evs[1]["procmem"]["lost"])


# --- version 2: outcomes with their errno, portable flags, thread and io_uring ------

V2_OUTCOMES = [  # outcome, error, procmem.outcome, error.code (None: no error field)
    (OUTCOME_OPENED, 0, "opened", None),
    (OUTCOME_REFUSED, EACCES, "refused", "EACCES"),
    (OUTCOME_FAILED, ESRCH, "failed", "ESRCH"),
    (OUTCOME_FAILED, EINVAL, "failed", "EINVAL"),
    (OUTCOME_FAILED, EINTR, "failed", "EINTR"),
    (OUTCOME_FAILED, 4095, "failed", "4095"),  # a number without a name here
]


def v2_outcome_records():
    return b"".join(open_record(seq=i, version=2, outcome=o, error=e)
                    for i, (o, e, _, _) in enumerate(V2_OUTCOMES, 1))


@test("v2 json: each outcome with its errno: procmem.outcome, event.outcome, error.code")
def _():
    rc, out, err = run(v2_outcome_records(), "--json")
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    eq(len(V2_OUTCOMES), len(evs), "events")
    for ev, (_, error, word, code) in zip(evs, V2_OUTCOMES):
        eq(word, ev["procmem"]["outcome"], "procmem.outcome")
        eq("success" if word == "opened" else "failure", ev["event"]["outcome"],
           "event.outcome of " + word)
        if code is None:
            assert "error" not in ev and "errno" not in ev["procmem"], ev
        else:
            eq(code, ev["error"]["code"], "error.code")
            eq(error, ev["procmem"]["errno"], "procmem.errno")


@test("v2 human: the outcome, then the errno's name for an open that did not complete")
def _():
    rc, out, err = run(v2_outcome_records(), "--numeric-uid", env={"TZ": "UTC0"})
    eq(0, rc, "exit status " + err)
    rows = human_words(out)
    eq(len(V2_OUTCOMES), len(rows), "lines")
    for words, (_, _, word, code) in zip(rows, V2_OUTCOMES):
        # time(3) #seq user pid comm access tpid tcomm, then the outcome
        eq(word, words[10], "outcome")
        eq([code] if code else [], words[11:-1], "after the outcome")
        eq("/proc/200/mem", words[-1], "path")


@test("v2 ocsf: status Failure with the outcome in status_detail and the errno in status_code")
def _():
    rc, out, err = run(v2_outcome_records(), "--format=ocsf")
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    for ev, (_, error, word, code) in zip(evs, V2_OUTCOMES):
        ok = word == "opened"
        eq((1 if ok else 2, "Success" if ok else "Failure", word),
           (ev["status_id"], ev["status"], ev["status_detail"]), word)
        eq(code, ev.get("status_code"), "status_code")
        eq(word, ev["unmapped"]["outcome"])
        eq(error or None, ev["unmapped"].get("errno"))


# Raw O_* values of arm64 (arch/arm64/include/uapi/asm/fcntl.h), which differ
# from x86's: as x86 values, O_DIRECT would read O_DIRECTORY and O_LARGEFILE
# would read O_DIRECT.
ARM64_O_DIRECTORY, ARM64_O_NOFOLLOW, ARM64_O_DIRECT, ARM64_O_LARGEFILE = \
    0o40000, 0o100000, 0o200000, 0o400000


@test("v2 flags: taken from open_flags, not from an arm64 kernel's raw O_* value")
def _():
    raw = 0o2 | ARM64_O_DIRECT | ARM64_O_LARGEFILE | ARM64_O_NOFOLLOW | 0o4000
    portable = (PMW_OPEN["O_DIRECT"] | PMW_OPEN["O_LARGEFILE"] | PMW_OPEN["O_NOFOLLOW"]
                | PMW_OPEN["O_NONBLOCK"])
    rec = open_record(version=2, flags=raw, open_flags=portable, outcome=3, error=EINVAL)
    want = ["O_RDWR", "O_NONBLOCK", "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW"]
    rc, out, err = run(rec, "--json")
    eq(0, rc, "exit status " + err)
    (ev,) = json_lines(out)
    eq(sorted(want), sorted(ev["procmem"]["flags"]), "procmem.flags")
    eq("O_RDWR", ev["procmem"]["flags"][0], "access mode first")
    rc, out, _ = run(rec, "--format=ocsf")
    eq(sorted(want), sorted(json_lines(out)[0]["unmapped"]["flags"]), "ocsf flags")


@test("v2 flags: every PMW_OPEN_* bit by its name, an unknown bit by its value")
def _():
    for name, bit in PMW_OPEN.items():
        rc, out, _ = run(open_record(version=2, flags=0, open_flags=bit), "--json")
        eq(["O_RDONLY", name], json_lines(out)[0]["procmem"]["flags"], name)
    # no portable bit at all: only the access mode, whatever the raw value says
    rc, out, _ = run(open_record(version=2, flags=0o1 | 0o777700, open_flags=0), "--json")
    eq(["O_WRONLY"], json_lines(out)[0]["procmem"]["flags"], "raw bits ignored")
    rc, out, _ = run(open_record(version=2, flags=0, open_flags=0x4000), "--json")
    eq(["O_RDONLY", "0x4000"], json_lines(out)[0]["procmem"]["flags"], "unknown bit")


@test("v1 records read as before: raw x86 flags, outcome from the record, no errno")
def _():
    # a version 1 record's strings follow its fixed part at once: their
    # bytes are not a version 2 error and open_flags
    rec = open_record(seq=3, flags=O_RDWR | O_LARGEFILE | 0o40000, outcome=2,
                      exe=b"\x0d\x00\x00\x00\xff\x0f\x00\x00/bin/x")
    eq(1, HDR.unpack_from(rec)[2], "version")
    rc, out, err = run(rec, "--json")
    eq(0, rc, "exit status " + err)
    (ev,) = json_lines(out)
    eq(["O_RDWR", "O_DIRECT", "O_LARGEFILE"], ev["procmem"]["flags"], "x86 names of raw flags")
    eq(("refused", "failure"), (ev["procmem"]["outcome"], ev["event"]["outcome"]))
    assert "error" not in ev and "errno" not in ev["procmem"], ev
    eq(b"\x0d\x00\x00\x00\xff\x0f\x00\x00/bin/x", unpercent(ev["process"]["executable"]))
    rc, out, _ = run(rec, "--numeric-uid", env={"TZ": "UTC0"})
    eq(["refused", "/proc/200/mem"], human_words(out)[0][10:], "human: no errno")


@test("v2: thread and io_uring shown with self and tracer in every format")
def _():
    data = (open_record(seq=1, version=2, info=INFO_THREAD_DIR,
                        path=b"/proc/200/task/201/mem")
            + open_record(seq=2, version=2, info=INFO_IO_URING)
            + open_record(seq=3, version=2, info=INFO_SELF | INFO_THREAD_DIR | INFO_IO_URING)
            + open_record(seq=4, version=2, info=0))
    want = [(True, False, False), (False, True, False), (True, True, True),
            (False, False, False)]   # thread, io_uring, self
    rc, out, err = run(data, "--json")
    eq(0, rc, "exit status " + err)
    for ev, w in zip(json_lines(out), want):
        p = ev["procmem"]
        eq(w, (p["thread"], p["io_uring"], p["self"]), "json seq %d" % ev["event"]["sequence"])
    rc, out, _ = run(data, "--format=ocsf")
    for ev, w in zip(json_lines(out), want):
        u = ev["unmapped"]
        eq(w, (u["thread"], u["io_uring"], u["self"]), "ocsf")
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    rows = human_words(out)
    eq(["opened", "thread", "/proc/200/task/201/mem"], rows[0][10:])
    eq(["opened", "io_uring", "/proc/200/mem"], rows[1][10:])
    eq(["opened", "self", "thread", "io_uring", "/proc/200/mem"], rows[2][10:])
    eq(["opened", "/proc/200/mem"], rows[3][10:])


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


@test("records: a version-1 open record with no strings, exactly the version-1 size, is read")
def _():
    rec = open_record(seq=4, exe=b"", target_exe=b"", path=b"")
    eq(OPEN_SIZE, len(rec), "record size")
    rc, out, err = run(rec, "--json")
    eq(0, rc, "exit status " + err)
    (ev,) = json_lines(out)
    eq((4, "", ""), (ev["event"]["sequence"], ev["process"]["executable"], ev["file"]["path"]))


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


@test("records: --verbose names each record of unknown type with its offset")
def _():
    first = open_record(seq=1)
    rc, out, err = run(first + future_record(9, b"\0" * 16, version=4), "--json", "--verbose")
    eq(0, rc, "exit status " + err)
    assert "offset %d: record of unknown type 9 (version 4, 32 bytes)" % len(first) in err, err


@test("records: --raw keeps records of unknown type, so a capture loses nothing")
def _():
    data = open_record(seq=1) + future_record(9, b"\x33" * 24) + open_record(seq=2)
    rc, out, _ = run(data, "--raw")
    eq(data, out)


# --- damaged input --------------------------------------------------------------

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


# --- filters -----------------------------------------------------------------------

FILTER_DATA = (open_record(seq=1, pid=10, target_pid=20, comm=b"gdb")
               + open_record(seq=2, pid=11, target_pid=20, comm=b"cat")
               + open_record(seq=3, pid=10, target_pid=21, comm=b"gdb")
               + lost_record(4, 2))


def filtered(*args, data=FILTER_DATA, env=None):
    rc, out, err = run(data, "--json", *args, env=env)
    eq(0, rc, "exit status of %s: %s" % (" ".join(args), err))
    return seqs(out)


@test("filters: --pid, --target, --comm, --seq, combined")
def _():
    eq([1, 3], filtered("--pid=10"))
    eq([1, 2], filtered("--target", "20"))
    eq([2], filtered("--comm=cat"))
    eq([2, 3], filtered("--seq=2"))
    eq([3], filtered("--pid=10", "--target=21", "--seq=2"))
    # Lost records always pass: nothing is dropped silently.
    eq(1, sum(e["event"]["action"] == "events_lost"
              for e in json_lines(run(FILTER_DATA, "--json", "--pid=99")[1])))


@test("filters: --seq=N-M is a range, N- open-ended")
def _():
    eq([2], filtered("--seq=2-2"))
    eq([1, 2], filtered("--seq=1-2"))
    eq([2, 3], filtered("--seq=2-"))


TIMED = (open_record(seq=1, real_ns=at(2026, 11, 23, 10, 0))
         + open_record(seq=2, real_ns=at(2026, 11, 23, 11, 0))
         + open_record(seq=3, real_ns=at(2026, 11, 23, 12, 0)))


@test("filters: --since/--until take local times (TZ=), inclusive")
def _():
    env = {"TZ": "ABC-5:30"}  # 16:30 there is 11:00 UTC
    eq([2, 3], filtered("--since=2026-11-23 16:00", data=TIMED, env=env))
    eq([1, 2], filtered("--until=2026-11-23 16:30:00", data=TIMED, env=env))
    eq([2], filtered("--since=2026-11-23 16:30", "--until=2026-11-23 16:30", data=TIMED,
                     env=env))
    eq([3], filtered("--since=2026-11-23 17:00:00.000001", data=TIMED, env=env))
    eq([], filtered("--until=2026-11-23", data=TIMED, env=env))


@test("filters: --since/--until with an offset, @UNIXTIME, or --utc")
def _():
    env = {"TZ": "ABC-5:30"}
    eq([2, 3], filtered("--since=2026-11-23T11:00:00Z", data=TIMED, env=env))
    eq([2, 3], filtered("--since=2026-11-23 12:00+01:00", data=TIMED, env=env))
    eq([1], filtered("--until=2026-11-23T08:00-0230", data=TIMED, env=env))
    eq([3], filtered("--since=@%d" % (at(2026, 11, 23, 12, 0) // 10**9), data=TIMED, env=env))
    eq([2, 3], filtered("--utc", "--since=2026-11-23 10:30", data=TIMED, env=env))
    eq([1], filtered("--until=2026-11-23 10:00 UTC", data=TIMED, env=env))


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


# --- options and their old spellings -------------------------------------------------

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


def old_spelling_case(old, new, data=FILTER_DATA):
    @test("old spelling %s still works for a release, with a warning naming %s"
          % (" ".join(old), new[0].split("=")[0]))
    def _():
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


@test("--raw writes the records unchanged")
def _():
    data = open_record(seq=1) + lost_record(2, 3) + open_record(seq=5, extra=b"\x22" * 8)
    rc, out, _ = run(data, "--raw")
    eq(data, out)


# --- --stats -------------------------------------------------------------------------

KNOWN_COUNTERS = ["mode", "seen_off", "seen_detect", "events", "opened", "refused",
                  "failed", "denied", "would_deny", "dropped_nomem", "dropped_exit",
                  "buffered", "buffered_bytes", "capacity_bytes",
                  "overwritten",
                  "overwritten_unread", "lost_reported", "readers", "audit_emitted",
                  "audit_suppressed", "audit_unavailable", "config_changes",
                  "self_opens_summarized", "self_opens_records"]


@test("--stats explains each counter it knows and prints the others as they are")
def _():
    stats = ["%s %d" % (n, 10 + i) for i, n in enumerate(KNOWN_COUNTERS)]
    stats[0] = "mode detect"
    stats += ["seen_enforce 4", "future_counter 7", "\x1b[2Jclear 1"]
    with tempfile.NamedTemporaryFile("w") as f:
        f.write("\n".join(stats) + "\n")
        f.flush()
        rc, out, err = reader("--stats=" + f.name)
        eq(0, rc, "exit status " + err)
        rc, from_stdin, _ = reader("--stats=-", stdin=open(f.name, "rb").read())
        eq(out, from_stdin, "from stdin")
    lines = out.decode("ascii").splitlines()
    eq(len(stats), len(lines), "one line per counter")
    for given, line in zip(stats[:-3], lines):
        name, value = given.split()
        words = line.split()
        eq([name, value], words[:2], "counter")
        assert len(words) >= 5, "no explanation: %r" % line
    assert lines[len(KNOWN_COUNTERS)].endswith(" enforce"), lines[len(KNOWN_COUNTERS)]
    eq("future_counter 7", lines[-2], "unknown counter")
    eq("\\x1b[2Jclear 1", lines[-1], "unknown counter, escaped")
    explanations = [" ".join(l.split()[2:]) for l in lines[:len(KNOWN_COUNTERS)]]
    eq(len(explanations), len(set(explanations)), "the same explanation for two counters")


@test("--stats: failed names its errnos, dropped_exit says what it drops")
def _():
    rc, out, err = reader("--stats=-", stdin=b"failed 3\ndropped_exit 1\nrefused 2\n")
    eq(0, rc, "exit status " + err)
    failed, dropped, refused = out.decode("ascii").splitlines()
    eq(["failed", "3"], failed.split()[:2])
    for word in ("ESRCH", "EINVAL", "O_DIRECT", "EINTR"):
        assert word in failed, failed
    eq(["dropped_exit", "1"], dropped.split()[:2])
    for word in ("dentry_open", "file_post_open", "freed"):
        assert word in dropped, dropped
    assert "EACCES" in refused, refused


# --- audit logs ---------------------------------------------------------------------

# Audit logs captured from the guest (selftests' scenarios, Debian 12's
# auditd 3.0.9): expected values come from the lines themselves, read here
# with a parser of their own.
def audit_fields(line):
    rec = line.split(" op=proc_mem_open ", 1)[1].split("\x1d")[0]
    fields = {}
    for m in re.finditer(r'(\w+)=("[^"]*"|\S+)', rec):
        v = m.group(2)
        fields[m.group(1)] = v[1:-1].encode("latin-1") if v.startswith('"') else v
    for k in ("comm", "exe", "ocomm", "oexe", "path"):
        if fields[k] == "(null)":  # a kernel thread has no executable
            fields[k] = b""
        elif not isinstance(fields[k], bytes):
            fields[k] = bytes.fromhex(fields[k])
    return fields


def audit_lines(name):
    with open(os.path.join(HERE, name), encoding="latin-1") as f:
        return [l for l in f if " op=proc_mem_open " in l]


ERRNO_NAMES = {ESRCH: "ESRCH", EINTR: "EINTR", EACCES: "EACCES", EINVAL: "EINVAL"}
# x86's O_* values (arch/x86 uses asm-generic/fcntl.h), for the raw oflag=
X86_O = {0o100: "O_CREAT", 0o200: "O_EXCL", 0o400: "O_NOCTTY", 0o1000: "O_TRUNC",
         0o2000: "O_APPEND", 0o4000: "O_NONBLOCK", 0o10000: "O_DSYNC", 0o40000: "O_DIRECT",
         0o100000: "O_LARGEFILE", 0o400000: "O_NOFOLLOW", 0o1000000: "O_NOATIME"}


def x86_flag_names(oflag):
    """The access mode and the O_* names of a raw x86 flags value."""
    return (["O_RDONLY", "O_WRONLY", "O_RDWR"][oflag & 3],
            {name for bit, name in X86_O.items() if oflag & bit})


def check_against_audit(evs, lines, portable_flags=False):
    """Events read from a capture or a log agree with the audit lines of
    the same boot. portable_flags: the events come from version 2 records of
    an x86_64 kernel, whose open_flags leave out the O_LARGEFILE the kernel
    adds itself; otherwise from the raw oflag."""
    eq(len(lines), len(evs), "events")
    for ev, line in zip(evs, lines):
        f = audit_fields(line)
        mode, names = x86_flag_names(int(f["oflag"], 16))
        if portable_flags:
            names.discard("O_LARGEFILE")
        eq(mode, ev["procmem"]["flags"][0], "access mode")
        eq(names, set(ev["procmem"]["flags"][1:]), "flags of oflag=" + f["oflag"])
        if "outcome" in f:  # kernels since outcome=, errno= and thread=
            eq(f["outcome"], ev["procmem"]["outcome"], "outcome")
            errno = int(f["errno"])
            eq(ERRNO_NAMES.get(errno), ev.get("error", {}).get("code"), "errno")
            eq(f["thread"] == "1", ev["procmem"]["thread"], "thread")
        eq(int(f["seq"]), ev["event"]["sequence"], "seq")
        eq(int(f["pid"]), ev["process"]["pid"], "pid")
        eq(int(f["ppid"]), ev["process"]["parent"]["pid"], "ppid")
        eq(f["uid"], ev["user"]["id"], "uid")
        eq(f["comm"], unpercent(ev["process"]["name"]), "comm")
        eq(f["exe"], unpercent(ev["process"]["executable"]), "exe")
        eq(int(f["opid"]), ev["procmem"]["target"]["pid"], "opid")
        eq(f["ocomm"], unpercent(ev["procmem"]["target"]["name"]), "ocomm")
        eq(f["oexe"], unpercent(ev["procmem"]["target"]["executable"]), "oexe")
        eq(f["path"], unpercent(ev["file"]["path"]), "path")
        eq("success" if f["res"] == "1" else "failure", ev["event"]["outcome"], "res")


def run_audit(path, *args, stdin=None):
    return reader("--audit=" + path if path else "--audit", *args, stdin=stdin)


@test("audit: an ENRICHED auditd log, hex-encoded names decoded")
def _():
    rc, out, err = run_audit(os.path.join(HERE, "audit-enriched.log"), "--json")
    eq(0, rc, "exit status " + err)
    check_against_audit(json_lines(out), audit_lines("audit-enriched.log"))
    assert any(b"\n" in unpercent(e["process"]["name"]) for e in json_lines(out)), \
        "no hostile comm in sample"


@test("audit: kernel console lines, from stdin, with a refused open")
def _():
    with open(os.path.join(HERE, "audit-console.log"), "rb") as f:
        rc, out, err = run_audit("-", "--json", stdin=f.read())
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    check_against_audit(evs, audit_lines("audit-console.log"))
    eq(["success", "failure"], [e["event"]["outcome"] for e in evs])


@test("audit: a raw log (the ENRICHED trailer removed) reads the same")
def _():
    raw = "".join(l.split("\x1d")[0] + "\n" for l in audit_lines("audit-enriched.log"))
    rc, out, err = run_audit(None, "--json", stdin=raw.encode("latin-1"))
    eq(0, rc, "exit status " + err)
    check_against_audit(json_lines(out), audit_lines("audit-enriched.log"))


@test("capture: binary records of a boot agree with its audit log")
def _():
    rc, out, err = run(open(os.path.join(HERE, "events.bin"), "rb").read(), "--json")
    eq(0, rc, "exit status " + err)
    check_against_audit(json_lines(out), audit_lines("audit-enriched.log"))


@test("capture v2: version 2 records of a boot agree with its audit lines, every outcome")
def _():
    rc, out, err = run(open(os.path.join(HERE, "events-v2.bin"), "rb").read(), "--json")
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    lines = audit_lines("audit-console-v2.log")
    check_against_audit(evs, lines, portable_flags=True)
    # what the capture was made to hold (tests/capture-v2.sh)
    eq({"opened", "refused", "failed"}, {e["procmem"]["outcome"] for e in evs}, "outcomes")
    eq({"EACCES", "ESRCH", "EINVAL"}, {e["error"]["code"] for e in evs if "error" in e})
    assert any(e["procmem"]["thread"] for e in evs), "no thread event in the capture"
    rc, out, err = run_audit(os.path.join(HERE, "audit-console-v2.log"), "--json")
    eq(0, rc, "exit status " + err)
    check_against_audit(json_lines(out), lines)


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


def audit_seqs(text, *args):
    rc, out, err = run_audit(None, "--json", *args, stdin=text.encode("latin-1"))
    return rc, seqs(out), err


@test("audit: newer kernels' lsm=procmemwatch records and older ones without it are read")
def _():
    rc, got, err = audit_seqs(auditd_line(1) + auditd_line(2, lsm=False)
                              + console_line(3) + auditd_line(4, typ="1316"))
    eq((0, [1, 2, 3, 4]), (rc, got), err)


@test("audit: fields a newer kernel adds (route=, uts=) are ignored")
def _():
    line = auditd_line(1, extra=' uts="/x" route="io_uring" x=1') + auditd_line(
        2).replace(" pid=34", " route=openat pid=34")
    rc, got, err = audit_seqs(line)
    eq((0, [1, 2], ""), (rc, got, err))


@test("audit: new records: outcome= and errno= give the outcome and its errno, thread=1 shown")
def _():
    text = (new_line(1, "opened", 0, 1, thread=1)
            + new_line(2, "refused", EACCES, 0)
            + new_line(3, "failed", EINVAL, 0, thread=1, oflag=0xc000, console=True)
            + new_line(4, "failed", ESRCH, 0)
            + new_line(5, "failed", EINTR, 0))
    want = [("opened", None, True), ("refused", "EACCES", False), ("failed", "EINVAL", True),
            ("failed", "ESRCH", False), ("failed", "EINTR", False)]
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    eq([1, 2, 3, 4, 5], seqs(out))
    for ev, (word, code, thread) in zip(evs, want):
        eq((word, code, thread), (ev["procmem"]["outcome"], ev.get("error", {}).get("code"),
                                  ev["procmem"]["thread"]), "seq %d" % ev["event"]["sequence"])
        eq("success" if word == "opened" else "failure", ev["event"]["outcome"])
    eq(36, evs[2]["procmem"]["target"]["tid"])
    # oflag is the raw value: no portable flags in an audit record
    eq(["O_RDONLY", "O_DIRECT", "O_LARGEFILE"], evs[2]["procmem"]["flags"])
    rc, out, err = run_audit(None, "--numeric-uid", stdin=text.encode())
    rows = human_words(out)
    eq(["opened", "thread", "/proc/33/task/36/mem"], rows[0][10:])
    eq(["refused", "EACCES", "/proc/33/task/36/mem"], rows[1][10:])
    eq(["failed", "EINVAL", "thread", "/proc/33/task/36/mem"], rows[2][10:])
    rc, out, err = run_audit(None, "--format=ocsf", stdin=text.encode())
    eq([(1, "opened", None), (2, "refused", "EACCES"), (2, "failed", "EINVAL"),
        (2, "failed", "ESRCH"), (2, "failed", "EINTR")],
       [(e["status_id"], e["status_detail"], e.get("status_code")) for e in json_lines(out)])


@test("audit: old records without outcome=, errno= and thread=: the outcome from res=")
def _():
    text = auditd_line(1) + auditd_line(2).replace(" res=1", " res=0")
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    eq([("opened", "success"), ("refused", "failure")],
       [(e["procmem"]["outcome"], e["event"]["outcome"]) for e in evs])
    for ev in evs:
        assert "error" not in ev and "errno" not in ev["procmem"], ev
        eq((False, False), (ev["procmem"]["thread"], ev["procmem"]["io_uring"]))
    rc, out, _ = run_audit(None, "--numeric-uid", stdin=text.encode())
    eq([["opened", "/proc/33/mem"], ["refused", "/proc/33/mem"]],
       [w[10:] for w in human_words(out)])


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


@test("audit: hostile hex-encoded names (%, C1, bidi, invalid UTF-8) round-trip to JSON")
def _():
    comm = b"%73shd\xc2\x9b\xe2\x80\xae\xff"
    rc, out, err = run_audit(None, "--json", stdin=auditd_line(1, comm=comm.hex().upper()).encode())
    eq(0, rc, "exit status " + err)
    (ev,) = json_lines(out)
    eq(comm, unpercent(ev["process"]["name"]))
    eq([], unsafe_chars(ev["process"]["name"]))


FORGERIES = [
    # auditctl -m / audit_log_user_message(): a USER record carrying the text
    ("type=USER msg=audit(1795437684.400:5): pid=50 uid=0 auid=4294967295 ses=4294967295 "
     "msg='hi op=proc_mem_open %s exe=\"/sbin/auditctl\" hostname=? addr=? terminal=console "
     "res=success'\n" % (BODY % ('"head"', 90)), "type=USER"),
    ("type=USER_AVC msg=audit(%s): op=proc_mem_open %s\n" % (STAMP, BODY % ('"x"', 91)),
     "type=USER_AVC"),
    # logger into syslog, whatever tag it claims
    ("Nov 23 12:15:40 host logger: audit: type=1316 audit(%s): %s\n" % (STAMP, body(92)),
     "not an audit record"),
    ("Nov 23 12:15:40 host kernel: audit: type=1316 audit(%s): %s\n" % (STAMP, body(93)),
     "not an audit record"),
    ("2026-11-23T12:15:40+00:00 host root: type=KERNEL_OTHER msg=audit(%s): %s\n"
     % (STAMP, body(94)), "not an audit record"),
    # dmesg -r shows a /dev/kmsg write with the user facility
    ("<14>[    1.500000] audit: type=1316 audit(%s): %s\n" % (STAMP, body(95)),
     "syslog facility 1"),
    # the text after another first field, another module's KERNEL_OTHER
    ("type=KERNEL_OTHER msg=audit(%s): mod=other op=proc_mem_open %s\n"
     % (STAMP, BODY % ('"x"', 96)), "first field mod=other"),
    ("type=KERNEL_OTHER msg=audit(%s): lsm=other op=proc_mem_open %s\n"
     % (STAMP, BODY % ('"x"', 97)), "first field lsm=other"),
    # another record type with procmemwatch's fields
    ("type=SYSCALL msg=audit(%s): %s\n" % (STAMP, body(98)), "type=SYSCALL"),
    # procmemwatch, but not an open
    ("type=KERNEL_OTHER msg=audit(%s): lsm=procmemwatch op=set setting=mode old=detect "
     "new=off res=1\n" % STAMP, "another kind (op=set)"),
]


@test("audit: forged and look-alike lines (USER records, syslog, dmesg -r of user space) are not events")
def _():
    text = auditd_line(1) + "".join(line for line, _ in FORGERIES) + console_line(2)
    rc, got, err = audit_seqs(text)
    eq(0, rc, "exit status " + err)
    eq([1, 2], got, "events")
    lookalikes = sum("op=proc_mem_open" in line for line, _ in FORGERIES)
    assert ("%d lines with op=proc_mem_open or another op= of procmemwatch's accesses skipped"
            % lookalikes) in err, err


@test("audit: --verbose says which line was skipped and why")
def _():
    text = auditd_line(1) + "".join(line for line, _ in FORGERIES)
    rc, got, err = audit_seqs(text, "--verbose")
    eq([1], got, "events")
    for n, (_, why) in enumerate(FORGERIES, 2):
        assert re.search(r"line %d: skipped: .*%s" % (n, re.escape(why)), err), \
            "line %d (%s): %s" % (n, why, err)
    eq(len(FORGERIES), len(err.strip().splitlines()), "one line per skipped line")


@test("audit: auditd's node= prefix and dmesg -r's kernel facility are accepted")
def _():
    text = ("node=web1 " + auditd_line(1) + console_line(2, prefix="<5>[    2.000000] ")
            + console_line(3, prefix=""))
    rc, got, err = audit_seqs(text)
    eq((0, [1, 2, 3]), (rc, got), err)


@test("audit: a field twice is damage, reported")
def _():
    rc, got, err = audit_seqs(auditd_line(1, extra=" pid=1") + auditd_line(2))
    eq((1, [2]), (rc, got))
    assert "line 1: field pid appears twice" in err, err


@test("ocsf: Process Activity, Open for a read, Inject for a write")
def _():
    rc, out, err = run(open_record(access=1, seq=1) + open_record(access=3, outcome=2, seq=2)
                       + lost_record(3, 4), "--format=ocsf")
    eq(0, rc, "exit status " + err)
    read, write, lost = json_lines(out)
    eq((1007, 3, "Open", 100703, 1), (read["class_uid"], read["activity_id"],
                                     read["activity_name"], read["type_uid"], read["category_uid"]))
    eq((4, "Inject", 100704, 2, "Failure"), (write["activity_id"], write["activity_name"],
                                            write["type_uid"], write["status_id"], write["status"]))
    eq(1795436140972, read["time"])
    eq((100, "gdb", "/usr/bin/gdb", "1000"),
       (read["actor"]["process"]["pid"], read["actor"]["process"]["name"],
        read["actor"]["process"]["file"]["path"], read["actor"]["process"]["user"]["uid"]))
    eq((200, "sshd", "/usr/sbin/sshd"), (read["process"]["pid"], read["process"]["name"],
                                        read["process"]["file"]["path"]))
    eq("/proc/200/mem", read["unmapped"]["path"])
    eq((0, 3, 4), (lost["class_uid"], lost["unmapped"]["lost_first"], lost["unmapped"]["lost_count"]))

# --- dropped and config records --------------------------------------------------------

REASON_WORDS = {DROPPED_NOMEM: "no memory", DROPPED_EXIT: "task freed", 9: "reason 9"}


@test("dropped json: event fields, opener, target, each reason's words, no @timestamp")
def _():
    data = b"".join(dropped_record(seq, reason=r, pid=300 + seq, tid=310 + seq, uid=1000 + seq,
                                   target_pid=400 + seq)
                    for seq, r in ((5, DROPPED_NOMEM), (6, DROPPED_EXIT), (7, 9)))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq(3, len(evs), "events")
    for ev, (seq, r) in zip(evs, ((5, DROPPED_NOMEM), (6, DROPPED_EXIT), (7, 9))):
        e = ev["event"]
        eq(("event", ["process"], ["access"], "proc_mem_open_dropped", "unknown"),
           (e["kind"], e["category"], e["type"], e["action"], e["outcome"]), "event")
        eq(REASON_WORDS[r], e["reason"], "event.reason")
        eq(seq, e["sequence"], "event.sequence")
        eq((300 + seq, 310 + seq), (ev["process"]["pid"], ev["process"]["thread"]["id"]))
        eq(str(1000 + seq), ev["user"]["id"], "user.id")
        eq(400 + seq, ev["procmem"]["target"]["pid"], "procmem.target.pid")
        assert "@timestamp" not in ev, "a dropped record has no time: %r" % ev
    rc, out, _ = run(dropped_record(8, target_pid=0), "--json")
    (ev,) = json_lines(out)
    eq({"route": "mem"}, ev["procmem"], "target pid 0 is unknown, not pid 0")


@test("config json: ECS configuration change, writer, setting and values, @timestamp")
def _():
    t = at(2026, 11, 24, 19, 20, 29) + 455847000
    rc, out, err = run(config_record(11, setting=b"audit_rate", old=b"100", new=b"0", pid=77,
                                     uid=1001, loginuid=1002, ses=9, real_ns=t)
                       + config_record(12, loginuid=UNSET, ses=UNSET), "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    ev, unset = json_lines(out)
    eq("2026-11-24T19:20:29.455847Z", ev["@timestamp"])
    e = ev["event"]
    eq(("event", ["configuration"], ["change"], "procmemwatch_config_change", 11),
       (e["kind"], e["category"], e["type"], e["action"], e["sequence"]), "event")
    eq(77, ev["process"]["pid"])
    eq(("1001", "1002"), (ev["user"]["id"], ev["user"]["audit"]["id"]))
    eq(9, ev["procmem"]["session_id"])
    eq({"setting": "audit_rate", "old_value": "100", "new_value": "0"}, ev["procmem"]["config"])
    eq({"setting": "mode", "old_value": "detect", "new_value": "off"},
       unset["procmem"]["config"])
    assert "audit" not in unset["user"] and "session_id" not in unset["procmem"], unset


@test("dropped and config ocsf: Process Activity of unknown activity, Base Event for a change")
def _():
    data = (dropped_record(3, reason=DROPPED_EXIT, pid=30, tid=31, uid=1000, target_pid=28)
            + config_record(4, pid=44, uid=0)
            + config_record(5, setting=b"audit_rate", old=b"100", new=b"5")
            + dropped_record(6, target_pid=0))
    rc, out, err = run(data, "--format=ocsf")
    eq((0, ""), (rc, err), "exit status and stderr")
    drop, off, rate, nowhere = json_lines(out)
    eq((1007, 1, 0, 100700, 0, "dropped"),
       (drop["class_uid"], drop["category_uid"], drop["activity_id"], drop["type_uid"],
        drop["status_id"], drop["status_detail"]), "dropped class and status")
    eq((30, 31, "1000"), (drop["actor"]["process"]["pid"], drop["actor"]["process"]["tid"],
                          drop["actor"]["process"]["user"]["uid"]), "actor")
    eq({"pid": 28}, drop["process"], "target")
    eq({}, nowhere["process"], "unknown target")
    eq("task freed", drop["unmapped"]["reason"])
    eq(3, drop["metadata"]["sequence"])
    assert "time" not in drop, drop
    eq((0, 99, 99, REAL_NS // 10**6, 4), (off["class_uid"], off["activity_id"], off["type_uid"],
                                         off["time"], off["metadata"]["sequence"]), "config")
    eq((44, "0"), (off["actor"]["process"]["pid"], off["actor"]["user"]["uid"]))
    eq({"setting": "mode", "old_value": "detect", "new_value": "off"}, off["unmapped"])
    eq(3, off["severity_id"], "turning reporting off is Medium")
    eq(1, rate["severity_id"], "another change is Informational")
    eq(("audit_rate", "5"), (rate["unmapped"]["setting"], rate["unmapped"]["new_value"]))


@test("dropped and config human: seq, what happened, who, and no made-up time")
def _():
    names, nobody = passwd(), unused_uid()
    data = (dropped_record(7, pid=30, tid=30, uid=0, target_pid=28)
            + dropped_record(8, reason=DROPPED_EXIT, pid=40, tid=41, uid=nobody, target_pid=0)
            + config_record(9, pid=31, uid=0)
            + config_record(10, setting=b"audit_rate", old=b"100", new=b"0", pid=32, uid=nobody))
    rc, out, err = run(data, env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "exit status and stderr")
    rows = human_words(out)
    eq(["(time", "unknown)", "#7", "dropped", "(no", "memory)", "open", "by", names[0],
        "(pid", "30)", "of", "target", "28"], rows[0])
    eq(["(time", "unknown)", "#8", "dropped", "(task", "freed)", "open", "by", str(nobody),
        "(pid", "40,", "tid", "41)", "of", "an", "unknown", "target"], rows[1])
    eq(["2026-11-23", "12:15:40.972000", "+0000", "#9", "setting", "mode:", "detect", "->",
        "off", "by", names[0], "(pid", "31)"], rows[2])
    eq(["#10", "setting", "audit_rate:", "100", "->", "0", "by", str(nobody), "(pid", "32)"],
       rows[3][3:])
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    rows = human_words(out)
    eq(("0", "0"), (rows[0][8], rows[2][10]), "--numeric-uid")
    lines = out.decode().splitlines()
    eq(lines[0].index("#"), lines[2].index("#"), "the seq column lines up")


HOSTILE16 = [b"a b\\\x1b[2J%41\xc2\x9b", b"\xe2\x80\xaeffo\xff\x00\x00",  # 16 bytes, no NUL
             b"mo\x00de-after-nul", b"", b"0123456789abcdef", b"-> x by root"]


@test("config: hostile and unterminated 16-byte strings stay in their field, escaped")
def _():
    cases = []
    for i, s in enumerate(HOSTILE16):
        padded = s.ljust(16, b"\x00")
        cases.append((padded, HOSTILE16[(i + 1) % len(HOSTILE16)].ljust(16, b"\x00"),
                      HOSTILE16[(i + 2) % len(HOSTILE16)].ljust(16, b"\x00")))

    def upto_nul(b):  # what the kernel's NUL-padded field holds
        return b.split(b"\x00", 1)[0]

    data = b"".join(config_record(i + 1, setting=a, old=b, new=c)
                    for i, (a, b, c) in enumerate(cases))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    out.decode("utf-8")
    evs = json_lines(out)
    for ev, (a, b, c) in zip(evs, cases):
        cfg = ev["procmem"]["config"]
        eq([], unsafe_chars(cfg["setting"] + cfg["old_value"] + cfg["new_value"]), "unsafe")
        eq((upto_nul(a), upto_nul(b), upto_nul(c)),
           (unpercent(cfg["setting"]), unpercent(cfg["old_value"]), unpercent(cfg["new_value"])),
           "json seq %d" % ev["event"]["sequence"])
    rc, out, _ = run(data, "--format=ocsf")
    for ev, (a, b, c) in zip(json_lines(out), cases):
        u = ev["unmapped"]
        eq((upto_nul(a), upto_nul(b), upto_nul(c)),
           (unpercent(u["setting"]), unpercent(u["old_value"]), unpercent(u["new_value"])), "ocsf")
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    lines = out.decode("ascii").splitlines()
    eq(len(cases), len(lines), "one line each")
    for line, (a, b, c) in zip(lines, cases):
        assert all(0x20 <= ord(ch) < 0x7f for ch in line), line
        # the escaped strings hold no space, so the words are unambiguous
        m = re.fullmatch(r"\S+ \S+ \S+ #\d+ +setting (\S*): (\S*) -> (\S*) by 0 \(pid 500\)", line)
        assert m, line
        eq((upto_nul(a), upto_nul(b), upto_nul(c)), tuple(unescape_human(g) for g in m.groups()),
           "human")


MIXED = (open_record(seq=1, pid=10, target_pid=20, comm=b"gdb", real_ns=at(2026, 11, 23, 10, 0))
         + dropped_record(2, pid=10, tid=10, target_pid=21)
         + config_record(3, pid=12, real_ns=at(2026, 11, 23, 11, 0))
         + lost_record(4, 2)
         + dropped_record(6, pid=13, tid=13, target_pid=20)
         + open_record(seq=7, pid=12, target_pid=21, comm=b"cat", real_ns=at(2026, 11, 23, 12, 0))
         + config_record(8, setting=b"mode", old=b"off", new=b"detect", pid=10,
                         real_ns=at(2026, 11, 23, 13, 0)))
MIXED_ACTIONS = [("proc_mem_open", 1), ("proc_mem_open_dropped", 2),
                 ("procmemwatch_config_change", 3), ("events_lost", 4),
                 ("proc_mem_open_dropped", 6), ("proc_mem_open", 7),
                 ("procmemwatch_config_change", 8)]


def mixed_actions(*args):
    rc, out, err = run(MIXED, "--json", *args, env={"TZ": "UTC0"})
    eq(0, rc, "exit status of %s: %s" % (" ".join(args), err))
    eq("", err, "stderr of %s" % " ".join(args))
    return [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)]


@test("records: open, dropped, config and lost records in one stream keep their order and seq")
def _():
    eq(MIXED_ACTIONS, mixed_actions())
    rc, out, err = run(MIXED, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    eq([1, 2, 3, 4, 6, 7, 8], [e["metadata"]["sequence"] for e in json_lines(out)], "ocsf")
    eq([1007, 1007, 0, 0, 1007, 1007, 0], [e["class_uid"] for e in json_lines(out)], "ocsf")
    rc, out, err = run(MIXED, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    lines = out.decode().splitlines()
    eq(["#1", "#2", "#3", "-- 2 events lost (#4..#5) --", "#6", "#7", "#8"],
       [re.search(r"#\d+\b", l).group() if not l.startswith("--") else l for l in lines])
    assert "dropped" in lines[1] and "setting" in lines[2] and "dropped" in lines[4], lines


@test("filters on dropped and config records: --pid, --target, --comm, --seq, --since/--until")
def _():
    lost = [("events_lost", 4)]

    def want(*seqs):
        return sorted([a for a in MIXED_ACTIONS if a[1] in seqs] + lost, key=lambda a: a[1])
    eq(want(1, 2, 8), mixed_actions("--pid=10"), "--pid: opener, dropped opener, writer")
    eq(want(3, 7), mixed_actions("--pid=12"))
    eq(want(6), mixed_actions("--pid=13"))
    eq(want(1, 6), mixed_actions("--target=20"), "--target: dropped target, no config")
    eq(want(2, 7), mixed_actions("--target=21"))
    eq(want(7), mixed_actions("--comm=cat"), "--comm: opens only")
    eq(want(), mixed_actions("--comm="), "--comm= matches no record without a name")
    eq(want(2, 3), mixed_actions("--seq=2-3"), "--seq")
    # no time: a time filter excludes dropped records, the config records pass by theirs
    eq(want(3, 7, 8), mixed_actions("--since=2026-11-23 10:30"), "--since")
    eq(want(1, 3), mixed_actions("--until=2026-11-23 11:00"), "--until")
    eq(want(1, 3, 7, 8), mixed_actions("--since=2000-01-01"), "--since long ago")
    eq(want(2), mixed_actions("--pid=10", "--target=21", "--seq=2"), "combined")
    rc, out, _ = run(config_record(1) + dropped_record(2, target_pid=0), "--json", "--target=0")
    eq([], [e["event"]["action"] for e in json_lines(out)
            if e["event"]["action"] == "procmemwatch_config_change"], "a config record has no target")


@test("records: --raw keeps dropped and config records unchanged, filtered like the others")
def _():
    rc, out, err = run(MIXED, "--raw")
    eq((0, MIXED, ""), (rc, out, err))
    rc, out, err = run(MIXED, "--raw", "--pid=13")
    eq((0, ""), (rc, err))
    eq(lost_record(4, 2) + dropped_record(6, pid=13, tid=13, target_pid=20), out, "--pid=13")


@test("records: a dropped or config record is not a record of unknown type, even --verbose")
def _():
    rc, out, err = run(MIXED, "--json", "--verbose")
    eq((0, ""), (rc, err), "exit status and stderr")
    rc, out, err = run(MIXED + future_record(9, b"\0" * 8), "--json")
    assert re.search(r"\b1 record of unknown type skipped", err), err


@test("records: a future version's longer dropped and config records are read, tails ignored")
def _():
    fake = HDR.pack(40, 3, 1, 99) + DROPPED_BODY.pack(1, 1, 1, 1, 1, 0)
    data = (dropped_record(1, version=3, extra=fake, target_pid=55, route=ROUTE_VM_WRITE)
            + config_record(2, version=3, extra=fake, new=b"off")
            + open_record(seq=3))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq([("proc_mem_open_dropped", 1), ("procmemwatch_config_change", 2), ("proc_mem_open", 3)],
       [(e["event"]["action"], e["event"]["sequence"]) for e in evs])
    eq(55, evs[0]["procmem"]["target"]["pid"])
    eq("process_vm_writev", evs[0]["procmem"]["route"], "version 2's route of a version 3")
    eq("off", evs[1]["procmem"]["config"]["new_value"])


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


@test("--stats: config_changes and the dropped counters say they are records in the stream")
def _():
    rc, out, err = reader("--stats=-", stdin=b"config_changes 2\ndropped_nomem 1\n")
    eq(0, rc, "exit status " + err)
    cfg, nomem = out.decode("ascii").splitlines()
    eq(["config_changes", "2"], cfg.split()[:2])
    assert "config record" in cfg and "settings" in cfg, cfg
    assert "dropped record" in nomem, nomem


# --- self-opens records ---------------------------------------------------------------


# count, refused, failed -> ECS event.outcome, OCSF status_id and status
SELF_OUTCOMES = [((10, 0, 0), "success", 1, "Success"),
                 ((10, 4, 6), "failure", 2, "Failure"),
                 ((10, 10, 0), "failure", 2, "Failure"),
                 ((10, 3, 2), "unknown", 0, "Unknown"),
                 ((10, 8, 8), "unknown", 0, "Unknown"),   # more than all: cannot be right
                 ((0, 0, 0), "unknown", 0, "Unknown")]


def self_outcome_records():
    return b"".join(self_opens_record(i, count=c, refused=r, failed=f)
                    for i, ((c, r, f), _, _, _) in enumerate(SELF_OUTCOMES, 1))


@test("self-opens json: ECS event with start and end, last opener, user, counts")
def _():
    rc, out, err = run(self_opens_record(12) + self_opens_record(13, uid=SEVERAL, pid=77,
                                                                  comm=b"sh"), "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    ev, several = json_lines(out)
    eq("2026-11-23T12:15:40.972000Z", ev["@timestamp"], "@timestamp: the last open")
    e = ev["event"]
    eq(("event", ["process"], ["access"], "proc_mem_self_opens", 12),
       (e["kind"], e["category"], e["type"], e["action"], e["sequence"]), "event")
    eq(("2026-11-23T12:15:39.472000Z", "2026-11-23T12:15:40.972000Z"), (e["start"], e["end"]))
    eq({"pid": 4242, "name": "python3"}, ev["process"], "process: the last opener")
    eq({"id": "1000"}, ev["user"], "user")
    eq(True, ev["procmem"]["self"], "procmem.self")
    eq({"count": 4900, "refused": 7, "failed": 2, "several_users": False},
       ev["procmem"]["self_opens"])
    assert "target" not in ev["procmem"] and "file" not in ev, ev
    assert "user" not in several, "uid -1 is no user's: %r" % several
    eq(True, several["procmem"]["self_opens"]["several_users"])
    eq({"pid": 77, "name": "sh"}, several["process"])


@test("self-opens json and ocsf: the outcome is the opens' when they all agree, else unknown")
def _():
    rc, out, err = run(self_outcome_records(), "--json")
    eq((0, ""), (rc, err), "json")
    eq([w for _, w, _, _ in SELF_OUTCOMES], [e["event"]["outcome"] for e in json_lines(out)])
    rc, out, err = run(self_outcome_records(), "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    eq([(i, n) for _, _, i, n in SELF_OUTCOMES],
       [(e["status_id"], e["status"]) for e in json_lines(out)])


@test("self-opens ocsf: Process Activity of unknown activity with count, start_time, end_time")
def _():
    rc, out, err = run(self_opens_record(12) + self_opens_record(13, uid=SEVERAL),
                       "--format=ocsf")
    eq((0, ""), (rc, err), "exit status and stderr")
    ev, several = json_lines(out)
    eq((1007, 1, 0, "Unknown", 100700, 1, "self_opens"),
       (ev["class_uid"], ev["category_uid"], ev["activity_id"], ev["activity_name"],
        ev["type_uid"], ev["severity_id"], ev["status_detail"]), "class and status")
    eq((REAL_NS // 10**6, FIRST_NS // 10**6, REAL_NS // 10**6, 4900),
       (ev["time"], ev["start_time"], ev["end_time"], ev["count"]), "time and count")
    last = {"pid": 4242, "name": "python3", "user": {"uid": "1000"}}
    eq(last, ev["actor"]["process"], "actor: the last opener")
    eq(last, ev["process"], "target: the last opener's own memory")
    eq({"route": "mem", "refused": 7, "failed": 2, "self": True, "several_users": False},
       ev["unmapped"])
    eq(12, ev["metadata"]["sequence"])
    assert "user" not in several["actor"]["process"], several
    eq(True, several["unmapped"]["several_users"])


@test("self-opens human: who, how many, outcomes, from when, the last opener")
def _():
    names, nobody = passwd(), unused_uid()
    data = (self_opens_record(12, uid=0)
            + self_opens_record(13, count=1, refused=0, failed=1, uid=nobody, pid=5, comm=b"cat")
            + self_opens_record(14, uid=SEVERAL))
    rc, out, err = run(data, env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "exit status and stderr")
    rows = human_words(out)
    eq(["2026-11-23", "12:15:40.972000", "+0000", "#12", "processes", "of", "user", names[0],
        "opened", "their", "own", "memory", "4900", "more", "times", "(7", "refused,", "2",
        "failed)", "since", "2026-11-23", "12:15:39.472000", "+0000,", "last", "by",
        "python3[4242]"], rows[0])
    eq(["processes", "of", "user", str(nobody), "opened", "their", "own", "memory", "1", "more",
        "time", "(0", "refused,", "1", "failed)"], rows[1][4:19])
    eq("cat[5]", rows[1][-1])
    eq(["processes", "of", "several", "users", "opened"], rows[2][4:9])
    rc, out, _ = run(data, "--numeric-uid", "--time-format=iso", env={"TZ": "UTC0"})
    rows = human_words(out)
    eq(("0", "2026-11-23T12:15:39.472000+00:00,"), (rows[0][5], rows[0][18]),
       "--numeric-uid, --time-format=iso")
    rc, out, _ = run(open_record(seq=1) + self_opens_record(2), env={"TZ": "UTC0"})
    lines = out.decode().splitlines()
    eq(lines[0].index("#"), lines[1].index("#"), "the seq column lines up")


@test("self-opens: a hostile 16-byte command name stays in its field, escaped in every format")
def _():
    data = b"".join(self_opens_record(i + 1, comm=c.ljust(16, b"\0"), pid=40 + i)
                    for i, c in enumerate(HOSTILE16))

    def upto_nul(b):
        return b.split(b"\0", 1)[0]

    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    out.decode("utf-8")
    for ev, c in zip(json_lines(out), HOSTILE16):
        eq([], unsafe_chars(ev["process"]["name"]), "unsafe")
        eq(upto_nul(c), unpercent(ev["process"]["name"]), "json")
    rc, out, _ = run(data, "--format=ocsf")
    for ev, c in zip(json_lines(out), HOSTILE16):
        eq(upto_nul(c), unpercent(ev["actor"]["process"]["name"]), "ocsf")
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    lines = out.decode("ascii").splitlines()
    eq(len(HOSTILE16), len(lines), "one line each")
    for i, (line, c) in enumerate(zip(lines, HOSTILE16)):
        assert all(0x20 <= ord(ch) < 0x7f for ch in line), line
        # the pid ends the line, whatever brackets the name holds
        m = re.fullmatch(r".*, last by (\S*)\[(\d+)\]", line)
        assert m, line
        eq((upto_nul(c), 40 + i), (unescape_human(m.group(1)), int(m.group(2))), "human")


SELF_MIXED_RECORDS = [
    open_record(seq=1, pid=10, target_pid=20, comm=b"gdb", real_ns=at(2026, 11, 23, 10, 0)),
    self_opens_record(2, pid=20, comm=b"cat", first_ns=at(2026, 11, 23, 10, 59),
                      last_ns=at(2026, 11, 23, 11, 1)),
    config_record(3, pid=20, real_ns=at(2026, 11, 23, 11, 30)),
    lost_record(4, 1),
    self_opens_record(5, pid=10, comm=b"gdb", uid=SEVERAL, first_ns=at(2026, 11, 23, 11, 59),
                      last_ns=at(2026, 11, 23, 12, 0)),
    dropped_record(6, pid=20, tid=20, target_pid=10)]
SELF_MIXED = b"".join(SELF_MIXED_RECORDS)


def self_mixed(*args):
    rc, out, err = run(SELF_MIXED, "--json", *args, env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "exit status and stderr of %s" % " ".join(args))
    return [e["event"]["sequence"] for e in json_lines(out)]


@test("self-opens filters: --pid, --target and --comm on the last opener, times on the last open")
def _():
    eq([1, 4, 5], self_mixed("--pid=10"), "--pid: the last opener")
    eq([2, 3, 4, 6], self_mixed("--pid=20"))
    eq([1, 2, 4], self_mixed("--target=20"), "--target: the last opener's own memory")
    eq([4, 5, 6], self_mixed("--target=10"))
    eq([2, 4], self_mixed("--comm=cat"), "--comm: the last opener's name")
    eq([1, 4, 5], self_mixed("--comm=gdb"))
    eq([2, 3, 4], self_mixed("--seq=2-4"), "--seq")
    # the first open before the bound, the last after it: the last decides
    eq([2, 3, 4, 5], self_mixed("--since=2026-11-23 11:00"), "--since")
    eq([1, 4], self_mixed("--until=2026-11-23 11:00"), "--until")
    eq([2, 4], self_mixed("--since=2026-11-23 11:01", "--until=2026-11-23 11:01"), "exact")
    eq([4], self_mixed("--since=2026-11-23 12:00:00.000001"), "after the last")
    rc, out, err = run(SELF_MIXED, "--raw", "--pid=20", "--since=2026-11-23 11:00")
    eq((0, ""), (rc, err))
    eq(b"".join(SELF_MIXED_RECORDS[1:4]), out, "--raw keeps the records unchanged, filtered")


@test("self-opens records: in a stream with the others, in order, not of unknown type")
def _():
    rc, out, err = run(SELF_MIXED, "--json", "--verbose")
    eq((0, ""), (rc, err), "exit status and stderr")
    eq([("proc_mem_open", 1), ("proc_mem_self_opens", 2), ("procmemwatch_config_change", 3),
        ("events_lost", 4), ("proc_mem_self_opens", 5), ("proc_mem_open_dropped", 6)],
       [(e["event"]["action"], e["event"]["sequence"]) for e in json_lines(out)])
    rc, out, err = run(SELF_MIXED, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    eq([1, 2, 3, 4, 5, 6], [e["metadata"]["sequence"] for e in json_lines(out)])
    rc, out, err = run(SELF_MIXED, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    eq(6, len(out.decode().splitlines()))
    rc, out, err = run(SELF_MIXED, "--raw")
    eq((0, SELF_MIXED, ""), (rc, out, err), "--raw")


@test("self-opens records: a future version's longer record is read, its tail ignored")
def _():
    fake = self_opens_record(99, count=1)
    data = self_opens_record(1, version=2, extra=fake, count=5) + open_record(seq=2)
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq([("proc_mem_self_opens", 1), ("proc_mem_open", 2)],
       [(e["event"]["action"], e["event"]["sequence"]) for e in evs])
    eq(5, evs[0]["procmem"]["self_opens"]["count"])


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


@test("audit: self-opens records, auditd and console, read as from the binary record")
def _():
    comm = b"\xe2\x80\xae%41 [9]"
    text = (self_audit(12) + auditd_line(13)
            + self_audit(14, uid="4294967295", comm=comm.hex().upper(), console=True))
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq((0, ""), (rc, err), "exit status and stderr")
    ev, _, several = json_lines(out)
    rc, want, _ = run(self_opens_record(12), "--json")
    eq(json_lines(want)[0], ev, "the same event as the binary record's")
    eq("2026-11-23T12:15:40.972000Z", ev["@timestamp"], "the time is last_ns=, not the header's")
    eq((14, True, 4242), (several["event"]["sequence"],
                          several["procmem"]["self_opens"]["several_users"],
                          several["process"]["pid"]))
    assert "user" not in several, several
    eq(comm, unpercent(several["process"]["name"]), "hex-encoded comm")
    rc, out, err = reader("--audit", "--numeric-uid", stdin=text.encode(), env={"TZ": "UTC0"})
    rows = human_words(out)
    eq(["#12", "processes", "of", "user", "1000", "opened"], rows[0][3:9])
    eq("python3[4242]", rows[0][-1])
    rc, out, err = run_audit(None, "--format=ocsf", "--pid=4242", "--seq=14",
                             stdin=text.encode())
    (o,) = json_lines(out)
    eq((4900, FIRST_NS // 10**6), (o["count"], o["start_time"]))


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


@test("audit: self-opens look-alikes (no lsm=, a USER record, user space) are not events")
def _():
    body = SELF_LINE % ("0", '"x"', FIRST_NS, REAL_NS, 30)
    forged = [
        ("type=KERNEL_OTHER msg=audit(%s): %s\n"
         % (STAMP, body.replace("lsm=procmemwatch ", "")), "first field op=proc_mem_self_opens"),
        ("type=USER msg=audit(%s): pid=1 uid=0 msg='%s'\n" % (STAMP, body), "type=USER"),
        ("<14>[    1.500000] audit: type=1316 audit(%s): %s\n" % (STAMP, body),
         "syslog facility 1"),
        ("type=KERNEL_OTHER msg=audit(%s): lsm=procmemwatch op=proc_mem_self_openers %s\n"
         % (STAMP, body.split(" ", 2)[2]), "another kind (op=proc_mem_self_openers)"),
    ]
    text = self_audit(1) + "".join(line for line, _ in forged)
    rc, out, err = run_audit(None, "--json", stdin=text.encode())
    eq(0, rc, "exit status " + err)
    eq([1], [e["event"]["sequence"] for e in json_lines(out)])
    lookalikes = sum("op=proc_mem_self_opens" in line for line, _ in forged)
    assert ("%d lines with op=proc_mem_open or another op= of procmemwatch's accesses skipped"
            % lookalikes) in err, err
    rc, out, err = run_audit(None, "--json", "--verbose", stdin=text.encode())
    for n, (_, why) in enumerate(forged, 2):
        assert re.search(r"line %d: skipped: .*%s" % (n, re.escape(why)), err), (why, err)


@test("--stats: the self-opens counters say what they count")
def _():
    rc, out, err = reader("--stats=-", stdin=b"self_opens_summarized 4900\nself_opens_records 3\n"
                          b"self_rate 100\nevents 9\n")
    eq(0, rc, "exit status " + err)
    summarized, records, rate, events = out.decode("ascii").splitlines()
    eq(["self_opens_summarized", "4900"], summarized.split()[:2])
    assert "own mem file" in summarized and "self-opens record" in summarized, summarized
    eq(["self_opens_records", "3"], records.split()[:2])
    assert "self-opens records written" in records, records
    eq("self_rate 100", rate, "not a counter of the stats file: as it is")
    assert "self-opens records" in events, events


def seed_events(name):
    """The JSON events of a fuzz seed, read cleanly: a capture, or an audit log (.log)."""
    path = os.path.join(HERE, name)
    if name.endswith(".log"):
        rc, out, err = run_audit(path, "--json")
    else:
        with open(path, "rb") as f:
            rc, out, err = run(f.read(), "--json")
    eq((0, ""), (rc, err), name)
    return json_lines(out)


@test("fuzz seeds: each record type, enforce mode's records and lines, all read cleanly")
def _():
    evs = seed_events("seed-records.bin")
    eq(["proc_mem_open", "events_lost", "proc_mem_open_dropped", "procmemwatch_config_change",
        "proc_mem_self_opens", "proc_mem_open", "proc_mem_open", "procmemwatch_config_change"],
       [e["event"]["action"] for e in evs], "one record of each type, then enforce mode's")
    eq(("denied", True, "policy"), (evs[5]["procmem"]["outcome"], evs[6]["procmem"]["would_deny"],
                                    evs[7]["procmem"]["config"]["setting"]))
    evs = seed_events("seed-audit.log")
    eq(["proc_mem_self_opens"] * 2 + ["proc_mem_open"] * 2 + ["procmemwatch_config_change"] * 2,
       [e["event"]["action"] for e in evs])
    eq(("denied", True, "policy", "lock"),
       (evs[2]["procmem"]["outcome"], evs[3]["procmem"]["would_deny"],
        evs[4]["procmem"]["config"]["setting"], evs[5]["procmem"]["config"]["setting"]))


# --- enforce mode: denied opens, would_deny, policy and lock ----------------------------
# Written from include/uapi/linux/procmemwatch.h (PMW_OUTCOME_DENIED 4, EPERM;
# PMW_INFO_WOULD_DENY 0x20) and the kernel's audit records of enforce mode.

RED, YELLOW, RESET = "\033[31m", "\033[33m", "\033[0m"
ECS_EVENT = ("event", ["process"], ["access"])
ECS_DENIED = ("alert", ["process", "intrusion_detection"], ["access", "denied"])
ECS_WOULD_DENY = ("alert", ["process", "intrusion_detection"], ["access", "allowed"])


def ecs_categorization(ev):
    e = ev["event"]
    return (e["kind"], e["category"], e["type"])


def ocsf_verdict(ev):
    return (ev["action_id"], ev["action"], ev["disposition_id"], ev["disposition"],
            ev["severity_id"])


ALLOWED = (1, "Allowed", 1, "Allowed", 1)
BLOCKED = (2, "Denied", 2, "Blocked", 3)
DETECTED = (1, "Allowed", 15, "Detected", 3)


def enforce_records():
    """A denied open, one opened and one refused, each of version 2."""
    return (open_record(seq=1, version=2, outcome=OUTCOME_DENIED, error=EPERM)
            + open_record(seq=2, version=2, outcome=OUTCOME_OPENED)
            + open_record(seq=3, version=2, outcome=OUTCOME_REFUSED, error=EACCES))


@test("denied json: outcome denied, a failure with EPERM, an ECS alert of type denied")
def _():
    rc, out, err = run(enforce_records(), "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    denied, opened, refused = json_lines(out)
    eq(("denied", "failure"), (denied["procmem"]["outcome"], denied["event"]["outcome"]))
    eq(("EPERM", 1), (denied["error"]["code"], denied["procmem"]["errno"]), "errno")
    eq(ECS_DENIED, ecs_categorization(denied), "a denial")
    eq(False, denied["procmem"]["would_deny"], "procmem.would_deny")
    eq(ECS_EVENT, ecs_categorization(opened), "an open the policy let through")
    eq(ECS_EVENT, ecs_categorization(refused), "refused by the kernel, not the policy")
    eq("refused", refused["procmem"]["outcome"], "refused stays refused")


@test("denied human: the outcome denied with EPERM, coloured as refused is")
def _():
    rc, out, err = run(enforce_records(), "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "exit status and stderr")
    rows = human_words(out)
    eq(["denied", "EPERM", "/proc/200/mem"], rows[0][10:], "denied")
    eq(["opened", "/proc/200/mem"], rows[1][10:], "opened")
    eq(["refused", "EACCES", "/proc/200/mem"], rows[2][10:], "refused")
    rc, out, _ = run(enforce_records(), "--numeric-uid", "--color=always", env={"TZ": "UTC0"})
    denied, opened, refused = out.decode().splitlines()
    assert re.search(re.escape(RED) + r"denied +EPERM" + re.escape(RESET), denied), denied
    assert re.search(re.escape(RED) + r"refused +EACCES" + re.escape(RESET), refused), refused
    assert RED not in opened, opened


@test("denied ocsf: status Failure and detail denied, action Denied, disposition Blocked")
def _():
    rc, out, err = run(enforce_records(), "--format=ocsf")
    eq((0, ""), (rc, err), "exit status and stderr")
    denied, opened, refused = json_lines(out)
    eq((2, "Failure", "denied", "EPERM"),
       (denied["status_id"], denied["status"], denied["status_detail"],
        denied["status_code"]), "status")
    eq(BLOCKED, ocsf_verdict(denied), "the policy's verdict")
    eq(("denied", 1), (denied["unmapped"]["outcome"], denied["unmapped"]["errno"]))
    eq(ALLOWED, ocsf_verdict(opened), "opened: allowed")
    eq(ALLOWED, ocsf_verdict(refused), "refused after procmemwatch allowed it")
    for ev in (denied, opened, refused):
        eq(["security_control"], ev["metadata"]["profiles"], "the profile of action_id")


WOULD_DENY_RECORDS = (open_record(seq=1, version=2, info=INFO_WOULD_DENY)
                      + open_record(seq=2, version=2)
                      + open_record(seq=3, version=2, outcome=OUTCOME_REFUSED, error=EACCES,
                                    info=INFO_WOULD_DENY)
                      + open_record(seq=4, version=2, info=INFO_SELF | INFO_WOULD_DENY))


@test("would_deny: shown in every format exactly when the record says it")
def _():
    want = [True, False, True, True]
    rc, out, err = run(WOULD_DENY_RECORDS, "--json")
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq(want, [e["procmem"]["would_deny"] for e in evs], "procmem.would_deny")
    eq([ECS_WOULD_DENY, ECS_EVENT, ECS_WOULD_DENY, ECS_WOULD_DENY],
       [ecs_categorization(e) for e in evs], "alerts")
    eq(["opened", "opened", "refused", "opened"], [e["procmem"]["outcome"] for e in evs])
    rc, out, err = run(WOULD_DENY_RECORDS, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    evs = json_lines(out)
    eq(want, [e["unmapped"]["would_deny"] for e in evs], "unmapped.would_deny")
    eq([DETECTED, ALLOWED, DETECTED, DETECTED], [ocsf_verdict(e) for e in evs], "verdict")
    rc, out, err = run(WOULD_DENY_RECORDS, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    rows = human_words(out)
    eq(["opened", "would_deny", "/proc/200/mem"], rows[0][10:])
    eq(["opened", "/proc/200/mem"], rows[1][10:])
    eq(["refused", "EACCES", "would_deny", "/proc/200/mem"], rows[2][10:])
    eq(["opened", "self", "would_deny", "/proc/200/mem"], rows[3][10:])
    rc, out, _ = run(WOULD_DENY_RECORDS, "--color=always", env={"TZ": "UTC0"})
    lines = out.decode().splitlines()
    assert YELLOW + "would_deny" + RESET in lines[0], lines[0]
    assert "would_deny" not in lines[1], lines[1]


@test("would_deny: a version 1 record and one without the bit have none")
def _():
    rc, out, err = run(open_record(seq=1) + open_record(seq=2, version=2, info=INFO_SELF),
                       "--json")
    eq((0, ""), (rc, err))
    for ev in json_lines(out):
        eq((False, ECS_EVENT), (ev["procmem"]["would_deny"], ecs_categorization(ev)))
    rc, out, _ = run(open_record(seq=1), "--format=ocsf")
    eq((False, ALLOWED), (json_lines(out)[0]["unmapped"]["would_deny"],
                          ocsf_verdict(json_lines(out)[0])))


ENFORCE_CONFIG = (config_record(1, setting=b"policy", old=b"0 rules", new=b"3 rules")
                  + config_record(2, setting=b"lock", old=b"0", new=b"1")
                  + config_record(3, setting=b"mode", old=b"detect", new=b"enforce")
                  + config_record(4, setting=b"mode", old=b"enforce", new=b"detect")
                  + config_record(5, setting=b"policy", old=b"3 rules", new=b"1 rule"))
ENFORCE_SETTINGS = [("policy", "0 rules", "3 rules"), ("lock", "0", "1"),
                    ("mode", "detect", "enforce"), ("mode", "enforce", "detect"),
                    ("policy", "3 rules", "1 rule")]


def setting_dict(setting, old, new):
    return {"setting": setting, "old_value": old, "new_value": new}


@test("config: policy, lock and mode enforce in JSON and OCSF, leaving enforce is Medium")
def _():
    rc, out, err = run(ENFORCE_CONFIG, "--json")
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq([setting_dict(*s) for s in ENFORCE_SETTINGS], [e["procmem"]["config"] for e in evs])
    eq([1, 2, 3, 4, 5], [e["event"]["sequence"] for e in evs])
    rc, out, err = run(ENFORCE_CONFIG, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    evs = json_lines(out)
    eq([setting_dict(*s) for s in ENFORCE_SETTINGS], [e["unmapped"] for e in evs])
    # only leaving enforce stops protection: nothing is refused any more
    eq([1, 1, 1, 3, 1], [e["severity_id"] for e in evs], "severity")
    eq([1, 2, 3, 4, 5], [e["metadata"]["sequence"] for e in evs])


@test("config human: a rule count keeps its one space, anything else is escaped")
def _():
    names = passwd()
    rc, out, err = run(ENFORCE_CONFIG, env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    rows = human_words(out)
    eq(["#1", "setting", "policy:", "0", "rules", "->", "3", "rules", "by", names[0], "(pid",
        "500)"], rows[0][3:])
    eq(["#2", "setting", "lock:", "0", "->", "1", "by"], rows[1][3:10])
    eq(["mode:", "detect", "->", "enforce", "by"], rows[2][5:10])
    eq(["policy:", "3", "rules", "->", "1", "rule", "by"], rows[4][5:12])
    # what only looks like a rule count is escaped like every other value
    for fake in (b"3 rules by root", b"1 rules x", b" 1 rule", b"1  rules", b"x rules",
                 b"1 rule\x1b"):
        rc, out, _ = run(config_record(9, setting=b"policy", old=fake, new=b"1 rule"),
                         "--numeric-uid", env={"TZ": "UTC0"})
        line = out.decode("ascii").rstrip("\n")
        m = re.fullmatch(r"\S+ \S+ \S+ #9 +setting policy: (\S*) -> 1 rule by 0 \(pid 500\)",
                         line)
        assert m, line
        eq(fake, unescape_human(m.group(1)), "escaped")


ENFORCE_AUDIT = (enforce_line(1, "denied", EPERM, 0)
                 + enforce_line(2, "opened", 0, 1, would_deny=1, console=True)
                 + enforce_line(3, "refused", EACCES, 0, would_deny=1)
                 + enforce_line(4, "opened", 0, 1))


@test("audit: outcome=denied and would_deny=1 read in every format as from the stream")
def _():
    rc, out, err = run_audit(None, "--json", stdin=ENFORCE_AUDIT.encode())
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq([1, 2, 3, 4], seqs(out))
    eq([("denied", "failure", "EPERM"), ("opened", "success", None),
        ("refused", "failure", "EACCES"), ("opened", "success", None)],
       [(e["procmem"]["outcome"], e["event"]["outcome"], e.get("error", {}).get("code"))
        for e in evs])
    eq([False, True, True, False], [e["procmem"]["would_deny"] for e in evs])
    eq([ECS_DENIED, ECS_WOULD_DENY, ECS_WOULD_DENY, ECS_EVENT],
       [ecs_categorization(e) for e in evs])
    rc, out, err = run_audit(None, "--format=ocsf", stdin=ENFORCE_AUDIT.encode())
    eq((0, ""), (rc, err), "ocsf")
    eq([BLOCKED, DETECTED, DETECTED, ALLOWED], [ocsf_verdict(e) for e in json_lines(out)])
    rc, out, err = run_audit(None, "--numeric-uid", stdin=ENFORCE_AUDIT.encode())
    eq((0, ""), (rc, err), "human")
    eq([["denied", "EPERM", "/proc/33/mem"], ["opened", "would_deny", "/proc/33/mem"],
        ["refused", "EACCES", "would_deny", "/proc/33/mem"], ["opened", "/proc/33/mem"]],
       [w[10:] for w in human_words(out)])


@test("audit: a record without would_deny= (an older kernel's) reads as it did")
def _():
    for outcome, errno, res in (("opened", 0, 1), ("refused", EACCES, 0),
                                ("failed", EINVAL, 0)):
        old = new_line(7, outcome, errno, res)
        assert "would_deny" not in old, old
        rc, out, err = run_audit(None, "--json", stdin=old.encode())
        eq((0, ""), (rc, err), outcome)
        (ev,) = json_lines(out)
        eq((outcome, False, ECS_EVENT),
           (ev["procmem"]["outcome"], ev["procmem"]["would_deny"], ecs_categorization(ev)))
        # the same record with would_deny=0 is the same event
        same = old.replace(" seq=7", " would_deny=0 seq=7")
        assert same != old
        rc, out2, err = run_audit(None, "--json", stdin=same.encode())
        eq((0, "", out), (rc, err, out2), "with would_deny=0: " + outcome)
    rc, out, err = run_audit(None, "--json", stdin=auditd_line(8).encode())
    eq((0, ""), (rc, err), "without outcome= either")
    eq((["opened"], [False]), ([e["procmem"]["outcome"] for e in json_lines(out)],
                               [e["procmem"]["would_deny"] for e in json_lines(out)]))


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


CONFIG_AUDIT = (config_audit("MAC_POLICY_LOAD", POLICY_LOAD % (3, 0, 41, "1000", "2"))
                + config_audit("1405", SET % ("lock", "0", "1", 42, 0, "4294967295",
                                              "4294967295", '"sh"'), console=True)
                + config_audit("1403", POLICY_LOAD % (1, 3, 43, "4294967295", "4294967295"),
                               console=True)
                + config_audit("MAC_CONFIG_CHANGE", SET % ("mode", "detect", "enforce", 44,
                                                           1000, "1000", "2", "7368")))
CONFIG_AUDIT_SETTINGS = [("policy", "0 rules", "3 rules"), ("lock", "0", "1"),
                         ("policy", "3 rules", "1 rule"), ("mode", "detect", "enforce")]


@test("audit: MAC_POLICY_LOAD and MAC_CONFIG_CHANGE records are config changes without a number")
def _():
    rc, out, err = run_audit(None, "--json", stdin=CONFIG_AUDIT.encode())
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq(["procmemwatch_config_change"] * 4, [e["event"]["action"] for e in evs])
    eq([setting_dict(*s) for s in CONFIG_AUDIT_SETTINGS], [e["procmem"]["config"] for e in evs])
    eq([AUDIT_TIME] * 4, [e["@timestamp"] for e in evs], "the header's time")
    for ev in evs:
        assert "sequence" not in ev["event"], "no seq= in the record: %r" % ev
    eq([41, 42, 43, 44], [e["process"]["pid"] for e in evs])
    eq(["0", "0", "0", "1000"], [e["user"]["id"] for e in evs])
    eq(({"id": "1000"}, 2), (evs[0]["user"]["audit"], evs[0]["procmem"]["session_id"]))
    assert "audit" not in evs[1]["user"] and "session_id" not in evs[1]["procmem"], evs[1]
    rc, out, err = run_audit(None, "--format=ocsf", stdin=CONFIG_AUDIT.encode())
    eq((0, ""), (rc, err), "ocsf")
    evs = json_lines(out)
    eq([setting_dict(*s) for s in CONFIG_AUDIT_SETTINGS], [e["unmapped"] for e in evs])
    eq([AUDIT_SECONDS * 1000 + AUDIT_MS] * 4, [e["time"] for e in evs])
    for ev in evs:
        assert "sequence" not in ev["metadata"], ev
    rc, out, err = run_audit(None, "--numeric-uid", "--utc", stdin=CONFIG_AUDIT.encode())
    eq((0, ""), (rc, err), "human")
    rows = human_words(out)
    eq(["#-", "setting", "policy:", "0", "rules", "->", "3", "rules", "by", "0", "(pid", "41)"],
       rows[0][3:])
    eq(["#-", "setting", "lock:", "0", "->", "1", "by", "0", "(pid", "42)"], rows[1][3:])
    eq(["#-", "setting", "mode:", "detect", "->", "enforce", "by", "1000", "(pid", "44)"],
       rows[3][3:])


STATUS = " enforcing=%d old_enforcing=%d enabled=%d old-enabled=%d"
MODE_AUDIT = (config_audit("MAC_STATUS", SET.replace(" pid=", STATUS + " pid=")
                           % ("mode", "detect", "enforce", 1, 0, 1, 1, 45, 0, "0", "1", '"sh"'))
              + config_audit("1404", SET.replace(" pid=", STATUS + " pid=")
                             % ("mode", "enforce", "off", 0, 1, 0, 1, 46, 0, "0", "1", '"sh"'),
                             console=True)
              # SELinux's own switch to enforcing: not procmemwatch's
              + config_audit("MAC_STATUS", "enforcing=1 old_enforcing=0 auid=0 ses=1 "
                             "enabled=1 old-enabled=1 lsm=selinux res=1"))


@test("audit: a change of mode, a MAC_STATUS (1404) record by name or number, is a config change")
def _():
    rc, out, err = run_audit(None, "--json", "--verbose", stdin=MODE_AUDIT.encode())
    eq(0, rc, "exit status " + err)
    evs = json_lines(out)
    eq(["procmemwatch_config_change"] * 2, [e["event"]["action"] for e in evs])
    eq([setting_dict("mode", "detect", "enforce"), setting_dict("mode", "enforce", "off")],
       [e["procmem"]["config"] for e in evs])
    eq([45, 46], [e["process"]["pid"] for e in evs])
    assert re.search(r"line 3: skipped: .*first field enforcing=1", err), err


@test("audit: filters on config changes: --pid the writer, never --target, --comm or --seq")
def _():
    text = CONFIG_AUDIT + enforce_line(9, "denied", EPERM, 0)

    def actions(*args):
        rc, out, err = run_audit(None, "--json", *args, stdin=text.encode())
        eq((0, ""), (rc, err), " ".join(args))
        return [(e["event"]["action"], e["process"]["pid"]) for e in json_lines(out)]
    eq([("procmemwatch_config_change", 42)], actions("--pid=42"))
    eq([("proc_mem_open", 34)], actions("--seq=1-"), "--seq: no number")
    eq([("proc_mem_open", 34)], actions("--seq=0-100"), "--seq from 0 still wants one")
    eq([], actions("--target=41"), "--target: a config change has none")
    eq([("proc_mem_open", 34)], actions("--comm=head"))
    eq(5, len(actions("--since=2026-01-01")), "--since: the header's time")


CONFIG_LOOKALIKES = [
    # op=set and op=policy_load belong to their own types, not to KERNEL_OTHER
    (config_audit("KERNEL_OTHER", POLICY_LOAD % (1, 0, 50, "0", "1")),
     "another kind (op=policy_load)"),
    (config_audit("MAC_CONFIG_CHANGE", POLICY_LOAD % (1, 0, 51, "0", "1")),
     "another kind (op=policy_load)"),
    (config_audit("MAC_POLICY_LOAD", SET % ("lock", "0", "1", 52, 0, "0", "1", '"sh"')),
     "another kind (op=set)"),
    # without lsm=procmemwatch first, or another module's record of the type
    (config_audit("MAC_CONFIG_CHANGE", SET.replace("lsm=procmemwatch ", "")
                  % ("mode", "detect", "off", 53, 0, "0", "1", '"sh"')), "first field op=set"),
    (config_audit("MAC_CONFIG_CHANGE", "bool=secure_mode old_val=0 new_val=1 auid=0 ses=1"),
     "first field bool=secure_mode"),
    (config_audit("MAC_POLICY_LOAD", "auid=0 ses=1 lsm=selinux res=1"), "first field auid=0"),
    # user space: a USER record, a /dev/kmsg write
    (config_audit("USER", SET % ("mode", "detect", "off", 54, 0, "0", "1", '"sh"')),
     "type=USER"),
    ("<14>[    3.000000] audit: type=1405 audit(%s): %s\n"
     % (STAMP, SET % ("mode", "detect", "off", 55, 0, "0", "1", '"sh"')), "syslog facility 1"),
]


@test("audit: config look-alikes (wrong type, no lsm=, other modules, user space) are not events")
def _():
    text = "".join(line for line, _ in CONFIG_LOOKALIKES) + CONFIG_AUDIT
    rc, out, err = run_audit(None, "--json", "--verbose", stdin=text.encode())
    eq(0, rc, "exit status " + err)
    eq([41, 42, 43, 44], [e["process"]["pid"] for e in json_lines(out)])
    for n, (_, why) in enumerate(CONFIG_LOOKALIKES, 1):
        assert re.search(r"line %d: skipped: .*%s" % (n, re.escape(why)), err), (why, err)
    eq(len(CONFIG_LOOKALIKES), len(err.strip().splitlines()), err)


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


@test("--stats: denied, would_deny and the mode enforce say what they are")
def _():
    rc, out, err = reader("--stats=-", stdin=b"mode enforce\nseen_enforce 5\ndenied 2\n"
                          b"would_deny 3\n")
    eq(0, rc, "exit status " + err)
    mode, seen, denied, would_deny = out.decode("ascii").splitlines()
    eq(["mode", "enforce"], mode.split()[:2])
    assert "enforce" in mode.split()[2:], mode
    assert seen.endswith(" enforce"), seen
    eq(["denied", "2"], denied.split()[:2])
    assert "EPERM" in denied and "policy" in denied, denied
    eq(["would_deny", "3"], would_deny.split()[:2])
    assert "detect" in would_deny and "enforce" in would_deny, would_deny


# --- routes: version 3 open records, version 2 dropped records ---------------------
# Written from include/uapi/linux/procmemwatch.h: an open record of version 3
# appends route, pad and bytes; the routes without a file (process_vm_readv,
# process_vm_writev, ptrace_attach) have an empty path and flags 0, /proc/kcore
# has no target (pids 0, names empty); bytes is what a process_vm call moved.
# Records of versions 1 and 2 are of the route mem. A dropped record of
# version 2 has the route in its last field, padding in version 1.

def route_records():
    """One version 3 record of each route, numbered 1 to 5."""
    return (open_record(seq=1, version=3, route=ROUTE_MEM, access=1, flags=0,
                        path=b"/proc/200/mem")
            + open_record(seq=2, version=3, route=ROUTE_VM_READ, access=1, flags=0, path=b"",
                          target_tid=201, nbytes=4096)
            + open_record(seq=3, version=3, route=ROUTE_VM_WRITE, access=2, flags=0, path=b"",
                          target_tid=201, nbytes=16)
            + open_record(seq=4, version=3, route=ROUTE_PTRACE, access=3, flags=0, path=b"")
            + open_record(seq=5, version=3, route=ROUTE_KCORE, access=1, flags=0,
                          target_pid=0, target_tid=0, target_uid=0, target_ns_pid=0,
                          target_comm=b"", target_exe=b"", path=b"/proc/kcore"))


# event.action, procmem.route, procmem.bytes, file.path, procmem.flags,
# (procmem.target.pid, .tid), procmem.access; None: absent
ROUTE_JSON = [
    ("proc_mem_open", "mem", None, "/proc/200/mem", ["O_RDONLY"], (200, 200), "read"),
    ("process_vm_readv", "process_vm_readv", 4096, None, None, (200, 201), "read"),
    ("process_vm_writev", "process_vm_writev", 16, None, None, (200, 201), "write"),
    ("ptrace_attach", "ptrace_attach", None, None, None, (200, 200), "read-write"),
    ("proc_kcore_open", "kcore", None, "/proc/kcore", ["O_RDONLY"], None, "read"),
]


def json_route_view(ev):
    p = ev["procmem"]
    target = (p["target"]["pid"], p["target"]["tid"]) if "target" in p else None
    return (ev["event"]["action"], p["route"], p.get("bytes"), ev.get("file", {}).get("path"),
            p.get("flags"), target, p["access"])


@test("v3 json: each route's action and name, bytes, and a file and a target where it has them")
def _():
    rc, out, err = run(route_records(), "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq(ROUTE_JSON, [json_route_view(e) for e in evs])
    eq([1, 2, 3, 4, 5], [e["event"]["sequence"] for e in evs])
    assert "file" not in evs[1] and "file" not in evs[3], "no file for a syscall route"
    eq("sshd", evs[1]["procmem"]["target"]["name"], "process_vm_readv's target")


@test("v3 human: a mem line as before, the route's word and bytes for the others, - for kcore")
def _():
    rc, out, err = run(route_records(), "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "exit status and stderr")
    head = ["2026-11-23", "12:15:40.972000", "+0000"]
    opener = ["1000", "100", "gdb"]
    eq([head + ["#1"] + opener + ["read", "200", "sshd", "opened", "/proc/200/mem"],
        head + ["#2"] + opener + ["read", "200", "sshd", "opened", "process_vm_readv",
                                  "bytes=4096"],
        head + ["#3"] + opener + ["write", "200", "sshd", "opened", "process_vm_writev",
                                  "bytes=16"],
        head + ["#4"] + opener + ["read-write", "200", "sshd", "opened", "ptrace_attach"],
        head + ["#5"] + opener + ["read", "-", "-", "opened", "kcore", "/proc/kcore"]],
       human_words(out))
    lines = out.decode().splitlines()
    eq({lines[0].index(" opened")}, {l.index(" opened") for l in lines}, "columns line up")


OCSF_UNMAPPED = {"outcome": "opened", "self": False, "tracer": False, "thread": False,
                 "io_uring": False, "would_deny": False}
SSHD = {"name": "sshd", "file": {"path": "/usr/sbin/sshd"}, "user": {"uid": "0"}}


@test("v3 ocsf: Open or Inject by access, the route under unmapped, no process for kcore")
def _():
    rc, out, err = run(route_records(), "--format=ocsf")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq([(3, "Open", 100703), (3, "Open", 100703), (4, "Inject", 100704),
        (4, "Inject", 100704), (3, "Open", 100703)],
       [(e["activity_id"], e["activity_name"], e["type_uid"]) for e in evs])
    eq([dict(OCSF_UNMAPPED, route="mem", path="/proc/200/mem", access="read",
             flags=["O_RDONLY"]),
        dict(OCSF_UNMAPPED, route="process_vm_readv", bytes=4096, access="read"),
        dict(OCSF_UNMAPPED, route="process_vm_writev", bytes=16, access="write"),
        dict(OCSF_UNMAPPED, route="ptrace_attach", access="read-write"),
        dict(OCSF_UNMAPPED, route="kcore", path="/proc/kcore", access="read",
             flags=["O_RDONLY"])],
       [e["unmapped"] for e in evs])
    eq([dict(SSHD, pid=200, tid=200), dict(SSHD, pid=200, tid=201), dict(SSHD, pid=200, tid=201),
        dict(SSHD, pid=200, tid=200), {}], [e["process"] for e in evs], "the target")


@test("v2 and v1 open records are the route mem, their strings never read as v3 fields")
def _():
    # a version 2 record's strings follow its fixed part at once: bytes that
    # would be route 3 and 4096 bytes in a version 3 record are its exe
    looks_v3 = OPEN_V3.pack(ROUTE_VM_WRITE, 0, 4096) + b"/bin/x"
    data = (open_record(seq=1, version=2, exe=looks_v3, error=0)
            + open_record(seq=2, version=1, exe=looks_v3))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    for ev in json_lines(out):
        eq(("proc_mem_open", "mem", None, "/proc/200/mem"),
           (ev["event"]["action"], ev["procmem"]["route"], ev["procmem"].get("bytes"),
            ev["file"]["path"]), "seq %d" % ev["event"]["sequence"])
        eq(looks_v3, unpercent(ev["process"]["executable"]), "exe")
    rc, out, _ = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    eq([["opened", "/proc/200/mem"]] * 2, [w[10:] for w in human_words(out)], "human")


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


@test("v3: a route this reader does not know is its number in every format, and no finding")
def _():
    data = (open_record(seq=1, version=3, route=9, access=1, path=b"")
            + open_record(seq=2, version=3, route=4000000000, access=3, path=b"/x/y", nbytes=7))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "json")
    a, b = json_lines(out)
    eq(("procmem_access", "9", None, None), (a["event"]["action"], a["procmem"]["route"],
                                             a["procmem"].get("bytes"), a.get("file")))
    eq(("procmem_access", "4000000000", 7, "/x/y", ["O_RDWR"]),
       (b["event"]["action"], b["procmem"]["route"], b["procmem"]["bytes"], b["file"]["path"],
        b["procmem"]["flags"]))
    for ev in (a, b):
        assert "threat" not in ev and "rule" not in ev, ev
        eq(200, ev["procmem"]["target"]["pid"], "the target is kept")
    rc, out, err = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    eq([["opened", "route=9"], ["opened", "route=4000000000", "bytes=7", "/x/y"]],
       [w[10:] for w in human_words(out)])
    rc, out, err = run(data, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    a, b = json_lines(out)
    eq(("9", "4000000000", 7), (a["unmapped"]["route"], b["unmapped"]["route"],
                                b["unmapped"]["bytes"]))
    assert "attacks" not in a and "attacks" not in b, (a, b)
    rc, out, err = run(data, "--format=tracee")
    eq((0, b"", ""), (rc, out, err), "tracee: no finding")


@test("dropped records: version 1 is mem whatever its padding, version 2 says its route")
def _():
    data = (dropped_record(1, version=1, route=7, target_pid=28)
            + dropped_record(2, version=2, route=ROUTE_VM_READ, target_pid=29)
            + dropped_record(3, version=2, route=ROUTE_PTRACE, reason=DROPPED_EXIT, target_pid=0)
            + dropped_record(4, version=2, route=ROUTE_KCORE, target_pid=0)
            + dropped_record(5, version=2, route=12, target_pid=30))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "json")
    eq([{"route": "mem", "target": {"pid": 28}},
        {"route": "process_vm_readv", "target": {"pid": 29}},
        {"route": "ptrace_attach"}, {"route": "kcore"},
        {"route": "12", "target": {"pid": 30}}], [e["procmem"] for e in json_lines(out)])
    eq(["proc_mem_open_dropped"] * 5, [e["event"]["action"] for e in json_lines(out)])
    rc, out, err = run(data, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    evs = json_lines(out)
    eq(["mem", "process_vm_readv", "ptrace_attach", "kcore", "12"],
       [e["unmapped"]["route"] for e in evs])
    eq([{"pid": 28}, {"pid": 29}, {}, {}, {"pid": 30}], [e["process"] for e in evs])
    rc, out, err = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err), "human")
    eq([["dropped", "(no", "memory)", "open", "by", "1000", "(pid", "300,", "tid", "301)", "of",
         "target", "28"],
        ["dropped", "(no", "memory)", "process_vm_readv", "by", "1000", "(pid", "300,", "tid",
         "301)", "of", "target", "29"],
        ["dropped", "(task", "freed)", "ptrace_attach", "by", "1000", "(pid", "300,", "tid",
         "301)", "of", "an", "unknown", "target"],
        ["dropped", "(no", "memory)", "kcore", "by", "1000", "(pid", "300,", "tid", "301)"],
        ["dropped", "(no", "memory)", "route=12", "by", "1000", "(pid", "300,", "tid", "301)",
         "of", "target", "30"]],
       [w[3:] for w in human_words(out)])


# --- ATT&CK: threat.* and rule.* in ECS, attacks in OCSF ----------------------------

def ecs_threat(tactic, technique, sub=None):
    """tactic, technique, sub: (id, name, attack.mitre.org page); ECS wants arrays."""
    def ref(t):
        return {"id": [t[0]], "name": [t[1]], "reference": [t[2]]}
    threat = {"framework": "MITRE ATT&CK", "tactic": ref(tactic), "technique": ref(technique)}
    if sub:
        threat["technique"]["subtechnique"] = ref(sub)
    return threat


def ocsf_attack(tactic, technique, sub=None):
    attack = {"tactic": {"uid": tactic[0], "name": tactic[1]},
              "technique": {"uid": technique[0], "name": technique[1]}}
    if sub:
        attack["sub_technique"] = {"uid": sub[0], "name": sub[1]}
    attack["version"] = "v18"
    return [attack]


TA0006 = ("TA0006", "Credential Access", "https://attack.mitre.org/tactics/TA0006/")
TA0004 = ("TA0004", "Privilege Escalation", "https://attack.mitre.org/tactics/TA0004/")
T1003 = ("T1003", "OS Credential Dumping", "https://attack.mitre.org/techniques/T1003/")
T1003_007 = ("T1003.007", "Proc Filesystem", "https://attack.mitre.org/techniques/T1003/007/")
T1055 = ("T1055", "Process Injection", "https://attack.mitre.org/techniques/T1055/")
T1055_008 = ("T1055.008", "Ptrace System Calls",
             "https://attack.mitre.org/techniques/T1055/008/")
T1055_009 = ("T1055.009", "Proc Memory", "https://attack.mitre.org/techniques/T1055/009/")
T1611 = ("T1611", "Escape to Host", "https://attack.mitre.org/techniques/T1611/")

# route_records() in order, then a mem write (access write) and a mem read-write
ATTACK_WANT = [
    ({"id": "PMW-1001", "name": "Process memory read through procfs"}, (TA0006, T1003, T1003_007)),
    ({"id": "PMW-1003", "name": "Process memory read with process_vm_readv"}, (TA0006, T1003)),
    ({"id": "PMW-1004", "name": "Process memory write with process_vm_writev"}, (TA0004, T1055)),
    ({"id": "PMW-1005", "name": "Ptrace attach to another process"}, (TA0004, T1055, T1055_008)),
    ({"id": "PMW-1006", "name": "Kernel memory read through /proc/kcore"}, (TA0004, T1611)),
    ({"id": "PMW-1002", "name": "Process memory write through procfs"}, (TA0004, T1055, T1055_009)),
    ({"id": "PMW-1002", "name": "Process memory write through procfs"}, (TA0004, T1055, T1055_009)),
]


def attack_records():
    return (route_records() + open_record(seq=6, version=3, access=2, flags=1)
            + open_record(seq=7, version=2, access=3))


@test("attack: ECS threat.* and rule.* of each route and access, exactly")
def _():
    rc, out, err = run(attack_records(), "--json")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq(len(ATTACK_WANT), len(evs), "events")
    for ev, (rule, refs) in zip(evs, ATTACK_WANT):
        seq = "seq %d" % ev["event"]["sequence"]
        eq(ecs_threat(*refs), ev["threat"], seq)
        eq(rule, ev["rule"], seq)
        eq((1, "event"), (ev["event"]["severity"], ev["event"]["kind"]),
           "a finding without a verdict is informational, " + seq)


@test("attack: OCSF attacks of each route and access, exactly")
def _():
    rc, out, err = run(attack_records(), "--format=ocsf")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq([ocsf_attack(*refs) for _, refs in ATTACK_WANT], [e["attacks"] for e in evs])


@test("attack: no threat fields for a process's own memory, nor for what is no access")
def _():
    data = (open_record(seq=1, version=3, route=ROUTE_MEM, info=INFO_SELF, access=3)
            + open_record(seq=2, version=3, route=ROUTE_VM_READ, info=INFO_SELF, path=b"",
                          access=1)
            + open_record(seq=3, version=3, route=ROUTE_MEM, access=0)
            + dropped_record(4, version=2, route=ROUTE_VM_WRITE)
            + config_record(5) + self_opens_record(6) + lost_record(7, 1))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq(7, len(evs), "events")
    for ev in evs:
        assert "threat" not in ev and "rule" not in ev, ev
    rc, out, err = run(data, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    for ev in json_lines(out):
        assert "attacks" not in ev, ev


@test("attack: an attempt is classified whatever its outcome; a verdict makes it an alert")
def _():
    data = (open_record(seq=1, version=3, route=ROUTE_VM_WRITE, path=b"", access=2,
                        outcome=OUTCOME_DENIED, error=EPERM)
            + open_record(seq=2, version=3, route=ROUTE_PTRACE, path=b"", access=3,
                          outcome=OUTCOME_REFUSED, error=EPERM, info=INFO_WOULD_DENY)
            + open_record(seq=3, version=3, route=ROUTE_KCORE, access=1, target_pid=0,
                          outcome=OUTCOME_FAILED, error=EINVAL, path=b"/proc/kcore"))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq([ecs_threat(TA0004, T1055), ecs_threat(TA0004, T1055, T1055_008),
        ecs_threat(TA0004, T1611)], [e["threat"] for e in evs])
    eq([(ECS_DENIED, 3), (ECS_WOULD_DENY, 3), (ECS_EVENT, 1)],
       [(ecs_categorization(e), e["event"]["severity"]) for e in evs])
    rc, out, err = run(data, "--format=ocsf")
    eq([3, 3, 1], [e["severity_id"] for e in json_lines(out)], "ocsf severity")


@test("event.severity is OCSF's severity_id of the same event, for every kind")
def _():
    data = (open_record(seq=1, version=3) + open_record(seq=2, version=3, info=INFO_SELF)
            + open_record(seq=3, version=3, outcome=OUTCOME_DENIED, error=EPERM)
            + dropped_record(4, version=2, route=ROUTE_MEM) + lost_record(5, 1)
            + config_record(6, setting=b"mode", old=b"detect", new=b"off")
            + config_record(7, setting=b"audit_rate", old=b"100", new=b"5")
            + self_opens_record(8))
    want = [1, 1, 3, 3, 3, 3, 1, 1]
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err), "json")
    eq(want, [e["event"]["severity"] for e in json_lines(out)])
    rc, out, err = run(data, "--format=ocsf")
    eq((0, ""), (rc, err), "ocsf")
    eq(want, [e["severity_id"] for e in json_lines(out)])


# --- the tracee format --------------------------------------------------------------
# Tracee v0.24's finding as its json output prints it (a trace.Event): the
# process context, eventName, args (the finding's data, then detectedFrom),
# and metadata.Properties with the signature's id, name and ATT&CK mapping,
# from Tracee's signatures/golang/*.go (TRC-1021, 1023, 1024, 1025, 103).

def tracee_context(event_name, nargs, ret, syscall=None):
    ctx = {"timestamp": REAL_NS, "processId": 100, "hostProcessId": 100, "hostThreadId": 101,
           "hostParentProcessId": 1, "userId": 1000, "processName": "gdb",
           "executable": {"path": "/usr/bin/gdb"}, "eventName": event_name, "argsNum": nargs,
           "returnValue": ret}
    if syscall:
        ctx["syscall"] = syscall
    return ctx


def tracee_args(pid, target_pid, outcome, trigger, trigger_args, ret):
    args = [{"name": "pid", "type": "int", "value": pid}]
    if target_pid is not None:
        args.append({"name": "target_pid", "type": "int", "value": target_pid})
    args.append({"name": "outcome", "type": "const char *", "value": outcome})
    args.append({"name": "detectedFrom", "type": "unknown",
                 "value": {"args": trigger_args, "name": trigger, "returnValue": ret}})
    return args


def tracee_metadata(description, category, severity, technique, external_id, stix, sig_id,
                    sig_name):
    return {"Version": "1", "Description": description, "Tags": None,
            "Properties": {"Category": category, "Kubernetes_Technique": "",
                           "Severity": severity, "Technique": technique,
                           "external_id": external_id, "id": stix,
                           "signatureID": sig_id, "signatureName": sig_name}}


def file_args(path, flags):
    return [{"name": "pathname", "type": "const char*", "value": path},
            {"name": "flags", "type": "string", "value": flags}]


def pid_args(pid):
    return [{"name": "pid", "type": "pid_t", "value": pid}]


TRACEE_WANT = [
    dict(tracee_context("proc_mem_access", 4, 0),
         args=tracee_args(100, 200, "opened", "security_file_open",
                          file_args("/proc/200/mem", "O_RDONLY"), 0),
         metadata=tracee_metadata(
             "Another process's memory was opened for reading through its /proc mem file.",
             "credential-access", 3, "Proc Filesystem", "T1003.007",
             "attack-pattern--3120b9fa-23b8-4500-ae73-09494f607b7d", "TRC-1023",
             "Process memory access detected")),
    dict(tracee_context("process_vm_read_access", 4, 4096, "process_vm_readv"),
         args=tracee_args(100, 200, "opened", "process_vm_readv", pid_args(201), 4096),
         metadata=tracee_metadata(
             "Another process's memory was read with process_vm_readv(2).",
             "credential-access", 3, "OS Credential Dumping", "T1003",
             "attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22", "PMW-1003",
             "Process memory access detected using process_vm_readv syscall")),
    dict(tracee_context("process_vm_write_inject", 4, 16, "process_vm_writev"),
         args=tracee_args(100, 200, "opened", "process_vm_writev", pid_args(201), 16),
         metadata=tracee_metadata(
             "Another process's memory was written with process_vm_writev(2).",
             "defense-evasion", 3, "Process Injection", "T1055",
             "attack-pattern--43e7dc91-05b2-474c-b9ac-2ed4fe101f4d", "TRC-1025",
             "Code injection detected using process_vm_writev syscall")),
    dict(tracee_context("ptrace_code_injection", 4, 0, "ptrace"),
         args=tracee_args(100, 200, "opened", "ptrace", pid_args(200), 0),
         metadata=tracee_metadata(
             "A process attached to another with ptrace(2), which lets it read and write the "
             "other's memory and registers.",
             "defense-evasion", 3, "Ptrace System Calls", "T1055.008",
             "attack-pattern--ea016b56-ae0e-47fe-967a-cc0ad51af67f", "TRC-103",
             "Code injection detected using ptrace")),
    dict(tracee_context("proc_kcore_read", 3, 0),
         args=tracee_args(100, None, "opened", "security_file_open",
                          file_args("/proc/kcore", "O_RDONLY"), 0),
         metadata=tracee_metadata(
             "/proc/kcore, the memory of the whole system, was opened.",
             "privilege-escalation", 2, "Escape to Host", "T1611",
             "attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665", "TRC-1021",
             "Kcore memory file read")),
]
TRACEE_KEYS = ["timestamp", "processId", "cgroupId", "hostProcessId", "hostThreadId",
               "hostParentProcessId", "userId", "mountNamespace", "pidNamespace", "processName",
               "executable", "containerId", "container", "kubernetes", "eventName", "argsNum",
               "returnValue", "syscall", "args", "metadata"]


@test("tracee: each route's finding in the shape of Tracee v0.24, exactly, keys in its order")
def _():
    rc, out, err = run(route_records(), "--format=tracee")
    eq((0, ""), (rc, err), "exit status and stderr")
    evs = json_lines(out)
    eq(TRACEE_WANT, evs)
    for ev in evs:
        eq([k for k in TRACEE_KEYS if k in ev], list(ev), "key order of " + ev["eventName"])
        eq(sorted(ev["metadata"]["Properties"]), list(ev["metadata"]["Properties"]),
           "Properties in Go's sorted order")
        eq(len(ev["args"]), ev["argsNum"])


@test("tracee: a mem write is proc_mem_code_injection; a failed call returns -errno")
def _():
    data = (open_record(seq=1)      # version 1: read-write, raw flags O_RDWR|O_LARGEFILE
            + open_record(seq=2, version=3, route=ROUTE_VM_WRITE, access=2, path=b"",
                          target_tid=201, outcome=OUTCOME_DENIED, error=EPERM)
            + open_record(seq=3, version=3, route=ROUTE_PTRACE, access=3, path=b"",
                          outcome=OUTCOME_REFUSED, error=EPERM))
    rc, out, err = run(data, "--format=tracee")
    eq((0, ""), (rc, err), "exit status and stderr")
    mem, vm, ptrace = json_lines(out)
    eq(dict(tracee_context("proc_mem_code_injection", 4, 0),
            args=tracee_args(100, 200, "opened", "security_file_open",
                             file_args("/proc/200/mem", "O_RDWR|O_LARGEFILE"), 0),
            metadata=tracee_metadata(
                "Another process's memory was opened for writing through its /proc mem file.",
                "defense-evasion", 3, "Proc Memory", "T1055.009",
                "attack-pattern--d201d4cc-214d-4a74-a1ba-b3fa09fd4591", "TRC-1024",
                "Code injection detected through /proc/<pid>/mem file")), mem)
    eq((-1, "denied", -1), (vm["returnValue"], vm["args"][2]["value"],
                            vm["args"][3]["value"]["returnValue"]))
    eq((-1, "refused"), (ptrace["returnValue"], ptrace["args"][2]["value"]))


@test("tracee: only findings are printed; lost and dropped events are said on stderr")
def _():
    data = (config_record(1) + open_record(seq=2, version=3, info=INFO_SELF)
            + dropped_record(3, version=2, route=ROUTE_VM_READ, pid=44)
            + self_opens_record(4) + lost_record(5, 3)
            + open_record(seq=8, version=3, access=1))
    rc, out, err = run(data, "--format=tracee")
    eq(0, rc, "exit status")
    eq(["proc_mem_access"], [e["eventName"] for e in json_lines(out)])
    eq(["procmemwatch: #3: a process_vm_readv access by pid 44 was dropped (no memory): "
        "its finding, if any, is missing",
        "procmemwatch: 3 events lost (#5..#7): their findings are missing"],
       err.splitlines())
    usage = reader("--format=tracee", "--raw")
    eq(2, usage[0], "--raw is another output")


# --- --route --------------------------------------------------------------------------

ROUTE_MIX = (route_records()
             + dropped_record(6, version=2, route=ROUTE_PTRACE, target_pid=200)
             + dropped_record(7, version=1)
             + config_record(8) + self_opens_record(9) + lost_record(10, 1)
             + open_record(seq=11, version=3, route=9, path=b""))


def route_seqs(*args, data=ROUTE_MIX):
    """The numbers of every event that passes: accesses, lost, dropped, the rest."""
    rc, out, err = run(data, "--json", *args)
    eq((0, ""), (rc, err), " ".join(args))
    return [e["event"]["sequence"] for e in json_lines(out)]


@test("--route: names and numbers, commas and repeats; never a config change; lost always")
def _():
    eq([1, 7, 9, 10], route_seqs("--route=mem"), "mem: opens, a v1 dropped, self-opens")
    eq([2, 3, 10], route_seqs("--route=process_vm_readv,process_vm_writev"))
    eq([4, 6, 10, 11], route_seqs("--route=ptrace_attach", "--route=9"))
    eq([5, 10], route_seqs("--route=5"))
    eq([1, 2, 3, 4, 6, 7, 9, 10, 11],
       route_seqs("--route=mem,process_vm_readv,process_vm_writev,ptrace_attach,9"))
    eq(list(range(1, 12)), route_seqs(), "no --route: all")
    eq([1, 2, 3, 4, 6, 10, 11], route_seqs("--target=200"), "--target: not kcore")
    eq([5, 10], route_seqs("--route=kcore", "--pid=100"))


usage_case(["--route=mem,proc"], 2, "--route: 'mem,proc' is not a list of")
usage_case(["--route="], 2, "--route: '' is not")
usage_case(["--route=64"], 2, "numbers 1 to 63")
usage_case(["--route=mem,"], 2, "--route: 'mem,' is not")


# --- audit records of the routes ---------------------------------------------------
# As the kernel writes them (KERNEL_OTHER): a mem open's fields, less the
# target's for proc_kcore_open and path= oflag= for the routes without a
# file; the process_vm records end with bytes= after res=.


ROUTE_AUDIT = (route_line("proc_kcore_open", 1, target=False, path="/proc/kcore")
               + route_line("process_vm_readv", 2, nbytes=4096, console=True)
               + route_line("process_vm_writev", 3, access="write", outcome="denied",
                            errno=EPERM, res=0, nbytes=0)
               + route_line("ptrace_attach", 4, access="read-write", console=True)
               + route_line("proc_mem_open", 5, path="/proc/33/mem"))


@test("audit: proc_kcore_open, process_vm_readv, process_vm_writev and ptrace_attach records")
def _():
    rc, out, err = run_audit(None, "--json", stdin=ROUTE_AUDIT.encode())
    eq((0, ""), (rc, err), "json")
    evs = json_lines(out)
    eq([("proc_kcore_open", "kcore", None, "/proc/kcore", None, "opened"),
        ("process_vm_readv", "process_vm_readv", 4096, None, (33, 36), "opened"),
        ("process_vm_writev", "process_vm_writev", 0, None, (33, 36), "denied"),
        ("ptrace_attach", "ptrace_attach", None, None, (33, 36), "opened"),
        ("proc_mem_open", "mem", None, "/proc/33/mem", (33, 36), "opened")],
       [(e["event"]["action"], e["procmem"]["route"], e["procmem"].get("bytes"),
         e.get("file", {}).get("path"),
         (e["procmem"]["target"]["pid"], e["procmem"]["target"]["tid"])
         if "target" in e["procmem"] else None, e["procmem"]["outcome"]) for e in evs])
    eq([1, 2, 3, 4, 5], [e["event"]["sequence"] for e in evs])
    eq(["O_RDONLY", "O_LARGEFILE"], evs[0]["procmem"]["flags"], "kcore's raw oflag")
    eq(("EPERM", "T1055"), (evs[2]["error"]["code"], evs[2]["threat"]["technique"]["id"][0]))
    rc, out, err = run_audit(None, "--numeric-uid", stdin=ROUTE_AUDIT.encode())
    eq((0, ""), (rc, err), "human")
    eq([["read", "-", "-", "opened", "kcore", "/proc/kcore"],
        ["read", "33", "sshd", "opened", "process_vm_readv", "bytes=4096"],
        ["write", "33", "sshd", "denied", "EPERM", "process_vm_writev", "bytes=0"],
        ["read-write", "33", "sshd", "opened", "ptrace_attach"],
        ["read", "33", "sshd", "opened", "/proc/33/mem"]],
       [w[7:] for w in human_words(out)])
    rc, out, err = run_audit(None, "--format=tracee", stdin=ROUTE_AUDIT.encode())
    eq((0, ""), (rc, err), "tracee")
    evs = json_lines(out)
    eq(["proc_kcore_read", "process_vm_read_access", "process_vm_write_inject",
        "ptrace_code_injection", "proc_mem_access"], [e["eventName"] for e in evs])
    eq(AUDIT_SECONDS * 10**9 + AUDIT_MS * 10**6, evs[0]["timestamp"], "the header's time")
    for ev in evs:
        assert "processId" not in ev, "an audit record gives no namespace pid: %r" % ev
    eq(-EPERM, evs[2]["returnValue"])


def damaged_lines(cases, good):
    """Each (line, why) before good, a record numbered 9: reported, the rest read."""
    for line, why in cases:
        rc, out, err = run_audit(None, "--json", stdin=(line + good).encode())
        eq(1, rc, "exit status: " + why)
        assert "line 1: " + why in err, (why, err)
        eq([9], [e["event"]["sequence"] for e in json_lines(out)], "the rest read: " + why)


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


@test("audit: the routes' look-alikes (no lsm=, USER records, user space) are not events")
def _():
    real = route_line("ptrace_attach", 1)
    forged = [real.replace("lsm=procmemwatch ", ""),
              real.replace("type=KERNEL_OTHER", "type=USER"),
              "<14>" + route_line("process_vm_writev", 2, nbytes=1, console=True),
              route_line("proc_kcore_open", 3, target=False, path="/proc/kcore")
              .replace("type=KERNEL_OTHER", "type=SYSCALL")]
    rc, out, err = run_audit(None, "--json", stdin=("".join(forged) + real).encode())
    eq(0, rc, "exit status")
    eq([1], [e["event"]["sequence"] for e in json_lines(out)])
    assert ("4 lines with op=proc_mem_open or another op= of procmemwatch's accesses "
            "skipped") in err, err


@test("fuzz seeds of the routes: one record of each, a dropped one, the audit lines")
def _():
    eq(["mem", "process_vm_readv", "process_vm_writev", "ptrace_attach", "kcore", "9",
        "process_vm_writev"],
       [e["procmem"]["route"] for e in seed_events("seed-routes.bin")])
    eq(["kcore", "process_vm_readv", "process_vm_writev", "ptrace_attach"],
       [e["procmem"]["route"] for e in seed_events("seed-audit-routes.log")])


# --- containers: version 4 records, audit's cgroup= ocgroup= nscross= ------------
# Paths as the runtimes make them (procmemwatch.1, CONTAINERS); the ids,
# uids and names below are written out by hand.


# path -> (container id, runtime, pod uid); None: absent
MAPPING = [
    (DOCKER_CG, (DOCKER_ID, "docker", None)),
    ("/docker/" + DOCKER_ID, (DOCKER_ID, "docker", None)),
    (DOCKER_CG + "/init.scope", (DOCKER_ID, "docker", None)),
    ("/docker/%s/docker/%s" % (CRIO_ID, DOCKER_ID), (DOCKER_ID, "docker", None)),
    (CTRD_CG, (CTRD_ID, "containerd", POD_UID)),
    ("/kubepods.slice/kubepods-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
     (CTRD_ID, "containerd", POD_UID)),
    ("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/"
     "cri-containerd-%s.scope" % (STATIC_POD, CTRD_ID), (CTRD_ID, "containerd", STATIC_POD)),
    ("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/crio-%s.scope"
     % (POD_UID_SLICE, CRIO_ID), (CRIO_ID, "cri-o", POD_UID)),
    ("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/"
     "crio-conmon-%s.scope" % (POD_UID_SLICE, CRIO_ID), (None, None, POD_UID)),
    ("/kubepods/burstable/pod%s/crio-%s" % (POD_UID, CRIO_ID), (CRIO_ID, "cri-o", POD_UID)),
    ("/machine.slice/libpod-%s.scope" % PODMAN_ID, (PODMAN_ID, "podman", None)),
    ("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-%s.scope/container"
     % PODMAN_ID, (PODMAN_ID, "podman", None)),
    ("/machine.slice/libpod-conmon-%s.scope" % PODMAN_ID, (None, None, None)),
    ("/machine.slice/machine-my\\x2dbox.scope", ("my-box", "systemd-nspawn", None)),
    ("/machine.slice/machine-web.scope/payload/system.slice/sshd.service",
     ("web", "systemd-nspawn", None)),
    ("/machine.slice/machine-qemu\\x2d1\\x2dvm1.example.scope",
     ("qemu-1-vm1.example", "systemd-nspawn", None)),
    ("/machine.slice/machine-my-box.scope", (None, None, None)),        # a bare '-' is a '/'
    ("/machine.slice/machine-\\x2dbox.scope", (None, None, None)),      # no name starts with '-'
    ("/system.slice/machine-web.scope", (None, None, None)),           # not below machine.slice
    ("/kubepods/besteffort/pod%s/%s" % (POD_UID, CTRD_ID), (CTRD_ID, None, POD_UID)),
    ("/kubepods/pod%s/%s" % (POD_UID, CTRD_ID), (CTRD_ID, None, POD_UID)),
    ("/kubepods/burstable/pod" + POD_UID, (None, None, POD_UID)),
    ("/kubepods/besteffort/pod%s/%s" % (POD_UID_SLICE, CTRD_ID), (None, None, None)),
    (KUBE_BE.replace(POD_UID_SLICE, POD_UID), (None, None, None)),     # '-' in a slice's uid
    # kind: a Kubernetes node in a Docker container; the node's container is not the pod's
    (DOCKER_CG + "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
     "kubelet-kubepods-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
     (CTRD_ID, "containerd", POD_UID)),
    (DOCKER_CG + "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
     "kubelet-kubepods-besteffort-pod%s.slice" % POD_UID_SLICE, (None, None, POD_UID)),
    ("/system.slice/docker-%s.scope" % DOCKER_ID[:63], (None, None, None)),
    ("/system.slice/docker-%s.scope" % (DOCKER_ID + "0"), (None, None, None)),
    ("/system.slice/docker-%s.scope" % DOCKER_ID.upper(), (None, None, None)),
    ("/docker/" + DOCKER_ID[:63], (None, None, None)),
    ("/lxc/" + DOCKER_ID, (None, None, None)),
    ("/system.slice/docker-%s.service" % DOCKER_ID, (None, None, None)),
    ("/", (None, None, None)),
    ("/init.scope", (None, None, None)),
    ("/system.slice/sshd.service", (None, None, None)),
    ("/user.slice/user-1000.slice/session-3.scope", (None, None, None)),
    ("/user.slice/user-1000.slice/user@1000.service/app.slice/docker.service", (None, None, None)),
    # cut to its tail: the first component is not whole, and names nothing
    ("ocker-%s.scope" % DOCKER_ID, (None, None, None)),
    ("docker-%s.scope/init.scope" % DOCKER_ID, (None, None, None)),
    ("docker/" + DOCKER_ID, (None, None, None)),
    ("xdocker/" + DOCKER_ID, (None, None, None)),
    ("s-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
     (CTRD_ID, "containerd", None)),
]


def json_place(obj):
    """(container id, runtime, pod uid) of an ECS object, or of procmem.target."""
    return (obj.get("container", {}).get("id"), obj.get("container", {}).get("runtime"),
            obj.get("orchestrator", {}).get("resource", {}).get("id"))


@test("containers: each runtime's cgroup path names its container and pod, strictly")
def _():
    data = b"".join(v4_record(path.encode(), path.encode(), seq=i + 1)
                    for i, (path, _) in enumerate(MAPPING))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err))
    evs = json_lines(out)
    eq(len(MAPPING), len(evs))
    for (path, want), ev in zip(MAPPING, evs):
        eq(want, json_place(ev), "opener in " + path)
        eq(want, json_place(ev["procmem"]["target"]), "target in " + path)
        if want[2]:
            eq({"type": "kubernetes", "resource": {"type": "pod", "id": want[2]}},
               ev["orchestrator"], "ECS orchestrator of " + path)
        eq(path, ev["procmem"]["cgroup"]["path"], "the path as it is")


@test("containers: the human format shows 12 digits of an id, a machine's name whole")
def _():
    data = (v4_record(DOCKER_CG.encode(), CTRD_CG.encode(), seq=1)
            + v4_record(b"/machine.slice/machine-my\\x2dbox.scope", b"/init.scope", seq=2)
            + v4_record(b"/user.slice/user-1000.slice/session-3.scope",
                        b"/kubepods/besteffort/pod%s/%s" % (POD_UID.encode(), CRIO_ID.encode()),
                        seq=3)
            + v4_record(b"/", b"/", seq=4))
    rc, out, err = run(data, "--numeric-uid", env={"TZ": "UTC0"})
    eq((0, ""), (rc, err))
    eq([["container=4c01db0b339c", "target_container=8e5b2a1f9c7d"],
        ["container=my-box"],
        ["target_container=0123456789ab"],
        []], [w[11:-1] for w in human_words(out)])


CROSSINGS = [  # info bits, procmem.ns_crossing, the human format's word
    (0, "no", None),
    (INFO_NS_CROSS | INFO_NS_FROM_HOST, "host", "pidns=host"),
    (INFO_NS_CROSS, "inward", "pidns=inward"),
    (INFO_NS_CROSS | INFO_NS_OUTWARD, "outward", "pidns=outward"),
]


@test("containers: each pid namespace crossing in JSON, OCSF and the human format")
def _():
    data = b"".join(v4_record(b"/", b"/", seq=i + 1, info=bits)
                    for i, (bits, _, _) in enumerate(CROSSINGS))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err))
    eq([c[1] for c in CROSSINGS], [e["procmem"]["ns_crossing"] for e in json_lines(out)])
    rc, out, err = run(data, "--format=ocsf")
    eq([c[1] for c in CROSSINGS], [e["unmapped"]["ns_crossing"] for e in json_lines(out)])
    rc, out, err = run(data, "--numeric-uid")
    eq([[c[2]] if c[2] else [] for c in CROSSINGS], [w[11:-1] for w in human_words(out)])
    rc, out, err = run(data, "--color=always", "--numeric-uid")
    lines = out.decode().splitlines()
    assert "\033[33mpidns=outward\033[0m" in lines[3], lines[3]
    assert " pidns=host /proc" in lines[1], "host is not coloured: %r" % lines[1]


@test("containers: a version 4 record's two sides in JSON, OCSF, tracee and human, exactly")
def _():
    cg = DOCKER_CG.encode()
    tcg = CTRD_CG.encode()
    rec = v4_record(seq=9, info=INFO_NS_CROSS | INFO_NS_OUTWARD, access=1, open_flags=0,
                    path=b"/host/proc/200/mem",
                    ctx=context(cg, 8812, 4026532719, 4026532717, 4026531837, 4026532722),
                    target_ctx=context(tcg, 9415, 4026532840, 4026532838, 4026531837,
                                       4026532611))
    rc, out, err = run(rec, "--json")
    eq((0, ""), (rc, err))
    (ev,) = json_lines(out)
    eq({"id": DOCKER_ID, "runtime": "docker"}, ev["container"])
    assert "orchestrator" not in ev, ev
    pm = ev["procmem"]
    eq({"path": "/system.slice/docker-" + DOCKER_ID + ".scope", "id": 8812}, pm["cgroup"])
    eq({"pid": 4026532719, "mnt": 4026532717, "user": 4026531837, "net": 4026532722}, pm["ns"])
    eq("outward", pm["ns_crossing"])
    t = pm["target"]
    eq({"id": CTRD_ID, "runtime": "containerd"}, t["container"])
    eq({"type": "kubernetes", "resource": {"type": "pod",
                                          "id": "6f1d2c3b-8a4e-4b5f-9c0d-1e2f3a4b5c6d"}},
       t["orchestrator"])
    eq({"path": CTRD_CG, "id": 9415}, t["cgroup"])
    eq({"pid": 4026532840, "mnt": 4026532838, "user": 4026531837, "net": 4026532611}, t["ns"])
    eq((200, "sshd"), (t["pid"], t["name"]), "the rest of the target as before")

    rc, out, err = run(rec, "--format=ocsf")
    eq((0, ""), (rc, err))
    (ev,) = json_lines(out)
    eq({"uid": DOCKER_ID, "runtime": "docker"}, ev["actor"]["process"]["container"])
    eq({"uid": CTRD_ID, "runtime": "containerd", "pod_uuid": POD_UID,
        "orchestrator": "Kubernetes"}, ev["process"]["container"])
    eq(["security_control", "container"], ev["metadata"]["profiles"])
    u = ev["unmapped"]
    eq(({"path": DOCKER_CG, "id": 8812}, {"path": CTRD_CG, "id": 9415}),
       (u["cgroup"], u["target_cgroup"]))
    eq(({"pid": 4026532719, "mnt": 4026532717, "user": 4026531837, "net": 4026532722},
        {"pid": 4026532840, "mnt": 4026532838, "user": 4026531837, "net": 4026532611}),
       (u["ns"], u["target_ns"]))
    eq("outward", u["ns_crossing"])

    rc, out, err = run(rec, "--format=tracee")
    eq((0, ""), (rc, err))
    (ev,) = json_lines(out)
    eq((8812, 4026532717, 4026532719, DOCKER_ID, {"id": DOCKER_ID}, {}),
       (ev["cgroupId"], ev["mountNamespace"], ev["pidNamespace"], ev["containerId"],
        ev["container"], ev["kubernetes"]))
    eq([k for k in TRACEE_KEYS if k in ev], list(ev), "Tracee's key order")

    rc, out, err = run(rec, "--numeric-uid", env={"TZ": "UTC0"})
    eq(["1000", "100", "gdb", "read", "200", "sshd", "opened", "container=4c01db0b339c",
        "target_container=8e5b2a1f9c7d", "pidns=outward", "/host/proc/200/mem"],
       human_words(out)[0][4:])


@test("containers: tracee carries the opener's pod; a host opener has an empty container")
def _():
    data = (v4_record(CTRD_CG.encode(), b"/", seq=1)
            + v4_record(b"/system.slice/sshd.service", DOCKER_CG.encode(), seq=2))
    rc, out, err = run(data, "--format=tracee")
    eq((0, ""), (rc, err))
    evs = json_lines(out)
    eq([(CTRD_ID, {"id": CTRD_ID}, {"podUID": POD_UID}), ("", {}, {})],
       [(e["containerId"], e["container"], e["kubernetes"]) for e in evs])


@test("containers: what a record does not know is left out (exited target, kcore, no cgroups)")
def _():
    exited = context()                                     # every field 0, the path empty
    exiting = context(b"/system.slice/x.service", 77, 4026532840, 0, 4026531837, 0)
    data = (v4_record(DOCKER_CG.encode(), seq=1, target_ctx=exited, info=INFO_NS_CROSS)
            + v4_record(b"/", seq=2, target_ctx=exiting)
            + v4_record(DOCKER_CG.encode(), seq=3, route=ROUTE_KCORE, path=b"/proc/kcore",
                        target_pid=0, target_tid=0, target_ns_pid=0, target_comm=b"",
                        target_exe=b"", target_ctx=exited)
            + v4_record(seq=4, ctx=context(), target_ctx=context()))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err))
    one, two, kcore, none = json_lines(out)
    t = one["procmem"]["target"]
    for k in ("container", "orchestrator", "cgroup", "ns"):
        assert k not in t, "exited target has %s: %r" % (k, t)
    eq("inward", one["procmem"]["ns_crossing"])
    eq({"path": "/system.slice/x.service", "id": 77}, two["procmem"]["target"]["cgroup"])
    eq({"pid": 4026532840, "user": 4026531837}, two["procmem"]["target"]["ns"],
       "an exiting task's mount and network namespaces are not known")
    eq({"id": DOCKER_ID, "runtime": "docker"}, kcore["container"])
    assert "target" not in kcore["procmem"] and "ns_crossing" not in kcore["procmem"], kcore
    for k in ("cgroup", "ns"):
        assert k not in none["procmem"], none
    eq("no", none["procmem"]["ns_crossing"])
    rc, out, err = run(data, "--format=ocsf")
    evs = json_lines(out)
    eq({}, evs[2]["process"], "kcore: no target, no container")
    assert "ns_crossing" not in evs[2]["unmapped"] and "target_cgroup" not in evs[2]["unmapped"]
    eq(["security_control"], evs[3]["metadata"]["profiles"], "no container: no profile")


@test("containers: records of versions 1 to 3 are read as before, with no container fields")
def _():
    data = (open_record(seq=1)
            + open_record(seq=2, version=2)
            + open_record(seq=3, version=3, info=INFO_NS_CROSS | INFO_NS_OUTWARD))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err))
    for ev in json_lines(out):
        for k in ("container", "orchestrator"):
            assert k not in ev, ev
        for k in ("cgroup", "ns", "ns_crossing"):
            assert k not in ev["procmem"] and k not in ev["procmem"]["target"], ev
    rc, out, err = run(data, "--format=ocsf")
    for ev in json_lines(out):
        eq(["security_control"], ev["metadata"]["profiles"])
        assert "container" not in ev["actor"]["process"] and "cgroup" not in ev["unmapped"], ev
    rc, out, err = run(data, "--format=tracee")
    for ev in json_lines(out):
        eq([], [k for k in ("cgroupId", "mountNamespace", "pidNamespace", "containerId",
                            "container", "kubernetes") if k in ev])
    rc, out, err = run(data, "--numeric-uid")
    eq([[]] * 3, [w[11:-1] for w in human_words(out)], "no container or pidns words")
    rc, out, err = run(data, "--json", "--cross")
    eq((0, []), (rc, seqs(out)), "a version 3 record's info bits of version 4 say nothing")


CTR_FILTER = (v4_record(DOCKER_CG.encode(), b"/system.slice/sshd.service", seq=1)
              + v4_record(b"/user.slice/user-0.slice/session-1.scope", CTRD_CG.encode(),
                          seq=2, info=INFO_NS_CROSS | INFO_NS_FROM_HOST)
              + v4_record(b"/machine.slice/machine-my\\x2dbox.scope",
                          b"/machine.slice/machine-my\\x2dbox2.scope", seq=3,
                          info=INFO_NS_CROSS | INFO_NS_OUTWARD)
              + open_record(seq=4, version=3)
              + v4_record(DOCKER_CG.encode(), seq=5, route=ROUTE_KCORE, path=b"/proc/kcore",
                          target_pid=0, target_comm=b"", target_exe=b"", target_ctx=context())
              + lost_record(6, 2)
              + dropped_record(8)
              + v4_record(b"/", b"/", seq=9))


def ctr_seqs(*args):
    return route_seqs(*args, data=CTR_FILTER)


@test("--container: either side, by whole id, a prefix of 4 or more, a pod's uid, a machine")
def _():
    lost = 6    # a notice of lost events always passes
    eq([1, 5, lost], ctr_seqs("--container=" + DOCKER_ID))
    eq([1, 5, lost], ctr_seqs("--container=4c01db0b339c"))
    eq([1, 5, lost], ctr_seqs("--container=4c01"))
    eq([lost], ctr_seqs("--container=4c0"), "3 digits are no prefix")
    eq([2, lost], ctr_seqs("--container=8e5b2a1f9c7d"), "the target's container")
    eq([2, lost], ctr_seqs("--container=6f1d2c3b-8a4e-4b5f-9c0d-1e2f3a4b5c6d"), "its pod")
    eq([2, lost], ctr_seqs("--container=6f1d2c3b"), "a prefix of its pod's uid")
    eq([3, lost], ctr_seqs("--container=my-box"))
    eq([3, lost], ctr_seqs("--container=my-box2"), "the target's machine")
    eq([lost], ctr_seqs("--container=my-b"), "a machine's name is whole")
    eq([lost], ctr_seqs("--container=ffff"))
    eq([lost], ctr_seqs("--container=4C01DB0B"), "ids are lower case")


@test("--cross: only accesses across pid namespaces; with --container, both must match")
def _():
    eq([2, 3, 6], ctr_seqs("--cross"))
    eq([6], ctr_seqs("--cross", "--container=4c01db0b"))
    eq([3, 6], ctr_seqs("--cross", "--container=my-box"))
    eq([2, 6], ctr_seqs("--cross", "--pid=100", "--target=200", "--container=6f1d2c3b"))


usage_case(["--container="], 2, "--container: '' is not a container's id")
usage_case(["--container=a b"], 2, "--container: 'a b' is not")
usage_case(["--container=docker/4c01"], 2, "is not a container's id, a machine's name or")
usage_case(["--container=" + "a" * 65], 2, "is not a container's id")
usage_case(["--container=6f1d2c3b_8a4e"], 2, "is not a container's id")


HOSTILE_CG = b"/system.slice/a b\"c\nd\xff%41\xe2\x80\xae/docker-" + DOCKER_ID.encode() + b".scope"
CTX_AUDIT = (ctx_line(1, '"%s"' % DOCKER_CG, audit_hex(CTRD_CG.encode()), "outward")
             + ctx_line(2, "(null)", "(null)", "no", console=True)
             + ctx_line(3, '"/user.slice/user-0.slice/session-1.scope"',
                        '"/machine.slice/machine-my\\x2dbox.scope"', "host")
             + ctx_line(4, audit_hex(HOSTILE_CG), '"/"', "inward")
             + ctx_line(5, '"%s"' % DOCKER_CG, op="proc_kcore_open")
             + ctx_line(6, '"/"', '"/"', "sideways")
             + ctx_line(7, None)
             + ctx_line(8, '"/"', '"%s"' % DOCKER_CG, "host", op="ptrace_attach"))


@test("audit: cgroup= (quoted, hex, (null)), ocgroup= and nscross= of each kind")
def _():
    rc, out, err = run_audit(None, "--json", stdin=CTX_AUDIT.encode())
    eq((0, ""), (rc, err))
    evs = json_lines(out)
    eq(list(range(1, 9)), [e["event"]["sequence"] for e in evs])
    eq([(DOCKER_ID, "docker", None), (None, None, None), (None, None, None),
        (DOCKER_ID, "docker", None), (DOCKER_ID, "docker", None), (None, None, None),
        (None, None, None), (None, None, None)], [json_place(e) for e in evs], "openers")
    eq([(CTRD_ID, "containerd", POD_UID), (None, None, None), ("my-box", "systemd-nspawn", None),
        (None, None, None), None, (None, None, None), (None, None, None),
        (DOCKER_ID, "docker", None)],
       [json_place(e["procmem"]["target"]) if "target" in e["procmem"] else None for e in evs],
       "targets")
    eq(["outward", "no", "host", "inward", None, None, None, "host"],
       [e["procmem"].get("ns_crossing") for e in evs], "nscross=")
    eq({"path": DOCKER_CG}, evs[0]["procmem"]["cgroup"], "audit gives no cgroup id")
    eq({"path": CTRD_CG}, evs[0]["procmem"]["target"]["cgroup"], "decoded from hex")
    assert "ns" not in evs[0]["procmem"], "audit gives no namespaces"
    assert "cgroup" not in evs[1]["procmem"], "(null): a kernel without cgroups"
    eq(HOSTILE_CG, unpercent(evs[3]["procmem"]["cgroup"]["path"]), "hostile path, from hex")
    assert "cgroup" not in evs[6]["procmem"], "a record without cgroup="
    rc, out, err = run_audit(None, "--numeric-uid", stdin=CTX_AUDIT.encode())
    eq((0, ""), (rc, err))
    eq([["container=4c01db0b339c", "target_container=8e5b2a1f9c7d", "pidns=outward"], [],
        ["target_container=my-box", "pidns=host"], ["container=4c01db0b339c", "pidns=inward"],
        ["container=4c01db0b339c"], [], [], ["target_container=4c01db0b339c", "pidns=host"]],
       [[x for x in w[11:] if x.split("=")[0] in ("container", "target_container", "pidns")]
        for w in human_words(out)])
    rc, out, err = run_audit(None, "--format=tracee", stdin=CTX_AUDIT.encode())
    evs = json_lines(out)
    eq(DOCKER_ID, evs[0]["containerId"])
    assert "cgroupId" not in evs[0] and "containerId" not in evs[6], "audit: no ids, no ns"


@test("audit: --container and --cross read audit records too")
def _():
    def audit_seqs_of(*args):
        rc, out, err = run_audit(None, "--json", *args, stdin=CTX_AUDIT.encode())
        eq((0, ""), (rc, err), " ".join(args))
        return [e["event"]["sequence"] for e in json_lines(out)]
    eq([1, 4, 5, 8], audit_seqs_of("--container=4c01db0b"))
    eq([1], audit_seqs_of("--container=" + POD_UID))
    eq([3], audit_seqs_of("--container=my-box"))
    eq([1, 3, 4, 8], audit_seqs_of("--cross"))
    eq([1, 4, 8], audit_seqs_of("--cross", "--container=4c01db0b339c"))


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


HOSTILE_CGROUPS = [
    b"/system.slice/with space.service",
    b'/system.slice/"quoted".scope',
    b"/system.slice/new\nline/docker-" + DOCKER_ID.encode() + b".scope",
    b"/system.slice/\xff\xfe\xc0\xaf not utf-8",
    b"/x/%41%25/\x1b[2J\xe2\x80\xae\xc2\x9b",
    b"/x/\\x2d/\r\n{\"a\":1}",
]


@test("containers: hostile cgroup names are escaped in JSON and OCSF, never break a line")
def _():
    data = b"".join(v4_record(cg, cg[::-1], seq=i + 1) for i, cg in enumerate(HOSTILE_CGROUPS))
    for fmt, get in (("--json", lambda e: (e["procmem"]["cgroup"]["path"],
                                          e["procmem"]["target"]["cgroup"]["path"])),
                     ("--format=ocsf", lambda e: (e["unmapped"]["cgroup"]["path"],
                                                 e["unmapped"]["target_cgroup"]["path"]))):
        rc, out, err = run(data, fmt)
        eq((0, ""), (rc, err), fmt)
        eq(len(HOSTILE_CGROUPS), len(out.splitlines()), fmt + ": one line an event")
        for cg, ev in zip(HOSTILE_CGROUPS, json_lines(out)):
            path, tpath = get(ev)
            eq([], unsafe_chars(path + tpath), fmt + ": unsafe characters written as such")
            eq((cg, cg[::-1]), (unpercent(path), unpercent(tpath)), fmt)
    rc, out, err = run(data, "--json")
    eq((DOCKER_ID, "docker", None), json_place(json_lines(out)[2]), "a newline before it")
    rc, out, err = run(data, "--numeric-uid")
    eq(len(HOSTILE_CGROUPS), len(out.decode("ascii").splitlines()), "human: a line an event")


@test("containers: a cgroup path cut to its tail (truncated) keeps what its whole components say")
def _():
    cut = ("ds-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID)).encode()
    rc, out, err = run(v4_record(cut, b"cker-%s.scope" % DOCKER_ID.encode(),
                                 info=INFO_TRUNCATED), "--json")
    eq((0, ""), (rc, err))
    (ev,) = json_lines(out)
    eq(True, ev["procmem"]["truncated"])
    eq(cut.decode(), ev["procmem"]["cgroup"]["path"])
    eq((CTRD_ID, "containerd", None), json_place(ev), "the pod's slice was cut")
    eq((None, None, None), json_place(ev["procmem"]["target"]), "the scope was cut")


@test("fuzz seeds of containers: version 4 records and audit lines with cgroup=")
def _():
    eq([(DOCKER_ID, CTRD_ID, "outward"), ("my-box", CRIO_ID, "host"),
        (DOCKER_ID, CTRD_ID, "inward"), (DOCKER_ID, None, None)],
       [(e["container"]["id"], e["procmem"].get("target", {}).get("container", {}).get("id"),
         e["procmem"].get("ns_crossing")) for e in seed_events("seed-containers.bin")])
    eq(list(range(1, 9)),
       [e["event"]["sequence"] for e in seed_events("seed-audit-containers.log")])


@test("manual: every JSON field the reader writes is listed in the manual page")
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
    data = (enforce_records() + WOULD_DENY_RECORDS + ENFORCE_CONFIG + lost_record(6, 1)
            + dropped_record(7) + self_opens_record(8) + attack_records()
            + dropped_record(9, version=2, route=ROUTE_VM_READ)
            + v4_record(DOCKER_CG.encode(), CTRD_CG.encode(), seq=10,
                        info=INFO_NS_CROSS | INFO_NS_OUTWARD)
            + v4_record(CTRD_CG.encode(), DOCKER_CG.encode(), seq=11))
    rc, out, err = run(data, "--json")
    eq((0, ""), (rc, err))
    written = {k for ev in json_lines(out) for k in leaves(ev)}
    eq([], sorted(written - listed), "written but not listed")


print("TAP version 13")
print("1..%d" % len(results))
for i, (ok, name, why) in enumerate(results, 1):
    print("%sok %d %s" % ("" if ok else "not ", i, name))
    if why:
        print("# " + why.replace("\n", "\n# "))
sys.exit(0 if all(r[0] for r in results) else 1)
