# SPDX-License-Identifier: GPL-2.0
"""The reader's inputs as the kernel writes them, made from values chosen by
each test: binary records, packed from the layout in
include/uapi/linux/procmemwatch.h, and audit log lines, written as
security/procmemwatch/audit.c writes them. Used by run.py and by
expected/make-inputs.py, which made the inputs of the expected-output tests.
"""
import calendar
import struct

HDR = struct.Struct("<IHHQ")               # size, type, version, seq
OPEN_FIXED = struct.Struct("<QQ13IHHI16s16s6H")  # after the header
OPEN_SIZE = HDR.size + OPEN_FIXED.size     # 136, version 1
OPEN_V2 = struct.Struct("<II")             # version 2 appends error, open_flags
OPEN_V2_SIZE = OPEN_SIZE + OPEN_V2.size    # 144
OPEN_V3 = struct.Struct("<IIQ")            # version 3 appends route, pad, bytes
OPEN_V3_SIZE = OPEN_V2_SIZE + OPEN_V3.size  # 160
# version 4 appends where both sides run: cgroup_id, target_cgroup_id, ns and
# target_ns (pid, mnt, user, net), cgroup and target_cgroup (offset, len)
OPEN_V4 = struct.Struct("<QQ4I4IHHHH")
# PMW_ROUTE_* (include/uapi/linux/procmemwatch.h)
ROUTE_MEM, ROUTE_VM_READ, ROUTE_VM_WRITE, ROUTE_PTRACE, ROUTE_KCORE = 1, 2, 3, 4, 5
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
# errno numbers of asm-generic/errno-base.h, shared by every architecture
EPERM, ESRCH, EINTR, EACCES, EINVAL = 1, 3, 4, 13, 22
REAL_NS = 1795436140_972000000             # 2026-11-23T12:15:40.972Z


def context(cgroup=b"", cgroup_id=0, pid_ns=0, mnt_ns=0, user_ns=0, net_ns=0):
    """Where one side runs (version 4): all 0 and empty, not known."""
    return (cgroup_id, pid_ns, mnt_ns, user_ns, net_ns, cgroup)


def open_record(seq=1, pid=100, tid=101, ppid=1, ns_pid=100, uid=1000, euid=None,
                loginuid=1000, ses=3, target_pid=200, target_tid=200, target_uid=0,
                target_ns_pid=200, flags=O_RDWR | O_LARGEFILE, access=3, outcome=1,
                info=0, comm=b"gdb", target_comm=b"sshd", exe=b"/usr/bin/gdb",
                target_exe=b"/usr/sbin/sshd", path=b"/proc/200/mem",
                real_ns=REAL_NS, mono_ns=5_000_000_000, version=1, extra=b"",
                error=0, open_flags=0, route=ROUTE_MEM, nbytes=0,
                ctx=context(), target_ctx=context()):
    """An open record of the given layout version: error and open_flags are
    written from version 2 on, route and bytes from version 3 on, the two
    contexts (context()) from version 4 on, their cgroup paths after the
    other strings. extra is a newer kernel's fields, appended to the fixed
    part."""
    tail = b""
    if version >= 2:
        tail += OPEN_V2.pack(error, open_flags)
    if version >= 3:
        tail += OPEN_V3.pack(route, 0, nbytes)
    base = OPEN_SIZE + len(tail) + (OPEN_V4.size if version >= 4 else 0) + len(extra)
    strings, offsets = b"", []
    for s in (exe, target_exe, path):
        offsets += [base + len(strings), len(s)]
        strings += s
    if version >= 4:
        cgroups = []
        for c in (ctx, target_ctx):
            cgroups += [base + len(strings), len(c[5])]
            strings += c[5]
        tail += OPEN_V4.pack(ctx[0], target_ctx[0], *ctx[1:5], *target_ctx[1:5], *cgroups)
    extra = tail + extra
    body = OPEN_FIXED.pack(mono_ns, real_ns, pid, tid, ppid, ns_pid, uid,
                           uid if euid is None else euid, loginuid, ses, target_pid,
                           target_tid, target_uid, target_ns_pid, flags, access, outcome,
                           info, comm, target_comm, *offsets)
    rec = body + extra + strings
    size = (HDR.size + len(rec) + 7) // 8 * 8
    return (HDR.pack(size, 1, version, seq) + rec).ljust(size, b"\0")


def lost_record(first, count, version=1, extra=b""):
    return HDR.pack(24 + len(extra), 2, version, first) + struct.pack("<Q", count) + extra


DROPPED_BODY = struct.Struct("<6I")        # reason, pid, tid, uid, target_pid, route (v1: pad)
DROPPED_SIZE = HDR.size + DROPPED_BODY.size  # 40
CONFIG_BODY = struct.Struct("<Q4I16s16s16s")  # real_ns, pid, uid, loginuid, sessionid, strings
CONFIG_SIZE = HDR.size + CONFIG_BODY.size    # 88
DROPPED_NOMEM, DROPPED_EXIT = 1, 2
UNSET = 0xffffffff                         # loginuid, sessionid: not set


