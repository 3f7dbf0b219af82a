/*
 * candour: turns a landlord's complaints content into an accessible static
 * site. main only reads the command line and dispatches.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "build.h"
#include "keycmd.h"
#include "logcmd.h"
#include "serve.h"

#define VERSION "0.1.0"

static const char usage_text[] =
    "usage: candour build [--content DIR] [--out DIR]\n"
    "       candour check [--content DIR]\n"
    "       candour serve [--content DIR] [--out DIR] [--port N]\n"
    "       candour log COMMAND ... (candour log --help)\n"
    "       candour keys office --out DIR\n"
    "       candour --help | --version\n";

static const char help_text[] =
    "candour turns the complaints policy, leaflets and figures in a content\n"
    "folder into an accessible website.\n"
    "\n"
    "  build   check everything, then write the site (default: site/);\n"
    "          on any error the old site is left exactly as it was\n"
    "  check   check everything and write nothing\n"
    "  serve   build, then show the site at http://127.0.0.1:PORT/ and\n"
    "          build again whenever the content changes\n"
    "  log     the complaint log: record complaints and their stages,\n"
    "          import a case system's export or kiosk bundles, list\n"
    "          what is due ('candour log --help')\n"
    "  keys    make the office's key pair for kiosk sync\n"
    "\n"
    "  --content DIR   the content folder (default: content)\n"
    "  --out DIR       the site folder (default: site)\n"
    "  --port N        the preview port (default: 8080)\n"
    "\n"
    "Exit status: 0 done, 1 the content has errors (each is listed with its\n"
    "file, line and column), 2 wrong command line, 3 disk or permissions.\n"
    "See candour(1) for more.\n";

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "content", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "port", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "no-sync", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_options opt;
	const char	*cmd;
	char		*end;
	long		 port = 8080;
	int		 ch;

	memset(&opt, 0, sizeof(opt));
	opt.content = "content";
	opt.out = "site";
	opt.errors = stderr;
	opt.progress = isatty(STDERR_FILENO);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, stdout);
		fputc('\n', stdout);
		fputs(help_text, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		puts("candour " VERSION);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	/* The log and keys commands may use libsodium (kiosk sync). */
	if ((strcmp(argv[1], "log") == 0 || strcmp(argv[1], "keys") == 0) &&
	    sodium_init() < 0) {
		fputs("candour: cannot start libsodium\n", stderr);
		return EXIT_ENV;
	}
	if (strcmp(argv[1], "log") == 0)
		return logcmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "keys") == 0)
		return keycmd_run(argc - 1, argv + 1);
	cmd = argv[1];
	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:o:p:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			opt.content = optarg;
			break;
		case 'o':
			opt.out = optarg;
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || port < 1 ||
			    port > 65535) {
				fprintf(stderr, "candour: --port '%s': use a "
				    "number from 1 to 65535\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			opt.no_sync = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputc('\n', stdout);
			fputs(help_text, stdout);
			return EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "candour: unexpected '%s'\n%s", argv[optind],
		    usage_text);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "build") == 0)
		return build_run(&opt);
	if (strcmp(cmd, "check") == 0) {
		opt.out = NULL;
		return build_run(&opt);
	}
	if (strcmp(cmd, "serve") == 0)
		return serve_run(&opt, (unsigned short)port);
	fprintf(stderr, "candour: unknown command '%s'\n%s", cmd, usage_text);
	return EXIT_USAGE;
}
