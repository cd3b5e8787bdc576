// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: what an access is in MITRE ATT&CK terms
 *
 * Each access to another process's memory, whatever its outcome (an
 * attempt is the technique too), is classified by its route and access:
 *
 *   mem, read only     TA0006 Credential Access, T1003.007 Proc Filesystem
 *   mem, with write    TA0004 Privilege Escalation, T1055.009 Proc Memory
 *   process_vm_readv   TA0006 Credential Access, T1003 OS Credential Dumping
 *   process_vm_writev  TA0004 Privilege Escalation, T1055 Process Injection
 *   ptrace_attach      TA0004 Privilege Escalation, T1055.008 Ptrace System Calls
 *   kcore              TA0004 Privilege Escalation, T1611 Escape to Host
 *   environ            TA0006 Credential Access, T1552 Unsecured Credentials
 *   perf_sample        TA0006 Credential Access, T1003 OS Credential Dumping
 *   core_dump          TA0006 Credential Access, T1003 OS Credential Dumping
 *
 * ATT&CK lists Process Injection under Defense Evasion too; one tactic is
 * given per finding, and for T1055 it is Privilege Escalation, the tactic
 * of T1611 as well. kcore follows Tracee's proc_kcore_read. A process's
 * access to its own memory (PMW_INFO_SELF) is no finding, nor is an
 * access that neither reads nor writes, nor one by a route this reader
 * does not know.
 *
 * Each finding also names the Tracee signature (v0.24) that reports the
 * same thing, for the tracee format: Tracee has none for process_vm_readv,
 * environ, perf_sample or core_dump, which get an event name in Tracee's
 * style and procmemwatch's rule id. A traced exec (ptrace_attach, the
 * tracer as the opener) and an access through a passed descriptor are the
 * finding of their route.
 * The names below are an interface, listed in procmemwatch.1.
 */

#include <linux/procmemwatch.h>

#include "finding.h"

#define CREDENTIAL_ACCESS	{ "TA0006", "Credential Access" }
#define PRIVILEGE_ESCALATION	{ "TA0004", "Privilege Escalation" }
#define CREDENTIAL_DUMPING	{ "T1003", "OS Credential Dumping" }
#define PROCESS_INJECTION	{ "T1055", "Process Injection" }
#define NONE			{ NULL, NULL }

enum finding_kind {
	F_MEM_READ, F_MEM_WRITE, F_VM_READ, F_VM_WRITE, F_PTRACE, F_KCORE, F_ENVIRON,
	F_PERF_SAMPLE, F_CORE_DUMP,
};

