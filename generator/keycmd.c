#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "buf.h"
#include "build.h"
#include "fsutil.h"
#include "keycmd.h"
#include "keys.h"

static const char usage_text[] =
    "usage: candour keys office --out DIR\n";

static const char help_text[] =
    "Make the office's key pair for kiosk sync, in the folder DIR (made if\n"
    "missing):\n"
    "\n"
    "  DIR/office.pub  the public key: copy it to every kiosk (its\n"
    "                  office_key setting); kiosks seal complaints to it\n"
    "  DIR/office.key  the secret key, encrypted under a passphrase: it\n"
    "                  stays on this computer (site.yaml's office_key,\n"
    "                  default var/keys/office.key) and opens the\n"
    "                  complaints 'candour log import' reads\n"
    "\n"
    "The passphrase (at least 12 characters) is asked twice on the\n"
    "terminal, or taken from the CANDOUR_PASSPHRASE environment variable;\n"
    "never on the command line. Existing keys are never overwritten.\n"
    "The fingerprint printed is what each kiosk shows for the office key.\n"
    "\n"
    "Exit status: 0 done, 1 wrong input, 2 wrong command line, 3 disk or\n"
    "permissions. See candour(1).\n";

/* Does path exist (as anything)? */
static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0 || errno != ENOENT;
}

static int
make_office(const char *dir)
{
	struct secret_key sk;
	struct public_key pk;
	struct buf	 pub = BUF_INIT, sec = BUF_INIT, why = BUF_INIT;
	struct stat	 st;
	char		*pass = NULL, fp[KEY_FP_LEN];
	int		 rc = EXIT_INPUT;

	memset(&sk, 0, sizeof(sk));
	buf_printf(&pub, "%s/office.pub", dir);
	buf_printf(&sec, "%s/office.key", dir);
	if (pub.err || sec.err) {
		rc = EXIT_ENV;
		goto out;
	}
	/* Both are checked before anything is asked or written. */
	if (exists(buf_str(&pub)) || exists(buf_str(&sec))) {
		fprintf(stderr, "candour keys: %s already holds an office key "
		    "(office.pub or office.key); keys are never overwritten: "
		    "a new key means every kiosk needs the new office.pub. "
		    "Name another folder with --out, or move the old keys "
		    "away first\n", dir);
		goto out;
	}
	if (stat(dir, &st) == -1) {
		if (dir_make(dir) == -1 || chmod(dir, 0700) == -1) {
			fprintf(stderr, "candour keys: cannot create the folder "
			    "%s: %s\n", dir, strerror(errno));
			rc = EXIT_ENV;
			goto out;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "candour keys: --out %s is not a folder\n",
		    dir);
		goto out;
	}
	if ((pass = key_passphrase("New passphrase for the office key: ", 1,
	    &why)) == NULL) {
		fprintf(stderr, "candour keys: %s\n", buf_str(&why));
		goto out;
	}
	if (key_generate(KEY_OFFICE, &sk, &why) == -1) {
		fprintf(stderr, "candour keys: %s\n", buf_str(&why));
		rc = EXIT_ENV;
		goto out;
	}
	memset(&pk, 0, sizeof(pk));
	pk.role = KEY_OFFICE;
	memcpy(pk.pk, sk.pk, sizeof(pk.pk));
	memcpy(pk.id, sk.id, sizeof(pk.id));
	/* The secret first: a public key without its secret is useless. */
	if (key_write_secret(buf_str(&sec), &sk, pass,
	    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
	    &why) == -1) {
		fprintf(stderr, "candour keys: %s: %s\n", buf_str(&sec),
		    buf_str(&why));
		rc = EXIT_ENV;
		goto out;
	}
	if (key_write_public(buf_str(&pub), &pk, &why) == -1) {
		fprintf(stderr, "candour keys: %s: %s\n", buf_str(&pub),
		    buf_str(&why));
		rc = EXIT_ENV;
		goto out;
	}
	key_fingerprint(pk.id, fp);
	printf("candour: made the office key pair; fingerprint %s\n"
	    "\n"
	    "  %s  the public key: copy it to every kiosk, as the file its\n"
	    "      kiosk.yaml office_key names. Each kiosk shows the\n"
	    "      fingerprint above: check they are the same.\n"
	    "  %s  the secret key, under your passphrase: keep it on\n"
	    "      this computer only, where site.yaml's office_key says\n"
	    "      (default var/keys/office.key), and keep a backup with the\n"
	    "      passphrase somewhere safe. Without both, complaints waiting\n"
	    "      on the kiosks cannot be read.\n", fp, buf_str(&pub),
	    buf_str(&sec));
	rc = EXIT_OK;
out:
	if (pass != NULL)
		key_passphrase_free(pass);
	key_secret_free(&sk);
	buf_free(&pub);
	buf_free(&sec);
	buf_free(&why);
	return rc;
}

int
keycmd_run(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*out = NULL;
	int		 ch;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, stdout);
		fputc('\n', stdout);
		fputs(help_text, stdout);
		return EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "office") != 0) {
		if (argc >= 2 && strcmp(argv[1], "kiosk") == 0)
			fputs("candour keys: kiosk keys are made on the kiosk, "
			    "with 'candour-kiosk keys', so their secret never "
			    "leaves it\n", stderr);
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputc('\n', stdout);
			fputs(help_text, stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "candour keys office: '%s' is not an "
			    "option, or needs a value\n%s", argv[optind],
			    usage_text);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "candour keys office: unexpected '%s'\n%s",
		    argv[optind + 1], usage_text);
		return EXIT_USAGE;
	}
	if (out == NULL || *out == '\0') {
		fprintf(stderr, "candour keys office: --out is needed\n%s",
		    usage_text);
		return EXIT_USAGE;
	}
	return make_office(out);
}
