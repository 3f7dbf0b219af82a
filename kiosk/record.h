/*
 * record: the complaint record sealed into the outbox. It is UTF-8 JSON,
 *
 *	{"format":"candour-kiosk-record","form_version":1,
 *	 "submission_id":"<uuid>","reference":"K03-0142","kiosk":"K03",
 *	 "scheme":"HH01","created_at":"2025-11-23T18:04Z","language":"en",
 *	 "easy_read":false,"category":"repairs","happened":"...",
 *	 "put_right":"...","danger":"no",
 *	 "contact":{"method":"room","name":"...","room":"..."},
 *	 "help":["advocate"],"help_details":"..."}
 *
 * ("contact" has only the members its method uses; "help" is [] for none),
 * padded with sodium_pad to a multiple of BUNDLE_RECORD_PAD bytes
 * (bundle.h) so the sealed size says little about the length of the
 * answers, then sealed with
 * crypto_box_seal to the X25519 form of the office public key. The
 * plaintext exists only in locked memory, zeroed before it is freed.
 */
#ifndef KIOSK_RECORD_H
#define KIOSK_RECORD_H

#include <stddef.h>

#define RECORD_FORM_VERSION	1

struct kiosk_config;
struct session;

/*
 * Seal s's answers as the record with this reference and time. Sets *blob
 * (malloc'd; the caller frees it) and *len. Returns 0, or -1.
 */
int	 record_seal(const struct kiosk_config *, const struct session *s,
	    const char *reference, const char *created_at,
	    unsigned char **blob, size_t *len);

#endif