static const struct pmw_finding findings[] = {
	[F_MEM_READ] = {
		"PMW-1001", "Process memory read through procfs",
		CREDENTIAL_ACCESS, CREDENTIAL_DUMPING, { "T1003.007", "Proc Filesystem" },
		"proc_mem_access", "TRC-1023", "Process memory access detected",
		"credential-access", 3, "attack-pattern--3120b9fa-23b8-4500-ae73-09494f607b7d",
		"Another process's memory was opened for reading through its /proc mem file.",
		"security_file_open",
	},
	[F_MEM_WRITE] = {
		"PMW-1002", "Process memory write through procfs",
		PRIVILEGE_ESCALATION, PROCESS_INJECTION, { "T1055.009", "Proc Memory" },
		"proc_mem_code_injection", "TRC-1024",
		"Code injection detected through /proc/<pid>/mem file",
		"defense-evasion", 3, "attack-pattern--d201d4cc-214d-4a74-a1ba-b3fa09fd4591",
		"Another process's memory was opened for writing through its /proc mem file.",
		"security_file_open",
	},
	[F_VM_READ] = {
		"PMW-1003", "Process memory read with process_vm_readv",
		CREDENTIAL_ACCESS, CREDENTIAL_DUMPING, NONE,
		"process_vm_read_access", "PMW-1003",
		"Process memory access detected using process_vm_readv syscall",
		"credential-access", 3, "attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22",
		"Another process's memory was read with process_vm_readv(2).",
		"process_vm_readv",
	},
	[F_VM_WRITE] = {
		"PMW-1004", "Process memory write with process_vm_writev",
		PRIVILEGE_ESCALATION, PROCESS_INJECTION, NONE,
		"process_vm_write_inject", "TRC-1025",
		"Code injection detected using process_vm_writev syscall",
		"defense-evasion", 3, "attack-pattern--43e7dc91-05b2-474c-b9ac-2ed4fe101f4d",
		"Another process's memory was written with process_vm_writev(2).",
		"process_vm_writev",
	},
	[F_PTRACE] = {
		"PMW-1005", "Ptrace attach to another process",
		PRIVILEGE_ESCALATION, PROCESS_INJECTION, { "T1055.008", "Ptrace System Calls" },
		"ptrace_code_injection", "TRC-103", "Code injection detected using ptrace",
		"defense-evasion", 3, "attack-pattern--ea016b56-ae0e-47fe-967a-cc0ad51af67f",
		"A process attached to another with ptrace(2), which lets it read and write "
		"the other's memory and registers.",
		"ptrace",
	},
	[F_KCORE] = {
		"PMW-1006", "Kernel memory read through /proc/kcore",
		PRIVILEGE_ESCALATION, { "T1611", "Escape to Host" }, NONE,
		"proc_kcore_read", "TRC-1021", "Kcore memory file read",
		"privilege-escalation", 2, "attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665",
		"/proc/kcore, the memory of the whole system, was opened.",
		"security_file_open",
	},
	[F_ENVIRON] = {
		"PMW-1007", "Process environment read through procfs",
		CREDENTIAL_ACCESS, { "T1552", "Unsecured Credentials" }, NONE,
		"proc_environ_read", "PMW-1007",
		"Process environment read detected through /proc/<pid>/environ file",
		"credential-access", 3, "attack-pattern--435dfb86-2697-4867-85b5-2fef496c0517",
		"Another process's environment, where secrets are often passed, was read through "
		"its /proc environ file.",
		"security_file_open",
	},
	[F_PERF_SAMPLE] = {
		"PMW-1008", "Process stack or registers sampled with perf_event_open",
		CREDENTIAL_ACCESS, CREDENTIAL_DUMPING, NONE,
		"perf_sample_access", "PMW-1008",
		"Process memory access detected using perf_event_open sampling",
		"credential-access", 3, "attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22",
		"Another process's user stack or registers were sampled with perf_event_open(2).",
		"perf_event_open",
	},
	[F_CORE_DUMP] = {
		"PMW-1009", "Process made to dump its memory to a core file",
		CREDENTIAL_ACCESS, CREDENTIAL_DUMPING, NONE,
		"core_dump_access", "PMW-1009",
		"Process memory dump detected using a core-dumping signal or RLIMIT_CORE",
		"credential-access", 3, "attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22",
		"Another process was made to dump its memory to a core file, with a signal or "
		"by raising its RLIMIT_CORE.",
		"kill",
	},
};

const struct pmw_finding *pmw_finding_of(const struct pmw_event *ev)
{
	uint32_t rw = ev->access & (PMW_ACCESS_READ | PMW_ACCESS_WRITE);

	if (ev->kind != PMW_EV_ACCESS || (ev->info & PMW_INFO_SELF) || !rw)
		return NULL;
	switch (ev->route) {
	case PMW_ROUTE_MEM:
		return &findings[rw & PMW_ACCESS_WRITE ? F_MEM_WRITE : F_MEM_READ];
	case PMW_ROUTE_PROCESS_VM_READV:
		return &findings[F_VM_READ];
	case PMW_ROUTE_PROCESS_VM_WRITEV:
		return &findings[F_VM_WRITE];
	case PMW_ROUTE_PTRACE_ATTACH:
		return &findings[F_PTRACE];
	case PMW_ROUTE_KCORE:
		return &findings[F_KCORE];
	case PMW_ROUTE_ENVIRON:
		return &findings[F_ENVIRON];
	case PMW_ROUTE_PERF_SAMPLE:
		return &findings[F_PERF_SAMPLE];
	case PMW_ROUTE_CORE_DUMP:
		return &findings[F_CORE_DUMP];
	default:
		return NULL;
	}
}
