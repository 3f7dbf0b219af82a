/*
 * config: kiosk.yaml, the settings of one kiosk, read and checked once at
 * start-up; every problem is reported as "kiosk.yaml:LINE:COL: what; how".
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdio.h>

#include <sodium.h>

#include "i18n.h"
#include "keys.h"

#define CONFIG_CONTACTS_MAX	8	/* urgent contacts shown at most */

struct contact {
	char	*name;			/* who: "Night staff" */
	char	*phone;			/* the number as it should be shown */
	char	*when;			/* "Every night, 10pm to 8am"; may be NULL */
};

struct kiosk_config {
	char		*kiosk_id;	/* "K03": capital letter, then capitals or digits */
	char		*scheme_code;	/* the property or service code, "HH01" */
	char		*scheme_name;	/* "Harbour House" */
	struct contact	 contacts[CONFIG_CONTACTS_MAX];
	size_t		 ncontacts;
	enum lang	 langs[LANG__MAX];	/* offered, the first is the default */
	size_t		 nlangs;
	unsigned	 idle_s;	/* seconds without a touch before the warning */
	unsigned	 warning_s;	/* seconds the warning shows before clearing */
	char		*office_key;	/* path of the office public key file */
	struct public_key office;	/* its Ed25519 key: checks acks */
	unsigned char	 office_box[crypto_box_PUBLICKEYBYTES];	/* its X25519
					 * form: records are sealed to it */
	char		 key_id[KEY_ID_HEX];	/* 16 hex digits naming it */
	char		*signing_key;	/* path of this kiosk's secret key */
	char		*outbox;	/* path of the outbox database */
	long long	 outbox_max_bytes;	/* 0: no limit but the disk's */
	unsigned short	 port;		/* on 127.0.0.1 */
	char		*ombudsman_name, *ombudsman_phone, *ombudsman_website,
			*ombudsman_email;
};

/*
 * Read the file path into c. Relative paths in it (office_key, outbox,
 * signing_key) are taken from the file's folder. Returns 0, or -1 after reporting every
 * problem to errors. kiosk_config_free frees in both cases.
 */
int	 kiosk_config_read(struct kiosk_config *, const char *path,
	    FILE *errors);
void	 kiosk_config_free(struct kiosk_config *);

#endif
