# candour: a plain Makefile. `make` builds both programs; `make check` runs
# every test; `make SANITIZE=1` builds with ASan and UBSan.

PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man

CC	?= cc
PKGS	 = libcmark-gfm yaml-0.1 sqlite3 libmicrohttpd libsodium
WARN	 = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	   -Wwrite-strings -Wshadow
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c17 $(WARN) -D_POSIX_C_SOURCE=200809L -pthread
LDFLAGS	+= -pthread
CPPFLAGS += $(shell pkg-config --cflags $(PKGS)) -Igenerator -Ibuild
LDLIBS	+= -lcmark-gfm-extensions $(shell pkg-config --libs $(PKGS)) -lcsv -lm

ifeq ($(SANITIZE),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
LDFLAGS	+= -fsanitize=address,undefined
BUILD	 = build/asan
else
BUILD	 = build/release
endif

GEN_SRC	 = buf.c sink.c html.c diag.c utf8.c fsutil.c yamldoc.c config.c \
	   frontmatter.c site.c pageindex.c generators.c listing.c links.c strmap.c markdown.c layout.c build.c output.c manifest.c serve.c serve_http.c \
	   csvread.c celltext.c selfassess.c selfassess_cells.c selfassess_form.c \
	   selfassess_html.c \
	   workdays.c log.c logimport.c logcmd.c figures.c figures_inputs.c \
	   figures_html.c figures_method.c figures_site.c report.c \
	   keys.c bundle.c
# Kiosk sync, the office side: `candour keys`, `candour log kiosks|import`.
GEN_SRC	+= logbundle.c keycmd.c
GEN_OBJ	 = $(GEN_SRC:%.c=$(BUILD)/generator/%.o) $(BUILD)/assets.o
CANDOUR	 = $(BUILD)/candour

DEPS_DEB = build-essential pkg-config clang libclang-rt-14-dev \
	   libcmark-gfm-dev libcmark-gfm-extensions-dev libcsv-dev \
	   libyaml-dev libsqlite3-dev sqlite3 libmicrohttpd-dev libsodium-dev \
	   mandoc valgrind chromium curl
# Commands the tests need, with the Debian package to install when missing
# (a machine may have Java or Node.js from elsewhere).
DEPS_CMD = java:default-jre-headless node:nodejs npm:npm

.PHONY: all deps site check test fuzz clean install regen bench unit

all: candour candour-kiosk

candour: $(CANDOUR)
	cp $(CANDOUR) candour.tmp && mv -f candour.tmp candour

$(CANDOUR): $(GEN_OBJ) $(BUILD)/generator/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/generator/%.o: generator/%.c generator/*.h | $(BUILD)/generator
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/assets.c: generator/style.css build/embed | $(BUILD)/generator
	build/embed asset_style_css generator/style.css > $@.tmp && mv $@.tmp $@

$(BUILD)/assets.o: $(BUILD)/assets.c generator/assets.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/embed: tools/embed.c | build
	$(CC) -O2 -o $@ tools/embed.c

$(BUILD)/generator build:
	mkdir -p $@

# Install the Debian packages that are missing; a no-op when all are there.
deps:
	@missing=$$(for p in $(DEPS_DEB); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done; \
		for c in $(DEPS_CMD); do \
		command -v $${c%%:*} >/dev/null || echo $${c#*:}; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
			--no-install-recommends $$missing; \
	fi

site: deps
	$(MAKE) candour
	$(MAKE) var/complaints.db
	./candour build --content content --out site

# The demo's complaint log, made afresh from its case-system export (the
# log setting in content/site.yaml), in a new file swapped in when whole.
var/complaints.db: content/log/case-system-export.csv content/holidays.csv \
    candour
	rm -f $@.new $@.new-journal
	./candour log import-csv --log $@.new \
		content/log/case-system-export.csv
	mv -f $@.new $@

# Every test; the last line printed is "N passed, N failed".
check: deps
	$(MAKE) all unit
	tests/run-all

clean:
	rm -rf build candour site .site.lock

install: candour
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 candour $(DESTDIR)$(BINDIR)/candour
	install -m 644 man/candour.1 $(DESTDIR)$(MANDIR)/man1/candour.1

# Tests
UNIT	 = $(BUILD)/tests/unit

$(UNIT): tests/unit/unit.c $(GEN_OBJ) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit/unit.c \
		$(GEN_OBJ) $(LDLIBS)

$(BUILD)/tests:
	mkdir -p $@

# The complaint log, working days and figures (tests/unit/figures.c).
UNIT_FIGURES = $(BUILD)/tests/figures

$(UNIT_FIGURES): tests/unit/figures.c $(GEN_OBJ) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit/figures.c \
		$(GEN_OBJ) $(LDLIBS)

# Kiosk-to-office sync's key files, bundles and acks (tests/unit/sync.c).
UNIT_SYNC = $(BUILD)/tests/sync

$(UNIT_SYNC): tests/unit/sync.c $(GEN_OBJ) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit/sync.c \
		$(GEN_OBJ) $(LDLIBS)

unit: $(UNIT) $(UNIT_FIGURES) $(UNIT_SYNC)

# Kiosk sync, the office side (tests/sync/make-bundle.c): makes kiosk keys
# and bundles and reads acknowledgements through bundle.h, and holds the
# unit tests of logbundle.h. Tests only.
MAKE_BUNDLE = $(BUILD)/tests/make-bundle

.PHONY: sync-test-tools
sync-test-tools: $(MAKE_BUNDLE)
check: sync-test-tools

$(MAKE_BUNDLE): tests/sync/make-bundle.c $(GEN_OBJ) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/sync/make-bundle.c \
		$(GEN_OBJ) $(LDLIBS)

# Rewrite the golden tests' expected output; read the diff before committing.
regen: candour
	REGEN=1 tests/suites/20-golden

include bench/bench.mk
include kiosk/kiosk.mk
include tests/fuzz/fuzz.mk
