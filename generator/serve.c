/*
 * serve: `candour serve`, the local preview for staff.
 *
 * The web server (libmicrohttpd, its own thread, serve_http.c) answers GET
 * and HEAD from the site folder on 127.0.0.1 only, at the site's own
 * address path (the path of site.yaml's `base_url`, such as /complaints/).
 * The main thread watches the content folder and the complaint log
 * (site.yaml's `log`, with its write-ahead log): every half second it takes
 * a cheap fingerprint of the names, sizes and modification times under the
 * one and of the other, and builds again when either changes. The two
 * threads share one thing that changes, the address path, under a mutex:
 * the main thread sets it after each build that succeeds, from the
 * site.yaml that build read.
 */
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "build.h"
#include "config.h"
#include "diag.h"
#include "log.h"
#include "serve.h"
#include "serve_http.h"

/*
 * Limits: how often the content is looked at (ns), connections open at
 * once, seconds before an idle connection is closed, and the folder nesting
 * the watcher follows.
 */
#define SERVE_POLL_NS		500000000L
#define SERVE_CONNECTIONS	64u
#define SERVE_TIMEOUT_S		30u
#define SERVE_DEPTH_MAX		32

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

/* Set by the signal handler; the main loop stops when it is non-zero. */
static volatile sig_atomic_t serve_stop;

static void
serve_on_signal(int sig)
{
	serve_stop = sig;
}

/* Mix the 8 bytes of v into the FNV-1a hash h. */
static uint64_t
fnv_u64(uint64_t h, uint64_t v)
{
	int	 i;

	for (i = 0; i < 8; i++) {
		h ^= (v >> (i * 8)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

/* Mix the NUL-terminated string s, with its NUL, into the FNV-1a hash h. */
static uint64_t
fnv_str(uint64_t h, const char *s)
{
	do {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	} while (*s++ != '\0');
	return h;
}

/*
 * Add to *sum one hash per entry of the folder open as fd (which this takes
 * and closes), and recurse into subfolders up to SERVE_DEPTH_MAX deep. Each
 * entry's hash covers its path (through parent, the hash of the folder's
 * own path), size, inode and modification time in nanoseconds; adding them
 * makes the result independent of the order readdir returns. Hidden names
 * and names ending in '~' are skipped, as the build skips them.
 */
static void
fingerprint_folder(int fd, uint64_t parent, int depth, uint64_t *sum)
{
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	uint64_t	 name, h;
	size_t		 len;
	int		 sub;

	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		*sum += fnv_u64(parent, (uint64_t)errno);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || de->d_name[len - 1] == '~')
			continue;
		name = fnv_str(parent, de->d_name);
		if (fstatat(dirfd(dir), de->d_name, &st, 0) == -1) {
			*sum += fnv_u64(name, (uint64_t)errno);
			continue;
		}
		h = fnv_u64(name, (uint64_t)st.st_size);
		h = fnv_u64(h, (uint64_t)st.st_ino);
		h = fnv_u64(h, (uint64_t)st.st_mode);
		h = fnv_u64(h, (uint64_t)st.st_mtim.tv_sec * 1000000000u +
		    (uint64_t)st.st_mtim.tv_nsec);
		*sum += h;
		if (!S_ISDIR(st.st_mode) || depth >= SERVE_DEPTH_MAX)
			continue;
		sub = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
		if (sub == -1)
			*sum += fnv_u64(name, (uint64_t)errno);
		else
			fingerprint_folder(sub, name, depth + 1, sum);
	}
	closedir(dir);
}

/*
 * Return a 64-bit fingerprint of everything under the folder path. Any
 * change a staff member makes (a file saved, added, removed or renamed)
 * changes it; a folder that cannot be opened has a fingerprint of its own.
 */
static uint64_t
fingerprint(const char *path)
{
	uint64_t	 sum = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fnv_u64(FNV_OFFSET, (uint64_t)errno + 1);
	fingerprint_folder(fd, FNV_OFFSET, 0, &sum);
	return sum;
}

/*
 * Put the path of the complaint log the build reads (site.yaml's `log`, as
 * log_path finds it) into path, and the path part of base_url (config.h's
 * base_path, "/" or "/x/") into base. When site.yaml cannot be read, both
 * are left as they were: the build reports why, and mending site.yaml
 * changes the content, which brings this back.
 */
static void
settings_read(const char *content, struct buf *path, struct buf *base)
{
	struct config	 conf;
	struct diag	 quiet;
	FILE		*sink;
	char		*text = NULL;
	size_t		 n = 0;

	/* The build itself reports every error in site.yaml. */
	if ((sink = open_memstream(&text, &n)) == NULL)
		return;
	diag_init(&quiet, sink);
	if (config_read(&conf, content, &quiet) == 0) {
		buf_truncate(path, 0);
		log_path(path, content, conf.value[SET_LOG]);
		buf_truncate(base, 0);
		buf_puts(base, conf.base_path);
	}
	config_free(&conf);
	fclose(sink);
	free(text);
}

/*
 * A fingerprint of the log at path: the size, inode and modification time
 * of the file and of its write-ahead log ("-wal"), or that each is missing.
 * A write to the log changes one or the other. The shared-memory file
 * ("-shm") is left out: readers, the build among them, write to it. An
 * empty path (no site.yaml yet) has a fingerprint of its own.
 */
static uint64_t
log_fingerprint(const struct buf *path)
{
	static const char *const ends[] = { "", "-wal" };
	struct buf	 name = BUF_INIT;
	struct stat	 st;
	uint64_t	 h = FNV_OFFSET;
	size_t		 i;

	if (path->len == 0)
		return h;
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		buf_truncate(&name, 0);
		buf_printf(&name, "%s%s", buf_str(path), ends[i]);
		if (name.err || stat(buf_str(&name), &st) == -1) {
			h = fnv_u64(h, (uint64_t)errno + 1);
			continue;
		}
		h = fnv_u64(h, (uint64_t)st.st_size);
		h = fnv_u64(h, (uint64_t)st.st_ino);
		h = fnv_u64(h, (uint64_t)st.st_mtim.tv_sec * 1000000000u +
		    (uint64_t)st.st_mtim.tv_nsec);
	}
	buf_free(&name);
	return h;
}


