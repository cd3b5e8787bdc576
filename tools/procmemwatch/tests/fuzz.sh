#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Builds the reader's libFuzzer targets with ASan and UBSan and runs each
# for SECONDS (default 20) from the captured samples. Exits non-zero on a
# crash, a leak, undefined behaviour or a hang. The samples are of ABI
# version 1: the captures and logs of kernels before it were converted by
# convert_v0.py. seed-records.bin holds one record of each type (access,
# lost, dropped, config with a 16-byte string without a NUL, a summary of
# several users with such a command name), then enforce mode's (a denied
# access, a would_deny one, a policy change). seed-routes.bin holds an
# access of each route of its time, one of a route this reader does not
# know and a dropped record; seed-audit-routes.log a line of each route's
# audit record. seed-containers.bin holds accesses with both sides'
# contexts (a hostile cgroup path, one cut to its tail, a kcore access);
# seed-audit-containers.log audit lines with cgroup=, ocgroup= and
# nscross= (quoted, hex, (null), a word not known). The expected outputs'
# inputs are seeds too: v1-*.bin (begun calls, summaries, the new routes)
# and audit-v1.log. The audit target also reads each line as a journalctl
# -o json entry: the expected outputs' journal-*.json inputs are its seeds.
# Usage: fuzz.sh OUTDIR [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
secs=${2:-20}
mkdir -p "$out/corpus-record" "$out/corpus-audit"
cp "$here"/events*.bin "$here"/seed-*.bin "$here"/expected/input/v1-*.bin "$out/corpus-record/"
cp "$here"/audit-*.log "$here"/seed-*.log "$here"/expected/input/journal-*.json \
	"$here"/expected/input/audit-v1.log "$out/corpus-audit/"
for t in record audit; do
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-D_GNU_SOURCE -I "$here/../../../include/uapi" -o "$out/fuzz_$t" \
		"$here/fuzz_$t.c" "$here/../record.c" "$here/../audit.c" "$here/../journal.c" \
		"$here/../output.c" \
		"$here/../human.c" "$here/../ecs.c" "$here/../ocsf.c" "$here/../tracee.c" \
		"$here/../json.c" "$here/../json_fields.c" "$here/../words.c" "$here/../verdict.c" \
		"$here/../route.c" "$here/../finding.c" "$here/../flags.c" "$here/../text.c" \
		"$here/../timestamp.c" "$here/../user.c" "$here/../container.c"
	"$out/fuzz_$t" -max_total_time="$secs" -timeout=5 -seed=1 \
		-artifact_prefix="$out/crash-$t-" "$out/corpus-$t" 2>"$out/fuzz_$t.log" ||
		{ tail -n 30 "$out/fuzz_$t.log"; echo "fuzz_$t: failed"; exit 1; }
	echo "fuzz_$t: $(grep -o 'Done [0-9]* runs' "$out/fuzz_$t.log")"
done
