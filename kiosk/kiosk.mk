# kiosk/kiosk.mk: builds candour-kiosk. A fragment of the main Makefile,
# included after PKGS, WARN, CFLAGS, CPPFLAGS, LDLIBS and BUILD are set, so
# `make SANITIZE=1` builds it under ASan and UBSan too (build/asan/).
#
# Targets:
#	candour-kiosk		the program, copied to ./candour-kiosk
#	kiosk-test-tools	build/*/tests/office-key, the test helper that
#				stands in for the office: key pair, opening
#				records and bundles, writing acknowledgements
#				(tests only: a kiosk never holds the secret key)

KIOSK_SRC	 = main.c config.c i18n.c form.c session.c record.c outbox.c \
		   sync.c pages.c screens.c journey.c http.c
# The buffer, escaping writer and YAML reader are candour's own, and so
# are the key files and the bundle and acknowledgement formats.
KIOSK_SHARED	 = buf.c html.c diag.c utf8.c fsutil.c yamldoc.c keys.c \
		   bundle.c
KIOSK_OBJ	 = $(KIOSK_SRC:%.c=$(BUILD)/kiosk/%.o) \
		   $(KIOSK_SHARED:%.c=$(BUILD)/generator/%.o) \
		   $(BUILD)/kiosk/assets.o
KIOSK		 = $(BUILD)/candour-kiosk
KIOSK_ASSETS	 = kiosk/static/kiosk.css kiosk/static/kiosk.js \
		   $(sort $(wildcard kiosk/static/pic/*.svg)) \
		   kiosk/i18n/en.yaml kiosk/i18n/cy.yaml
OFFICE_KEY	 = $(BUILD)/tests/office-key

.PHONY: kiosk-test-tools install-kiosk clean-kiosk

check: candour-kiosk kiosk-test-tools
install: install-kiosk
clean: clean-kiosk

candour-kiosk: $(KIOSK)
	cp $(KIOSK) candour-kiosk.tmp && mv -f candour-kiosk.tmp candour-kiosk

$(KIOSK): $(KIOSK_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/kiosk/%.o: kiosk/%.c kiosk/*.h generator/*.h | $(BUILD)/kiosk
	$(CC) $(CPPFLAGS) -Ikiosk $(CFLAGS) -c -o $@ $<

# Every asset as NAME[] and NAME_len, then the table kiosk_assets[] of
# their paths under kiosk/.
$(BUILD)/kiosk/assets.c: $(KIOSK_ASSETS) build/embed kiosk/kiosk.mk \
    | $(BUILD)/kiosk
	{ i=0; for f in $(KIOSK_ASSETS); do \
		build/embed kiosk_asset_$$i $$f || exit 1; i=$$((i + 1)); \
	done; \
	echo '#include "kiosk_assets.h"'; \
	echo 'const struct kiosk_asset kiosk_assets[] = {'; \
	i=0; for f in $(KIOSK_ASSETS); do \
		echo "	{ \"$${f#kiosk/}\", kiosk_asset_$$i, &kiosk_asset_$${i}_len },"; \
		i=$$((i + 1)); \
	done; \
	echo '	{ NULL, NULL, NULL }'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/kiosk/assets.o: $(BUILD)/kiosk/assets.c kiosk/kiosk_assets.h
	$(CC) $(CPPFLAGS) -Ikiosk $(CFLAGS) -c -o $@ $<

$(BUILD)/kiosk:
	mkdir -p $@

kiosk-test-tools: $(OFFICE_KEY)

OFFICE_KEY_OBJ	 = $(addprefix $(BUILD)/generator/,keys.o bundle.o buf.o \
		   fsutil.o diag.o)

$(OFFICE_KEY): tests/kiosk/office-key.c $(OFFICE_KEY_OBJ) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(OFFICE_KEY_OBJ) \
	    $(LDLIBS)

install-kiosk: candour-kiosk
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 candour-kiosk $(DESTDIR)$(BINDIR)/candour-kiosk
	install -m 644 man/candour-kiosk.1 \
		$(DESTDIR)$(MANDIR)/man1/candour-kiosk.1

clean-kiosk:
	rm -f candour-kiosk candour-kiosk.tmp