/*
 * Explain why the server could not listen on sa: bind a socket of our own
 * the same way to learn the reason, since libmicrohttpd does not report it.
 */
static void
explain_listen_failure(FILE *out, const struct sockaddr_in *sa,
    unsigned short port)
{
	int	 s, one = 1, e = 0;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		e = errno;
	else {
		if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one)) == -1 || bind(s, (const struct sockaddr *)sa,
		    sizeof(*sa)) == -1)
			e = errno;
		close(s);
	}
	if (e == EADDRINUSE)
		fprintf(out, "candour: port %u is already in use, perhaps by "
		    "another candour serve; choose another with --port, such "
		    "as --port %u\n", port, port < 65535 ? port + 1u : 8080u);
	else if (e == EACCES)
		fprintf(out, "candour: not allowed to use port %u; choose one "
		    "from 1024 to 65535 with --port\n", port);
	else
		fprintf(out, "candour: cannot serve at 127.0.0.1:%u%s%s; try "
		    "another port with --port\n", port, e != 0 ? ": " : "",
		    e != 0 ? strerror(e) : "");
}

/* Whether path is a folder (there is a site to serve). */
static int
is_folder(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Print an informational line on standard output, at once. */
static void
say(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}


/* What watch compares between looks: the last fingerprints seen. */
struct watched {
	uint64_t	 content;	/* of the content folder */
	struct buf	 log;		/* the complaint log's path */
	uint64_t	 log_print;	/* of the log */
	struct buf	 base;		/* base_path, read before the build */
};

/* Read the log's path and base_path, and take both fingerprints into w. */
static void
watched_now(const struct build_options *opt, struct watched *w)
{
	w->content = fingerprint(opt->content);
	settings_read(opt->content, &w->log, &w->base);
	w->log_print = log_fingerprint(&w->log);
}

/*
 * Serve at w->base (the base_path the last build read), after a build that
 * succeeded; if it differs from before and announce is set, print the new
 * address. When it cannot be set (no memory), the previous one stays and
 * the reason is printed.
 */
static void
address_update(struct server *srv, const struct watched *w,
    const struct build_options *opt, int announce)
{
	struct buf	 shown = BUF_INIT;
	int		 changed;

	if (w->base.len == 0)
		return;
	if ((changed = server_set_prefix(srv, buf_str(&w->base))) == -1) {
		fprintf(opt->errors, "candour: cannot serve at the new "
		    "address %s: out of memory; serving at the previous one\n",
		    buf_str(&w->base));
		return;
	}
	if (changed && announce) {
		server_address(srv, &shown);
		say("candour: base_url in site.yaml changed; the preview is "
		    "now at %s\n", buf_str(&shown));
	}
	buf_free(&shown);
}

/*
 * Watch opt->content and the complaint log until serve_stop is set,
 * building again whenever either fingerprint changes. The fingerprints are
 * taken before each build (and the log's path read again, as site.yaml may
 * name another), so a change made during a build causes one more. SIGINT
 * and SIGTERM are blocked except while waiting, which wait (the caller's
 * mask without them) allows.
 */
static void
watch(const struct build_options *opt, struct server *srv,
    struct watched *w, const sigset_t *wait)
{
	struct timespec	 ts;
	uint64_t	 now, log_now;

	while (!serve_stop) {
		ts.tv_sec = 0;
		ts.tv_nsec = SERVE_POLL_NS;
		/* With no descriptors, pselect can only time out or be cut
		 * short by a signal (EINTR): both mean look again. */
		(void)pselect(0, NULL, NULL, NULL, &ts, wait);
		if (serve_stop)
			break;
		if ((now = fingerprint(opt->content)) != w->content) {
			say("candour: content changed, building again\n");
			watched_now(opt, w);
		} else if ((log_now = log_fingerprint(&w->log)) !=
		    w->log_print) {
			say("candour: the complaint log changed, building "
			    "again\n");
			w->log_print = log_now;
		} else
			continue;
		if (build_run(opt) == EXIT_OK) {
			say("candour: site rebuilt\n");
			address_update(srv, w, opt, 1);
		} else if (is_folder(opt->out))
			fprintf(opt->errors, "candour: the previous site is "
			    "still being served\n");
		else
			fprintf(opt->errors, "candour: there is still no site "
			    "to serve\n");
	}
}

/* What serve_run changes about signals, to put back when it ends. */
struct signals {
	sigset_t		 mask;		/* the thread's mask before */
	struct sigaction	 on_int, on_term, on_pipe;	/* before */
};

/*
 * Block SIGINT and SIGTERM, catch them with serve_on_signal, and ignore
 * SIGPIPE (a browser that closes a connection early must not end the
 * program); fill old with what to restore and wait with the mask to wait
 * under, which lets the two signals in. Must run before the server starts,
 * so its thread inherits the block and only the waiting main thread ever
 * takes them. Returns 0, or -1 with errno set and nothing changed.
 */
static int
signals_catch(struct signals *old, sigset_t *wait)
{
	struct sigaction	 sa;
	sigset_t		 stops;
	int			 e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = serve_on_signal;
	if (sigemptyset(&sa.sa_mask) == -1 || sigemptyset(&stops) == -1 ||
	    sigaddset(&stops, SIGINT) == -1 || sigaddset(&stops, SIGTERM) ==
	    -1)
		return -1;
	if ((e = pthread_sigmask(SIG_BLOCK, &stops, &old->mask)) != 0) {
		errno = e;
		return -1;
	}
	*wait = old->mask;
	if (sigdelset(wait, SIGINT) == -1 || sigdelset(wait, SIGTERM) == -1 ||
	    sigaction(SIGINT, &sa, &old->on_int) == -1)
		goto fail_mask;
	if (sigaction(SIGTERM, &sa, &old->on_term) == -1)
		goto fail_int;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, &old->on_pipe) == -1)
		goto fail_term;
	return 0;
