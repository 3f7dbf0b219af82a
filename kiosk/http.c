/*
 * http: libmicrohttpd glue. A thread per connection reads the request; the
 * journey runs under one mutex, so sessions and the outbox see one request
 * at a time. The main thread waits for a stop signal and, once a second,
 * ends sessions that have been idle too long (the backstop behind the
 * page's own idle warning).
 */
#include <sys/select.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "form.h"
#include "http.h"
#include "journey.h"
#include "kiosk_assets.h"
#include "session.h"

#define HTML_TYPE	"text/html; charset=utf-8"
#define URL_MAX		1024
/* Seconds after the page's own warning runs out that the server ends an
 * idle session by itself: half the warning, at most 10. */
#define EXPIRY_GRACE_S(warning) \
	((warning) / 2 + 1 < 10 ? (warning) / 2 + 1 : 10)

static const char csp[] = "default-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

static const struct asset_type {
	const char	*ext;
	const char	*type;
} asset_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
};

/* One request's state, from its first call to its completion. */
struct exchange {
	struct buf	 body;		/* the form body; zeroed when freed */
	int		 too_big;	/* the body passed HTTP_BODY_MAX */
	int		 bad_uri;	/* the raw URI hides a NUL or is long */
	int		 started;	/* the first call has been answered */
	int		 refused;	/* a refusal is queued: ignore the rest */
};

/* A reply's bytes handed to libmicrohttpd, zeroed when it is done. */
struct sent {
	char	*data;
	size_t	 cap;
};

static pthread_mutex_t		 lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int		 open_connections;
static volatile sig_atomic_t	 stop;
static const struct kiosk_config *cfg;
static char			 origin_ip[32], origin_name[32];

static void
on_signal(int sig)
{
	stop = sig;
}

/* Monotonic seconds. */
static time_t
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
sent_free(void *cls)
{
	struct sent	*s = cls;

	sodium_memzero(s->data, s->cap);
	free(s->data);
	free(s);
}

/*
 * Queue rp on c: the body (zeroed once sent), its status and the headers
 * every answer carries. Frees rp's body. Returns MHD_queue_response's
 * result or MHD_NO.
 */
static enum MHD_Result
send_reply(struct MHD_Connection *c, struct reply *rp, const char *type)
{
	struct MHD_Response	*r = NULL;
	struct sent		*s;
	enum MHD_Result		 ret = MHD_NO;
	static char		 empty[1];

	if (rp->body.err || (s = calloc(1, sizeof(*s))) == NULL) {
		sodium_memzero(rp->body.data, rp->body.cap);
		buf_free(&rp->body);
		return MHD_NO;
	}
	s->cap = rp->body.cap;
	s->data = rp->body.data;
	r = MHD_create_response_from_buffer_with_free_callback_cls(
	    rp->body.len, s->data != NULL ? s->data : empty, sent_free, s);
	rp->body.data = NULL;
	rp->body.len = rp->body.cap = 0;
	if (r == NULL) {
		sent_free(s);
		return MHD_NO;
	}
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) ==
	    MHD_YES &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store") == MHD_YES &&
	    MHD_add_response_header(r, "Content-Security-Policy", csp) ==
	    MHD_YES &&
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") ==
	    MHD_YES &&
	    MHD_add_response_header(r, "Referrer-Policy", "same-origin") ==
	    MHD_YES &&
	    MHD_add_response_header(r, "X-Frame-Options", "DENY") == MHD_YES &&
	    (rp->location[0] == '\0' || MHD_add_response_header(r,
	    MHD_HTTP_HEADER_LOCATION, rp->location) == MHD_YES) &&
	    (rp->cookie[0] == '\0' || MHD_add_response_header(r,
	    MHD_HTTP_HEADER_SET_COOKIE, rp->cookie) == MHD_YES) &&
	    (!rp->clear_site || MHD_add_response_header(r, "Clear-Site-Data",
	    "\"cache\", \"cookies\", \"storage\"") == MHD_YES))
		ret = MHD_queue_response(c, rp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answer with a short plain-text refusal (for non-browser mistakes). */
static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct reply	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.status = status;
	buf_puts(&rp.body, text);
	return send_reply(c, &rp, "text/plain; charset=utf-8");
}

/* Answer with one of the journey's problem screens, under the lock. */
static enum MHD_Result
send_problem(struct MHD_Connection *c, enum screen sc, unsigned status,
    size_t limit)
{
	struct reply	 rp;
	char		 token[FORM_TOKEN_LEN + 1];
	const char	*cookie;

	memset(&rp, 0, sizeof(rp));
	cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	pthread_mutex_lock(&lock);
	journey_problem(sc, status, limit, form_cookie(cookie, token) ?
	    token : NULL, now_s(), &rp);
	pthread_mutex_unlock(&lock);
	sodium_memzero(token, sizeof(token));
	return send_reply(c, &rp, HTML_TYPE);
}

