# SPDX-License-Identifier: GPL-2.0
"""The reader's inputs as the kernel writes them, made from values chosen by
each test: binary records, packed from the layout in
include/uapi/linux/procmemwatch.h, and audit log lines, written as
security/procmemwatch/audit.c writes them. Used by run.py and by
expected/make-inputs.py, which made the inputs of the expected-output tests.

The audit lines' templates below are those the tests were written with,
before ABI version 1; each record's text made of them goes through
audit_v0.convert_audit_line(), which adds what version 1 writes besides
(exe_dev=, passed=, ...; summary for self-opens), so that a test's values
stay where they were. A record without lsm=procmemwatch (lsm=False) is
left as it was: a record no version 1 kernel writes.
"""
import calendar
import struct

from audit_v0 import convert_audit_line

HDR = struct.Struct("<IHHQ")               # size, type, version, seq
# struct pmw_access_record after the header: mono_ns, real_ns, bytes, begun_seq,
# cgroup_id, target_cgroup_id, exe_id and target_exe_id (major, minor, ino),
# route, access, outcome, error, info, pid .. open_flags (14), ns, target_ns
# (pid, mnt, user, net), comm, target_comm, exe, target_exe, path, cgroup,
# target_cgroup (offset, len), pad
ACCESS_FIXED = struct.Struct("<6QIIQIIQIHHII14I4I4I16s16s10HI")
ACCESS_SIZE = HDR.size + ACCESS_FIXED.size  # 256
assert ACCESS_SIZE == 256
# PMW_RECORD_* and PMW_ROUTE_* (include/uapi/linux/procmemwatch.h)
T_ACCESS, T_LOST, T_DROPPED, T_CONFIG, T_SUMMARY, T_BEGUN = 1, 2, 3, 4, 5, 6
ROUTE_MEM, ROUTE_VM_READ, ROUTE_VM_WRITE, ROUTE_PTRACE, ROUTE_KCORE = 1, 2, 3, 4, 5
ROUTE_ENVIRON, ROUTE_PERF_SAMPLE, ROUTE_CORE_DUMP = 6, 7, 8
O_RDWR, O_LARGEFILE = 0o2, 0o100000
# PMW_OPEN_* (include/uapi/linux/procmemwatch.h), the same on every architecture
PMW_OPEN = {"O_CREAT": 0x1, "O_EXCL": 0x2, "O_NOCTTY": 0x4, "O_TRUNC": 0x8,
            "O_APPEND": 0x10, "O_NONBLOCK": 0x20, "O_DSYNC": 0x40, "O_SYNC": 0x80,
            "O_DIRECT": 0x100, "O_LARGEFILE": 0x200, "O_NOFOLLOW": 0x400,
            "O_NOATIME": 0x800}
OUTCOME_OPENED, OUTCOME_REFUSED, OUTCOME_FAILED, OUTCOME_DENIED = 1, 2, 3, 4
INFO_SELF, INFO_TRACER, INFO_THREAD_DIR, INFO_TRUNCATED, INFO_IO_URING = 1, 2, 4, 8, 0x10
INFO_WOULD_DENY = 0x20
INFO_NS_CROSS, INFO_NS_FROM_HOST, INFO_NS_OUTWARD = 0x40, 0x80, 0x100
INFO_PASSED, INFO_TRACED_EXEC, INFO_GUESSED_ERROR, INFO_UNTRUSTED_EXE = 0x200, 0x400, 0x800, 0x1000
# errno numbers of asm-generic/errno-base.h, shared by every architecture
EPERM, ESRCH, EINTR, EACCES, EINVAL = 1, 3, 4, 13, 22
REAL_NS = 1795436140_972000000             # 2026-11-23T12:15:40.972Z
NO_FILE = (0, 0, 0)                        # pmw_file_id: no file, or not said


def context(cgroup=b"", cgroup_id=0, pid_ns=0, mnt_ns=0, user_ns=0, net_ns=0):
    """Where one side runs: all 0 and empty, not known."""
    return (cgroup_id, pid_ns, mnt_ns, user_ns, net_ns, cgroup)


