#include <string.h>

#include "buf.h"
#include "sink.h"

void
sink_init(struct sink *s, int (*send)(void *, const char *, size_t),
    void *arg)
{
	memset(s, 0, sizeof(*s));
	s->send = send;
	s->arg = arg;
}

/* Send everything buf holds and empty it. */
static int
sink_send(struct sink *s)
{
	if (s->buf.err)
		s->err = 1;
	if (s->err)
		return -1;
	if (s->buf.len > 0 && s->send(s->arg, buf_str(&s->buf), s->buf.len) ==
	    -1)
		s->err = 1;
	buf_truncate(&s->buf, 0);
	return s->err ? -1 : 0;
}

int
sink_step(struct sink *s)
{
	if (s->buf.err)
		s->err = 1;
	if (s->err)
		return -1;
	return s->buf.len >= SINK_CHUNK ? sink_send(s) : 0;
}

int
sink_end(struct sink *s)
{
	return sink_send(s);
}

void
sink_free(struct sink *s)
{
	buf_free(&s->buf);
}
