#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Reviews the expected outputs that ABI version 1 changed: runs each case
as run.sh does, and compares what the reader prints now with the expected
files of REV (before the change), after undoing what version 1 changed on
purpose, each change counted by its kind:

  new-booleans     procmem/unmapped passed, traced_exec, untrusted_exe: false
  ns-crossing      ns_crossing "no": every record says the crossing now
  flags-portable   open flags named from open_flags, not the raw O_* value:
                   the same access mode, names of raw-only bits gone
  tracee-context   cgroupId, mountNamespace, pidNamespace (0), containerId
                   (""), container and kubernetes ({}): every record has them
  action-renamed   event.action proc_mem_open_dropped -> procmem_dropped
  summary          a self-opens count is a summary of accesses of the
                   openers' own memory: self = count, denied and
                   would_deny 0, routes [mem], the last opener its own
                   target, outcome opened
  raw-records      a --raw output: the same records (types, numbers) in
                   the new layout
  stderr-words     --summary's and the like's stderr naming summaries
  begun-seq        a process_vm call's begun_seq (begun=#N): every call that
                   moved bytes began, its audit record says when
  summary-outcome  an audit record's summary does not say its last
                   access's outcome: none
  reason-gone      a dropped record's reason 2 (task freed) is gone from
                   the ABI: "reason 2", as any reason not known

Anything else is printed as it is, for review by hand, and the case is not
written. With --write, the cases whose every change is of these kinds get
their new expected files (README: a changed expected file is a reviewed
change; this is that review, made checkable).

