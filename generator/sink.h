/*
 * sink: where a long output goes a piece at a time, so that writing it
 * holds a bounded amount of memory whatever its length. A writer appends
 * each piece to buf (with the buf and html functions, as for any page) and
 * then calls sink_step, which sends buf on once it holds SINK_CHUNK bytes;
 * sink_end sends the rest. buf never holds much more than SINK_CHUNK plus
 * the largest piece.
 */
#ifndef CANDOUR_SINK_H
#define CANDOUR_SINK_H

#include <stddef.h>

#include "buf.h"

#define SINK_CHUNK ((size_t)64 * 1024)

struct sink {
	struct buf	 buf;		/* append here; emptied by each send */
	/* Take data[0..n): 0, or -1 (the receiver reported why). */
	int		(*send)(void *arg, const char *data, size_t n);
	void		*arg;		/* the receiver's, for send */
	int		 err;		/* sticky: buf or a send failed */
};

/* Start s sending to send(arg, ...); sink_free frees its buffer. */
void	 sink_init(struct sink *s, int (*send)(void *, const char *, size_t),
	    void *arg);
/* Send buf on if it holds SINK_CHUNK bytes or more. 0, or -1 (err). */
int	 sink_step(struct sink *s);
/* Send what buf holds. 0, or -1 when anything failed since sink_init. */
int	 sink_end(struct sink *s);
void	 sink_free(struct sink *s);

#endif