def dropped_record(seq, reason=DROPPED_NOMEM, pid=300, tid=301, uid=1000, target_pid=400,
                   version=1, extra=b"", route=0):
    """route: the last field, a route from version 2 on, padding before."""
    body = DROPPED_BODY.pack(reason, pid, tid, uid, target_pid, route) + extra
    return HDR.pack(HDR.size + len(body), 3, version, seq) + body


def field16(s):
    """A NUL-padded 16-byte field; 16 bytes exactly is a string without a NUL."""
    assert len(s) <= 16
    return s.ljust(16, b"\0")


def config_record(seq, setting=b"mode", old=b"detect", new=b"off", pid=500, uid=0,
                  loginuid=1000, ses=4, real_ns=REAL_NS, version=1, extra=b""):
    body = CONFIG_BODY.pack(real_ns, pid, uid, loginuid, ses, field16(setting), field16(old),
                            field16(new)) + extra
    return HDR.pack(HDR.size + len(body), 4, version, seq) + body


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
    return "type=%s msg=audit(%s): %s%s\n" % (typ, STAMP, body(seq, comm, lsm), extra)


def console_line(seq=1, prefix="[    1.232047] "):
    return "%saudit: type=1316 audit(%s): %s\n" % (prefix, STAMP, body(seq))


# The record as kernels with thread=, outcome= and errno= write it
# (security/procmemwatch/audit.c): self tracer thread, seq, outcome errno res.
NEW_BODY = ('lsm=procmemwatch op=proc_mem_open pid=34 tid=35 ppid=27 uid=0 euid=0 '
            'auid=4294967295 ses=4294967295 comm="head" exe="/bin/busybox" opid=33 otid=36 '
            'ouid=0 ocomm="sh" oexe="/bin/busybox" path="/proc/33/task/36/mem" oflag=0x%x '
            'access=read self=0 tracer=0 thread=%d seq=%d outcome=%s errno=%d res=%d')


def new_line(seq, outcome, errno, res, thread=0, oflag=0x8000, console=False):
    text = NEW_BODY % (oflag, thread, seq, outcome, errno, res)
    if console:
        return "[    2.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, text)
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, text)


SELF_BODY = struct.Struct("<5QII16s")  # first_real_ns, last_real_ns, count, refused, failed,
                                       # uid, pid, comm
SELF_SIZE = HDR.size + SELF_BODY.size  # 80
SEVERAL = 0xffffffff                   # uid: several users counted together
FIRST_NS = REAL_NS - 1_500_000_000     # 2026-11-23T12:15:39.472Z


def self_opens_record(seq, count=4900, refused=7, failed=2, uid=1000, pid=4242, comm=b"python3",
                      first_ns=FIRST_NS, last_ns=REAL_NS, version=1, extra=b""):
    body = SELF_BODY.pack(first_ns, last_ns, count, refused, failed, uid, pid,
                          field16(comm)) + extra
    return HDR.pack(HDR.size + len(body), 5, version, seq) + body


SELF_LINE = ("lsm=procmemwatch op=proc_mem_self_opens uid=%s pid=4242 comm=%s count=4900 "
             "refused=7 failed=2 first_ns=%d last_ns=%d seq=%d res=1")


def self_audit(seq=12, uid="1000", comm='"python3"', console=False, extra=""):
    text = SELF_LINE % (uid, comm, FIRST_NS, REAL_NS, seq) + extra
    # logged when the count is written, up to a second after the last open
    stamp = "%d.%03d:%d" % (REAL_NS // 10**9 + 1, 4, 90 + seq)
    if console:
        return "[   12.345678] audit: type=1316 audit(%s): %s\n" % (stamp, text)
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (stamp, text)


# The record as kernels with enforce mode write it: would_deny= after thread=.
ENFORCE_BODY = ('lsm=procmemwatch op=proc_mem_open pid=34 tid=35 ppid=27 uid=0 euid=0 '
                'auid=4294967295 ses=4294967295 comm="head" exe="/bin/busybox" opid=33 '
                'otid=36 ouid=0 ocomm="sh" oexe="/bin/busybox" path="/proc/33/mem" '
                'oflag=0x8000 access=read self=0 tracer=0 thread=0 would_deny=%d seq=%d '
                'outcome=%s errno=%d res=%d')


def enforce_line(seq, outcome, errno, res, would_deny=0, console=False):
    text = ENFORCE_BODY % (would_deny, seq, outcome, errno, res)
    if console:
        return "[    2.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, text)
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, text)


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
        return "[    3.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, text)
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, text)


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
    """A version 4 record whose two sides run in cgroups cg and tcg."""
    kw.setdefault("ctx", context(cg, 11, 4026532719, 4026532717, 4026531837, 4026532722))
    kw.setdefault("target_ctx", context(tcg, 12, 4026532840, 4026532838, 4026531837,
                                        4026532611))
    return open_record(version=4, **kw)


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
        return "[    4.000000] audit: type=1316 audit(%s): %s\n" % (STAMP, text)
    return "type=KERNEL_OTHER msg=audit(%s): %s\n" % (STAMP, text)
