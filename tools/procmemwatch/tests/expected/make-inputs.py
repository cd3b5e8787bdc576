#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the fixed inputs of the expected-output tests into input/.

Each input is packed here from values chosen by hand (records.py packs
them as include/uapi/linux/procmemwatch.h lays them out, and writes audit
lines as the kernel does), so that what an input holds can be read here
rather than in its bytes. The inputs were made once by this script and are
committed; running it again must give the same bytes (run.py checks it).
Change an input only on purpose, and review every expected output that
reads it (README).

Usage: make-inputs.py [DIR]    (default: input/ next to this script)
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from records import *  # noqa: E402,F401,F403 (the packers and their constants)
from audit_v0 import convert_audit_line  # noqa: E402

NOBODY = 4242   # a uid that /etc/passwd does not name, as a rule: shown as a number
INPUTS = {}


def self_summary(seq, count=4900, refused=7, failed=2, pid=4242, comm=b"python3", **kw):
    """A summary of accesses of the openers' own memory only, by mem: what
    the self-opens record was before ABI version 1, which these cases were
    written for. The last opener is its own target."""
    return summary_record(seq, count=count, self=count, refused=refused, failed=failed,
                          pid=pid, comm=comm, target_pid=pid, target_comm=comm, **kw)


def binary(name, data):
    INPUTS[name + ".bin"] = data


def audit(name, text):
    INPUTS[name + ".log"] = text.encode("latin-1")


def stats(name, text):
    INPUTS[name + ".stats"] = text.encode()


# --- open records, the string encodings, times -------------------------------------
binary("open", access_record())
binary("open-seq7", access_record(seq=7))
binary("open-refused-self-tracer", access_record(outcome=2, info=3, access=1))
binary("open-lost-open", access_record(seq=1) + lost_record(2, 40) + access_record(seq=42))
binary("names-percent", access_record(comm=b"%73shd", path=b"/tmp/100%/mem"))
binary("names-c1-bidi", access_record(comm="x\u009b31m\u202edm".encode(),
                                    path="/tmp/\u202egpj.exe/\u2066a\u2069/\u200bz".encode()))
binary("names-ocsf", access_record(comm=b"%41\xc2\x9b\xff", target_comm=b"%41\xc2\x9b\xff",
                                 path="/x/\u202e%/mem".encode()))
binary("human-self-lost", access_record(info=1, uid=0) + lost_record(2, 5))
binary("human-hostile", access_record(
    comm=b"a b\n\\\xc2\x9b%", uid=0,
    path="/tmp/\u202e\u00e9 x/\xff".encode("utf-8", "surrogateescape") + b"\xff"))
binary("two-seasons", access_record(real_ns=at(2026, 1, 15, 12, 0) + 123456789)
       + access_record(real_ns=at(2026, 7, 1, 12, 0), seq=2))
binary("ocsf-open-inject-lost", access_record(access=1, seq=1)
       + access_record(access=3, outcome=2, seq=2) + lost_record(3, 4))

# --- what a newer kernel writes ------------------------------------------------------
binary("future-types", access_record(seq=1) + future_record(9, access_record(seq=99))
       + future_record(10, b"\x11" * 40, seq=7) + access_record(seq=2))
FAKE_LOST = HDR.pack(24, 2, 1, 555) + struct.pack("<Q", 9)
binary("future-versions", access_record(version=2, extra=FAKE_LOST + b"\x22" * 8, seq=1,
                                      outcome=3, error=EINVAL,
                                      open_flags=PMW_OPEN["O_DIRECT"])
       + lost_record(2, 3, version=3, extra=FAKE_LOST) + access_record(seq=5))
binary("future-type-verbose", access_record(seq=1) + future_record(9, b"\0" * 16, version=4))
binary("future-type-raw", access_record(seq=1) + future_record(9, b"\x33" * 24)
       + access_record(seq=2))
binary("raw", access_record(seq=1) + lost_record(2, 3) + access_record(seq=5, extra=b"\x22" * 8))
binary("v1-no-strings", access_record(seq=4, exe=b"", target_exe=b"", path=b""))

# --- version 2: outcomes and errnos, portable flags, thread and io_uring -------------
V2_OUTCOMES = [(OUTCOME_OPENED, 0), (OUTCOME_REFUSED, EACCES), (OUTCOME_FAILED, ESRCH),
               (OUTCOME_FAILED, EINVAL), (OUTCOME_FAILED, EINTR),
               (OUTCOME_FAILED, 4095)]   # a number without a name here
binary("v2-outcomes", b"".join(access_record(seq=i, outcome=o, error=e)
                               for i, (o, e) in enumerate(V2_OUTCOMES, 1)))
# the raw O_* value of arm64 (O_RDWR, O_DIRECT, O_LARGEFILE, O_NOFOLLOW,
# O_NONBLOCK), read as x86's it would say O_DIRECTORY and O_DIRECT
binary("v2-arm64-flags", access_record(
    flags=0o2 | 0o200000 | 0o400000 | 0o100000 | 0o4000, outcome=3, error=EINVAL,
    open_flags=(PMW_OPEN["O_DIRECT"] | PMW_OPEN["O_LARGEFILE"] | PMW_OPEN["O_NOFOLLOW"]
                | PMW_OPEN["O_NONBLOCK"])))
# each PMW_OPEN_* bit alone (seq 1 to 12), then raw bits without a portable
# one (13), then a bit this reader does not know (14)
binary("v2-flag-bits", b"".join(access_record(seq=i, flags=0, open_flags=bit)
                                for i, bit in enumerate(PMW_OPEN.values(), 1))
       + access_record(seq=13, flags=0o1 | 0o777700, open_flags=0)
       + access_record(seq=14, flags=0, open_flags=0x4000))
binary("v1-raw-flags", access_record(seq=3, flags=O_RDWR | O_LARGEFILE | 0o40000, outcome=2,
                                   exe=b"\x0d\x00\x00\x00\xff\x0f\x00\x00/bin/x"))
binary("v2-thread-io_uring", access_record(seq=1, info=INFO_THREAD_DIR,
                                         path=b"/proc/200/task/201/mem")
       + access_record(seq=2, info=INFO_IO_URING)
       + access_record(seq=3, info=INFO_SELF | INFO_THREAD_DIR | INFO_IO_URING)
       + access_record(seq=4, info=0))

# --- filters -------------------------------------------------------------------------
binary("filter", access_record(seq=1, pid=10, target_pid=20, comm=b"gdb")
       + access_record(seq=2, pid=11, target_pid=20, comm=b"cat")
       + access_record(seq=3, pid=10, target_pid=21, comm=b"gdb")
       + lost_record(4, 2))
binary("timed", access_record(seq=1, real_ns=at(2026, 11, 23, 10, 0))
       + access_record(seq=2, real_ns=at(2026, 11, 23, 11, 0))
       + access_record(seq=3, real_ns=at(2026, 11, 23, 12, 0)))

# --- the stats file ------------------------------------------------------------------
KNOWN_COUNTERS = ["mode", "seen_off", "seen_detect", "events", "opened", "refused",
                  "failed", "denied", "would_deny", "passed", "dropped", "begun",
                  "config_changes", "summarized", "summary_records", "buffered",
                  "buffered_bytes", "capacity_bytes", "overwritten", "overwritten_unread",
                  "lost_reported", "readers", "audit_emitted", "audit_suppressed",
                  "audit_unavailable", "rules", "stale_rules"]
