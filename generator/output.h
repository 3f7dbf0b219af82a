/*
 * output: writing the build's files into its temporary folder. A file the
 * site needs is written only when it must be: in a reused spare folder, a
 * file already right is left alone and one with no other name is
 * overwritten in place; otherwise a file the site being replaced already
 * holds gets a second name (the two sites share it); otherwise it is made.
 * Whole files go through out_write; those whose size grows with the site
 * (sitemap.xml, the lists of all pages) a piece at a time through
 * out_stream, with the same rules and bounded memory.
 */
#ifndef CANDOUR_OUTPUT_H
#define CANDOUR_OUTPUT_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"
#include "manifest.h"

struct diag;

struct out {
	struct buf	 tmp;		/* the temporary folder, or empty */
	struct buf	 prev;		/* the site being replaced, or empty */
	struct buf	 old;		/* scratch: a path under prev */
	struct buf	 spare;		/* where the replaced site is kept */
	struct buf	 text, html;	/* scratch for build_page */
	int		 reuse;		/* tmp is the spare: files may exist */
	struct diag	*diag;
	struct manifest_files files;	/* what was written, for the manifest */
	int		 failed;	/* a write failed: exit 3 */
};

/* Write rel under the temporary folder; records failure in o->failed. */
void	 out_write(struct out *, const char *rel, const char *data, size_t n);
/* Report that path cannot be written, and mark the build failed. */
void	 out_failed(struct out *, const char *path);

/*
 * Writing an output a piece at a time (one whose size grows with the site:
 * sitemap.xml, the lists of all pages), with out_write's rules and memory
 * bounded whatever its length. Nothing is held but the piece in hand: each
 * piece is compared as it comes with the files that may already hold it,
 * the candidates, at the same offset:
 *
 *   spare: in a reused spare folder, the file already at the path;
 *   old:   the same file in the site being replaced.
 *
 * While a candidate still matches, nothing is written. When the spare's file
 * first differs, it is overwritten in place from there on if it has no
 * other name; otherwise its name is removed (its bytes stay readable
 * through the open descriptor). When no candidate matches any more, a new
 * file is made and the bytes that matched so far are copied into it from
 * a candidate. At the end, a spare file that matched throughout is kept
 * (cut to length if it was longer and has no other name), and an old file
 * that matched throughout gets a second name (link_same); else the new file
 * is complete. Each file is thus left, kept or linked exactly as out_write
 * would have done with the whole output in hand.
 */
struct out_candidate {
	int		 fd;		/* open, or -1 */
	struct stat	 st;		/* as opened */
	int		 match;		/* every byte so far is the same */
	off_t		 same;		/* bytes known to be the same */
};

struct out_stream {
	struct out	*o;
	struct buf	 path;		/* the file under the temporary folder */
	struct buf	 oldpath;	/* the same under the replaced site */
	off_t		 off;		/* bytes taken so far */
	int		 fd;		/* the file written, or -1 (none yet) */
	int		 in_place;	/* fd is the spare's file */
	struct out_candidate spare, old;
	int		 failed;	/* reported; nothing more is done */
};

/*
 * Start writing rel a piece at a time; out_stream_send (a sink's send
 * function: arg is the struct out_stream) takes each piece, and
 * out_stream_close ends it, whatever happened. A failure is reported and
 * makes every later send fail.
 */
void	 out_stream_open(struct out_stream *, struct out *, const char *rel);
int	 out_stream_send(void *arg, const char *data, size_t n);
void	 out_stream_close(struct out_stream *);

#endif
