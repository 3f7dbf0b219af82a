/*
 * candour-kiosk: an accessible, private complaint form for a shared
 * touchscreen, served on this computer only. main reads the command line
 * and dispatches: serve (the form) and status (for staff).
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "config.h"
#include "http.h"
#include "i18n.h"
#include "outbox.h"

#define VERSION		"0.1.0"
#define EXIT_OK		0
#define EXIT_INPUT	1
#define EXIT_USAGE	2
#define EXIT_ENV	3
/* Below this much free disk, status warns (bytes). */
#define DISK_LOW	(100LL * 1024 * 1024)

static const char usage_text[] =
    "usage: candour-kiosk serve [--config FILE]\n"
    "       candour-kiosk status [--config FILE]\n"
    "       candour-kiosk --help | --version\n";

static const char help_text[] =
    "candour-kiosk shows residents an accessible complaint form on this\n"
    "computer's screen and keeps each complaint sealed in a local outbox\n"
    "until it is taken to the office.\n"
    "\n"
    "  serve    serve the form at http://127.0.0.1:PORT/ (this computer\n"
    "           only) for Chromium in kiosk mode; Ctrl-C or SIGTERM stops\n"
    "  status   say how many complaints are waiting, how long the oldest\n"
    "           has waited, and how much disk is free\n"
    "\n"
    "  --config FILE   the kiosk's settings (default: kiosk.yaml)\n"
    "\n"
    "Exit status: 0 done, 1 the settings have errors (each is listed with\n"
    "its line and column), 2 wrong command line, 3 disk, network or\n"
    "permissions. See candour-kiosk(1) for more.\n";

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long	 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Seconds since the epoch of "YYYY-MM-DDTHH:MMZ", or -1. */
static long long
parse_minute(const char *s)
{
	int	 y, mo, d, h, mi;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2dZ", &y, &mo, &d, &h, &mi) != 5 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60;
}

/* Append "N unit" or "N units" to out when n > 0, with ", " between. */
static void
age_part(char *out, size_t size, long long n, const char *unit)
{
	size_t	 len = strlen(out);

	if (n <= 0)
		return;
	snprintf(out + len, size - len, "%s%lld %s%s", len ? " and " : "",
	    n, unit, n == 1 ? "" : "s");
}

/* A bytes count in words: "41.2 GB", "820 MB". */
static void
size_words(char *out, size_t size, long long bytes)
{
	if (bytes >= 1000LL * 1000 * 1000)
		snprintf(out, size, "%.1f GB", (double)bytes / 1e9);
	else if (bytes >= 1000LL * 1000)
		snprintf(out, size, "%.0f MB", (double)bytes / 1e6);
	else
		snprintf(out, size, "%lld kB", bytes / 1000);
}

/* The folder part of path, in out. */
static void
folder_of(const char *path, char *out, size_t size)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

static int
cmd_status(const struct kiosk_config *c)
{
	struct outbox_status st;
	struct statvfs	 vfs;
	char		 folder[4096], age[96] = "", free_words[32];
	long long	 then, waited, free_bytes = -1;
	int		 rc;

	folder_of(c->outbox, folder, sizeof(folder));
	if (statvfs(folder, &vfs) == 0)
		free_bytes = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
	printf("Kiosk %s at %s\n", c->kiosk_id, c->scheme_name);
	if ((rc = outbox_status(c->outbox, &st, stderr)) == -1)
		return EXIT_ENV;
	if (rc == 1)
		printf("No complaints have been made on this kiosk yet (there "
		    "is no outbox at %s).\n", c->outbox);
	else if (st.waiting == 0)
		printf("No complaints are waiting: all %lld made on this kiosk "
		    "have reached the office.\n", st.total);
	else {
		printf("%lld complaint%s waiting to go to the office.\n",
		    st.waiting, st.waiting == 1 ? " is" : "s are");
		if ((then = parse_minute(st.oldest)) != -1) {
			waited = (long long)time(NULL) - then;
			if (waited < 0)
				waited = 0;
			age_part(age, sizeof(age), waited / 86400, "day");
			age_part(age, sizeof(age), waited % 86400 / 3600,
			    "hour");
			if (waited < 86400)
				age_part(age, sizeof(age), waited % 3600 / 60,
				    "minute");
			printf("The oldest has waited %s (since %.10s at %.5s "
			    "UTC).\n", age[0] ? age : "less than a minute",
			    st.oldest, st.oldest + 11);
			if (waited > 7 * 86400)
				printf("That is more than a week: please take "
				    "the complaints to the office soon.\n");
		}
		printf("%lld complaint%s been made on this kiosk in all.\n",
		    st.total, st.total == 1 ? " has" : "s have");
	}
	if (free_bytes >= 0) {
		size_words(free_words, sizeof(free_words), free_bytes);
		printf("Free disk space for the outbox: %s.\n", free_words);
		if (free_bytes < DISK_LOW)
			printf("That is low: free some space, or new "
			    "complaints cannot be saved.\n");
	} else
		printf("The free disk space for the outbox (%s) could not be "
		    "read.\n", folder);
	return EXIT_OK;
}

static int
cmd_serve(const struct kiosk_config *c)
{
	struct outbox	*o;
	int		 rc;

	if (c->warning_s < 20)
		fprintf(stderr, "candour-kiosk: note: idle_warning is %u s; "
		    "people need at least 20 s to answer the warning (WCAG "
		    "2.2.1), so use 20 or more except in tests\n",
		    c->warning_s);
	if (outbox_open(&o, c->outbox, c->kiosk_id, c->outbox_max_bytes,
	    stderr) == -1)
		return EXIT_ENV;
	rc = http_serve(c, o);
	outbox_close(o);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct kiosk_config cfg;
	const char	*cmd, *config = "kiosk.yaml";
	int		 ch, rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("%s\n%s", usage_text, help_text);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		puts("candour-kiosk " VERSION);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			printf("%s\n%s", usage_text, help_text);
			return EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "candour-kiosk: unexpected '%s'\n%s",
		    argv[optind], usage_text);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "status") != 0) {
		fprintf(stderr, "candour-kiosk: unknown command '%s'\n%s", cmd,
		    usage_text);
		return EXIT_USAGE;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "candour-kiosk: libsodium could not start\n");
		return EXIT_ENV;
	}
	if (i18n_load(stderr) == -1)
		return EXIT_INPUT;
	if (kiosk_config_read(&cfg, config, stderr) == -1) {
		kiosk_config_free(&cfg);
		i18n_free();
		return EXIT_INPUT;
	}
	rc = strcmp(cmd, "serve") == 0 ? cmd_serve(&cfg) : cmd_status(&cfg);
	kiosk_config_free(&cfg);
	i18n_free();
	return rc;
}