COUNTERS = ["%s %d" % (n, 10 + i) for i, n in enumerate(KNOWN_COUNTERS)]
COUNTERS[0] = "mode detect"
stats("all", "\n".join(COUNTERS + ["seen_enforce 4", "future_counter 7", "\x1b[2Jclear 1"])
      + "\n")
stats("failed", "failed 3\ndropped 1\nrefused 2\n")
stats("dropped", "config_changes 2\ndropped 1\n")
# the counters before ABI version 1 are a kernel's this version does not know: as they are
stats("self-opens", "summarized 4900\nsummary_records 3\nself_opens_summarized 9\nevents 9\n")
stats("enforce", "mode enforce\nseen_enforce 5\ndenied 2\nwould_deny 3\n")

# --- audit logs ----------------------------------------------------------------------
with open(os.path.join(HERE, "..", "audit-enriched.log"), encoding="latin-1") as f:
    audit("audit-raw", "".join(line.split("\x1d")[0] + "\n" for line in f
                               if " op=proc_mem_open " in line))
audit("audit-lsm", auditd_line(1) + auditd_line(2, lsm=False) + console_line(3)
      + auditd_line(4, typ="1316"))
audit("audit-newer-fields", auditd_line(1, extra=' uts="/x" route="io_uring" x=1')
      + auditd_line(2).replace(" pid=34", " route=openat pid=34"))
audit("audit-outcomes", new_line(1, "opened", 0, 1, thread=1)
      + new_line(2, "refused", EACCES, 0)
      + new_line(3, "failed", EINVAL, 0, thread=1, oflag=0xc000, console=True)
      + new_line(4, "failed", ESRCH, 0)
      + new_line(5, "failed", EINTR, 0))
# records of kernels before ABI version 1, which the reader does not read: without
# outcome= (res= alone), without would_deny=
V0_LINE = "type=KERNEL_OTHER msg=audit(%s): %s\n"
audit("audit-old-res", (V0_LINE % (STAMP, body(1)))
      + (V0_LINE % (STAMP, body(2))).replace(" res=1", " res=0"))
audit("audit-hostile-comm", auditd_line(1, comm=b"%73shd\xc2\x9b\xe2\x80\xae\xff".hex().upper()))
# each a line that carries a record's text without the kernel having written it
FORGERIES = [
    # auditctl -m / audit_log_user_message(): a USER record carrying the text
    "type=USER msg=audit(1795437684.400:5): pid=50 uid=0 auid=4294967295 ses=4294967295 "
    "msg='hi op=proc_mem_open %s exe=\"/sbin/auditctl\" hostname=? addr=? terminal=console "
    "res=success'\n" % (BODY % ('"head"', 90)),
    "type=USER_AVC msg=audit(%s): op=proc_mem_open %s\n" % (STAMP, BODY % ('"x"', 91)),
    # logger into syslog, whatever tag it claims
    "Nov 23 12:15:40 host logger: audit: type=1316 audit(%s): %s\n" % (STAMP, body(92)),
    "Nov 23 12:15:40 host kernel: audit: type=1316 audit(%s): %s\n" % (STAMP, body(93)),
    "2026-11-23T12:15:40+00:00 host root: type=KERNEL_OTHER msg=audit(%s): %s\n"
    % (STAMP, body(94)),
    # dmesg -r shows a /dev/kmsg write with the user facility
    "<14>[    1.500000] audit: type=1316 audit(%s): %s\n" % (STAMP, body(95)),
    # the text after another first field, another module's KERNEL_OTHER
    "type=KERNEL_OTHER msg=audit(%s): mod=other op=proc_mem_open %s\n"
    % (STAMP, BODY % ('"x"', 96)),
    "type=KERNEL_OTHER msg=audit(%s): lsm=other op=proc_mem_open %s\n"
    % (STAMP, BODY % ('"x"', 97)),
    # another record type with procmemwatch's fields
    "type=SYSCALL msg=audit(%s): %s\n" % (STAMP, body(98)),
    # procmemwatch, but not an open
    "type=KERNEL_OTHER msg=audit(%s): lsm=procmemwatch op=set setting=mode old=detect "
    "new=off res=1\n" % STAMP,
]
audit("audit-forgeries", auditd_line(1) + "".join(FORGERIES) + console_line(2))
audit("audit-forgeries-verbose", auditd_line(1) + "".join(FORGERIES))
audit("audit-node-dmesg", "node=web1 " + auditd_line(1)
      + console_line(2, prefix="<5>[    2.000000] ") + console_line(3, prefix=""))

# A central auditd's log, as audisp-remote clients fill it: two machines
# booted from one image (their auditd's name_format = user, name web-1 and
# db-2; log_format ENRICHED) log the same serials and sequence numbers, and
# uid 1000 is alice on one, bob on the other; a third client left
# name_format at NONE writes no node=. The central auditd's own records
# come between them.
FLEET_OPEN = convert_audit_line('lsm=procmemwatch op=proc_mem_open pid=812 tid=812 ppid=790 uid=1000 euid=1000 '
              'auid=1000 ses=3 comm="gdb" exe="/usr/bin/gdb" opid=640 otid=640 ouid=0 '
              'ocomm="sshd" oexe="/usr/sbin/sshd" path="/proc/640/mem" oflag=0x8002 '
              'access=read-write self=0 tracer=0 thread=0 would_deny=1 seq=1 outcome=opened '
              'errno=0 res=1')
FLEET_MODE = ('lsm=procmemwatch op=set setting=mode old=enforce new=off enforcing=0 '
              'old_enforcing=1 enabled=0 old-enabled=1 pid=901 uid=0 auid=1000 ses=3 '
              'comm="sh" res=1')
FLEET_SYSCALL = ('arch=c000003e syscall=257 success=yes exit=5 a0=ffffff9c a1=7ffd1000 '
                 'a2=2 a3=0 items=0 ppid=790 pid=812 auid=1000 uid=1000 gid=1000 euid=1000 '
                 'suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 '
                 'comm="gdb" exe="/usr/bin/gdb" key=(null)')


def fleet_line(node, typ, serial, text, names=""):
    return "%stype=%s msg=audit(1795437684.392:%d): %s%s\n" % (
        "node=%s " % node if node else "", typ, serial, text, "\x1d" + names if names else "")


audit("audit-fleet", "".join([
    "type=DAEMON_ACCEPT msg=audit(1795437680.001:101): addr=::ffff:127.0.0.1 port=40848 "
    "res=success\n",
    fleet_line("web-1", "KERNEL_OTHER", 3, FLEET_OPEN,
               'UID="alice" EUID="alice" AUID="alice" OUID="root"'),
    fleet_line("web-1", "SYSCALL", 3, FLEET_SYSCALL, 'ARCH=x86_64 SYSCALL=openat AUID="alice"'),
    fleet_line("db-2", "KERNEL_OTHER", 3, FLEET_OPEN,
               'UID="bob" EUID="bob" AUID="bob" OUID="root"'),
    fleet_line("db-2", "SYSCALL", 3, FLEET_SYSCALL, 'ARCH=x86_64 SYSCALL=openat AUID="bob"'),
    fleet_line("db-2", "MAC_STATUS", 4, FLEET_MODE, 'UID="root" AUID="bob"'),
    fleet_line(None, "KERNEL_OTHER", 3, FLEET_OPEN),
]))


