/*
 * fuzz-form: a libFuzzer harness for the kiosk's edge, kiosk/form.c: the
 * form body parser and the Cookie header parser, and every field's
 * validator on what they yield.
 *
 * Each input is a form body (application/x-www-form-urlencoded, as a
 * browser or anything else on the machine might post it). It goes through
 * form_parse; each decoded value is then given to form_set for the field of
 * the same name (and, so every validator sees every value, to the field
 * the value's length picks); and the whole input, cut at its first NUL, is
 * read as a Cookie header by form_cookie. A stored answer must always be
 * NUL-terminated, valid UTF-8 and within its field's size.
 *
 * Build and run: make -f Makefile -f tests/fuzz/fuzz.mk fuzz-form-run (or
 * fuzz-smoke).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "utf8.h"

/* Abort (so libFuzzer keeps the input) if an answer breaks its contract. */
static void
check_answers(const struct answers *a)
{
	const char	*v;
	size_t		 i, n;

	for (i = 0; i < FIELD__MAX; i++) {
		v = form_get(a, (enum field)i);
		n = strnlen(v, form_fields[i].size);
		if (n >= form_fields[i].size || utf8_check(v, n) != n)
			abort();
	}
}

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct answers	 a;
	struct form		 f;
	struct field_error	 err;
	char			 token[FORM_TOKEN_LEN + 1], *header;
	size_t			 i, j;

	memset(&a, 0, sizeof(a));
	if (form_parse(&f, (const char *)data, size) == 0) {
		for (i = 0; i < f.n; i++) {
			for (j = 0; j < FIELD__MAX; j++)
				if (strcmp(form_fields[j].name, f.pair[i].name) ==
				    0)
					(void)form_set(&a, (enum field)j,
					    f.pair[i].value, f.pair[i].len, &err);
			(void)form_set(&a, (enum field)(f.pair[i].len %
			    FIELD__MAX), f.pair[i].value, f.pair[i].len, &err);
		}
		check_answers(&a);
	}
	form_free(&f);
	if ((header = malloc(size + 1)) == NULL)
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	if (form_cookie(header, token) && strlen(token) != FORM_TOKEN_LEN)
		abort();
	free(header);
	return 0;
}
