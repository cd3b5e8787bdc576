# SPDX-License-Identifier: GPL-2.0
"""procmemwatch's audit records as kernels before ABI version 1 wrote them,
made into what version 1 writes (security/procmemwatch/audit.c), keeping
what each said and nothing more (convert_v0.py says how). Lines without
lsm=procmemwatch are left as they are: records.py's lines of kernels before
the lsm= field, and forgeries, stay what they were.
"""
import re

ACCESS_OPS = ("proc_mem_open", "proc_kcore_open", "process_vm_readv", "process_vm_writev",
              "ptrace_attach")
VALUE = r'(?:"[^"]*"|\S*)'


def after(text, field, add):
    """text with add inserted after field=VALUE (or at the end)."""
    m = re.search(r"(?<= )%s=%s" % (field, VALUE), text)
    return text[:m.end()] + add + text[m.end():] if m else text + add


def has(text, field):
    return re.search(r"(?<= )%s=" % field, text) is not None


def convert_access(text):
    op = re.search(r"op=(\S+)", text).group(1)
    text = after(text, "exe", " exe_dev=00:00 exe_ino=0")
    if not has(text, "cgroup"):
        text = after(text, "exe_ino", " cgroup=(null)")
    if op != "proc_kcore_open":
        text = after(text, "oexe", " oexe_dev=00:00 oexe_ino=0")
        if not has(text, "ocgroup"):
            text = after(text, "oexe_ino", " ocgroup=(null)")
        if not has(text, "nscross"):
            text = after(text, "ocgroup", " nscross=no")
    if not has(text, "thread"):
        text = after(text, "tracer", " thread=0")
    text = after(text, "thread", " passed=0 traced_exec=0")
    if not has(text, "would_deny"):
        text = after(text, "traced_exec", " would_deny=0")
    res = re.search(r" res=(\d)", text)
    if not has(text, "outcome") and res:
        word, errno = ("opened", 0) if res.group(1) == "1" else ("refused", 13)
        text = text.replace(res.group(0), " outcome=%s errno=%d%s" % (word, errno, res.group(0)))
    if op.startswith("process_vm_"):
        nbytes = re.search(r" bytes=(\d+)", text)
        seq = int(re.search(r" seq=(\d+)", text).group(1))
        if nbytes:
            text = text.replace(nbytes.group(0), "")
            if " outcome=denied" not in text:
                text = text.replace(" seq=", "%s begun_seq=%d seq=" % (nbytes.group(0), seq - 1),
                                    1)
    return text


def convert_self_opens(text):
    f = dict(re.findall(r"(\w+)=(%s)" % VALUE, text))
    return text[:text.index("op=")] + (
        "op=summary uid=%s count=%s self=%s refused=%s failed=%s denied=0 would_deny=0 pid=%s "
        "comm=%s opid=%s ocomm=%s route=mem first_ns=%s last_ns=%s seq=%s res=1"
        % (f["uid"], f["count"], f["count"], f["refused"], f["failed"], f["pid"], f["comm"],
           f["pid"], f["comm"], f["first_ns"], f["last_ns"], f["seq"]))


def convert_audit_line(line):
    """One line of an audit log, or an audit record's text after its header."""
    end = re.search(r"[\x1d\r\n]|$", line).start()
    text, rest = line[:end], line[end:]
    m = re.search(r"(^|: )(lsm=procmemwatch )?op=(\w+)( |$)", text)
    if not m or not (m.group(3) in ACCESS_OPS or m.group(3) == "proc_mem_self_opens"):
        return line
    if not m.group(2):
        return line             # a record before lsm= (convert_v0.py adds it), or a forgery
    if m.group(3) == "proc_mem_self_opens":
        return convert_self_opens(text) + rest
    return convert_access(text) + rest


def convert_audit(text):
    return "".join(convert_audit_line(line) for line in text.splitlines(True))


