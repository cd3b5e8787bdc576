# shellcheck shell=bash
# Shared by the scripts: where things are, and how to say what went wrong.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
JOBS=$(nproc)

# The kernels the series is kept for (series/bases): the primary, which
# the patches are written against, first; PMW_BASE picks one (default:
# the primary).
PRIMARY_BASE=$(awk '!/^#/ && NF { print $1; exit }' "$REPO/series/bases")
PMW_BASE=${PMW_BASE:-$PRIMARY_BASE}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

note() {
	echo "${0##*/}: $*" >&2
}

# The kernel tree the patch set goes into: KSRC, or the git tree of the
# base PMW_BASE under build/src/ (scripts/kernel-source makes it).
kernel_tree() {
	if [ -n "${KSRC:-}" ]; then
		(cd "$KSRC" 2>/dev/null && pwd) || die "KSRC=$KSRC: no such directory"
	else
		base_known "$PMW_BASE" || die "PMW_BASE=$PMW_BASE: not a base of series/bases"
		echo "$BUILD/src/$PMW_BASE"
	fi
}

# Whether a name is a base of series/bases.
base_known() {
	awk -v b="$1" '!/^#/ && $1 == b { found = 1 } END { exit !found }' "$REPO/series/bases"
}

# A short name for a file's or a string's content.
short_hash() {
	sha256sum | cut -c1-12
}

# The config fragments in effect: the repository's, then KCONFIG_EXTRA.
config_fragments() {
	echo "$REPO/Kconfig"
	if [ -n "${KCONFIG_EXTRA:-}" ]; then
		[ -f "$KCONFIG_EXTRA" ] || die "KCONFIG_EXTRA=$KCONFIG_EXTRA: no such file"
		(cd "$(dirname "$KCONFIG_EXTRA")" && echo "$(pwd)/$(basename "$KCONFIG_EXTRA")")
	fi
}

# The output folder of the kernel build: one per tree and config.
kernel_out() {
	local id
	id=$( { kernel_tree; config_fragments | xargs cat; } | short_hash)
	echo "$BUILD/kernel-$id"
}
