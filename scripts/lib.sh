# shellcheck shell=bash
# Shared by the scripts: where things are, and how to say what went wrong.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
DEBIAN_SRC_TAR=/usr/src/linux-source-6.12.tar.xz
JOBS=$(nproc)

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

note() {
	echo "${0##*/}: $*" >&2
}

# The kernel tree the patch set goes into: KSRC, or Debian's 6.12 unpacked
# under build/.
kernel_tree() {
	if [ -n "${KSRC:-}" ]; then
		(cd "$KSRC" 2>/dev/null && pwd) || die "KSRC=$KSRC: no such directory"
	else
		echo "$BUILD/linux-source-6.12"
	fi
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
