/*
 * session: one resident's visit, held only in memory. A session is found
 * by a random cookie; its answers live in memory that libsodium locks
 * against swapping and that is zeroed when the answers are sent, when the
 * resident presses "Exit and clear", and when the session expires. Nothing
 * of a session is ever written to disk or given to another session.
 *
 * Not thread-safe: every call must be made under the caller's lock (the
 * server's one request lock).
 */
#ifndef KIOSK_SESSION_H
#define KIOSK_SESSION_H

#include <time.h>

#include "form.h"
#include "i18n.h"

#define SESSION_MAX	16	/* sessions at once; the oldest is ended first */
#define SESSION_SID_LEN	36	/* a UUID */

struct session {
	char		 token[FORM_TOKEN_LEN + 1];	/* the cookie's value */
	time_t		 last;		/* monotonic seconds of the last request */
	enum lang	 lang;		/* the language chosen */
	int		 size;		/* text size: 1, 2 or 3 */
	int		 easy;		/* Easy Read with pictures */
	struct answers	 a;		/* the answers so far */
	char		 sid[SESSION_SID_LEN + 1];	/* submission id, or "" */
	char		 reference[32];	/* once sent: its reference; else "" */
	int		 anonymous;	/* once sent: no reply was wanted */
};

/* Sessions not used for expire_s seconds end at the next session_expire. */
void	 session_setup(unsigned expire_s);

/* The live session with this token, or NULL. A session that has expired
 * is ended here and NULL returned. */
struct session *session_find(const char *token, time_t now);

/* A new session with a fresh random token, language lang; the oldest
 * session is ended first when SESSION_MAX are live. NULL if out of memory.
 * session_end frees it. */
struct session *session_new(time_t now, enum lang lang);

/* Zero the session's memory and free it. */
void	 session_end(struct session *);

/* Zero the answers, keeping the settings, the submission id and the
 * reference (so a repeated send is recognised). */
void	 session_forget_answers(struct session *);

/* Mint a new random submission id (UUID version 4) into s->sid. */
void	 session_mint_sid(struct session *);

/* End every session idle for longer than the expiry; returns how many. */
unsigned session_expire(time_t now);
/* End every session (at shutdown). */
void	 session_end_all(void);

#endif