def access_record(seq=1, pid=100, tid=101, ppid=1, ns_pid=100, uid=1000, euid=None,
                  loginuid=1000, ses=3, target_pid=200, target_tid=200, target_uid=0,
                  target_ns_pid=200, flags=O_RDWR | O_LARGEFILE, access=3, outcome=1,
                  info=0, comm=b"gdb", target_comm=b"sshd", exe=b"/usr/bin/gdb",
                  target_exe=b"/usr/sbin/sshd", path=b"/proc/200/mem",
                  real_ns=REAL_NS, mono_ns=5_000_000_000, version=1, extra=b"",
                  error=0, open_flags=0, route=ROUTE_MEM, nbytes=0, begun_seq=0,
                  exe_id=NO_FILE, target_exe_id=NO_FILE,
                  ctx=context(), target_ctx=context()):
    """An access record (struct pmw_access_record). version: the header's;
    extra is a newer kernel's fields, appended to the fixed part before
    the strings (exe, target_exe, path, then the two cgroup paths)."""
    base = ACCESS_SIZE + len(extra)
    strings, offsets = b"", []
    for s in (exe, target_exe, path, ctx[5], target_ctx[5]):
        offsets += [base + len(strings), len(s)]
        strings += s
    body = ACCESS_FIXED.pack(
        mono_ns, real_ns, nbytes, begun_seq, ctx[0], target_ctx[0], *exe_id, *target_exe_id,
        route, access, outcome, error, info, pid, tid, ppid, ns_pid, uid,
        uid if euid is None else euid, loginuid, ses, target_pid, target_tid, target_ns_pid,
        target_uid, flags, open_flags, *ctx[1:5], *target_ctx[1:5], comm, target_comm,
        *offsets, 0)
    rec = body + extra + strings
    size = (HDR.size + len(rec) + 7) // 8 * 8
    return (HDR.pack(size, T_ACCESS, version, seq) + rec).ljust(size, b"\0")


# struct pmw_begun_record after the header: mono_ns, real_ns, route, access, pad0,
# pid, tid, uid, target_pid, target_tid, pad, comm, target_comm
BEGUN_BODY = struct.Struct("<QQIHH6I16s16s")
assert HDR.size + BEGUN_BODY.size == 96


def begun_record(seq, route=ROUTE_VM_READ, access=1, pid=100, tid=101, uid=1000,
                 target_pid=200, target_tid=200, comm=b"gdb", target_comm=b"sshd",
                 real_ns=REAL_NS, mono_ns=5_000_000_000, version=1, extra=b""):
    body = BEGUN_BODY.pack(mono_ns, real_ns, route, access, 0, pid, tid, uid, target_pid,
                           target_tid, 0, comm, target_comm) + extra
    return HDR.pack(HDR.size + len(body), T_BEGUN, version, seq) + body


def lost_record(first, count, version=1, extra=b""):
    return HDR.pack(24 + len(extra), T_LOST, version, first) + struct.pack("<Q", count) + extra


DROPPED_BODY = struct.Struct("<6I")        # reason, route, pid, tid, uid, target_pid
DROPPED_SIZE = HDR.size + DROPPED_BODY.size  # 40
CONFIG_BODY = struct.Struct("<Q4I16s16s16s")  # real_ns, pid, uid, loginuid, sessionid, strings
CONFIG_SIZE = HDR.size + CONFIG_BODY.size    # 88
DROPPED_NOMEM = 1
UNSET = 0xffffffff                         # loginuid, sessionid: not set


def dropped_record(seq, reason=DROPPED_NOMEM, pid=300, tid=301, uid=1000, target_pid=400,
                   version=1, extra=b"", route=ROUTE_MEM):
    body = DROPPED_BODY.pack(reason, route, pid, tid, uid, target_pid) + extra
    return HDR.pack(HDR.size + len(body), T_DROPPED, version, seq) + body


def field16(s):
    """A NUL-padded 16-byte field; 16 bytes exactly is a string without a NUL."""
    assert len(s) <= 16
    return s.ljust(16, b"\0")


def config_record(seq, setting=b"mode", old=b"detect", new=b"off", pid=500, uid=0,
                  loginuid=1000, ses=4, real_ns=REAL_NS, version=1, extra=b""):
    body = CONFIG_BODY.pack(real_ns, pid, uid, loginuid, ses, field16(setting), field16(old),
                            field16(new)) + extra
    return HDR.pack(HDR.size + len(body), T_CONFIG, version, seq) + body


def future_record(rtype, payload, seq=0, version=1):
    """A record of a type this reader does not know, as a newer kernel may write."""
    size = (HDR.size + len(payload) + 7) // 8 * 8
    return (HDR.pack(size, rtype, version, seq) + payload).ljust(size, b"\0")


def at(y, mo, d, h, mi, s=0):
    return calendar.timegm((y, mo, d, h, mi, s)) * 10**9


BODY = ('pid=34 tid=34 ppid=27 uid=0 euid=0 auid=4294967295 ses=4294967295 comm=%s '
        'exe="/bin/busybox" opid=33 otid=33 ouid=0 ocomm="sh" oexe="/bin/busybox" '
        'path="/proc/33/mem" oflag=0x8000 access=read self=0 tracer=0 seq=%d res=1')