/* Serve a compiled-in file under /static/, or NULL if there is none. */
static const struct kiosk_asset *
asset_at(const char *url, const char **type)
{
	const struct kiosk_asset *a;
	const char	*dot;
	size_t		 i;

	if (strncmp(url, "/static/", 8) != 0)
		return NULL;
	for (a = kiosk_assets; a->path != NULL; a++) {
		if (strcmp(a->path, url + 1) != 0)
			continue;
		if ((dot = strrchr(a->path, '.')) == NULL)
			return NULL;
		for (i = 0; i < sizeof(asset_types) / sizeof(*asset_types);
		    i++)
			if (strcmp(dot, asset_types[i].ext) == 0) {
				*type = asset_types[i].type;
				return a;
			}
	}
	return NULL;
}

static enum MHD_Result
send_asset(struct MHD_Connection *c, const struct kiosk_asset *a,
    const char *type)
{
	struct reply	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.status = 200;
	buf_put(&rp.body, a->data, *a->len);
	return send_reply(c, &rp, type);
}

/* Whether the Host header names this server: 127.0.0.1:PORT or
 * localhost:PORT. */
static int
host_ok(struct MHD_Connection *c)
{
	const char	*host = MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);

	return host != NULL && (strcmp(host, origin_ip + 7) == 0 ||
	    strcasecmp(host, origin_name + 7) == 0);
}

/* Whether a POST comes from our own pages: no Origin header (not a
 * browser) or this origin, and not a cross-site fetch. */
static int
origin_ok(struct MHD_Connection *c)
{
	const char	*o = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Origin");
	const char	*site = MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, "Sec-Fetch-Site");

	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return 0;
	return o == NULL || strcmp(o, origin_ip) == 0 ||
	    strcasecmp(o, origin_name) == 0;
}

/* Whether the decoded path is one we could serve: it starts with '/', is
 * not long, and has no control character or backslash. */
static int
path_ok(const char *url)
{
	const char	*p;

	if (url[0] != '/' || strlen(url) > URL_MAX)
		return 0;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

/*
 * The checks made on a request's first call, before any body is read.
 * Returns MHD_YES to go on reading, or the result of queueing a refusal.
 */
static enum MHD_Result
first_call(struct MHD_Connection *c, struct exchange *x, const char *url,
    const char *method, int *refused)
{
	const char	*type, *length;
	unsigned long long n;
	char		*end;
	int		 post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	*refused = 1;
	if (!host_ok(c))
		return send_text(c, MHD_HTTP_MISDIRECTED_REQUEST, "This kiosk "
		    "answers only requests for its own address, "
		    "http://127.0.0.1:PORT/.\n");
	if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "This kiosk "
		    "answers only GET, HEAD and POST.\n");
	if (x->bad_uri || !path_ok(url))
		return send_text(c, MHD_HTTP_BAD_REQUEST, "This address is not "
		    "allowed: at most 1024 characters, and no NUL, control "
		    "character or backslash.\n");
	if (atomic_load(&open_connections) > HTTP_CONNECTIONS)
		return send_problem(c, SCREEN_BUSY,
		    MHD_HTTP_SERVICE_UNAVAILABLE, HTTP_CONNECTIONS);
	if (post) {
		if (!origin_ok(c))
			return send_text(c, MHD_HTTP_FORBIDDEN, "This kiosk "
			    "takes forms only from its own pages.\n");
		type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_TYPE);
		if (type != NULL && strncasecmp(type,
		    "application/x-www-form-urlencoded", 33) != 0)
			return send_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			    "This kiosk takes only application/x-www-form-"
			    "urlencoded forms.\n");
		length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length != NULL && ((n = strtoull(length, &end, 10)),
		    *end != '\0' || n > HTTP_BODY_MAX))
			return send_problem(c, SCREEN_TOO_BIG,
			    MHD_HTTP_CONTENT_TOO_LARGE, HTTP_BODY_MAX);
		/* Room for the largest body, so it never reallocates. */
		x->body.max = HTTP_BODY_MAX;
		buf_printf(&x->body, "%*s", HTTP_BODY_MAX, "");
		buf_truncate(&x->body, 0);
	}
	*refused = 0;
	return MHD_YES;
}

