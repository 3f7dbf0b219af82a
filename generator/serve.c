/*
 * serve: `candour serve`, the local preview for staff.
 *
 * The web server (libmicrohttpd, its own thread) answers GET and HEAD from
 * the site folder on 127.0.0.1 only, at the site's own address path (the
 * path of site.yaml's `base_url`, such as /complaints/), so the preview is
 * what residents see: the 404 page's links, which start from that path,
 * work. "/" redirects there and any other address outside it gets the
 * 404 page. It opens every file by path, one folder at a time and never
 * through a symbolic link, so each request sees whichever site the last
 * build swapped in. The main thread watches the content folder
 * and the complaint log (site.yaml's `log`, with its write-ahead log): every
 * half second it takes a cheap fingerprint of the names, sizes and
 * modification times under the one and of the other, and builds again when
 * either changes. The two
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

/*
 * Limits: how often the content is looked at (ns), connections open at
 * once, seconds before an idle connection is closed, the folder nesting the
 * watcher follows, and the longest request path served.
 */
#define SERVE_POLL_NS		500000000L
#define SERVE_CONNECTIONS	64u
#define SERVE_TIMEOUT_S		30u
#define SERVE_DEPTH_MAX		32
#define SERVE_URL_MAX		4096

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

/* What the request handler needs; only prefix changes once serving. */
struct server {
	const char	*root;	/* the site folder, opened per request */
	unsigned short	 port;	/* the port listened on, for messages */
	pthread_mutex_t	 lock;	/* guards prefix */
	struct buf	 prefix;	/* the address path, decoded: "/", "/x/" */
};

/* An open file found for a request; fd is owned by whoever holds it. */
struct found {
	int		 fd;		/* open, blocking, regular file */
	size_t		 size;		/* its size in bytes */
	const char	*type;		/* its Content-Type */
};

/* Results of looking a request path up under the site folder. */
enum lookup {
	LOOKUP_FILE,			/* found: a regular file */
	LOOKUP_FOLDER,			/* a folder named without final '/' */
	LOOKUP_MISSING,			/* nothing there (or a symbolic link) */
	LOOKUP_NO_SITE,			/* the site folder itself is missing */
	LOOKUP_ERROR,			/* the file system failed otherwise */
};

static const struct content_type {
	const char	*ext;		/* file name extension, any case */
	const char	*type;		/* Content-Type sent for it */
} content_types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "xml", "application/xml; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "pdf", "application/pdf" },
};

#define HTML_TYPE "text/html; charset=utf-8"

/* The pages the server writes itself, for when the site has none. */
#define PAGE(title, text)						\
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"			\
	"<meta charset=\"utf-8\">\n"					\
	"<meta name=\"viewport\" content=\"width=device-width, "	\
	"initial-scale=1\">\n<title>" title "</title>\n</head>\n"	\
	"<body>\n<main>\n<h1>" title "</h1>\n<p>" text "</p>\n"		\
	"</main>\n</body>\n</html>\n"

static const char page_no_site[] = PAGE("There is no site to show yet",
    "The content has errors, so candour could not build the site. They are "
    "listed in the window where you ran <code>candour serve</code>. Fix them "
    "and save the file: the site is built again by itself, and reloading "
    "this page shows it.");
static const char page_not_found[] = PAGE("Page not found",
    "There is no page at this address.");
static const char page_bad_request[] = PAGE("Address not allowed",
    "This address points outside the site, so it is not served.");
static const char page_not_allowed[] = PAGE("Method not allowed",
    "The preview only answers GET and HEAD requests.");
static const char page_error[] = PAGE("The file could not be read",
    "The preview could not read this file from the site folder. The "
    "window where you ran <code>candour serve</code> may say more.");

/* Set by the signal handler; the main loop stops when it is non-zero. */
static volatile sig_atomic_t serve_stop;

/*
 * A request's state is the address of one of these markers: uri_check sets
 * the first two, and the handler's first call turns them into the "seen"
 * pair, so later calls know the headers have been answered for.
 */
static char uri_accepted, uri_refused, seen_accepted, seen_refused;

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

/* The Content-Type for file name, by its extension. */
static const char *
content_type(const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	if (dot != NULL)
		for (i = 0; i < sizeof(content_types) / sizeof(*content_types);
		    i++)
			if (strcasecmp(dot + 1, content_types[i].ext) == 0)
				return content_types[i].type;
	return "application/octet-stream";
}

/*
 * Called by the server with the raw request URI, before it is decoded.
 * Returns &uri_refused for a path that decoding would hide something in
 * (an encoded NUL, which would cut the decoded path short) or that is too
 * long, and &uri_accepted otherwise; the handler receives it as its state.
 */
