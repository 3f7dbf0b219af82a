# make bench: the measurements of DESIGN.md section 9 (bench/run says how).
# Never part of make check. Installs hugo, hyperfine and GNU time if missing,
# builds candour with release flags into build/bench/ (leaving ./candour and
# build/release/ alone), and writes bench/RESULTS.md. Needs ../shared/bench/.

BENCH_DEB	 = hugo hyperfine time python3
BENCH_CFLAGS	 = -O2 -DNDEBUG
BENCH_BUILD	 = build/bench

.PHONY: bench bench-deps

bench-deps: deps
	@missing=$$(for p in $(BENCH_DEB); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
			--no-install-recommends $$missing; \
	fi

bench: bench-deps
	CFLAGS='$(BENCH_CFLAGS)' $(MAKE) SANITIZE=0 BUILD=$(BENCH_BUILD) \
		$(BENCH_BUILD)/candour
	BENCH_CFLAGS='$(BENCH_CFLAGS)' bench/run $(BENCH_BUILD)/candour