/* Run the journey for a complete request. */
static enum MHD_Result
complete(struct MHD_Connection *c, struct exchange *x, const char *url,
    int post)
{
	struct request	 rq;
	struct reply	 rp;
	struct form	 form;
	char		 token[FORM_TOKEN_LEN + 1];
	const char	*from, *cleared;
	enum MHD_Result	 ret;

	if (x->too_big)
		return send_problem(c, SCREEN_TOO_BIG,
		    MHD_HTTP_CONTENT_TOO_LARGE, HTTP_BODY_MAX);
	memset(&rq, 0, sizeof(rq));
	memset(&rp, 0, sizeof(rp));
	memset(&form, 0, sizeof(form));
	if (post && form_parse(&form, buf_str(&x->body), x->body.len) ==
	    -1) {
		form_free(&form);
		return send_problem(c, SCREEN_BAD_FORM, MHD_HTTP_BAD_REQUEST,
		    0);
	}
	rq.post = post;
	rq.path = url;
	rq.form = post ? &form : NULL;
	from = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "from");
	cleared = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "cleared");
	rq.from_check = from != NULL && strcmp(from, "check") == 0;
	if (post && !rq.from_check)
		rq.from_check = (from = form_value(&form, "from", NULL)) !=
		    NULL && strcmp(from, "check") == 0;
	rq.cleared = cleared != NULL;
	if (form_cookie(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE), token))
		rq.token = token;
	pthread_mutex_lock(&lock);
	rq.now = now_s();
	journey_handle(&rq, &rp);
	pthread_mutex_unlock(&lock);
	form_free(&form);
	sodium_memzero(token, sizeof(token));
	if (rp.status == 0)
		rp.status = 500;
	ret = send_reply(c, &rp, HTML_TYPE);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct exchange			*x = *state;
	const struct kiosk_asset	*a;
	const char			*type;
	enum MHD_Result			 ret;
	int				 refused;

	(void)cls;
	(void)version;
	if (x == NULL)
		return MHD_NO;
	if (x->refused) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!x->started) {
		x->started = 1;
		ret = first_call(c, x, url, method, &refused);
		x->refused = refused;
		if (refused || strcmp(method, MHD_HTTP_METHOD_POST) == 0)
			return ret;
	}
	if (*upload_size != 0) {
		if (!x->too_big && x->body.len + *upload_size <= HTTP_BODY_MAX)
			buf_put(&x->body, upload, *upload_size);
		else
			x->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0 &&
	    (a = asset_at(url, &type)) != NULL)
		return send_asset(c, a, type);
	return complete(c, x, url, strcmp(method, MHD_HTTP_METHOD_POST) == 0);
}

/*
 * Called with the raw URI before anything else: makes the request's state,
 * marking a URI that hides an encoded NUL or is too long.
 */
static void *
begin(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct exchange	*x;
	size_t		 i;

	(void)cls;
	(void)c;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	for (i = 0; uri[i] != '\0'; i++)
		if (i > URL_MAX || (uri[i] == '%' && uri[i + 1] == '0' &&
		    uri[i + 2] == '0'))
			x->bad_uri = 1;
	return x;
}

static void
finished(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct exchange	*x = *state;

	(void)cls;
	(void)c;
	(void)why;
	if (x == NULL)
		return;
	if (x->body.data != NULL)
		sodium_memzero(x->body.data, x->body.cap);
	buf_free(&x->body);
	free(x);
	*state = NULL;
}

static void
connection_event(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&open_connections, 1);
	else
		atomic_fetch_sub(&open_connections, 1);
}

/* Say why the server could not listen on port, by trying it ourselves. */
static void
explain_listen_failure(const struct sockaddr_in *sa, unsigned short port)
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
		fprintf(stderr, "candour-kiosk: port %u is already in use, "
		    "perhaps by another candour-kiosk; set another 'port' in "
		    "kiosk.yaml\n", port);
	else
		fprintf(stderr, "candour-kiosk: cannot listen on "
		    "127.0.0.1:%u%s%s\n", port, e ? ": " : "",
		    e ? strerror(e) : "");
}

int
http_serve(const struct kiosk_config *c, struct outbox *o)
{
	struct sockaddr_in	 addr;
	struct MHD_Daemon	*daemon;
	struct sigaction	 sa;
	struct timespec		 ts;
	sigset_t		 stops, old, wait_mask;
	unsigned		 ended;

	cfg = c;
	journey_setup(c, o);
	session_setup(c->idle_s + c->warning_s +
	    EXPIRY_GRACE_S(c->warning_s));
	snprintf(origin_ip, sizeof(origin_ip), "http://127.0.0.1:%u", c->port);
	snprintf(origin_name, sizeof(origin_name), "http://localhost:%u",
	    c->port);

	/* Block the stop signals in every thread but the waiting one. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	wait_mask = old;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(c->port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, c->port, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS + 8,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_HEADERS_MAX,
	    MHD_OPTION_URI_LOG_CALLBACK, begin, (void *)NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, finished, (void *)NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, connection_event, (void *)NULL,
	    MHD_OPTION_END);
	if (daemon == NULL) {
		explain_listen_failure(&addr, c->port);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return 3;
	}
	printf("candour-kiosk: kiosk %s serving the complaint form at "
	    "http://127.0.0.1:%u/ (this computer only; at most %d "
	    "connections, forms of at most %d bytes); press Ctrl-C to stop\n",
	    c->kiosk_id, c->port, HTTP_CONNECTIONS, HTTP_BODY_MAX);
	fflush(stdout);
	while (!stop) {
		ts.tv_sec = 1;
		ts.tv_nsec = 0;
		(void)pselect(0, NULL, NULL, NULL, &ts, &wait_mask);
		pthread_mutex_lock(&lock);
		ended = session_expire(now_s());
		pthread_mutex_unlock(&lock);
		if (ended > 0) {
			printf("candour-kiosk: cleared %u idle session%s\n",
			    ended, ended == 1 ? "" : "s");
			fflush(stdout);
		}
	}
	MHD_stop_daemon(daemon);
	pthread_mutex_lock(&lock);
	session_end_all();
	pthread_mutex_unlock(&lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	printf("candour-kiosk: stopped\n");
	fflush(stdout);
	return 0;
}