# The same fleet's journals, as journalctl -o json and -o export print the
# entries journald keeps (journal.c): the kernel's audit records
# (_TRANSPORT=audit; the type's name, then the record's text) of two
# machines that booted alike, each with its _HOSTNAME and _BOOT_ID; a
# record of another type; and the same text sent by others: logger
# (syslog), the kernel console's copy (kernel), and a service's output
# whose MESSAGE is not text (journalctl prints it as byte values, the
# export as a binary field).
def journal_entry(transport, host, boot, message, audit_type=None, serial=None, us=None):
    e = [("__CURSOR", "s=6a1f0c2e9b8d47f3a5c4e2d1b0a99887;i=%s" % (serial or 0)),
         ("__REALTIME_TIMESTAMP", "%d" % ((us or 1795437684392000) + 512)),
         ("_BOOT_ID", boot), ("_TRANSPORT", transport), ("_HOSTNAME", host)]
    if audit_type:
        e += [("_AUDIT_TYPE", str(audit_type[0])), ("_AUDIT_TYPE_NAME", audit_type[1]),
              ("_AUDIT_ID", str(serial)), ("_SOURCE_REALTIME_TIMESTAMP",
                                            str(us or 1795437684392000))]
    return e + [("MESSAGE", message)]


BOOT_WEB = "9f1c2d3e4b5a49788796a5b4c3d2e1f0"
BOOT_DB = "0d4e6f8a1b2c43d59e7f8a9b0c1d2e3f"
JOURNAL = [
    journal_entry("audit", "web-1", BOOT_WEB, "KERNEL_OTHER " + FLEET_OPEN,
                  (1316, "KERNEL_OTHER"), 3),
    journal_entry("audit", "web-1", BOOT_WEB, "SYSCALL " + FLEET_SYSCALL, (1300, "SYSCALL"), 3),
    journal_entry("audit", "db-2", BOOT_DB, "KERNEL_OTHER " + FLEET_OPEN,
                  (1316, "KERNEL_OTHER"), 3),
    journal_entry("audit", "db-2", BOOT_DB, "MAC_STATUS " + FLEET_MODE, (1404, "MAC_STATUS"), 4,
                  1795437690100000),
    journal_entry("syslog", "db-2", BOOT_DB,
                  "type=KERNEL_OTHER msg=audit(1795437684.392:3): " + FLEET_OPEN),
    journal_entry("kernel", "db-2", BOOT_DB,
                  "audit: type=1316 audit(1795437684.392:3): " + FLEET_OPEN),
    journal_entry("stdout", "web-1", BOOT_WEB, "\x1b[2J" + FLEET_OPEN),
]


def journal_json(entries):
    import json
    out = []
    for e in entries:
        members = []
        for k, v in e:   # in order, a field given twice twice, as a journal may hold it
            text = all(c == "\t" or " " <= c < "\x7f" for c in v)
            members.append(json.dumps(k) + ":" + json.dumps(v if text else list(v.encode()),
                                                            separators=(",", ":")))
        out.append("{" + ",".join(members) + "}\n")
    return "".join(out)


def journal_export(entries):
    out = b""
    for e in entries:
        for k, v in e:
            b = v.encode()
            if all(c == 9 or 32 <= c < 127 for c in b):
                out += k.encode() + b"=" + b + b"\n"
            else:
                out += k.encode() + b"\n" + struct.pack("<Q", len(b)) + b + b"\n"
        out += b"\n"
    return out


INPUTS["journal-fleet.json"] = journal_json(JOURNAL).encode()
INPUTS["journal-fleet.export"] = journal_export(JOURNAL)
# Damaged entries, each before a good one: a field twice, a serial that is
# no number, a MESSAGE with no text after its type, bad JSON.
INPUTS["journal-damaged.json"] = (
    journal_json([journal_entry("audit", "web-1", BOOT_WEB, "KERNEL_OTHER " + FLEET_OPEN,
                                (1316, "KERNEL_OTHER"), 3) + [("_AUDIT_ID", "3")],
                  journal_entry("audit", "web-1", BOOT_WEB, "KERNEL_OTHER " + FLEET_OPEN,
                                (1316, "KERNEL_OTHER"), "x3"),
                  journal_entry("audit", "web-1", BOOT_WEB, "KERNEL_OTHER",
                                (1316, "KERNEL_OTHER"), 3)])
    + '{"MESSAGE":"KERNEL_OTHER",\n'
    + journal_json([journal_entry("audit", "db-2", BOOT_DB, "KERNEL_OTHER " + FLEET_OPEN,
                                  (1316, "KERNEL_OTHER"), 3)])).encode()

# --- dropped and config records ------------------------------------------------------
binary("dropped-reasons", b"".join(
    dropped_record(seq, reason=r, pid=300 + seq, tid=310 + seq, uid=1000 + seq,
                   target_pid=400 + seq)
    for seq, r in ((5, DROPPED_NOMEM), (6, 2), (7, 9))))
binary("dropped-no-target", dropped_record(8, target_pid=0))
binary("config", config_record(11, setting=b"audit_rate", old=b"100", new=b"0", pid=77,
                               uid=1001, loginuid=1002, ses=9,
                               real_ns=at(2026, 11, 24, 19, 20, 29) + 455847000)
       + config_record(12, loginuid=UNSET, ses=UNSET))
binary("dropped-config-ocsf", dropped_record(3, reason=2, pid=30, tid=31, uid=1000,
                                             target_pid=28)
       + config_record(4, pid=44, uid=0)
       + config_record(5, setting=b"audit_rate", old=b"100", new=b"5")
       + dropped_record(6, target_pid=0))
binary("dropped-config-human", dropped_record(7, pid=30, tid=30, uid=0, target_pid=28)
       + dropped_record(8, reason=2, pid=40, tid=41, uid=NOBODY, target_pid=0)
       + config_record(9, pid=31, uid=0)
       + config_record(10, setting=b"audit_rate", old=b"100", new=b"0", pid=32, uid=NOBODY))
# 16-byte fields: hostile bytes, no NUL, a NUL inside, empty, "-> x by root"
HOSTILE16 = [b"a b\\\x1b[2J%41\xc2\x9b", b"\xe2\x80\xaeffo\xff\x00\x00",
             b"mo\x00de-after-nul", b"", b"0123456789abcdef", b"-> x by root"]
binary("config-hostile16", b"".join(
    config_record(i + 1, setting=HOSTILE16[i].ljust(16, b"\0"),
                  old=HOSTILE16[(i + 1) % 6].ljust(16, b"\0"),
                  new=HOSTILE16[(i + 2) % 6].ljust(16, b"\0")) for i in range(6)))
MIXED = (access_record(seq=1, pid=10, target_pid=20, comm=b"gdb", real_ns=at(2026, 11, 23, 10, 0))
         + dropped_record(2, pid=10, tid=10, target_pid=21)
         + config_record(3, pid=12, real_ns=at(2026, 11, 23, 11, 0))
         + lost_record(4, 2)
         + dropped_record(6, pid=13, tid=13, target_pid=20)
         + access_record(seq=7, pid=12, target_pid=21, comm=b"cat", real_ns=at(2026, 11, 23, 12, 0))
         + config_record(8, setting=b"mode", old=b"off", new=b"detect", pid=10,
                         real_ns=at(2026, 11, 23, 13, 0)))
