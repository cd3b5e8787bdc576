# procmemwatch: every command a user or CI needs. See README.
#   PMW_BASE=6.12           build, boot and test that base of series/bases
#                           instead of the primary (7.3)
#   KSRC=/path/to/linux     use that kernel tree instead: the series that
#                           applies to it is put on it
#   KCONFIG_EXTRA=FILE      merge a further config fragment (debug options)

.PHONY: all demo check check-all stress shell bench kernel guest patches reader deps clean

all: kernel guest

deps:
	scripts/install-deps

kernel: deps
	scripts/build-kernel

guest: kernel
	scripts/build-guest

demo: deps
	scripts/demo

check: deps
	scripts/check

check-all: deps
	scripts/check --all

stress: deps
	scripts/stress

bench: deps
	BENCH_BPF=$${BENCH_BPF:-1} scripts/bench/run

shell: deps
	scripts/vm-run --interactive

patches:
	scripts/make-patches

reader:
	$(MAKE) -C tools/procmemwatch

clean:
	rm -rf build
	$(MAKE) -C tools/procmemwatch clean
