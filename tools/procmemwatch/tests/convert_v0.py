#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Converts what kernels before ABI version 1 wrote into what version 1
writes, keeping what each record said and nothing more: a capture of the
events file into version 1's records (include/uapi/linux/procmemwatch.h),
or an audit log's procmemwatch records into version 1's audit records
(security/procmemwatch/audit.c). The reader reads only version 1; this is
how the captures and logs of tests/ (events*.bin, seed-*, audit-*.log) and
the audit lines make-inputs.py writes were carried over, and how an old
capture or log still can be.

Records:

Before version 1:
  type 1, the open record, versions 1 to 4 (route from 3 on, mem before it;
      error and open_flags from 2 on; cgroups and namespaces from 4 on)
      -> an access record: the same values, the new ones 0 (no exe_id,
      bytes and begun_seq 0 but for process_vm's bytes). A version 1
      record had no portable open_flags: they are made from its raw O_*
      value as x86 has it (asm-generic/fcntl.h).
  type 2, lost -> lost, unchanged.
  type 3, dropped, versions 1 and 2 (reason, pid, tid, uid, target_pid,
      route; mem in version 1) -> dropped (reason, route, pid, tid, uid,
      target_pid).
  type 4, config -> config, unchanged.
  type 5, self-opens (first and last time, count, refused, failed, uid, pid,
      comm) -> a summary of accesses of their openers' own memory by mem:
      self = count, the last opener its own target, outcome opened.
  any other type is copied as it is.

Audit records (the access ops, proc_mem_self_opens; every other line is
copied as it is):
  lsm=procmemwatch before op= where an old kernel wrote none;
  exe_dev=00:00 exe_ino=0 after exe= (no file said), cgroup=(null) after
      them where there was none; for a target, oexe_dev=00:00 oexe_ino=0
      after oexe=, ocgroup=(null) and nscross=no where there were none;
  thread=0, then passed=0 traced_exec=0, then would_deny=0 where there was
      none, after tracer=;
  outcome= and errno= from res= where there were none: res=1 opened 0,
      res=0 refused 13 (EACCES, what the ptrace check says);
  a process_vm call's bytes= before seq=, with begun_seq= one less than
      its seq (its begun record's, which the kernel numbers just before);
      none for a denied call, which moves nothing;
  op=proc_mem_self_opens -> op=summary: self= the count, denied=0
      would_deny=0, the last opener as its own target (opid=, ocomm=),
      route=mem.

Usage: convert_v0.py records|audit OLD NEW
"""
import re
import struct
import sys

from audit_v0 import convert_audit

from records import (HDR, ROUTE_MEM, OUTCOME_OPENED, access_record, context,
                     dropped_record, summary_record)

OLD_OPEN = struct.Struct("<QQ13IHHI16s16s6H")   # the fixed part of version 1
OLD_V2 = struct.Struct("<II")                   # error, open_flags
OLD_V3 = struct.Struct("<IIQ")                  # route, pad, bytes
OLD_V4 = struct.Struct("<QQ4I4IHHHH")           # cgroup ids, namespaces, cgroup paths
OLD_DROPPED = struct.Struct("<6I")              # reason, pid, tid, uid, target_pid, route
OLD_SELF = struct.Struct("<5QII16s")            # first, last, count, refused, failed, uid, pid, comm
# raw O_* (x86, asm-generic) -> PMW_OPEN_*
RAW_TO_PORTABLE = [(0o100, 0x1), (0o200, 0x2), (0o400, 0x4), (0o1000, 0x8), (0o2000, 0x10),
                   (0o4000, 0x20), (0o10000, 0x40), (0o4000000, 0x80), (0o40000, 0x100),
                   (0o100000, 0x200), (0o400000, 0x400), (0o1000000, 0x800)]


def string(rec, off, n):
    return rec[off:off + n]


def cstr(b):
    return b.split(b"\0", 1)[0]


def convert_open(rec, version, seq):
    f = OLD_OPEN.unpack_from(rec, HDR.size)
    (mono, real, pid, tid, ppid, ns_pid, uid, euid, loginuid, ses, tpid, ttid, tuid, tns_pid,
     flags, access, outcome, info, comm, tcomm, eo, el, to, tl, po, pl) = f
    at = HDR.size + OLD_OPEN.size
    error = open_flags = nbytes = 0
    route = ROUTE_MEM
    ctx = tctx = context()
    if version >= 2:
        error, open_flags = OLD_V2.unpack_from(rec, at)
        at += OLD_V2.size
    else:
        open_flags = sum(p for raw, p in RAW_TO_PORTABLE if flags & raw)
    if version >= 3:
        route, _, nbytes = OLD_V3.unpack_from(rec, at)
        at += OLD_V3.size
    if version >= 4:
        v = OLD_V4.unpack_from(rec, at)
        ctx = context(string(rec, v[10], v[11]), v[0], *v[2:6])
        tctx = context(string(rec, v[12], v[13]), v[1], *v[6:10])
    return access_record(seq=seq, pid=pid, tid=tid, ppid=ppid, ns_pid=ns_pid, uid=uid,
                         euid=euid, loginuid=loginuid, ses=ses, target_pid=tpid,
                         target_tid=ttid, target_uid=tuid, target_ns_pid=tns_pid,
                         flags=flags, access=access, outcome=outcome, info=info,
                         comm=comm, target_comm=tcomm, exe=string(rec, eo, el),
                         target_exe=string(rec, to, tl), path=string(rec, po, pl),
                         real_ns=real, mono_ns=mono, error=error, open_flags=open_flags,
                         route=route, nbytes=nbytes, ctx=ctx, target_ctx=tctx)


def convert_dropped(rec, version, seq):
    reason, pid, tid, uid, tpid, route = OLD_DROPPED.unpack_from(rec, HDR.size)
    return dropped_record(seq, reason=reason, pid=pid, tid=tid, uid=uid, target_pid=tpid,
                          route=route if version >= 2 else ROUTE_MEM)


def convert_self_opens(rec, seq):
    first, last, count, refused, failed, uid, pid, comm = OLD_SELF.unpack_from(rec, HDR.size)
    return summary_record(seq, count=count, self=count, refused=refused, failed=failed,
                          uid=uid, routes=1 << ROUTE_MEM, pid=pid, target_pid=pid,
                          route=ROUTE_MEM, outcome=OUTCOME_OPENED, comm=cstr(comm),
                          target_comm=cstr(comm), first_ns=first, last_ns=last)


def convert(data):
    out, off = b"", 0
    while off + HDR.size <= len(data):
        size, rtype, version, seq = HDR.unpack_from(data, off)
        rec = data[off:off + size]
        if size < HDR.size or len(rec) < size:
            sys.exit("convert_v0.py: offset %d: a damaged record: convert only whole captures"
                     % off)
        if rtype == 1:
            out += convert_open(rec, version, seq)
        elif rtype == 3:
            out += convert_dropped(rec, version, seq)
        elif rtype == 5:
            out += convert_self_opens(rec, seq)
        else:
            out += rec
        off += size
    if off != len(data):
        sys.exit("convert_v0.py: %d bytes at the end are no record" % (len(data) - off))
    return out


def add_lsm(text):
    """lsm=procmemwatch where a kernel before that field wrote op= first, in its record type."""
    return re.sub(r"((?:type=1316|type=KERNEL_OTHER)\b[^\n]*?\): )(op=)",
                  r"\1lsm=procmemwatch \2", text)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("records", "audit"):
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    if sys.argv[1] == "audit":
        data = convert_audit(add_lsm(data.decode("latin-1"))).encode("latin-1")
    else:
        data = convert(data)
    with open(sys.argv[3], "wb") as f:
        f.write(data)