binary("mixed", MIXED)
binary("mixed-future-type", MIXED + future_record(9, b"\0" * 8))
binary("config-dropped-target0", config_record(1) + dropped_record(2, target_pid=0))
FAKE_DROPPED = HDR.pack(40, 3, 1, 99) + DROPPED_BODY.pack(1, 1, 1, 1, 1, 0)
binary("future-dropped-config", dropped_record(1, version=3, extra=FAKE_DROPPED, target_pid=55,
                                               route=ROUTE_VM_WRITE)
       + config_record(2, version=3, extra=FAKE_DROPPED, new=b"off")
       + access_record(seq=3))

# --- self-opens records --------------------------------------------------------------
binary("self-opens", self_summary(12)
       + self_summary(13, uid=SEVERAL, pid=77, comm=b"sh"))
binary("self-opens-12", self_summary(12))
binary("self-opens-ocsf", self_summary(12) + self_summary(13, uid=SEVERAL))
# count, refused, failed: all completed, none did (two ways), a mix, more
# than all (cannot be right), none counted
binary("self-outcomes", b"".join(
    self_summary(i, count=c, refused=r, failed=f)
    for i, (c, r, f) in enumerate(((10, 0, 0), (10, 4, 6), (10, 10, 0), (10, 3, 2),
                                   (10, 8, 8), (0, 0, 0)), 1)))
binary("self-opens-human", self_summary(12, uid=0)
       + self_summary(13, count=1, refused=0, failed=1, uid=NOBODY, pid=5, comm=b"cat")
       + self_summary(14, uid=SEVERAL))
binary("open-self-opens", access_record(seq=1) + self_summary(2))
binary("self-hostile16", b"".join(self_summary(i + 1, comm=c.ljust(16, b"\0"), pid=40 + i)
                                  for i, c in enumerate(HOSTILE16)))
binary("self-mixed", b"".join([
    access_record(seq=1, pid=10, target_pid=20, comm=b"gdb", real_ns=at(2026, 11, 23, 10, 0)),
    self_summary(2, pid=20, comm=b"cat", first_ns=at(2026, 11, 23, 10, 59),
                      last_ns=at(2026, 11, 23, 11, 1)),
    config_record(3, pid=20, real_ns=at(2026, 11, 23, 11, 30)),
    lost_record(4, 1),
    self_summary(5, pid=10, comm=b"gdb", uid=SEVERAL, first_ns=at(2026, 11, 23, 11, 59),
                      last_ns=at(2026, 11, 23, 12, 0)),
    dropped_record(6, pid=20, tid=20, target_pid=10)]))
binary("self-future", self_summary(1, version=2, extra=self_summary(99, count=1),
                                        count=5) + access_record(seq=2))
audit("audit-self-opens", self_audit(12) + auditd_line(13)
      + self_audit(14, uid="4294967295", comm=b"\xe2\x80\xae%41 [9]".hex().upper(),
                   console=True))
SELF_FORGED = convert_audit_line(SELF_LINE % ("0", '"x"', FIRST_NS, REAL_NS, 30))
audit("audit-self-lookalikes", self_audit(1)
      + "type=KERNEL_OTHER msg=audit(%s): %s\n"
      % (STAMP, SELF_FORGED.replace("lsm=procmemwatch ", ""))
      + "type=USER msg=audit(%s): pid=1 uid=0 msg='%s'\n" % (STAMP, SELF_FORGED)
      + "<14>[    1.500000] audit: type=1316 audit(%s): %s\n" % (STAMP, SELF_FORGED)
      + "type=KERNEL_OTHER msg=audit(%s): lsm=procmemwatch op=summary_of %s\n"
      % (STAMP, SELF_FORGED.split(" ", 2)[2]))

# --- enforce mode --------------------------------------------------------------------
binary("enforce", access_record(seq=1, outcome=OUTCOME_DENIED, error=EPERM)
       + access_record(seq=2, outcome=OUTCOME_OPENED)
       + access_record(seq=3, outcome=OUTCOME_REFUSED, error=EACCES))
binary("would-deny", access_record(seq=1, info=INFO_WOULD_DENY)
       + access_record(seq=2)
       + access_record(seq=3, outcome=OUTCOME_REFUSED, error=EACCES,
                     info=INFO_WOULD_DENY)
       + access_record(seq=4, info=INFO_SELF | INFO_WOULD_DENY))
binary("would-deny-v1-v2", access_record(seq=1) + access_record(seq=2, info=INFO_SELF))
binary("enforce-config", config_record(1, setting=b"policy", old=b"0 rules", new=b"3 rules")
       + config_record(2, setting=b"lock", old=b"0", new=b"1")
       + config_record(3, setting=b"mode", old=b"detect", new=b"enforce")
       + config_record(4, setting=b"mode", old=b"enforce", new=b"detect")
       + config_record(5, setting=b"policy", old=b"3 rules", new=b"1 rule"))
# what only looks like a rule count, each an old value, seq 1 to 6
binary("rule-count-fakes", b"".join(
    config_record(i, setting=b"policy", old=fake, new=b"1 rule")
    for i, fake in enumerate((b"3 rules by root", b"1 rules x", b" 1 rule", b"1  rules",
                              b"x rules", b"1 rule\x1b"), 1)))
audit("audit-enforce", enforce_line(1, "denied", EPERM, 0)
      + enforce_line(2, "opened", 0, 1, would_deny=1, console=True)
      + enforce_line(3, "refused", EACCES, 0, would_deny=1)
      + enforce_line(4, "opened", 0, 1))
# each outcome without would_deny=, then with would_deny=0; last, a record
# without outcome= either
audit("audit-without-would-deny", "".join(
    (V0_LINE % (STAMP, NEW_BODY % (0x8000, 0, 7, o, e, r)))
    + (V0_LINE % (STAMP, NEW_BODY % (0x8000, 0, 7, o, e, r))).replace(" seq=7",
                                                                      " would_deny=0 seq=7")
    for o, e, r in (("opened", 0, 1), ("refused", EACCES, 0), ("failed", EINVAL, 0)))
      + V0_LINE % (STAMP, body(8)))
CONFIG_AUDIT = (config_audit("MAC_POLICY_LOAD", POLICY_LOAD % (3, 0, 41, "1000", "2"))
                + config_audit("1405", SET % ("lock", "0", "1", 42, 0, "4294967295",
                                              "4294967295", '"sh"'), console=True)
                + config_audit("1403", POLICY_LOAD % (1, 3, 43, "4294967295", "4294967295"),
                               console=True)
                + config_audit("MAC_CONFIG_CHANGE", SET % ("mode", "detect", "enforce", 44,
                                                           1000, "1000", "2", "7368")))
audit("audit-config", CONFIG_AUDIT)
audit("audit-config-filters", CONFIG_AUDIT + enforce_line(9, "denied", EPERM, 0))
STATUS = " enforcing=%d old_enforcing=%d enabled=%d old-enabled=%d"
audit("audit-mac-status",
      config_audit("MAC_STATUS", SET.replace(" pid=", STATUS + " pid=")
                   % ("mode", "detect", "enforce", 1, 0, 1, 1, 45, 0, "0", "1", '"sh"'))
      + config_audit("1404", SET.replace(" pid=", STATUS + " pid=")
                     % ("mode", "enforce", "off", 0, 1, 0, 1, 46, 0, "0", "1", '"sh"'),
                     console=True)
      # SELinux's own switch to enforcing: not procmemwatch's
      + config_audit("MAC_STATUS", "enforcing=1 old_enforcing=0 auid=0 ses=1 "
                     "enabled=1 old-enabled=1 lsm=selinux res=1"))