fail_term:
	e = errno;
	(void)sigaction(SIGTERM, &old->on_term, NULL);
	errno = e;
fail_int:
	e = errno;
	(void)sigaction(SIGINT, &old->on_int, NULL);
	errno = e;
fail_mask:
	e = errno;
	(void)pthread_sigmask(SIG_SETMASK, &old->mask, NULL);
	errno = e;
	return -1;
}

/*
 * Undo signals_catch. The mask goes first, so that a stop signal still
 * pending is taken by serve_on_signal rather than ending the program.
 */
static void
signals_restore(const struct signals *old)
{
	(void)pthread_sigmask(SIG_SETMASK, &old->mask, NULL);
	(void)sigaction(SIGPIPE, &old->on_pipe, NULL);
	(void)sigaction(SIGTERM, &old->on_term, NULL);
	(void)sigaction(SIGINT, &old->on_int, NULL);
}

int
serve_run(const struct build_options *opt, unsigned short port)
{
	struct signals		 old;
	struct sockaddr_in	 addr;
	struct server		 srv;
	struct MHD_Daemon	*daemon;
	sigset_t		 wait_mask;
	struct watched		 w;
	struct buf		 shown = BUF_INIT;
	size_t			 n;
	int			 status, e;

	serve_stop = 0;
	if ((e = server_init(&srv, opt->out, port)) != 0) {
		fprintf(opt->errors, "candour: cannot set up the server: %s\n",
		    strerror(e));
		return EXIT_ENV;
	}
	if (signals_catch(&old, &wait_mask) == -1) {
		fprintf(opt->errors, "candour: cannot set up signals: %s\n",
		    strerror(errno));
		server_free(&srv);
		return EXIT_ENV;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* Listen before the first build, so a busy port is reported at once. */
	daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, port, NULL,
	    NULL, server_request, &srv,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_LIMIT, SERVE_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, SERVE_TIMEOUT_S,
	    MHD_OPTION_URI_LOG_CALLBACK, server_uri_check, (void *)NULL,
	    MHD_OPTION_END);
	if (daemon == NULL) {
		explain_listen_failure(opt->errors, &addr, port);
		signals_restore(&old);
		server_free(&srv);
		return EXIT_ENV;
	}

	memset(&w, 0, sizeof(w));
	w.log = (struct buf)BUF_INIT;
	w.base = (struct buf)BUF_INIT;
	watched_now(opt, &w);
	if ((status = build_run(opt)) != EXIT_USAGE) {
		/* Before any build succeeds, site.yaml's guess is the best. */
		address_update(&srv, &w, opt, 0);
		server_address(&srv, &shown);
		n = strlen(opt->out);
		say("candour: serving %s%s at %s (this computer only); press "
		    "Ctrl-C to stop\n", opt->out, n > 0 && opt->out[n - 1] ==
		    '/' ? "" : "/", buf_str(&shown));
		if (status != EXIT_OK)
			fprintf(opt->errors, "candour: %s\n",
			    is_folder(opt->out) ? "serving the previous site "
			    "until the content builds" : "there is no site "
			    "yet; the preview says so until the content "
			    "builds");
		watch(opt, &srv, &w, &wait_mask);
		say("candour: stopped\n");
		status = EXIT_OK;
	}
	buf_free(&shown);
	buf_free(&w.log);
	buf_free(&w.base);
	MHD_stop_daemon(daemon);
	signals_restore(&old);
	server_free(&srv);
	return status;
}
