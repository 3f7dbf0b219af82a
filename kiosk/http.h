/*
 * http: the kiosk's web server (libmicrohttpd) on 127.0.0.1 only. It
 * refuses requests whose Host is not this loopback origin and form posts
 * from any other origin, caps connections, header and body sizes (saying
 * the limit when it refuses), serves the compiled-in stylesheet, script and
 * pictures, and passes everything else to the journey under one lock. Every
 * answer carries Content-Security-Policy default-src 'self' and
 * Cache-Control no-store.
 */
#ifndef KIOSK_HTTP_H
#define KIOSK_HTTP_H

#define HTTP_CONNECTIONS	16		/* served at once */
#define HTTP_BODY_MAX		(64 * 1024)	/* bytes in one form */
#define HTTP_HEADERS_MAX	(32 * 1024)	/* bytes of request headers */
#define HTTP_TIMEOUT_S		30		/* idle connection closed */

struct kiosk_config;
struct outbox;

/*
 * Serve until SIGINT or SIGTERM. Returns the exit status: 0 after a clean
 * stop, 3 when it could not listen.
 */
int	 http_serve(const struct kiosk_config *, struct outbox *);

#endif