audit("audit-config-lookalikes", "".join([
    # op=set and op=policy_load belong to their own types, not to KERNEL_OTHER
    config_audit("KERNEL_OTHER", POLICY_LOAD % (1, 0, 50, "0", "1")),
    config_audit("MAC_CONFIG_CHANGE", POLICY_LOAD % (1, 0, 51, "0", "1")),
    config_audit("MAC_POLICY_LOAD", SET % ("lock", "0", "1", 52, 0, "0", "1", '"sh"')),
    # without lsm=procmemwatch first, or another module's record of the type
    config_audit("MAC_CONFIG_CHANGE", SET.replace("lsm=procmemwatch ", "")
                 % ("mode", "detect", "off", 53, 0, "0", "1", '"sh"')),
    config_audit("MAC_CONFIG_CHANGE", "bool=secure_mode old_val=0 new_val=1 auid=0 ses=1"),
    config_audit("MAC_POLICY_LOAD", "auid=0 ses=1 lsm=selinux res=1"),
    # user space: a USER record, a /dev/kmsg write
    config_audit("USER", SET % ("mode", "detect", "off", 54, 0, "0", "1", '"sh"')),
    "<14>[    3.000000] audit: type=1405 audit(%s): %s\n"
    % (STAMP, SET % ("mode", "detect", "off", 55, 0, "0", "1", '"sh"'))]) + CONFIG_AUDIT)

# --- routes --------------------------------------------------------------------------
# one version 3 record of each route, numbered 1 to 5; /proc/kcore has no target
ROUTES = (access_record(seq=1, route=ROUTE_MEM, access=1, flags=0,
                      path=b"/proc/200/mem")
          + access_record(seq=2, route=ROUTE_VM_READ, access=1, flags=0, path=b"",
                        target_tid=201, nbytes=4096)
          + access_record(seq=3, route=ROUTE_VM_WRITE, access=2, flags=0, path=b"",
                        target_tid=201, nbytes=16)
          + access_record(seq=4, route=ROUTE_PTRACE, access=3, flags=0, path=b"")
          + access_record(seq=5, route=ROUTE_KCORE, access=1, flags=0,
                        target_pid=0, target_tid=0, target_uid=0, target_ns_pid=0,
                        target_comm=b"", target_exe=b"", path=b"/proc/kcore"))
binary("routes", ROUTES)
binary("unknown-routes", access_record(seq=1, route=9, access=1, path=b"")
       + access_record(seq=2, route=4000000000, access=3, path=b"/x/y", nbytes=7))
binary("dropped-routes", dropped_record(1, route=17, target_pid=28)
       + dropped_record(2, route=ROUTE_VM_READ, target_pid=29)
       + dropped_record(3, route=ROUTE_PTRACE, reason=2, target_pid=0)
       + dropped_record(4, route=ROUTE_KCORE, target_pid=0)
       + dropped_record(5, route=12, target_pid=30))
# the routes, then a mem write and a mem read-write
binary("attack", ROUTES + access_record(seq=6, access=2, flags=1)
       + access_record(seq=7, access=3))
binary("attack-none", access_record(seq=1, route=ROUTE_MEM, info=INFO_SELF, access=3)
       + access_record(seq=2, route=ROUTE_VM_READ, info=INFO_SELF, path=b"",
                     access=1)
       + access_record(seq=3, route=ROUTE_MEM, access=0)
       + dropped_record(4, route=ROUTE_VM_WRITE)
       + config_record(5) + self_summary(6) + lost_record(7, 1))
binary("attack-attempts", access_record(seq=1, route=ROUTE_VM_WRITE, path=b"",
                                      access=2, outcome=OUTCOME_DENIED, error=EPERM)
       + access_record(seq=2, route=ROUTE_PTRACE, path=b"", access=3,
                     outcome=OUTCOME_REFUSED, error=EPERM, info=INFO_WOULD_DENY)
       + access_record(seq=3, route=ROUTE_KCORE, access=1, target_pid=0,
                     outcome=OUTCOME_FAILED, error=EINVAL, path=b"/proc/kcore"))
binary("severity", access_record(seq=1) + access_record(seq=2, info=INFO_SELF)
       + access_record(seq=3, outcome=OUTCOME_DENIED, error=EPERM)
       + dropped_record(4, route=ROUTE_MEM) + lost_record(5, 1)
       + config_record(6, setting=b"mode", old=b"detect", new=b"off")
       + config_record(7, setting=b"audit_rate", old=b"100", new=b"5")
       + self_summary(8))
binary("tracee-write-errno", access_record(seq=1)
       + access_record(seq=2, route=ROUTE_VM_WRITE, access=2, path=b"",
                     target_tid=201, outcome=OUTCOME_DENIED, error=EPERM)
       + access_record(seq=3, route=ROUTE_PTRACE, access=3, path=b"",
                     outcome=OUTCOME_REFUSED, error=EPERM))
binary("tracee-gaps", config_record(1) + access_record(seq=2, info=INFO_SELF)
       + dropped_record(3, route=ROUTE_VM_READ, pid=44)
       + self_summary(4) + lost_record(5, 3)
       + access_record(seq=8, access=1))
binary("route-mix", ROUTES
       + dropped_record(6, route=ROUTE_PTRACE, target_pid=200)
       + dropped_record(7)
       + config_record(8) + self_summary(9) + lost_record(10, 1)
       + access_record(seq=11, route=9, path=b""))
audit("audit-routes", route_line("proc_kcore_open", 1, target=False, path="/proc/kcore")
      + route_line("process_vm_readv", 2, nbytes=4096, console=True)
      + route_line("process_vm_writev", 3, access="write", outcome="denied",
                   errno=EPERM, res=0, nbytes=0)
      + route_line("ptrace_attach", 4, access="read-write", console=True)
      + route_line("proc_mem_open", 5, path="/proc/33/mem"))
REAL_ATTACH = route_line("ptrace_attach", 1)
audit("audit-route-lookalikes", REAL_ATTACH.replace("lsm=procmemwatch ", "")
      + REAL_ATTACH.replace("type=KERNEL_OTHER", "type=USER")
      + "<14>" + route_line("process_vm_writev", 2, nbytes=1, console=True)
      + route_line("proc_kcore_open", 3, target=False, path="/proc/kcore")
      .replace("type=KERNEL_OTHER", "type=SYSCALL")
      + REAL_ATTACH)

