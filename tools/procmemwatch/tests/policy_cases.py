#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every kind of line the kernel's policy file refuses, and lines it takes,
with the reason the kernel gives: the kernel of ABI version 1
(security/procmemwatch/parse.c, whose pmw_parse_test_refusals lists each
refusal; settings.c those of the whole text).

Each case is a policy text and what the kernel says of it: [] when it
takes it, else each line it refuses with its reason, in line order (the
kernel names the first in its own order: the size and a NUL byte first,
as a whole, then line lengths and the rule count, then each rule;
--check-policy names them all). A whole-text refusal is (0, REASON): the
kernel's policy_error says REASON alone, --check-policy FILE: REASON (with
the line of a NUL byte). exe= names files of TREE, made by the setup
script this writes (under --root on the host, at / in the guest).

run.py checks --check-policy against the table on the host;
tests/policy-guest.sh writes each case to the guest's policy file and
compares the kernel's verdict with --check-policy's, case by case.

Usage: policy_cases.py DIR    writes DIR/setup.sh, DIR/index (a NAME a
                              line) and DIR/cases/NAME
"""
import os
import sys

TREE = "/tmp/pmw-policy-test"
SETUP = """#!/bin/sh
# The files the policy cases' exe= name, under ROOT ($1, default /).
set -e
t=${1:-}%s
mkdir -p "$t/dir"
printf 'program\\n' > "$t/prog"
printf 'another\\n' > "$t/other"
printf 'odd\\n' > "$t/odd name\\\\x"
ln -sf %s/prog "$t/link"
ln -f "$t/prog" "$t/hard"
""" % (TREE, TREE)
P = TREE + "/prog"
EFBIG = (0, "larger than 65536 bytes")     # refused as a whole, with no line
NUL = "a NUL byte"                          # likewise; the checker names its line
ATTACH_RW = "route=ptrace_attach needs access=rw"
WRITEV_RW = "route=process_vm_writev needs access=rw"
NO_KCORE = "tracer never holds for kcore: it has no target"
UNKNOWN_ROUTE = "route= names an unknown route"
UID = "uid= needs a uid in decimal"
KEY = "unknown keyword"
NOVALUE = "a key without a value"
ESCAPE = "exe= has a bad escape: use \\ooo, three octal digits, not \\000"
DUP = "repeats an earlier rule"

CASES = []       # (name, text, [(line, reason)])


def case(name, text, *errors):
    if isinstance(text, str):
        text = text.encode()
    CASES.append((name, text, list(errors)))


# --- what it takes
case("tracer", "allow tracer\n")
case("blank-comments", "# a comment\n\n \t\n  allow uid=1000 access=rw\n   # indented\n")
case("tabs-spaces", "allow\ttracer  uid=0 access=read")
case("no-newline-last", "allow tracer\nallow uid=0")
case("uid-plus-zeros", "allow uid=+7\nallow uid=0008\n")
case("uid-largest", "allow uid=4294967294\n")
case("attach-rw", "allow uid=0 route=ptrace_attach access=rw\n")
case("writev-rw", "allow uid=0 access=rw route=process_vm_writev\n")
case("kcore", "allow uid=0 route=kcore\n")
case("tracer-traced-routes", "allow tracer access=rw route=mem,process_vm_readv,process_vm_writev\n")
case("exe", "allow exe=%s\n" % P)
case("exe-link-followed", "allow exe=%s/link uid=1\n" % TREE)
case("exe-escapes", "allow exe=%s/odd\\040name\\134x uid=2\n" % TREE)
case("exe-all-escaped", "allow exe=" + "".join("\\%03o" % ord(c) for c in P) + "\n")
case("exe-two-files", "allow exe=%s uid=5\nallow exe=%s/other uid=5\n" % (P, TREE))
case("same-but-access", "allow uid=7\nallow uid=7 access=rw\n")
case("same-but-routes", "allow uid=7 route=mem\nallow uid=7 route=process_vm_readv\n")
case("empty", "")
case("one-blank-line", "\n")
case("line-4096", "allow" + " " * (4096 - 11) + "tracer")
case("rules-1024", "".join("allow uid=%d\n" % i for i in range(1024)))
case("bytes-65536", "allow tracer\n" + "#" * 4095 + "\n" + ("#" * 4095 + "\n") * 14
     + "#" * (65536 - 13 - 4096 * 15 - 1) + "\n")
case("environ", "allow uid=3 route=environ\n")
case("perf-core", "allow uid=3 route=perf_sample,core_dump\n")
case("tracer-perf-core", "allow tracer route=perf_sample,core_dump,environ\n")
case("comment-after", "allow tracer # debuggers\n")
case("comment-glued", "allow tracer access=rw #why\tnot\n")
case("comment-ends-rule", "allow uid=0 # uid=1 bogus route=nowhere\n")
case("readback-stale", "allow exe=%s uid=0 access=read # now: deleted\n"
     "allow exe=%s/other uid=1 access=read route=mem # now: replaced\n" % (P, TREE))
case("environ-tracer", "allow tracer route=environ\n")
case("environ-rw", "allow uid=3 access=rw route=mem,environ\n")
# a traced task that execs hands its tracer the new program: the kernel judges
# that exec as a ptrace_attach by the tracer (traced_exec), so a tracer rule
# may name ptrace_attach, and so lets a debugger follow its tracee across exec
case("tracer-attach-rw", "allow tracer access=rw route=ptrace_attach\n")
case("tracer-mem-attach", "allow tracer access=rw route=mem,ptrace_attach\n")
case("tracer-attach-exe", "allow exe=%s uid=1000 tracer access=rw route=ptrace_attach\n" % P)
case("tracer-attach-and-default", "allow tracer access=rw\n"
     "allow tracer access=rw route=ptrace_attach\n")

# --- the first word, the keywords, their values
case("deny", "deny tracer", (1, "a rule starts with allow"))
case("Allow", "Allow tracer", (1, "a rule starts with allow"))
case("cr-line", "\r\nallow tracer", (1, "a rule starts with allow"))
case("allow-alone", "allow", (1, "a rule needs exe=, uid= or tracer"))
case("access-alone", "allow access=rw", (1, "a rule needs exe=, uid= or tracer"))
case("route-alone", "allow route=mem", (1, "a rule needs exe=, uid= or tracer"))
case("Tracer", "allow Tracer", (1, KEY))
case("tracer-value", "allow tracer=1", (1, KEY))
case("tracer-empty-value", "allow tracer=", (1, NOVALUE))
case("equals-first", "allow =tracer", (1, KEY))
case("comment-first", "allow # uid=0", (1, "a rule needs exe=, uid= or tracer"))
case("comment-in-word", "allow uid=0#x", (1, UID))
case("crlf", "allow tracer\r\n", (1, KEY))
case("bogus-second", "allow tracer\nallow bogus", (2, KEY))
case("bogus-value", "allow bogus=1 uid=0", (1, KEY))
case("uid-empty", "allow uid=", (1, NOVALUE))
case("uid-space", "allow uid= 1", (1, NOVALUE))
case("uid-minus", "allow uid=-1", (1, UID))
case("uid-max", "allow uid=4294967295", (1, UID))
case("uid-over", "allow uid=4294967296", (1, UID))
case("uid-x", "allow uid=1x", (1, UID))
case("uid-plus", "allow uid=+", (1, UID))
case("uid-hex", "allow uid=0x10", (1, UID))
case("tracer-twice", "allow tracer tracer", (1, "tracer is given twice"))
case("uid-twice", "allow uid=1 uid=2", (1, "uid= is given twice"))
case("access-write", "allow tracer access=write", (1, "access= is read or rw"))
case("access-twice", "allow tracer access=read access=rw", (1, "access= is given twice"))
case("route-empty", "allow tracer route=", (1, NOVALUE))
case("route-Mem", "allow tracer route=Mem", (1, UNKNOWN_ROUTE))
case("route-comma-after", "allow tracer route=mem,", (1, UNKNOWN_ROUTE))
case("route-comma-before", "allow tracer route=,mem", (1, UNKNOWN_ROUTE))
case("route-number", "allow tracer route=1", (1, UNKNOWN_ROUTE))
case("route-twice-named", "allow tracer route=mem,mem", (1, "route= names a route twice"))
case("route-twice", "allow tracer route=mem route=kcore", (1, "route= is given twice"))
case("first-error-wins", "allow uid=x uid=1 bogus", (1, UID))

# --- exe=
case("exe-relative", "allow exe=tmp/prog", (1, "exe= needs an absolute path"))
case("exe-missing", "allow exe=%s/missing" % TREE, (1, "exe= names no file that can be reached"))
case("exe-slash-after-file", "allow exe=%s/" % P, (1, "exe= names no file that can be reached"))
case("exe-dir", "allow exe=%s/dir" % TREE,
     (1, "exe= names something other than a regular file"))
case("exe-empty", "allow exe=", (1, NOVALUE))
case("exe-twice", "allow exe=%s exe=%s" % (P, P), (1, "exe= is given twice"))
# cut at the space: exe= names ".../odd", which is not there (and "name\134x" is no keyword)
case("exe-space-unescaped", "allow exe=%s/odd name\\134x" % TREE,
     (1, "exe= names no file that can be reached"))
case("exe-escape-x", "allow exe=/a\\x41", (1, ESCAPE))
case("exe-escape-000", "allow exe=/a\\000", (1, ESCAPE))
case("exe-escape-400", "allow exe=/a\\400", (1, ESCAPE))
case("exe-escape-short", "allow exe=/a\\07", (1, ESCAPE))
case("exe-escape-alone", "allow exe=\\", (1, ESCAPE))
case("exe-escaped-relative", "allow exe=\\164mp", (1, "exe= needs an absolute path"))

# --- repeats: the same conditions, access and routes; the same file by another path
case("repeat", "allow tracer\nallow tracer access=read", (2, DUP))
case("repeat-reordered", "allow uid=7 access=rw\nallow access=rw uid=7", (2, DUP))
case("repeat-uid-spelled", "allow uid=7\nallow uid=+07", (2, DUP))
case("repeat-default-routes",
     "allow uid=7 access=rw\nallow uid=7 access=rw route=mem,process_vm_readv,"
     "process_vm_writev,ptrace_attach,environ,perf_sample,core_dump", (2, DUP))
case("not-default-routes",
     "allow uid=7 access=rw\nallow uid=7 access=rw route=mem,process_vm_readv,"
     "process_vm_writev,ptrace_attach")
case("repeat-route-order", "allow uid=1 route=kcore,mem\nallow route=mem,kcore uid=1", (2, DUP))
case("repeat-link", "allow exe=%s\nallow exe=%s/link" % (P, TREE), (2, DUP))
case("repeat-hard-link", "allow exe=%s uid=0\nallow uid=0 exe=%s/hard" % (P, TREE), (2, DUP))
case("repeat-after-bad", "allow tracer\nallow bogus\nallow tracer", (2, KEY), (3, DUP))
case("bad-then-same", "allow tracer bogus\nallow tracer", (1, KEY))

# --- rules that can never match (the series' new refusals)
case("read-attach", "allow uid=0 route=ptrace_attach", (1, ATTACH_RW))
case("read-writev", "allow uid=0 route=process_vm_writev", (1, WRITEV_RW))
case("read-explicit-attach", "allow uid=0 access=read route=mem,ptrace_attach",
     (1, ATTACH_RW))
case("read-writev-attach", "allow uid=0 route=ptrace_attach,process_vm_writev",
     (1, WRITEV_RW))
case("read-default-routes", "allow uid=7 route=mem,process_vm_readv,process_vm_writev,"
     "ptrace_attach", (1, WRITEV_RW))
case("repeat-or-dead", "allow uid=7\nallow uid=7 route=mem,process_vm_readv,"
     "process_vm_writev,ptrace_attach", (2, WRITEV_RW))
case("tracer-attach-read", "allow tracer route=ptrace_attach", (1, ATTACH_RW))
case("tracer-kcore", "allow tracer route=kcore", (1, NO_KCORE))
case("tracer-attach-kcore", "allow tracer access=rw route=ptrace_attach,kcore", (1, NO_KCORE))
case("tracer-kcore-attach-read", "allow tracer route=kcore,ptrace_attach", (1, ATTACH_RW))
case("tracer-mem-kcore", "allow tracer route=mem,kcore", (1, NO_KCORE))
case("tracer-environ-kcore", "allow tracer route=environ,kcore", (1, NO_KCORE))

# --- the limits, and what is refused as a whole
case("line-4097", "allow" + " " * (4097 - 11) + "tracer", (1, "line too long"))
case("comment-4097", "allow tracer\n#" + "x" * 4096 + "\n", (2, "line too long"))
case("rules-1025", "".join("allow uid=%d\n" % i for i in range(1025)), (1025, "too many rules"))
case("rules-1025-comments", "# x\n" + "".join("allow uid=%d\n# y\n" % i for i in range(1025)),
     (2050, "too many rules"))
case("lengths-first", "allow bogus\n" + "allow" + " " * 4092 + "tracer\n",
     (1, KEY), (2, "line too long"))
case("nul", b"allow tracer\nallow uid=0\0\n", (2, NUL))
case("bytes-65537", "allow tracer\n" + ("#" * 4095 + "\n") * 15 + "#" * (65537 - 13 - 4096 * 15),
     EFBIG)


def write(outdir):
    os.makedirs(os.path.join(outdir, "cases"), exist_ok=True)
    with open(os.path.join(outdir, "setup.sh"), "w") as f:
        f.write(SETUP)
    with open(os.path.join(outdir, "index"), "w") as idx:
        for name, text, _ in CASES:
            with open(os.path.join(outdir, "cases", name), "wb") as f:
                f.write(text)
            idx.write(name + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
    write(sys.argv[1])
