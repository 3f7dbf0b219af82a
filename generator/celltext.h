/*
 * celltext: the text of one spreadsheet cell as staff paste it, turned into
 * a few safe building blocks: paragraphs, list items, line breaks and
 * emphasis. Cells copied from Word carry HTML fragments ("<p>", "<br>",
 * "<ul><li>", "<i>"); those few tags become structure, every other tag is
 * dropped, and every character of text is kept as text, so nothing from a
 * cell can ever reach a page as markup. A cell without such tags is plain
 * text: each line is a paragraph, and a line that starts with a bullet
 * ("•", "-", "*") is a list item. In both, the common entities ("&amp;",
 * "&nbsp;", "&#8217;") become the characters they stand for, and control
 * characters are dropped.
 *
 * The cleaned form is a NUL-terminated UTF-8 string in which a few control
 * bytes (which cleaning removes from the text itself) mark the structure:
 * each block starts with CELLTEXT_PARA, CELLTEXT_ITEM or CELLTEXT_NUMBERED,
 * and inside a block CELLTEXT_EM_ON ... CELLTEXT_EM_OFF, CELLTEXT_STRONG_ON
 * ... CELLTEXT_STRONG_OFF (always balanced and properly nested within the
 * block) and CELLTEXT_BREAK may appear. No block is empty; "" is an empty
 * cell.
 */
#ifndef CANDOUR_CELLTEXT_H
#define CANDOUR_CELLTEXT_H

#include <stddef.h>

struct buf;

#define CELLTEXT_EM_ON		'\x01'
#define CELLTEXT_EM_OFF		'\x02'
#define CELLTEXT_STRONG_ON	'\x03'
#define CELLTEXT_STRONG_OFF	'\x04'
#define CELLTEXT_BREAK		'\x05'
#define CELLTEXT_PARA		'\x10'	/* a paragraph follows */
#define CELLTEXT_ITEM		'\x11'	/* an item of a bulleted list */
#define CELLTEXT_NUMBERED	'\x12'	/* an item of a numbered list */

/*
 * Append to out the cleaned form of the cell text s[0..n), which must be
 * valid UTF-8. Never fails but through out's sticky error; the output is
 * at most a small multiple of n.
 */
void	 celltext_clean(struct buf *out, const char *s, size_t n);

/*
 * Append cleaned text as HTML, every character of text escaped. With
 * inline_ok, a lone paragraph is written without its <p> (for a short table
 * cell); otherwise each paragraph is a <p> and list items are grouped in
 * <ul> or <ol>.
 */
void	 celltext_html(struct buf *out, const char *clean, int inline_ok);

/*
 * Append cleaned text as plain text for a CSV download: blocks on their own
 * lines, bulleted items after "• ", numbered items after "1. ", emphasis
 * dropped, line breaks kept.
 */
void	 celltext_plain(struct buf *out, const char *clean);

#endif