# --- containers ----------------------------------------------------------------------
# cgroup paths as the runtimes make them (procmemwatch.1, CONTAINERS), each
# the opener's and the target's of one record, numbered from 1 in order
CGROUP_PATHS = [
    DOCKER_CG,
    "/docker/" + DOCKER_ID,
    DOCKER_CG + "/init.scope",
    "/docker/%s/docker/%s" % (CRIO_ID, DOCKER_ID),
    CTRD_CG,
    "/kubepods.slice/kubepods-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
    "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/"
    "cri-containerd-%s.scope" % (STATIC_POD, CTRD_ID),
    "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/crio-%s.scope"
    % (POD_UID_SLICE, CRIO_ID),
    "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/"
    "crio-conmon-%s.scope" % (POD_UID_SLICE, CRIO_ID),
    "/kubepods/burstable/pod%s/crio-%s" % (POD_UID, CRIO_ID),
    "/machine.slice/libpod-%s.scope" % PODMAN_ID,
    "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-%s.scope/container"
    % PODMAN_ID,
    "/machine.slice/libpod-conmon-%s.scope" % PODMAN_ID,
    "/machine.slice/machine-my\\x2dbox.scope",
    "/machine.slice/machine-web.scope/payload/system.slice/sshd.service",
    "/machine.slice/machine-qemu\\x2d1\\x2dvm1.example.scope",
    "/machine.slice/machine-my-box.scope",          # a bare '-' is a '/'
    "/machine.slice/machine-\\x2dbox.scope",        # no name starts with '-'
    "/system.slice/machine-web.scope",              # not below machine.slice
    "/kubepods/besteffort/pod%s/%s" % (POD_UID, CTRD_ID),
    "/kubepods/pod%s/%s" % (POD_UID, CTRD_ID),
    "/kubepods/burstable/pod" + POD_UID,
    "/kubepods/besteffort/pod%s/%s" % (POD_UID_SLICE, CTRD_ID),
    KUBE_BE.replace(POD_UID_SLICE, POD_UID),        # '-' in a slice's uid
    # kind: a Kubernetes node in a Docker container; the node's container is not the pod's
    DOCKER_CG + "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
    "kubelet-kubepods-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
    DOCKER_CG + "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
    "kubelet-kubepods-besteffort-pod%s.slice" % POD_UID_SLICE,
    "/system.slice/docker-%s.scope" % DOCKER_ID[:63],
    "/system.slice/docker-%s.scope" % (DOCKER_ID + "0"),
    "/system.slice/docker-%s.scope" % DOCKER_ID.upper(),
    "/docker/" + DOCKER_ID[:63],
    "/lxc/" + DOCKER_ID,
    "/system.slice/docker-%s.service" % DOCKER_ID,
    "/",
    "/init.scope",
    "/system.slice/sshd.service",
    "/user.slice/user-1000.slice/session-3.scope",
    "/user.slice/user-1000.slice/user@1000.service/app.slice/docker.service",
    # cut to its tail: the first component is not whole, and names nothing
    "ocker-%s.scope" % DOCKER_ID,
    "docker-%s.scope/init.scope" % DOCKER_ID,
    "docker/" + DOCKER_ID,
    "xdocker/" + DOCKER_ID,
    "s-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID),
]
binary("cgroup-paths", b"".join(v4_record(p.encode(), p.encode(), seq=i + 1)
                                for i, p in enumerate(CGROUP_PATHS)))
binary("container-human", v4_record(DOCKER_CG.encode(), CTRD_CG.encode(), seq=1)
       + v4_record(b"/machine.slice/machine-my\\x2dbox.scope", b"/init.scope", seq=2)
       + v4_record(b"/user.slice/user-1000.slice/session-3.scope",
                   b"/kubepods/besteffort/pod%s/%s" % (POD_UID.encode(), CRIO_ID.encode()),
                   seq=3)
       + v4_record(b"/", b"/", seq=4))
# crossings: none, from the host, inward, outward
binary("crossings", b"".join(
    v4_record(b"/", b"/", seq=i + 1, info=bits)
    for i, bits in enumerate((0, INFO_NS_CROSS | INFO_NS_FROM_HOST, INFO_NS_CROSS,
                              INFO_NS_CROSS | INFO_NS_OUTWARD))))
binary("v4-two-sides", v4_record(
    seq=9, info=INFO_NS_CROSS | INFO_NS_OUTWARD, access=1, open_flags=0,
    path=b"/host/proc/200/mem",
    ctx=context(DOCKER_CG.encode(), 8812, 4026532719, 4026532717, 4026531837, 4026532722),
    target_ctx=context(CTRD_CG.encode(), 9415, 4026532840, 4026532838, 4026531837,
                       4026532611)))
binary("tracee-pods", v4_record(CTRD_CG.encode(), b"/", seq=1)
       + v4_record(b"/system.slice/sshd.service", DOCKER_CG.encode(), seq=2))
# an exited target (all 0), an exiting one, a kcore access, a kernel without cgroups
binary("v4-unknowns", v4_record(DOCKER_CG.encode(), seq=1, target_ctx=context(),
                                info=INFO_NS_CROSS)
       + v4_record(b"/", seq=2, target_ctx=context(b"/system.slice/x.service", 77,
                                                   4026532840, 0, 4026531837, 0))
       + v4_record(DOCKER_CG.encode(), seq=3, route=ROUTE_KCORE, path=b"/proc/kcore",
                   target_pid=0, target_tid=0, target_ns_pid=0, target_comm=b"",
                   target_exe=b"", target_ctx=context())
       + v4_record(seq=4, ctx=context(), target_ctx=context()))
binary("v1-v3-no-containers", access_record(seq=1) + access_record(seq=2)
       + access_record(seq=3, info=INFO_NS_CROSS | INFO_NS_OUTWARD))
binary("container-filter", v4_record(DOCKER_CG.encode(), b"/system.slice/sshd.service", seq=1)
       + v4_record(b"/user.slice/user-0.slice/session-1.scope", CTRD_CG.encode(),
                   seq=2, info=INFO_NS_CROSS | INFO_NS_FROM_HOST)
       + v4_record(b"/machine.slice/machine-my\\x2dbox.scope",
                   b"/machine.slice/machine-my\\x2dbox2.scope", seq=3,
                   info=INFO_NS_CROSS | INFO_NS_OUTWARD)
       + access_record(seq=4)
       + v4_record(DOCKER_CG.encode(), seq=5, route=ROUTE_KCORE, path=b"/proc/kcore",
                   target_pid=0, target_comm=b"", target_exe=b"", target_ctx=context())
       + lost_record(6, 2)
       + dropped_record(8)
       + v4_record(b"/", b"/", seq=9))
HOSTILE_CG = (b"/system.slice/a b\"c\nd\xff%41\xe2\x80\xae/docker-" + DOCKER_ID.encode()
              + b".scope")
audit("audit-containers", ctx_line(1, '"%s"' % DOCKER_CG, audit_hex(CTRD_CG.encode()), "outward")
      + ctx_line(2, "(null)", "(null)", "no", console=True)
      + ctx_line(3, '"/user.slice/user-0.slice/session-1.scope"',
                 '"/machine.slice/machine-my\\x2dbox.scope"', "host")
      + ctx_line(4, audit_hex(HOSTILE_CG), '"/"', "inward")
      + ctx_line(5, '"%s"' % DOCKER_CG, op="proc_kcore_open")
      + ctx_line(6, '"/"', '"/"', "sideways")
      + ctx_line(7, None)
      + ctx_line(8, '"/"', '"%s"' % DOCKER_CG, "host", op="ptrace_attach"))
# each the opener's cgroup, its reverse the target's
HOSTILE_CGROUPS = [
    b"/system.slice/with space.service",
    b'/system.slice/"quoted".scope',
    b"/system.slice/new\nline/docker-" + DOCKER_ID.encode() + b".scope",
    b"/system.slice/\xff\xfe\xc0\xaf not utf-8",
    b"/x/%41%25/\x1b[2J\xe2\x80\xae\xc2\x9b",
    b"/x/\\x2d/\r\n{\"a\":1}",
]
binary("hostile-cgroups", b"".join(v4_record(cg, cg[::-1], seq=i + 1)
                                   for i, cg in enumerate(HOSTILE_CGROUPS)))