Usage: review-v1.py [--write] [--rev REV] READER [NAME...]
"""
import collections
import copy
import json
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = collections.Counter()
NEW_BOOLEANS = ("passed", "traced_exec", "untrusted_exe")


def run_case(reader, cmd):
    script = 'procmemwatch() { "%s" "$@"; }\nexport TZ=UTC0 LC_ALL=C\n%s' % (reader, cmd)
    p = subprocess.run(["bash", "-c", script], cwd=HERE, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=60)
    return p.returncode, p.stdout, p.stderr


def old_file(rev, name):
    p = subprocess.run(["git", "show", "%s:./output/%s" % (rev, name)], cwd=HERE,
                       capture_output=True)
    return p.stdout if p.returncode == 0 else None


def drop_false(d, keys, kind, old):
    for k in keys:
        if d.get(k) is False and k not in (old or {}):
            del d[k]
            KINDS[kind] += 1


def same_flags(old, new):
    """new names the access mode of old and a subset of its flags."""
    if old == new:
        return True
    if not old or not new or old[0] != new[0] or not set(new) <= set(old):
        return False
    KINDS["flags-portable"] += 1
    return True


def norm_fields(old, new):
    """procmem (ECS) or unmapped (OCSF) of one event, old and new."""
    if not isinstance(new, dict):
        return
    drop_false(new, NEW_BOOLEANS, "new-booleans", old)
    if "begun_seq" in new and "begun_seq" not in (old or {}):
        del new["begun_seq"]
        KINDS["begun-seq"] += 1
    if new.get("ns_crossing") == "no" and "ns_crossing" not in (old or {}):
        del new["ns_crossing"]
        KINDS["ns-crossing"] += 1
    if old is not None and "flags" in new and same_flags(old.get("flags"), new["flags"]):
        new["flags"] = old.get("flags")


def summary_from_self_opens_ecs(old):
    old = copy.deepcopy(old)
    old["event"]["action"] = "procmem_summary"
    pm = old["procmem"]
    so = pm.pop("self_opens")
    pm.pop("self", None)
    summary = {"count": so["count"], "self": so["count"], "refused": so["refused"],
               "failed": so["failed"], "denied": 0, "would_deny": 0,
               "several_users": so["several_users"], "routes": ["mem"]}
    rest = {k: v for k, v in pm.items()}
    pm.clear()
    pm["summary"] = summary
    pm["route"] = rest.pop("route")
    pm["outcome"] = "opened"
    pm["target"] = {"pid": old["process"]["pid"], "name": old["process"]["name"]}
    pm.update(rest)
    KINDS["summary"] += 1
    return old


def summary_from_self_opens_ocsf(old):
    old = copy.deepcopy(old)
    old["status_detail"] = "summary"
    um = old["unmapped"]
    old["process"] = {"pid": old["process"]["pid"], "name": old["process"]["name"]}
    new_um = {"self": old["count"], "refused": um["refused"], "failed": um["failed"],
              "denied": 0, "would_deny": 0, "several_users": um["several_users"],
              "routes": ["mem"], "route": um["route"], "outcome": "opened"}
    for k in ("audit_serial", "boot_id"):
        if k in um:
            new_um[k] = um[k]
    old["unmapped"] = new_um
    KINDS["summary"] += 1
    return old


TRACEE_NEW = {"cgroupId": 0, "mountNamespace": 0, "pidNamespace": 0, "containerId": "",
              "container": {}, "kubernetes": {}}


def same_json_line(old_line, new_line):
    old, new = json.loads(old_line), json.loads(new_line)
    if "eventName" in new:                      # tracee
        for k, v in TRACEE_NEW.items():
            if k not in old and new.get(k) == v:
                del new[k]
                KINDS["tracee-context"] += 1
        for o, n in zip(old.get("args", []), new.get("args", [])):
            if o.get("name") == "detectedFrom":
                for oa, na in zip(o["value"]["args"], n["value"]["args"]):
                    if oa["name"] == "flags" and same_flags(oa["value"].split("|"),
                                                           na["value"].split("|")):
                        na["value"] = oa["value"]
        return old == new
    if "class_uid" in new:                      # OCSF
        if old.get("unmapped", {}).get("reason") == "task freed":
            old["unmapped"]["reason"] = "reason 2"
            KINDS["reason-gone"] += 1
        if old.get("status_detail") == "self_opens":
            old = summary_from_self_opens_ocsf(old)
            if "routes" not in new.get("unmapped", {}):
                del old["unmapped"]["routes"]           # an audit record names none
            if "outcome" not in new.get("unmapped", {}):
                del old["unmapped"]["outcome"]
                KINDS["summary-outcome"] += 1
        norm_fields(old.get("unmapped"), new.get("unmapped"))
        return old == new
    ev = old.get("event", {})                   # ECS
    if ev.get("reason") == "task freed":
        ev["reason"] = "reason 2"
        KINDS["reason-gone"] += 1
    if ev.get("action") == "proc_mem_open_dropped":
        ev["action"] = "procmem_dropped"
        KINDS["action-renamed"] += 1
    if ev.get("action") == "proc_mem_self_opens":
        old = summary_from_self_opens_ecs(old)
        if "routes" not in new.get("procmem", {}).get("summary", {}):
            del old["procmem"]["summary"]["routes"]     # an audit record names none
        if "outcome" not in new.get("procmem", {}):
            del old["procmem"]["outcome"]
            KINDS["summary-outcome"] += 1
    pm_old, pm_new = old.get("procmem", {}), new.get("procmem", {})
    norm_fields(pm_old, pm_new)
    if isinstance(pm_new.get("target"), dict) and isinstance(pm_old.get("target"), dict):
        pm_new["target"].pop("exe", None) if "exe" not in pm_old["target"] else None
    return old == new


SELF_OLD = re.compile(r"^(?P<head>.*#\S+\s+)processes of (?P<who>.*) opened their own memory "
                      r"(?P<n>\d+) more times? \((?P<r>\d+) refused, (?P<f>\d+) failed\) since "
                      r"(?P<since>.*), last by (?P<last>.*\[\d+\])(?P<tail>.*)$")
SELF_NEW = re.compile(r"^(?P<head>.*#\S+\s+)(?P<who>user .*|several users) made (?P<n>\d+) more "
                      r"access(?:es)?(?: \((?P<counts>[^)]*)\))?(?: by mem)? since (?P<since>.*), "
                      r"last by (?P<last>.*\[\d+\]) of (?P<target>.*\[\d+\]) mem(?: opened)?"
                      r"(?P<tail>.*)$")


def same_human_line(old, new):
    if old == new:
        return True
    if re.search(r" begun=#\d+", new) and re.sub(r" begun=#\d+", "", new) == old:
        KINDS["begun-seq"] += 1
        return True
    if old.replace("(task freed)", "(reason 2)") == new:
        KINDS["reason-gone"] += 1
        return True
    o, n = SELF_OLD.match(old), SELF_NEW.match(new)
    if not o or not n:
        return False
    counts = ["%s self" % o["n"]] if o["n"] != "0" else []
    counts += ["%s %s" % (o[k], w) for k, w in (("r", "refused"), ("f", "failed")) if o[k] != "0"]
    ok = (o["head"] == n["head"] and o["who"] == n["who"] and o["n"] == n["n"]
          and ", ".join(counts) == (n["counts"] or "") and o["since"] == n["since"]
          and o["last"] == n["last"] == n["target"] and o["tail"] == n["tail"])
    if ok:
        KINDS["summary"] += 1
    return ok


def records(data):
    out, off = [], 0
    while off + 16 <= len(data):
        size, rtype, version, seq = struct.unpack_from("<IHHQ", data, off)
        out.append((rtype, seq))
        off += size if size >= 16 else len(data)
    return out


def same_output(name, old, new):
    if old == new:
        return True
    if ".raw" in name:
        ok = records(old) == records(new)
        KINDS["raw-records"] += ok
        return ok
    ol, nl = old.decode().splitlines(), new.decode().splitlines()
    if len(ol) != len(nl):
        return False
    for o, n in zip(ol, nl):
        if o.startswith("{") and n.startswith("{"):
            if not same_json_line(o, n):
                return False
        elif not same_human_line(o, n):
            return False
    return True


STDERR_OLD = re.compile(r"(\d+) self-opens counted$")


def same_stderr(old, new):
    if old == new:
        return True
    o = old.decode().replace(" self-opens counted", " accesses summarized, 0 begun")
    ok = o == new.decode()
    KINDS["stderr-words"] += ok
    return ok


def main(argv):
    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    rev = "HEAD"
    if argv[:1] == ["--rev"]:
        rev, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
    reader = os.path.abspath(argv[0])
    names = set(argv[1:])
    unexplained = 0
    with open(os.path.join(HERE, "cases")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, status, cmd = line.rstrip("\n").split(None, 2)
            if names and name not in names:
                continue
            rc, out, err = run_case(reader, cmd)
            old_out = old_file(rev, name + ".out")
            old_err = old_file(rev, name + ".err") or b""
            if old_out is None or os.path.islink(os.path.join(HERE, "output", name + ".out")):
                continue        # a new case (run.sh --new writes it), or its input itself
            if old_out == out and old_err == err and str(rc) == status:
                continue
            ok = str(rc) == status and same_output(name, old_out, out) and \
                same_stderr(old_err, err)
            if not ok:
                unexplained += 1
                print("# %s: changes that are not version 1's: review by hand" % name)
                continue
            print("# %s: only version 1's changes" % name)
            if write:
                with open(os.path.join(HERE, "output", name + ".out"), "wb") as f2:
                    f2.write(out)
                errf = os.path.join(HERE, "output", name + ".err")
                if err:
                    with open(errf, "wb") as f2:
                        f2.write(err)
                elif os.path.exists(errf):
                    os.unlink(errf)
    for kind, n in sorted(KINDS.items()):
        print("%-16s %d" % (kind, n))
    print("%d case(s) with changes that are not version 1's" % unexplained)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
