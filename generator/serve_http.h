/*
 * serve_http: the request handler of `candour serve` (serve.c), which
 * answers from the site folder at the site's address path, the path of
 * site.yaml's base_url. The handler runs on libmicrohttpd's thread; the
 * address path is the one thing it shares that changes, under a mutex.
 */
#ifndef CANDOUR_SERVE_HTTP_H
#define CANDOUR_SERVE_HTTP_H

#include <sys/types.h>
#include <sys/socket.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>

#include <microhttpd.h>

#include "buf.h"

/* What the request handler needs; only prefix changes once serving. */
struct server {
	const char	*root;	/* the site folder, opened per request */
	unsigned short	 port;	/* the port listened on, for messages */
	pthread_mutex_t	 lock;	/* guards prefix */
	struct buf	 prefix;	/* the address path, decoded: "/", "/x/" */
};

/*
 * Set up srv to serve the folder root (kept, not copied) at "/", for a
 * server on port. Returns 0, or an errno value with nothing to free;
 * otherwise server_free frees.
 */
int	 server_init(struct server *, const char *root, unsigned short port);
void	 server_free(struct server *);

/*
 * Serve at base (config.h's base_path, as written in base_url). Called
 * only by the thread that called server_init. Returns 1 if the path
 * changed, 0 if not, or -1 (nothing changed) if memory or the lock failed.
 */
int	 server_set_prefix(struct server *, const char *base);

/*
 * Append the preview's address, http://127.0.0.1:PORT/PATH/, to the
 * buffer. Called only by the thread that calls server_set_prefix.
 */
void	 server_address(const struct server *, struct buf *);

/* libmicrohttpd's URI log callback and request handler; cls is srv. */
void	*server_uri_check(void *cls, const char *uri,
	    struct MHD_Connection *);
enum MHD_Result server_request(void *cls, struct MHD_Connection *,
	    const char *url, const char *method, const char *version,
	    const char *upload, size_t *upload_size, void **state);

#endif
