# tests/fuzz/fuzz.mk: the libFuzzer harness for pages (front matter and
# Markdown), built with clang under ASan and UBSan in its own folder,
# build/fuzz/. A fragment of the main Makefile: it uses GEN_SRC, WARN,
# CPPFLAGS and LDLIBS and the build/embed rule, so include it after they are
# set (at the end of the Makefile), or name both files:
#
#	make -f Makefile -f tests/fuzz/fuzz.mk fuzz-smoke
#
# Targets:
#	fuzz-page	build build/fuzz/fuzz-page
#	fuzz-csv	build build/fuzz/fuzz-csv (the self-assessment CSV)
#	fuzz-csv-run	fuzz it for FUZZ_SECONDS on build/fuzz/corpus/csv
#	fuzz-import	build build/fuzz/fuzz-import (the case-system export)
#	fuzz-import-run	fuzz it for FUZZ_SECONDS on build/fuzz/corpus/import
#	fuzz-form	build build/fuzz/fuzz-form (the kiosk's form bodies and
#			cookies)
#	fuzz-form-run	fuzz it for FUZZ_SECONDS on build/fuzz/corpus/form
#	fuzz-bundle	build build/fuzz/fuzz-bundle (kiosk-to-office sync's
#			bundles, sealed records and acknowledgements)
#	fuzz-bundle-run	fuzz it for FUZZ_SECONDS on build/fuzz/corpus/bundle
#	fuzz		fuzz for FUZZ_SECONDS (600) on build/fuzz/corpus/page, a
#			copy of tests/fuzz/corpus/page that keeps what it finds
#	fuzz-smoke	fuzz each harness for 30 s on a fresh copy of its
#			seeds; fails on any crash, leak, undefined behaviour
#			or input slower than FUZZ_TIMEOUT
# Crashes and slow inputs are written to build/fuzz/crashes/. Reproduce one
# with: build/fuzz/fuzz-page build/fuzz/crashes/crash-...

ifndef CANDOUR_FUZZ_MK
CANDOUR_FUZZ_MK := 1

ifndef GEN_SRC
$(error tests/fuzz/fuzz.mk needs GEN_SRC from the main Makefile; include it \
	at the end of the Makefile or run make -f Makefile -f tests/fuzz/fuzz.mk)
endif

# Keep the including Makefile's default goal (or let its next target be it).
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 600
FUZZ_SMOKE_SECONDS ?= 30
# Seconds one input may take, bytes in one input, and more libFuzzer flags
# (say FUZZ_FLAGS='-jobs=4 -workers=4').
FUZZ_TIMEOUT	?= 2
FUZZ_MAX_LEN	?= 65536
FUZZ_FLAGS	?=
FUZZ_DIR	 = build/fuzz
FUZZ_SEEDS	 = tests/fuzz/corpus/page
# -fno-sanitize-recover: any UB aborts, so libFuzzer saves the input.
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
FUZZ_CFLAGS	 = -std=c17 $(WARN) -D_POSIX_C_SOURCE=200809L -O1 -g \
		   $(FUZZ_SAN) -DFUZZ_SITE_DIR='"$(CURDIR)/tests/fuzz/site"'
# The generator minus its main (and the server), instrumented for coverage
# but without libFuzzer's main, which only the final link brings in.
FUZZ_GEN_SRC	 = $(filter-out main.c serve.c serve_http.c,$(GEN_SRC))
FUZZ_OBJ	 = $(FUZZ_GEN_SRC:%.c=$(FUZZ_DIR)/generator/%.o) \
		   $(FUZZ_DIR)/assets.o
FUZZ_ENV	 = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
FUZZ_RUN_FLAGS	 = -timeout=$(FUZZ_TIMEOUT) \
		   -max_len=$(FUZZ_MAX_LEN) \
		   -dict=tests/fuzz/page.dict -print_final_stats=1 \
		   -artifact_prefix=$(FUZZ_DIR)/crashes/ $(FUZZ_FLAGS)

.PHONY: fuzz fuzz-page fuzz-smoke fuzz-smoke-page

fuzz-page: $(FUZZ_DIR)/fuzz-page