binary("cgroup-cut", v4_record(
    ("ds-besteffort-pod%s.slice/cri-containerd-%s.scope" % (POD_UID_SLICE, CTRD_ID)).encode(),
    b"cker-%s.scope" % DOCKER_ID.encode(), info=INFO_TRUNCATED))

# --- guard mode's review: --summary, --suggest-policy, the review filters -------------
# What detect and enforce mode reported of a day's debugging; the exe= of the
# rules are files of root/ (strace is not: a rule for it is left out).
GDB, LEARN_T = b"/usr/bin/gdb", at(2026, 11, 23, 9, 0)
WD, TR, DEN = INFO_WOULD_DENY, INFO_TRACER, OUTCOME_DENIED
ROUTE_ENVIRON = 6   # /proc/PID/environ, from kernels that have it


def learn(seq, exe=GDB, uid=0, route=ROUTE_MEM, access=1, info=WD, **kw):
    kw.setdefault("path", b"/proc/200/mem" if route == ROUTE_MEM else b"")
    return access_record(seq=seq, exe=exe, uid=uid, route=route, access=access,
                       info=info, real_ns=LEARN_T + seq * 60 * 10**9, **kw)


KCORE = dict(target_pid=0, target_tid=0, target_ns_pid=0, target_uid=0, target_comm=b"",
             target_exe=b"", path=b"/proc/kcore")
binary("policy-learn",
       learn(1) + learn(2, route=ROUTE_VM_READ, nbytes=4096) + learn(3)
       + learn(4, route=ROUTE_PTRACE, access=3)
       + learn(5, uid=1000, access=3, info=WD | TR)
       + learn(6, uid=1000, route=ROUTE_VM_READ, info=WD | TR, nbytes=64)
       + learn(7, access=3)
       + learn(8, exe=b"/usr/lib/crash-reporter", outcome=DEN, error=EPERM, info=0)
       + learn(9, exe=b"/usr/bin/python3", uid=1000, info=WD | INFO_SELF, target_pid=100,
               target_exe=b"/usr/bin/python3", path=b"/proc/100/mem")
       + lost_record(10, 2)
       + learn(12, exe=b"/usr/bin/old (deleted)")
       + learn(13, exe=b"x" * 200 + b"/" + b"y" * 55, info=WD | INFO_TRUNCATED)
       + learn(14, exe=b"")
       + learn(15, exe=b"/opt/odd name/tool\\x", uid=1000)
       + learn(16, exe=b"/usr/bin/dd", route=ROUTE_KCORE, **KCORE)
       + learn(17, exe=b"/usr/bin/ps", uid=1000, route=ROUTE_ENVIRON, path=b"/proc/200/environ")
       + learn(18, route=9)
       + learn(19, info=0)
       + learn(20, exe=b"/usr/bin/strace", access=3)
       + learn(21, uid=1000, outcome=OUTCOME_REFUSED, error=EACCES)
       + config_record(22, setting=b"mode", old=b"detect", new=b"enforce", uid=0,
                       real_ns=LEARN_T + 22 * 60 * 10**9)
       + dropped_record(23, uid=1000, route=ROUTE_MEM)
       + self_summary(24, uid=1000, last_ns=LEARN_T + 24 * 60 * 10**9,
                           first_ns=LEARN_T + 23 * 60 * 10**9)
       + learn(25, uid=1000, access=3, info=WD | TR))

# --- ABI version 1: begun calls, summaries of any route, the new routes and info bits,
# the executables' files -------------------------------------------------------------
GDB_ID, SSHD_ID = (8, 1, 1311745), (8, 1, 524311)
V1_T = at(2026, 11, 23, 14, 0)
binary("v1-begun", begun_record(1, real_ns=V1_T, mono_ns=9_000_000_000)
       + access_record(seq=2, route=ROUTE_VM_READ, access=1, flags=0, path=b"", nbytes=4096,
                       begun_seq=1, target_tid=201, real_ns=V1_T + 5000, exe_id=GDB_ID,
                       target_exe_id=SSHD_ID)
       + begun_record(3, route=ROUTE_VM_WRITE, access=2, real_ns=V1_T + 9000, uid=0,
                      comm=b"a b\x1b", target_comm=b"%41")
       + access_record(seq=4, route=ROUTE_VM_WRITE, access=2, flags=0, path=b"", nbytes=0,
                       begun_seq=3, outcome=OUTCOME_FAILED, error=14, real_ns=V1_T + 9500,
                       uid=0, comm=b"a b\x1b", target_comm=b"%41")
       + access_record(seq=5, route=ROUTE_VM_READ, access=1, flags=0, path=b"",
                       outcome=OUTCOME_DENIED, error=EPERM, real_ns=V1_T + 9900))
# each new route, with the executables' files; a read of environ through a
# passed descriptor; a traced exec; an inferred errno; an untrusted exe
binary("v1-routes", access_record(seq=1, route=ROUTE_ENVIRON, access=1, flags=0,
                                  path=b"/proc/200/environ", exe_id=GDB_ID,
                                  target_exe_id=SSHD_ID, real_ns=V1_T)
       + access_record(seq=2, route=ROUTE_PERF_SAMPLE, access=1, flags=0, path=b"",
                       comm=b"perf", exe=b"/usr/bin/perf", exe_id=(254, 3, 77),
                       target_exe_id=SSHD_ID, real_ns=V1_T + 10**9)
       + access_record(seq=3, route=ROUTE_CORE_DUMP, access=1, flags=0, path=b"",
                       comm=b"bash", exe=b"/usr/bin/bash", real_ns=V1_T + 2 * 10**9,
                       outcome=OUTCOME_DENIED, error=EPERM)
       + access_record(seq=4, route=ROUTE_ENVIRON, access=1, flags=0, path=b"/proc/200/environ",
                       info=INFO_PASSED, pid=300, tid=300, comm=b"receiver",
                       exe=b"/usr/bin/receiver", real_ns=V1_T + 3 * 10**9)
       + access_record(seq=5, route=ROUTE_PTRACE, access=3, flags=0, path=b"",
                       info=INFO_TRACED_EXEC | INFO_TRACER, comm=b"strace",
                       exe=b"/usr/bin/strace", target_comm=b"su", target_exe=b"/usr/bin/su",
                       outcome=OUTCOME_DENIED, error=EPERM, real_ns=V1_T + 4 * 10**9)
       + access_record(seq=6, info=INFO_IO_URING | INFO_GUESSED_ERROR, outcome=OUTCOME_REFUSED,
                       error=EACCES, real_ns=V1_T + 5 * 10**9)
       + access_record(seq=7, info=INFO_UNTRUSTED_EXE | INFO_WOULD_DENY, access=1,
                       real_ns=V1_T + 6 * 10**9, exe_id=GDB_ID))
