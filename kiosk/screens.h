/*
 * screens: each screen of the journey, written with the building blocks of
 * pages.h from a struct view the journey has filled in.
 */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

struct buf;
struct view;

enum screen {
	SCREEN_START,
	SCREEN_ABOUT,
	SCREEN_HAPPENED,
	SCREEN_PUT_RIGHT,
	SCREEN_DANGER,
	SCREEN_URGENT,
	SCREEN_REPLY,
	SCREEN_DETAILS,
	SCREEN_HELP,
	SCREEN_CHECK,
	SCREEN_DONE,
	SCREEN_NOT_SAVED,
	SCREEN_NOT_FOUND,
	SCREEN_TOO_BIG,
	SCREEN_BUSY,
	SCREEN_BAD_FORM,
	SCREEN__MAX
};

/* Append the whole page of screen s for view v to b. */
void	 screen_render(struct buf *b, enum screen s, const struct view *v);

#endif
