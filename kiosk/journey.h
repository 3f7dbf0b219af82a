/*
 * journey: what each address of the kiosk does. It turns one checked
 * request into one reply: it finds or makes the session, stores answers
 * through form_set, moves the resident on, commits the complaint to the
 * outbox before the confirmation can be shown, and clears everything on
 * "Exit and clear". Called only under the server's request lock.
 */
#ifndef KIOSK_JOURNEY_H
#define KIOSK_JOURNEY_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "form.h"
#include "screens.h"

struct kiosk_config;
struct outbox;

struct request {
	int		 post;		/* POST; otherwise GET or HEAD */
	const char	*path;		/* decoded path, without the query */
	int		 from_check;	/* the query has from=check */
	int		 cleared;	/* the query has "cleared" */
	const char	*token;		/* a well-formed session cookie, or NULL */
	const struct form *form;	/* the parsed body of a POST, or NULL */
	time_t		 now;		/* monotonic seconds */
};

struct reply {
	unsigned	 status;	/* HTTP status */
	struct buf	 body;		/* HTML, or empty */
	char		 location[64];	/* for a redirect, or "" */
	char		 cookie[160];	/* a Set-Cookie value, or "" */
	int		 clear_site;	/* send Clear-Site-Data */
};

/* Remember the configuration and outbox every request uses (not owned). */
void	 journey_setup(const struct kiosk_config *, struct outbox *);

/* Answer rq into rp (which the caller has zeroed and later frees). */
void	 journey_handle(const struct request *rq, struct reply *rp);

/* Answer with a problem screen (not found, too big, busy, bad form), with
 * status, in the language of the session with token (NULL for none); limit
 * is the {n} the screen states. */
void	 journey_problem(enum screen, unsigned status, size_t limit,
	    const char *token, time_t now, struct reply *rp);

#endif