# summaries: of several routes and outcomes, of kcore (no target), of several users
binary("v1-summaries", summary_record(1, count=25, self=3, refused=4, failed=1, denied=6,
                                      would_deny=0, routes=(1 << ROUTE_MEM) | (1 << ROUTE_ENVIRON)
                                      | (1 << ROUTE_VM_READ), pid=900, comm=b"scanner",
                                      target_pid=901, target_comm=b"victim",
                                      route=ROUTE_ENVIRON, outcome=OUTCOME_DENIED,
                                      first_ns=V1_T, last_ns=V1_T + 999 * 10**6)
       + summary_record(2, count=1, self=0, refused=0, failed=0, would_deny=1, uid=0,
                        routes=1 << ROUTE_KCORE, pid=10, comm=b"dd", target_pid=0,
                        target_comm=b"", route=ROUTE_KCORE, first_ns=V1_T + 10**9,
                        last_ns=V1_T + 10**9)
       + summary_record(3, count=40, self=40, refused=0, failed=0, uid=SEVERAL,
                        routes=1 << ROUTE_MEM, first_ns=V1_T + 2 * 10**9,
                        last_ns=V1_T + 3 * 10**9))
binary("v1-refresh", config_record(1, setting=b"refresh", old=b"2 stale", new=b"1 moved",
                                   real_ns=V1_T)
       + config_record(2, setting=b"event_rate", old=b"20", new=b"1000", real_ns=V1_T + 10**9))

# Version 1's audit records, as security/procmemwatch/audit.c writes them: a begun call
# and its access; each new route, a passed descriptor, a traced exec, a guessed errno;
# a summary, a dropped access; a refused and an accepted policy write, a refresh
V1_OPENER = ('pid=100 tid=101 ppid=1 uid=1000 euid=1000 auid=1000 ses=3 comm="gdb" '
             'exe="/usr/bin/gdb" exe_dev=08:01 exe_ino=1311745 cgroup="/user.slice"')
V1_TARGET = ('opid=200 otid=%d ouid=0 ocomm="sshd" oexe="/usr/sbin/sshd" oexe_dev=103:0a '
             'oexe_ino=524311 ocgroup="/system.slice/ssh.service" nscross=no')
V1_RESULT = ("access=%s self=0 tracer=%d thread=0 passed=%d traced_exec=%d would_deny=0%s "
             "seq=%d outcome=%s errno=%d%s res=%d")


def v1_access(serial, op, seq, access="read", outcome="opened", errno=0, path=None,
              extra="", tracer=0, passed=0, traced_exec=0, guessed=False, otid=200):
    parts = ["lsm=procmemwatch op=" + op, V1_OPENER, V1_TARGET % otid]
    if path:
        parts.append('path="%s" oflag=0x8000' % path)
    parts.append(V1_RESULT % (access, tracer, passed, traced_exec, extra, seq, outcome, errno,
                              " errno_guessed=1" if guessed else "", outcome == "opened"))
    return "type=KERNEL_OTHER msg=audit(1795442400.%03d:%d): %s\n" % (serial, serial,
                                                                       " ".join(parts))


V1_WRITER = 'pid=500 uid=0 auid=1000 ses=4 comm="sh"'
audit("audit-v1", "".join([
    "type=KERNEL_OTHER msg=audit(1795442400.001:1): lsm=procmemwatch op=process_vm_readv_begun "
    'pid=100 tid=101 uid=1000 comm="gdb" opid=200 otid=201 ocomm="sshd" access=read seq=1 '
    "res=1\n",
    v1_access(2, "process_vm_readv", 2, extra=" bytes=4096 begun_seq=1", otid=201),
    v1_access(3, "process_vm_writev", 3, access="write", outcome="denied", errno=EPERM),
    v1_access(4, "proc_environ_open", 4, path="/proc/200/environ"),
    v1_access(5, "proc_environ_open", 5, path="/proc/200/environ", passed=1),
    v1_access(6, "perf_sample", 6),
    v1_access(7, "core_dump", 7, outcome="denied", errno=EPERM),
    v1_access(8, "ptrace_attach", 8, access="read-write", tracer=1, traced_exec=1),
    v1_access(9, "proc_mem_open", 9, access="read-write", outcome="refused", errno=EACCES,
              path="/proc/200/mem", guessed=True),
    "type=KERNEL_OTHER msg=audit(1795442401.010:10): lsm=procmemwatch op=summary uid=1000 "
    'count=25 self=3 refused=4 failed=1 denied=6 would_deny=0 pid=900 comm="scanner" opid=901 '
    'ocomm="victim" route=environ first_ns=1795442400000000000 last_ns=1795442400999000000 '
    "seq=10 res=1\n",
    "type=KERNEL_OTHER msg=audit(1795442401.011:11): lsm=procmemwatch op=summary uid=0 "
    'count=1 self=0 refused=0 failed=0 denied=0 would_deny=1 pid=10 comm="dd" opid=0 '
    'ocomm="" route=kcore first_ns=1795442401000000000 last_ns=1795442401000000000 seq=11 '
    "res=1\n",
    "type=KERNEL_OTHER msg=audit(1795442401.012:12): lsm=procmemwatch op=dropped reason=nomem "
    "route=environ pid=300 tid=301 uid=1000 opid=400 seq=12 res=0\n",
    "type=MAC_POLICY_LOAD msg=audit(1795442402.013:13): lsm=procmemwatch op=policy_load "
    "errno=22 line=3 %s res=0\n" % V1_WRITER,
    "type=MAC_POLICY_LOAD msg=audit(1795442402.014:14): lsm=procmemwatch op=policy_load "
    "errno=27 line=0 %s res=0\n" % V1_WRITER,
    "type=MAC_POLICY_LOAD msg=audit(1795442402.015:15): lsm=procmemwatch op=policy_load "
    "rules=2 old_rules=0 %s res=1\n" % V1_WRITER,
    "type=MAC_POLICY_LOAD msg=audit(1795442402.016:16): lsm=procmemwatch op=refresh stale=2 "
    "moved=1 %s res=1\n" % V1_WRITER,
    "type=MAC_CONFIG_CHANGE msg=audit(1795442402.017:17): lsm=procmemwatch op=set "
    "setting=event_rate old=20 new=1000 %s res=1\n" % V1_WRITER,
    # of a kernel before version 1: not read
    "type=KERNEL_OTHER msg=audit(1795442402.018:18): lsm=procmemwatch op=proc_mem_self_opens "
    'uid=1000 pid=4242 comm="python3" count=4900 refused=7 failed=2 first_ns=1 last_ns=2 seq=18 '
    "res=1\n",
]))

# policies for --check-policy: one the policy file takes, one with a fault of each kind
INPUTS["policy-good.policy"] = (
    b"# debuggers, once attached, may read and write\nallow tracer access=rw\n"
    b"allow uid=0 route=ptrace_attach access=rw\n\n"
    b"# the crash reporter, run by root, reads\n"
    b"allow exe=/usr/lib/crash-reporter uid=0\n"
    b"allow exe=/opt/odd\\040name/tool\\134x uid=1000 route=mem\n"
    b"# as the policy file reads back: a stale rule, a comment after a rule\n"
    b"allow exe=/usr/bin/gdb uid=0 access=read route=environ,perf_sample # now: replaced\n")
INPUTS["policy-bad.policy"] = (
    b"allow tracer access=rw\nallow uid=0 route=ptrace_attach\nallow tracer route=kcore\n"
    b"allow exe=/usr/bin/strace uid=0\nallow exe=usr/bin/gdb\nallow exe=/usr/bin\n"
    b"allow access=rw tracer\nallow uid=1000 # alice\nallow uid=1001#bob\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "input")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(INPUTS.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
