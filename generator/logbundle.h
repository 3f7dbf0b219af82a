/*
 * logbundle: the office side of kiosk-to-office sync (kiosk/BUNDLE.md):
 * `candour log kiosks add|list|retire` and `candour log import BUNDLE...`,
 * which checks each kiosk bundle, opens its sealed records with the
 * office's secret key, adds the new complaints to the log in one
 * transaction per bundle and writes the signed acknowledgement beside it.
 *
 * The commands print their results on stdout and their errors on stderr,
 * and return an exit status of build.h (0, 1 input, 3 environment).
 */
#ifndef CANDOUR_LOGBUNDLE_H
#define CANDOUR_LOGBUNDLE_H

#include <stddef.h>

#include "log.h"

struct complaint_log;

/*
 * A kiosk record's created_at, "YYYY-MM-DDTHH:MMZ" (UTC), as a day number
 * and the minute of that day. Returns 0, or -1 when s[0..n) is not such a
 * time within the years a date may be in (workdays.h).
 */
int	 logbundle_parse_time(const char *s, size_t n, long *day, int *minute);

/*
 * The date in England at minute of UTC day: British Summer Time (UTC+1)
 * runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October; the rest of the year England keeps UTC.
 */
long	 logbundle_england_day(long day, int minute);

/*
 * The log's category for a kiosk category ("neighbours": anti-social
 * behaviour), or -1 for a name the kiosk does not use. The one table of
 * the mapping, documented in kiosk/BUNDLE.md.
 */
int	 logbundle_category(const char *kiosk_category);

/* `candour log kiosks add ID --public-key FILE --label TEXT`. */
int	 logbundle_kiosk_add(struct complaint_log *, const char *id,
	    const char *key_file, const char *label, enum log_tenure);
/* `candour log kiosks list`. */
int	 logbundle_kiosk_list(struct complaint_log *);
/* `candour log kiosks retire ID`. */
int	 logbundle_kiosk_retire(struct complaint_log *, const char *id);

/*
 * `candour log import BUNDLE...`: the office secret key is read from
 * key_file (asking its passphrase once), then each of the n bundles is
 * imported on its own; log_file names the log in messages. Returns 0, 1
 * when any bundle was refused, 3 on an environment error.
 */
int	 logbundle_import(struct complaint_log *, const char *log_file,
	    const char *key_file, char *const bundles[], size_t n);

#endif
