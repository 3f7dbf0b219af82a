/*
 * build: one run of `candour build` or `candour check`. Pages are rendered
 * one at a time into a temporary folder beside the output, which is swapped
 * in with one rename only when every page and every link is right; on any
 * error the previous site is left exactly as it was.
 */
#ifndef CANDOUR_BUILD_H
#define CANDOUR_BUILD_H

#include <stdio.h>

/* Exit statuses (DESIGN 8). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* the content has errors, all reported */
	EXIT_USAGE = 2,
	EXIT_ENV = 3,		/* disk, permissions, memory */
};

struct build_options {
	const char	*content;	/* the content folder */
	const char	*out;		/* the site folder; NULL: check only */
	FILE		*errors;	/* where messages go */
	int		 progress;	/* show progress (a terminal) */
	int		 no_sync;	/* skip fsync (tests only) */
};

/* Build or check; returns one of the exit statuses above. */
int	 build_run(const struct build_options *);

#endif