STAMP = "1795437684.392:3"


def body(seq=1, comm='"head"', lsm=True):
    return ("lsm=procmemwatch " if lsm else "") + "op=proc_mem_open " + BODY % (comm, seq)


def auditd_line(seq=1, comm='"head"', lsm=True, typ="KERNEL_OTHER", extra=""):
    return "type=%s msg=audit(%s): %s%s\n" % (typ, STAMP, convert_audit_line(body(seq, comm, lsm)), extra)


def console_line(seq=1, prefix="[    1.232047] "):
    return "%saudit: type=1316 audit(%s): %s\n" % (prefix, STAMP, convert_audit_line(body(seq)))


# The record as kernels with thread=, outcome= and errno= write it
# (security/procmemwatch/audit.c): self tracer thread, seq, outcome errno res.
NEW_BODY = ('lsm=procmemwatch op=proc_mem_open pid=34 tid=35 ppid=27 uid=0 euid=0 '
            'auid=4294967295 ses=4294967295 comm="head" exe="/bin/busybox" opid=33 otid=36 '
            'ouid=0 ocomm="sh" oexe="/bin/busybox" path="/proc/33/task/36/mem" oflag=0x%x '
            'access=read self=0 tracer=0 thread=%d seq=%d outcome=%s errno=%d res=%d')


def new_line(seq, outcome, errno, res, thread=0, oflag=0x8000, console=False):
    text = NEW_BODY % (oflag, thread, seq, outcome, errno, res)
    if console:
        return "[    2.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, convert_audit_line(text))
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, convert_audit_line(text))


# struct pmw_summary_record after the header: first_real_ns, last_real_ns, count,
# self, refused, failed, denied, would_deny, uid, routes, pid, target_pid, route,
# outcome, comm, target_comm
SUMMARY_BODY = struct.Struct("<8Q6I16s16s")
SUMMARY_SIZE = HDR.size + SUMMARY_BODY.size  # 136
assert SUMMARY_SIZE == 136
SEVERAL = 0xffffffff                   # uid: several users counted together
FIRST_NS = REAL_NS - 1_500_000_000     # 2026-11-23T12:15:39.472Z


def summary_record(seq, count=4900, self=4891, refused=7, failed=2, denied=0, would_deny=0,
                   uid=1000, routes=1 << ROUTE_MEM, pid=4242, target_pid=4242,
                   route=ROUTE_MEM, outcome=OUTCOME_OPENED, comm=b"python3",
                   target_comm=b"python3", first_ns=FIRST_NS, last_ns=REAL_NS, version=1,
                   extra=b""):
    body = SUMMARY_BODY.pack(first_ns, last_ns, count, self, refused, failed, denied,
                             would_deny, uid, routes, pid, target_pid, route, outcome,
                             field16(comm), field16(target_comm)) + extra
    return HDR.pack(HDR.size + len(body), T_SUMMARY, version, seq) + body


SELF_LINE = ("lsm=procmemwatch op=proc_mem_self_opens uid=%s pid=4242 comm=%s count=4900 "
             "refused=7 failed=2 first_ns=%d last_ns=%d seq=%d res=1")


def self_audit(seq=12, uid="1000", comm='"python3"', console=False, extra=""):
    text = SELF_LINE % (uid, comm, FIRST_NS, REAL_NS, seq) + extra
    # logged when the count is written, up to a second after the last open
    stamp = "%d.%03d:%d" % (REAL_NS // 10**9 + 1, 4, 90 + seq)
    if console:
        return "[   12.345678] audit: type=1316 audit(%s): %s\n" % (stamp, convert_audit_line(text))
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (stamp, convert_audit_line(text))


# The record as kernels with enforce mode write it: would_deny= after thread=.
ENFORCE_BODY = ('lsm=procmemwatch op=proc_mem_open pid=34 tid=35 ppid=27 uid=0 euid=0 '
                'auid=4294967295 ses=4294967295 comm="head" exe="/bin/busybox" opid=33 '
                'otid=36 ouid=0 ocomm="sh" oexe="/bin/busybox" path="/proc/33/mem" '
                'oflag=0x8000 access=read self=0 tracer=0 thread=0 would_deny=%d seq=%d '
                'outcome=%s errno=%d res=%d')


def enforce_line(seq, outcome, errno, res, would_deny=0, console=False):
    text = ENFORCE_BODY % (would_deny, seq, outcome, errno, res)
    if console:
        return "[    2.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, convert_audit_line(text))
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, convert_audit_line(text))


