/*
 * candour-kiosk: an accessible, private complaint form for a shared
 * touchscreen, served on this computer only. main reads the command line
 * and dispatches: serve (the form), status (for staff), and keys, export
 * and ack (taking complaints to the office: sync.c).
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
#include "sync.h"

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
    "       candour-kiosk keys --out DIR [--config FILE]\n"
    "       candour-kiosk export --to DIR [--all] [--config FILE]\n"
    "       candour-kiosk ack FILE... [--config FILE]\n"
    "       candour-kiosk [COMMAND] --help | --version\n";

static const char help_text[] =
    "candour-kiosk shows residents an accessible complaint form on this\n"
    "computer's screen and keeps each complaint sealed in a local outbox\n"
    "until it is taken to the office.\n"
    "\n"
    "  serve    serve the form at http://127.0.0.1:PORT/ (this computer\n"
    "           only) for Chromium in kiosk mode; Ctrl-C or SIGTERM stops\n"
    "  status   say how many complaints are waiting, how long the oldest\n"
    "           has waited, the last export, and how much disk is free\n"
    "  keys     make this kiosk's signing keys (once, when it is set up)\n"
    "  export   write the waiting complaints to a folder (a USB stick) as\n"
    "           one signed bundle for the office\n"
    "  ack      read the office's acknowledgement of a bundle, so what\n"
    "           reached the office is deleted after 14 days\n"
    "\n"
    "  --config FILE   the kiosk's settings (default: kiosk.yaml)\n"
    "\n"
    "`candour-kiosk COMMAND --help` says more about each command.\n"
    "Exit status: 0 done, 1 the settings or a file given have errors (each\n"
    "is listed with what to do), 2 wrong command line, 3 disk, network or\n"
    "permissions. See candour-kiosk(1) for more.\n";

enum command {
	CMD_SERVE,
	CMD_STATUS,
	CMD_KEYS,
	CMD_EXPORT,
	CMD_ACK,
	CMD__MAX
};

/* Each command: its name, the options it takes, and its --help. */
static const struct command_info {
	const char	*name;
	const char	*opts;		/* the option letters it accepts */
	int		 files;		/* 1: takes FILE... operands */
	const char	*help;
} commands[CMD__MAX] = {
	[CMD_SERVE] = { "serve", "c", 0,
	    "usage: candour-kiosk serve [--config FILE]\n\n"
	    "Serve the complaint form at http://127.0.0.1:PORT/ (this computer\n"
	    "only) for Chromium in kiosk mode. Ctrl-C or SIGTERM stops it.\n" },
	[CMD_STATUS] = { "status", "c", 0,
	    "usage: candour-kiosk status [--config FILE]\n\n"
	    "Say how many complaints are waiting to go to the office and how\n"
	    "long the oldest has waited, how many reached the office and until\n"
	    "when they are kept, the last export, and the free disk space.\n" },
	[CMD_KEYS] = { "keys", "co", 0,
	    "usage: candour-kiosk keys --out DIR [--config FILE]\n\n"
	    "Make this kiosk's signing key pair: DIR/kiosk.key (secret; it\n"
	    "stays on this kiosk) and DIR/kiosk.pub (take it to the office and\n"
	    "register it with `candour log kiosks add`). Prints the key's\n"
	    "fingerprint for staff to compare at the office. Existing keys are\n"
	    "never overwritten. kiosk.yaml's signing_key names the secret key\n"
	    "(default: kiosk.key beside kiosk.yaml).\n" },
	[CMD_EXPORT] = { "export", "cta", 0,
	    "usage: candour-kiosk export --to DIR [--all] [--config FILE]\n\n"
	    "Write every complaint not yet acknowledged by the office, in\n"
	    "order, to DIR (a USB stick) as one bundle signed with this\n"
	    "kiosk's key, named K03-000140-000151-9f3e2a1c.bundle. The bundle\n"
	    "is read back from the stick and compared before it is kept. The\n"
	    "complaints stay in the outbox until `candour-kiosk ack`.\n\n"
	    "  --all   also the complaints already acknowledged and still kept\n"
	    "          (for 14 days), in case the office lost them\n" },
	[CMD_ACK] = { "ack", "c", 1,
	    "usage: candour-kiosk ack FILE... [--config FILE]\n\n"
	    "Read each acknowledgement (.ack) the office wrote when it imported\n"
	    "a bundle. Only one signed with the office key and made for this\n"
	    "kiosk is used; it marks delivered exactly the complaints it names,\n"
	    "which are deleted 14 days later. Anything else changes nothing.\n" },
};

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

/* "2026-11-23T18:04:05Z" as "2026-11-23 at 18:04 UTC". */
static void
when_words(char *out, size_t size, const char *t)
{
	snprintf(out, size, "%.10s at %.5s UTC", t, strlen(t) >= 16 ?
	    t + 11 : "?");
}