$(FUZZ_DIR)/fuzz-page: $(FUZZ_OBJ) $(FUZZ_DIR)/fuzz-page.o
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(FUZZ_DIR)/fuzz-page.o: tests/fuzz/fuzz-page.c generator/*.h \
    tests/fuzz/fuzz.mk | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_DIR)/generator/%.o: generator/%.c generator/*.h tests/fuzz/fuzz.mk \
    | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_DIR)/assets.c: generator/style.css build/embed | $(FUZZ_DIR)/generator
	build/embed asset_style_css generator/style.css > $@.tmp && \
		mv $@.tmp $@

$(FUZZ_DIR)/assets.o: $(FUZZ_DIR)/assets.c generator/assets.h
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_DIR)/generator:
	mkdir -p $@

# New inputs go to build/fuzz/corpus/page; the committed seeds stay small.
fuzz: $(FUZZ_DIR)/fuzz-page
	mkdir -p $(FUZZ_DIR)/corpus/page $(FUZZ_DIR)/crashes
	cp $(FUZZ_SEEDS)/* $(FUZZ_DIR)/corpus/page/
	$(FUZZ_ENV) $(FUZZ_DIR)/fuzz-page $(FUZZ_RUN_FLAGS) \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/page

# Prints one line, "fuzz-smoke: page: N runs in S s, E exec/s, no crash",
# or the end of libFuzzer's report (and the input it saved), and fails.
# Each harness's run is a prerequisite of fuzz-smoke, so make -k -j runs
# them all, side by side, whichever fails.
fuzz-smoke: fuzz-smoke-page

fuzz-smoke-page: $(FUZZ_DIR)/fuzz-page
	@rm -rf $(FUZZ_DIR)/smoke && mkdir -p $(FUZZ_DIR)/smoke/corpus \
		$(FUZZ_DIR)/crashes && cp $(FUZZ_SEEDS)/* $(FUZZ_DIR)/smoke/corpus/
	@if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz-page $(FUZZ_RUN_FLAGS) \
		-max_total_time=$(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_DIR)/smoke/corpus > $(FUZZ_DIR)/smoke/log 2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke/log); \
		secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke/log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' \
			$(FUZZ_DIR)/smoke/log); \
		echo "fuzz-smoke: page: $$runs runs in $$secs s, $$rate exec/s, no crash"; \
	else \
		echo "fuzz-smoke: page: FAILED; full log in $(FUZZ_DIR)/smoke/log"; \
		grep -m 1 'Test unit written to' $(FUZZ_DIR)/smoke/log; \
		grep -m 1 -A 30 -E '^(==[0-9]+==ERROR|.*runtime error:|ALARM|==[0-9]+== ERROR: libFuzzer)' \
			$(FUZZ_DIR)/smoke/log; \
		exit 1; \
	fi

# The self-assessment CSV harness, tests/fuzz/fuzz-csv.c: the same objects,
# its own seeds and dictionary. fuzz-smoke runs it too (first) and prints
# "fuzz-smoke: csv: N runs in S s, E exec/s, no crash".
FUZZ_CSV_SEEDS	 = tests/fuzz/corpus/csv
FUZZ_CSV_FLAGS	 = $(filter-out -dict=%,$(FUZZ_RUN_FLAGS)) \
		   -dict=tests/fuzz/csv.dict

.PHONY: fuzz-csv fuzz-csv-run fuzz-smoke-csv

fuzz-csv: $(FUZZ_DIR)/fuzz-csv

$(FUZZ_DIR)/fuzz-csv: $(FUZZ_OBJ) $(FUZZ_DIR)/fuzz-csv.o
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(FUZZ_DIR)/fuzz-csv.o: tests/fuzz/fuzz-csv.c generator/*.h \
    tests/fuzz/fuzz.mk | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

fuzz-csv-run: $(FUZZ_DIR)/fuzz-csv
	mkdir -p $(FUZZ_DIR)/corpus/csv $(FUZZ_DIR)/crashes
	cp $(FUZZ_CSV_SEEDS)/* $(FUZZ_DIR)/corpus/csv/
	$(FUZZ_ENV) $(FUZZ_DIR)/fuzz-csv $(FUZZ_CSV_FLAGS) \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/csv

fuzz-smoke: fuzz-smoke-csv

fuzz-smoke-csv: $(FUZZ_DIR)/fuzz-csv
	@rm -rf $(FUZZ_DIR)/smoke-csv && mkdir -p $(FUZZ_DIR)/smoke-csv/corpus \
		$(FUZZ_DIR)/crashes && \
		cp $(FUZZ_CSV_SEEDS)/* $(FUZZ_DIR)/smoke-csv/corpus/
	@if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz-csv $(FUZZ_CSV_FLAGS) \
		-max_total_time=$(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_DIR)/smoke-csv/corpus > $(FUZZ_DIR)/smoke-csv/log 2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-csv/log); \
		secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-csv/log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' \
			$(FUZZ_DIR)/smoke-csv/log); \
		echo "fuzz-smoke: csv: $$runs runs in $$secs s, $$rate exec/s, no crash"; \
	else \
		echo "fuzz-smoke: csv: FAILED; full log in $(FUZZ_DIR)/smoke-csv/log"; \
		grep -m 1 'Test unit written to' $(FUZZ_DIR)/smoke-csv/log; \
		grep -m 1 -A 30 -E '^(==[0-9]+==ERROR|.*runtime error:|ALARM|==[0-9]+== ERROR: libFuzzer|fuzz-csv: )' \
			$(FUZZ_DIR)/smoke-csv/log; \
		exit 1; \
	fi

# The case-system export harness, tests/fuzz/fuzz-import.c (logimport and
# the figures of what it accepts). fuzz-smoke runs it too and prints
# "fuzz-smoke: import: N runs in S s, E exec/s, no crash".
FUZZ_IMPORT_SEEDS = tests/fuzz/corpus/import
FUZZ_IMPORT_FLAGS = $(filter-out -dict=%,$(FUZZ_RUN_FLAGS)) \
		   -dict=tests/fuzz/import.dict

.PHONY: fuzz-import fuzz-import-run fuzz-smoke-import

fuzz-import: $(FUZZ_DIR)/fuzz-import

$(FUZZ_DIR)/fuzz-import: $(FUZZ_OBJ) $(FUZZ_DIR)/fuzz-import.o
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS) -lm

$(FUZZ_DIR)/fuzz-import.o: tests/fuzz/fuzz-import.c generator/*.h \
    tests/fuzz/fuzz.mk | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

fuzz-import-run: $(FUZZ_DIR)/fuzz-import
	mkdir -p $(FUZZ_DIR)/corpus/import $(FUZZ_DIR)/crashes
	cp $(FUZZ_IMPORT_SEEDS)/* $(FUZZ_DIR)/corpus/import/
	$(FUZZ_ENV) $(FUZZ_DIR)/fuzz-import $(FUZZ_IMPORT_FLAGS) \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/import

fuzz-smoke: fuzz-smoke-import

fuzz-smoke-import: $(FUZZ_DIR)/fuzz-import
	@rm -rf $(FUZZ_DIR)/smoke-import && mkdir -p \
		$(FUZZ_DIR)/smoke-import/corpus $(FUZZ_DIR)/crashes && \
		cp $(FUZZ_IMPORT_SEEDS)/* $(FUZZ_DIR)/smoke-import/corpus/
	@if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz-import $(FUZZ_IMPORT_FLAGS) \
		-max_total_time=$(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_DIR)/smoke-import/corpus > $(FUZZ_DIR)/smoke-import/log \
		2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-import/log); \
		secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-import/log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' \
			$(FUZZ_DIR)/smoke-import/log); \
		echo "fuzz-smoke: import: $$runs runs in $$secs s, $$rate exec/s, no crash"; \
	else \
		echo "fuzz-smoke: import: FAILED; full log in $(FUZZ_DIR)/smoke-import/log"; \
		grep -m 1 'Test unit written to' $(FUZZ_DIR)/smoke-import/log; \
		grep -m 1 -A 30 -E '^(==[0-9]+==ERROR|.*runtime error:|ALARM|==[0-9]+== ERROR: libFuzzer|fuzz-import: )' \
			$(FUZZ_DIR)/smoke-import/log; \
		exit 1; \
	fi

# The kiosk's form body and cookie harness, tests/fuzz/fuzz-form.c (with
# kiosk/form.c and utf8.c). Prints
# "fuzz-smoke: form: N runs in S s, E exec/s, no crash".
FUZZ_FORM_SEEDS	 = tests/fuzz/corpus/form
FUZZ_FORM_FLAGS	 = $(filter-out -dict=%,$(FUZZ_RUN_FLAGS))
FUZZ_FORM_OBJ	 = $(FUZZ_DIR)/kiosk/form.o $(FUZZ_DIR)/generator/utf8.o \
		   $(FUZZ_DIR)/fuzz-form.o

.PHONY: fuzz-form fuzz-form-run fuzz-smoke-form

fuzz-form: $(FUZZ_DIR)/fuzz-form

$(FUZZ_DIR)/fuzz-form: $(FUZZ_FORM_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(FUZZ_DIR)/fuzz-form.o: tests/fuzz/fuzz-form.c kiosk/*.h generator/*.h \
    tests/fuzz/fuzz.mk | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) -Ikiosk $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/kiosk/form.o: kiosk/form.c kiosk/*.h generator/*.h \
    tests/fuzz/fuzz.mk
	mkdir -p $(FUZZ_DIR)/kiosk
	$(FUZZ_CC) $(CPPFLAGS) -Ikiosk $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

fuzz-form-run: $(FUZZ_DIR)/fuzz-form
	mkdir -p $(FUZZ_DIR)/corpus/form $(FUZZ_DIR)/crashes
	cp $(FUZZ_FORM_SEEDS)/* $(FUZZ_DIR)/corpus/form/
	$(FUZZ_ENV) $(FUZZ_DIR)/fuzz-form $(FUZZ_FORM_FLAGS) \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/form

fuzz-smoke: fuzz-smoke-form

fuzz-smoke-form: $(FUZZ_DIR)/fuzz-form
	@rm -rf $(FUZZ_DIR)/smoke-form && mkdir -p \
		$(FUZZ_DIR)/smoke-form/corpus $(FUZZ_DIR)/crashes && \
		cp $(FUZZ_FORM_SEEDS)/* $(FUZZ_DIR)/smoke-form/corpus/
	@if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz-form $(FUZZ_FORM_FLAGS) \
		-max_total_time=$(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_DIR)/smoke-form/corpus > $(FUZZ_DIR)/smoke-form/log \
		2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-form/log); \
		secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-form/log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' \
			$(FUZZ_DIR)/smoke-form/log); \
		echo "fuzz-smoke: form: $$runs runs in $$secs s, $$rate exec/s, no crash"; \
	else \
		echo "fuzz-smoke: form: FAILED; full log in $(FUZZ_DIR)/smoke-form/log"; \
		grep -m 1 'Test unit written to' $(FUZZ_DIR)/smoke-form/log; \
		grep -m 1 -A 30 -E '^(==[0-9]+==ERROR|.*runtime error:|ALARM|==[0-9]+== ERROR: libFuzzer)' \
			$(FUZZ_DIR)/smoke-form/log; \
		exit 1; \
	fi

# The sync formats harness, tests/fuzz/fuzz-bundle.c (generator/bundle.c
# and keys.c: bundles read as the office reads them, records opened, acks
# read as a kiosk reads them). Its seeds are made by the harness itself
# (see its comment). Prints
# "fuzz-smoke: bundle: N runs in S s, E exec/s, no crash".
FUZZ_BUNDLE_SEEDS = tests/fuzz/corpus/bundle
FUZZ_BUNDLE_FLAGS = $(filter-out -dict=%,$(FUZZ_RUN_FLAGS)) \
		   -dict=tests/fuzz/bundle.dict

.PHONY: fuzz-bundle fuzz-bundle-run fuzz-smoke-bundle

fuzz-bundle: $(FUZZ_DIR)/fuzz-bundle

$(FUZZ_DIR)/fuzz-bundle: $(FUZZ_OBJ) $(FUZZ_DIR)/fuzz-bundle.o
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(FUZZ_DIR)/fuzz-bundle.o: tests/fuzz/fuzz-bundle.c generator/*.h \
    tests/fuzz/fuzz.mk | $(FUZZ_DIR)/generator
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

fuzz-bundle-run: $(FUZZ_DIR)/fuzz-bundle
	mkdir -p $(FUZZ_DIR)/corpus/bundle $(FUZZ_DIR)/crashes
	cp $(FUZZ_BUNDLE_SEEDS)/* $(FUZZ_DIR)/corpus/bundle/
	$(FUZZ_ENV) $(FUZZ_DIR)/fuzz-bundle $(FUZZ_BUNDLE_FLAGS) \
		-max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/bundle

fuzz-smoke: fuzz-smoke-bundle

fuzz-smoke-bundle: $(FUZZ_DIR)/fuzz-bundle
	@rm -rf $(FUZZ_DIR)/smoke-bundle && mkdir -p \
		$(FUZZ_DIR)/smoke-bundle/corpus $(FUZZ_DIR)/crashes && \
		cp $(FUZZ_BUNDLE_SEEDS)/* $(FUZZ_DIR)/smoke-bundle/corpus/
	@if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz-bundle $(FUZZ_BUNDLE_FLAGS) \
		-max_total_time=$(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_DIR)/smoke-bundle/corpus > $(FUZZ_DIR)/smoke-bundle/log \
		2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-bundle/log); \
		secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) .*/\1/p' \
			$(FUZZ_DIR)/smoke-bundle/log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' \
			$(FUZZ_DIR)/smoke-bundle/log); \
		echo "fuzz-smoke: bundle: $$runs runs in $$secs s, $$rate exec/s, no crash"; \
	else \
		echo "fuzz-smoke: bundle: FAILED; full log in $(FUZZ_DIR)/smoke-bundle/log"; \
		grep -m 1 'Test unit written to' $(FUZZ_DIR)/smoke-bundle/log; \
		grep -m 1 -A 30 -E '^(==[0-9]+==ERROR|.*runtime error:|ALARM|==[0-9]+== ERROR: libFuzzer|fuzz-bundle: )' \
			$(FUZZ_DIR)/smoke-bundle/log; \
		exit 1; \
	fi

.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)

endif