POLICY_LOAD = ("lsm=procmemwatch op=policy_load rules=%d old_rules=%d pid=%d uid=0 auid=%s "
               "ses=%s comm=\"sh\" res=1")
SET = ("lsm=procmemwatch op=set setting=%s old=%s new=%s pid=%d uid=%d auid=%s ses=%s "
       "comm=%s res=1")


def config_audit(typ, text, console=False):
    if console:
        return "<5>[    3.000000] audit: type=%s audit(%s): %s\n" % (typ, STAMP, text)
    return "type=%s msg=audit(%s): %s\n" % (typ, STAMP, text)


OPENER_TEXT = ('pid=34 tid=35 ppid=27 uid=0 euid=0 auid=4294967295 ses=4294967295 comm="gdb" '
               'exe="/usr/bin/gdb"')
TARGET_TEXT = 'opid=33 otid=36 ouid=1000 ocomm="sshd" oexe="/usr/sbin/sshd"'
RESULT_TEXT = 'access=%s self=0 tracer=0 thread=0 would_deny=0 seq=%d outcome=%s errno=%d res=%d'


def route_line(op, seq, access="read", outcome="opened", errno=0, res=1, target=True,
               path=None, nbytes=None, console=False):
    parts = ["lsm=procmemwatch op=" + op, OPENER_TEXT]
    if target:
        parts.append(TARGET_TEXT)
    if path:
        parts.append('path="%s" oflag=0x8000' % path)
    parts.append(RESULT_TEXT % (access, seq, outcome, errno, res))
    if nbytes is not None:
        parts.append("bytes=%d" % nbytes)
    text = " ".join(parts)
    if console:
        return "[    3.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, convert_audit_line(text))
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, convert_audit_line(text))


DOCKER_ID = "4c01db0b339c5f7e9d1a6c3b8e2f0a5d7b9c1e3f5a7d9b2c4e6f8a0b1c3d5e7f"
CTRD_ID = "8e5b2a1f9c7d3e6b0a4f2d8c1e9b7a5f3d0c6e2b8a4f1d9c7e5b3a0f6d2c8e4b"
CRIO_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
PODMAN_ID = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
POD_UID = "6f1d2c3b-8a4e-4b5f-9c0d-1e2f3a4b5c6d"      # as Kubernetes writes it
POD_UID_SLICE = "6f1d2c3b_8a4e_4b5f_9c0d_1e2f3a4b5c6d"  # as its systemd slice does
STATIC_POD = "2d6f8a3e9b1c4d5e6f7a8b9c0d1e2f3a"      # a static pod's uid: 32 hex digits
assert len({len(DOCKER_ID), len(CTRD_ID), len(CRIO_ID), len(PODMAN_ID)} | {64}) == 1
KUBE_BE = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%s.slice" % POD_UID_SLICE
DOCKER_CG = "/system.slice/docker-%s.scope" % DOCKER_ID
CTRD_CG = KUBE_BE + "/cri-containerd-%s.scope" % CTRD_ID


def v4_record(cg=b"", tcg=b"", **kw):
    """An access record whose two sides run in cgroups cg and tcg, with namespaces."""
    kw.setdefault("ctx", context(cg, 11, 4026532719, 4026532717, 4026531837, 4026532722))
    kw.setdefault("target_ctx", context(tcg, 12, 4026532840, 4026532838, 4026531837,
                                        4026532611))
    return access_record(**kw)


def audit_hex(b):
    """audit_log_untrustedstring(): upper-case hex of every byte."""
    return b.hex().upper()


def ctx_line(seq, cgroup, ocgroup=None, nscross=None, op="proc_mem_open", console=False):
    """An access's audit record as kernels with cgroup= write it: cgroup= after
    exe=, ocgroup= and nscross= after oexe=; none of the target's for kcore."""
    parts = ["lsm=procmemwatch op=" + op, OPENER_TEXT]
    if cgroup is not None:
        parts.append("cgroup=" + cgroup)
    if op != "proc_kcore_open":
        parts.append(TARGET_TEXT)
        if ocgroup is not None:
            parts.append("ocgroup=" + ocgroup)
        if nscross is not None:
            parts.append("nscross=" + nscross)
    if op in ("proc_mem_open", "proc_kcore_open"):
        parts.append('path="/proc/33/mem" oflag=0x8000')
    parts.append(RESULT_TEXT % ("read", seq, "opened", 0, 1))
    text = " ".join(parts)
    if console:
        return "[    4.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, convert_audit_line(text))
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, convert_audit_line(text))