static int
cmd_status(const struct kiosk_config *c)
{
	struct outbox	*o;
	struct outbox_status st;
	struct statvfs	 vfs;
	char		 folder[4096], age[96] = "", free_words[32], at[40];
	long long	 then, waited, free_bytes = -1;

	folder_of(c->outbox, folder, sizeof(folder));
	if (statvfs(folder, &vfs) == 0)
		free_bytes = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
	printf("Kiosk %s at %s\n", c->kiosk_id, c->scheme_name);
	if (!outbox_exists(c->outbox))
		printf("No complaints have been made on this kiosk yet (there "
		    "is no outbox at %s).\n", c->outbox);
	else {
		if (outbox_open(&o, c->outbox, c->kiosk_id, 0, stderr) == -1)
			return EXIT_ENV;
		if (outbox_status(o, &st, stderr) == -1) {
			outbox_close(o);
			return EXIT_ENV;
		}
		outbox_close(o);
		if (st.waiting == 0)
			printf("No complaints are waiting: all %lld made on "
			    "this kiosk have reached the office.\n", st.total);
		else {
			printf("%lld complaint%s waiting to go to the "
			    "office.\n", st.waiting, st.waiting == 1 ? " is" :
			    "s are");
			if ((then = parse_minute(st.oldest)) != -1) {
				waited = (long long)time(NULL) - then;
				if (waited < 0)
					waited = 0;
				age_part(age, sizeof(age), waited / 86400,
				    "day");
				age_part(age, sizeof(age), waited % 86400 /
				    3600, "hour");
				if (waited < 86400)
					age_part(age, sizeof(age), waited %
					    3600 / 60, "minute");
				printf("The oldest has waited %s (since %.10s "
				    "at %.5s UTC).\n", age[0] ? age :
				    "less than a minute", st.oldest,
				    st.oldest + 11);
				if (waited > 7 * 86400)
					printf("That is more than a week: "
					    "please take the complaints to the "
					    "office soon (candour-kiosk "
					    "export).\n");
			}
			printf("%lld complaint%s been made on this kiosk in "
			    "all.\n", st.total, st.total == 1 ? " has" :
			    "s have");
		}
		if (st.delivered > 0)
			printf("%lld complaint%s delivered to the office, "
			    "kept until %s (%d days after the office's "
			    "acknowledgement), then deleted.\n", st.delivered,
			    st.delivered == 1 ? "" : "s", st.kept_until,
			    OUTBOX_GRACE_DAYS);
		if (st.export_at[0] != '\0') {
			when_words(at, sizeof(at), st.export_at);
			printf("Last export: %s, %s (%lld complaint%s).\n", at,
			    st.export_file, st.export_count,
			    st.export_count == 1 ? "" : "s");
		} else
			printf("Nothing has been exported yet.\n");
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

/* The command called name, or CMD__MAX. */
static enum command
command_of(const char *name)
{
	size_t	 i;

	for (i = 0; i < CMD__MAX; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (enum command)i;
	return CMD__MAX;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, 't' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct kiosk_config cfg;
	const struct command_info *ci;
	const char	*config = "kiosk.yaml", *out = NULL, *to = NULL;
	enum command	 cmd;
	int		 ch, rc, all = 0;

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
	if ((cmd = command_of(argv[1])) == CMD__MAX) {
		fprintf(stderr, "candour-kiosk: unknown command '%s'\n%s",
		    argv[1], usage_text);
		return EXIT_USAGE;
	}
	ci = &commands[cmd];
	optind = 2;
	/* GNU getopt moves the operands (ack's files) after the options. */
	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(ci->help, stdout);
			return EXIT_OK;
		}
		if (ch == '?' || strchr(ci->opts, ch) == NULL) {
			if (ch != '?')
				fprintf(stderr, "candour-kiosk: %s does not "
				    "take %s\n", ci->name, argv[optind - 1]);
			fputs(ci->help, stderr);
			return EXIT_USAGE;
		}
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'a':
			all = 1;
			break;
		}
	}
	if (!ci->files && optind != argc) {
		fprintf(stderr, "candour-kiosk: unexpected '%s'\n%s",
		    argv[optind], usage_text);
		return EXIT_USAGE;
	}
	if ((cmd == CMD_KEYS && out == NULL) || (cmd == CMD_EXPORT &&
	    to == NULL) || (ci->files && optind == argc)) {
		fprintf(stderr, "candour-kiosk: %s needs %s\n%s", ci->name,
		    cmd == CMD_KEYS ? "--out DIR" : cmd == CMD_EXPORT ?
		    "--to DIR" : "at least one FILE", ci->help);
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
	switch (cmd) {
	case CMD_SERVE:
		rc = cmd_serve(&cfg);
		break;
	case CMD_STATUS:
		rc = cmd_status(&cfg);
		break;
	case CMD_KEYS:
		rc = sync_keys(&cfg, config, out);
		break;
	case CMD_EXPORT:
		rc = sync_export(&cfg, to, all);
		break;
	default:
		rc = sync_ack(&cfg, argv + optind, argc - optind);
		break;
	}
	kiosk_config_free(&cfg);
	i18n_free();
	return rc;
}
