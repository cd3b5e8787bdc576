# procmemwatch: every command a user or CI needs. See README.
#   KSRC=/path/to/linux     use that kernel tree instead of Debian's 6.12
#   KCONFIG_EXTRA=FILE      merge a further config fragment (debug options)

.PHONY: all demo check stress shell bench kernel guest patches reader deps clean

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

stress: deps
	scripts/stress

bench: deps
	BENCH_BPF=$${BENCH_BPF:-1} scripts/bench/run

shell: deps
	scripts/vm-run --interactive

patches: deps
	scripts/make-patches

reader:
	$(MAKE) -C tools/procmemwatch

clean:
	rm -rf build
	$(MAKE) -C tools/procmemwatch clean
