/*
 * sync: the kiosk's side of taking complaints to the office
 * (kiosk/BUNDLE.md): its own signing keys, exporting the waiting
 * complaints as one signed bundle to a folder (a USB stick), and reading
 * the office's signed acknowledgements so delivered complaints can be
 * pruned. Each returns the program's exit status: 0 done, 1 bad input
 * (a file or setting; the message says which and what to do), 3 the disk
 * or permissions.
 */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

struct kiosk_config;

/* Records in one bundle at most: a bigger export leaves the rest for the
 * next one. Far below BUNDLE_MAX_RECORDS so one export stays quick. */
#define SYNC_EXPORT_MAX	100000

/* Make the kiosk's Ed25519 pair as dir/kiosk.pub and dir/kiosk.key. */
int	 sync_keys(const struct kiosk_config *, const char *config_path,
	    const char *dir);

/* Write the waiting complaints (with all: and those delivered but still
 * kept) to dir as one bundle, read it back and compare. */
int	 sync_export(const struct kiosk_config *, const char *dir, int all);

/* Read each acknowledgement file and mark what it names delivered. */
int	 sync_ack(const struct kiosk_config *, char *const files[], int n);

#endif
