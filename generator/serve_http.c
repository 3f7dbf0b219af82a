/*
 * serve_http: the request handler of `candour serve` and what it needs.
 *
 * It answers GET and HEAD from the site folder at the site's address path
 * (the path of site.yaml's `base_url`, such as /complaints/), so the
 * preview is what residents see: the 404 page's links, which start from
 * that path, work. "/" and the path without its final '/' redirect there;
 * any other address outside it gets the site's 404 page. Every file is
 * opened by path, one folder at a time and never through a symbolic link,
 * so each request sees whichever site the last build swapped in.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "serve_http.h"

/* The longest request path served. */
#define SERVE_URL_MAX		4096

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

/*
 * A request's state is the address of one of these markers:
 * server_uri_check sets the first two, and the handler's first call turns
 * them into the "seen" pair, so later calls know the headers have been answered for.
 */
static char uri_accepted, uri_refused, seen_accepted, seen_refused;

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
void *
server_uri_check(void *cls, const char *uri, struct MHD_Connection *c)
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
int
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
enum MHD_Result
server_request(void *cls, struct MHD_Connection *c, const char *url,
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
 * Append the preview's address, http://127.0.0.1:PORT/PATH/, to out. Only
 * the main thread, the one writer of srv->prefix, reads it without the
 * lock.
 */
void
server_address(const struct server *srv, struct buf *out)
{
	buf_printf(out, "http://127.0.0.1:%u", srv->port);
	path_encode(out, buf_str(&srv->prefix));
}

int
server_init(struct server *srv, const char *root, unsigned short port)
{
	int	 e;

	srv->root = root;
	srv->port = port;
	srv->prefix = (struct buf)BUF_INIT;
	buf_putc(&srv->prefix, '/');
	if (srv->prefix.err) {
		buf_free(&srv->prefix);
		return ENOMEM;
	}
	if ((e = pthread_mutex_init(&srv->lock, NULL)) != 0) {
		buf_free(&srv->prefix);
		return e;
	}
	return 0;
}

void
server_free(struct server *srv)
{
	/* Only fails for a locked mutex; the server has stopped by now. */
	(void)pthread_mutex_destroy(&srv->lock);
	buf_free(&srv->prefix);
}