static void *
uri_check(void *cls, const char *uri, struct MHD_Connection *c)
{
	size_t	 i;

	(void)cls;
	(void)c;
	for (i = 0; uri[i] != '\0' && uri[i] != '?'; i++) {
		if (i >= SERVE_URL_MAX)
			return &uri_refused;
		if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0')
			return &uri_refused;
	}
	return &uri_accepted;
}

/*
 * Whether the decoded request path url may be looked up: it starts with
 * '/', and has no backslash, no control character and no ".." segment.
 */
static int
url_acceptable(const char *url)
{
	const char	*p;

	if (url[0] != '/' || strlen(url) > SERVE_URL_MAX)
		return 0;
	for (p = url; *p != '\0'; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	for (p = url + 1; *p != '\0'; p++)
		if (p[-1] == '/' && p[0] == '.' && p[1] == '.' &&
		    (p[2] == '/' || p[2] == '\0'))
			return 0;
	return 1;
}

/*
 * Open the regular file fd (which this takes) into f, in blocking mode, with
 * the type for name. Returns LOOKUP_FILE, or LOOKUP_MISSING if fd is not a
 * regular file, or LOOKUP_ERROR; on anything but LOOKUP_FILE fd is closed.
 */
static enum lookup
found_file(int fd, const char *name, struct found *f)
{
	struct stat	 st;
	int		 flags;

	if (fstat(fd, &st) == -1 || (flags = fcntl(fd, F_GETFL)) == -1) {
		close(fd);
		return LOOKUP_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return LOOKUP_MISSING;
	}
	if (fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		close(fd);
		return LOOKUP_ERROR;
	}
	f->fd = fd;
	f->size = (size_t)st.st_size;
	f->type = content_type(name);
	return LOOKUP_FILE;
}

/* Map an errno from openat to a lookup result. */
static enum lookup
lookup_errno(int e)
{
	return e == ENOENT || e == ENOTDIR || e == ELOOP || e == EACCES ||
	    e == ENAMETOOLONG ? LOOKUP_MISSING : LOOKUP_ERROR;
}

/*
 * Look the acceptable path url up under the folder root, one segment at a
 * time with O_NOFOLLOW, so no symbolic link is ever followed. "/a/b/" is
 * a/b/index.html; "/a/b" naming a folder gives LOOKUP_FOLDER. On
 * LOOKUP_FILE the caller owns f->fd; otherwise nothing is left open.
 */
static enum lookup
site_lookup(const char *root, const char *url, struct found *f)
{
	char		 name[NAME_MAX + 1];
	const char	*p = url, *end;
	struct stat	 st;
	size_t		 n;
	int		 dir, fd, e;

	f->fd = -1;
	if ((dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errno == ENOENT || errno == ENOTDIR ? LOOKUP_NO_SITE :
		    LOOKUP_ERROR;
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		if ((end = strchr(p, '/')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n >= sizeof(name)) {
			close(dir);
			return LOOKUP_MISSING;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		p = end;
		if (strcmp(name, ".") == 0)
			continue;
		fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		e = errno;
		close(dir);
		if (fd == -1)
			return lookup_errno(e);
		if (fstat(fd, &st) == -1) {
			close(fd);
			return LOOKUP_ERROR;
		}
		if (S_ISDIR(st.st_mode)) {
			dir = fd;
			continue;
		}
		if (*p != '\0') {	/* "file.html/..." */
			close(fd);
			return LOOKUP_MISSING;
		}
		return found_file(fd, name, f);
	}
	if (url[strlen(url) - 1] != '/') {
		close(dir);
		return LOOKUP_FOLDER;
	}
	fd = openat(dir, "index.html", O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	e = errno;
	close(dir);
	if (fd == -1)
		return lookup_errno(e);
	return found_file(fd, "index.html", f);
}

/*
 * Add the headers every answer carries, and name: value if name is not
 * NULL, to r; queue r on c with status; destroy r (the connection keeps its
 * own reference). Returns what MHD_queue_response returned, or MHD_NO.
 */
static enum MHD_Result
reply_send(struct MHD_Connection *c, unsigned int status,
    struct MHD_Response *r, const char *type, const char *name,
    const char *value)
{
	enum MHD_Result	 ret = MHD_NO;

	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) ==
	    MHD_YES && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES &&
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") ==
	    MHD_YES && (name == NULL || MHD_add_response_header(r, name,
	    value) == MHD_YES))
		ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answer with one of the server's own static pages. */
static enum MHD_Result
reply_page(struct MHD_Connection *c, unsigned int status, const char *page,
    const char *name, const char *value)
{
	struct MHD_Response	*r;

	/* A persistent buffer is only read, never written or freed. */
	r = MHD_create_response_from_buffer(strlen(page), (void *)(uintptr_t)
	    page, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	return reply_send(c, status, r, HTML_TYPE, name, value);
}

/* Answer with the file in f, whose descriptor this takes in every case. */
static enum MHD_Result
reply_file(struct MHD_Connection *c, unsigned int status, struct found *f)
{
	struct MHD_Response	*r;

	if ((r = MHD_create_response_from_fd(f->size, f->fd)) == NULL) {
		close(f->fd);
		return MHD_NO;
	}
	return reply_send(c, status, r, f->type, NULL, NULL);
}

/*
 * Append the decoded path to out as an address path ending in '/': empty
 * segments left out (so it never starts "//", which a browser would read
 * as another host) and every byte outside the safe set percent-encoded.
 */
static void
path_encode(struct buf *out, const char *path)
{
	static const char	 safe[] = "-._~!$&'()*+,;=:@";
	const char		*p;
	unsigned char		 ch;
	size_t			 start = out->len;

	for (p = path; *p != '\0'; p++) {
		ch = (unsigned char)*p;
		if (ch == '/') {
			if (out->len == start || out->data[out->len - 1] != '/')
				buf_putc(out, '/');
		} else if ((ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    strchr(safe, ch) != NULL)
			buf_putc(out, (char)ch);
		else
			buf_printf(out, "%%%02X", ch);
	}
	if (out->len == start || out->data[out->len - 1] != '/')
		buf_putc(out, '/');
}

/*
 * Redirect with status to the decoded path url with a final '/', encoded
 * by path_encode: a folder named without its '/', or the address path.
 */
static enum MHD_Result
reply_redirect(struct MHD_Connection *c, unsigned int status,
    const char *url)
{
	struct buf		 loc = BUF_INIT;
	struct MHD_Response	*r;
	enum MHD_Result		 ret = MHD_NO;

	loc.max = SERVE_URL_MAX * 3 + 2;
	path_encode(&loc, url);
	if (!loc.err && (r = MHD_create_response_from_buffer(0, NULL,
	    MHD_RESPMEM_PERSISTENT)) != NULL)
		ret = reply_send(c, status, r, HTML_TYPE,
		    MHD_HTTP_HEADER_LOCATION, buf_str(&loc));
	buf_free(&loc);
	return ret;
}

/* Answer 404 with the site's own 404.html, or the server's if it has none. */
static enum MHD_Result
reply_not_found(struct MHD_Connection *c, const struct server *srv)
{
	struct found	 f;

	if (site_lookup(srv->root, "/404.html", &f) == LOOKUP_FILE)
		return reply_file(c, MHD_HTTP_NOT_FOUND, &f);
	return reply_page(c, MHD_HTTP_NOT_FOUND, page_not_found, NULL, NULL);
}

/*
 * Copy the server's address path into out (empty). Returns 0, or -1 if the
 * lock or the copy failed.
 */
static int
server_prefix(struct server *srv, struct buf *out)
{
	if (pthread_mutex_lock(&srv->lock) != 0)
		return -1;
	buf_puts(out, buf_str(&srv->prefix));
	if (pthread_mutex_unlock(&srv->lock) != 0)
		return -1;
	return out->err ? -1 : 0;
}

/* The value of the hexadecimal digit ch, or -1 if it is not one. */
static int
hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Make base (config.h's base_path, as written in base_url: "/" or "/x/")
 * the server's address path. It is kept decoded (each valid %XX as its
 * byte), as libmicrohttpd decodes request paths, so that "/my%20site/"
 * matches what a browser asks for. Returns 1 if the path changed, 0 if
 * not, or -1 (nothing changed) if memory or the lock failed.
 */
static int
server_set_prefix(struct server *srv, const char *base)
{
	struct buf	 decoded = BUF_INIT, old;
	const char	*p;
	int		 hi, lo, changed, e;

	for (p = base; *p != '\0'; p++)
		if (p[0] == '%' && (hi = hex_value(p[1])) != -1 &&
		    (lo = hex_value(p[2])) != -1) {
			buf_putc(&decoded, (char)(hi * 16 + lo));
			p += 2;
		} else
			buf_putc(&decoded, *p);
	if (decoded.err || pthread_mutex_lock(&srv->lock) != 0) {
		buf_free(&decoded);
		return -1;
	}
	changed = strcmp(buf_str(&decoded), buf_str(&srv->prefix)) != 0;
	old = srv->prefix;
	srv->prefix = decoded;
	e = pthread_mutex_unlock(&srv->lock);
	buf_free(&old);
	return e != 0 ? -1 : changed;
}

/* Where a request's path is, against the address path. */
enum place {
	PLACE_INSIDE,			/* under it: served from the site */
	PLACE_ABOVE,			/* "/" or the path without its '/' */
	PLACE_OUTSIDE,			/* anywhere else: not found */
};

/*
 * Where url is against the address path prefix ("/" or "/x/"); for
 * PLACE_INSIDE, *rest is the path under it, starting with '/'.
 */
static enum place
place_of(const char *url, const char *prefix, const char **rest)
{
	size_t	 n = strlen(prefix);

	if (strncmp(url, prefix, n) == 0) {
		*rest = url + n - 1;
		return PLACE_INSIDE;
	}
	if (strcmp(url, "/") == 0 || (strlen(url) == n - 1 &&
	    strncmp(url, prefix, n - 1) == 0))
		return PLACE_ABOVE;
	return PLACE_OUTSIDE;
}

/*
 * The request handler: GET and HEAD of files under the site folder (the
 * server leaves out the body for HEAD), 405 for anything else, 400 for a
 * path that leaves the folder. Anything but GET and HEAD is answered on the
 * first call, so its body is never read (and the connection is closed);
 * GET and HEAD are answered on the last call, after any body has been read
 * and dropped, so the connection can be kept open for the next request.
 */
static enum MHD_Result
serve_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct server		*srv = cls;
	struct buf		 prefix = BUF_INIT;
	struct found		 f;
	const char		*rest = url;
	enum place		 place;

	(void)version;
	(void)upload;
	if (*state != &seen_accepted && *state != &seen_refused) {
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
			return reply_page(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    page_not_allowed, MHD_HTTP_HEADER_ALLOW,
			    "GET, HEAD");
		*state = *state == &uri_refused ? &seen_refused :
		    &seen_accepted;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*state == &seen_refused || !url_acceptable(url))
		return reply_page(c, MHD_HTTP_BAD_REQUEST, page_bad_request,
		    NULL, NULL);
	if (server_prefix(srv, &prefix) == -1) {
		buf_free(&prefix);
		return reply_page(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    page_error, NULL, NULL);
	}
	place = place_of(url, buf_str(&prefix), &rest);
	if (place == PLACE_ABOVE) {
		/* 302, not 301: the address path may change with site.yaml. */
		enum MHD_Result ret = reply_redirect(c, MHD_HTTP_FOUND,
		    buf_str(&prefix));
		buf_free(&prefix);
		return ret;
	}
	buf_free(&prefix);
	if (place == PLACE_OUTSIDE)
		return reply_not_found(c, srv);
	/* rest is a tail of url, segment for segment: acceptable too. */
	switch (site_lookup(srv->root, rest, &f)) {
	case LOOKUP_FILE:
		return reply_file(c, MHD_HTTP_OK, &f);
	case LOOKUP_FOLDER:
		return reply_redirect(c, MHD_HTTP_MOVED_PERMANENTLY, url);
	case LOOKUP_MISSING:
		return reply_not_found(c, srv);
	case LOOKUP_NO_SITE:
		return reply_page(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		    page_no_site, NULL, NULL);
	case LOOKUP_ERROR:
		break;
	}
	return reply_page(c, MHD_HTTP_INTERNAL_SERVER_ERROR, page_error, NULL,
	    NULL);
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

/*
 * Append the preview's address, http://127.0.0.1:PORT/PATH/, to out. Only
 * the main thread, the one writer of srv->prefix, reads it without the
 * lock.
 */
static void
server_address(const struct server *srv, struct buf *out)
{
	buf_printf(out, "http://127.0.0.1:%u", srv->port);
	path_encode(out, buf_str(&srv->prefix));
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
	srv.root = opt->out;
	srv.port = port;
	srv.prefix = (struct buf)BUF_INIT;
	buf_putc(&srv.prefix, '/');
	if (srv.prefix.err || (e = pthread_mutex_init(&srv.lock, NULL)) !=
	    0) {
		fprintf(opt->errors, "candour: cannot set up the server: %s\n",
		    strerror(srv.prefix.err ? ENOMEM : e));
		buf_free(&srv.prefix);
		return EXIT_ENV;
	}
	if (signals_catch(&old, &wait_mask) == -1) {
		fprintf(opt->errors, "candour: cannot set up signals: %s\n",
		    strerror(errno));
		(void)pthread_mutex_destroy(&srv.lock);
		buf_free(&srv.prefix);
		return EXIT_ENV;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* Listen before the first build, so a busy port is reported at once. */
	daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, port, NULL,
	    NULL, serve_request, &srv,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_LIMIT, SERVE_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, SERVE_TIMEOUT_S,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_check, (void *)NULL,
	    MHD_OPTION_END);
	if (daemon == NULL) {
		explain_listen_failure(opt->errors, &addr, port);
		signals_restore(&old);
		(void)pthread_mutex_destroy(&srv.lock);
		buf_free(&srv.prefix);
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
	(void)pthread_mutex_destroy(&srv.lock);
	buf_free(&srv.prefix);
	return status;
}
