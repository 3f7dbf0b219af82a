/*
 * keycmd: `candour keys office --out DIR`, which makes the office's key
 * pair for kiosk sync (kiosk/BUNDLE.md, "Keys"): DIR/office.pub for the
 * kiosks and DIR/office.key, the secret, under a passphrase.
 */
#ifndef CANDOUR_KEYCMD_H
#define CANDOUR_KEYCMD_H

/*
 * Run `candour keys ...`; argv[0] is "keys". Returns an exit status of
 * build.h (0, 1 input, 2 usage, 3 environment).
 */
int	 keycmd_run(int argc, char *argv[]);

#endif
