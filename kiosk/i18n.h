/*
 * i18n: the kiosk's interface strings, read from kiosk/i18n/<lang>.yaml
 * (compiled into the program) when it starts. Every string the pages show
 * is named here once; a file that lacks one, or has a key not named here,
 * stops the program with the file, line and column.
 *
 * A file may also hold an "easy:" group with Easy Read versions of any of
 * the same keys; i18n_get gives the Easy Read text when there is one.
 * "{n}" and "{m}" in a string are filled in by the page that shows it.
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <stdio.h>

enum lang {
	LANG_EN,
	LANG_CY,
	LANG__MAX
};

#define KIOSK_STRINGS \
	X(S_LANGUAGE_NAME, "language_name") \
	X(S_SERVICE, "service") \
	X(S_SKIP_LINK, "skip_link") \
	X(S_BACK, "back") \
	X(S_EXIT, "exit") \
	X(S_CONTINUE, "continue") \
	X(S_ERROR_PREFIX, "error_prefix") \
	X(S_ERROR_SUMMARY, "error_summary") \
	X(S_OPTIONAL, "optional") \
	X(S_YES, "yes") \
	X(S_NO, "no") \
	X(S_CHANGE, "change") \
	X(S_TOO_LONG, "too_long") \
	X(S_BAD_TEXT, "bad_text") \
	X(S_START_TITLE, "start.title") \
	X(S_START_LEAD, "start.lead") \
	X(S_START_PRIVATE, "start.private") \
	X(S_START_CLEARED, "start.cleared") \
	X(S_START_LANGUAGE, "start.language") \
	X(S_START_SIZE, "start.size") \
	X(S_SIZE_1, "start.size_1") \
	X(S_SIZE_2, "start.size_2") \
	X(S_SIZE_3, "start.size_3") \
	X(S_START_EASY, "start.easy") \
	X(S_EASY_ON, "start.easy_on") \
	X(S_EASY_OFF, "start.easy_off") \
	X(S_START_BUTTON, "start.button") \
	X(S_ABOUT_TITLE, "about.title") \
	X(S_ABOUT_HINT, "about.hint") \
	X(S_ABOUT_ERROR, "about.error") \
	X(S_CAT_REPAIRS, "about.repairs") \
	X(S_CAT_STAFF, "about.staff") \
	X(S_CAT_NEIGHBOURS, "about.neighbours") \
	X(S_CAT_CLEANING, "about.cleaning") \
	X(S_CAT_SAFETY, "about.safety") \
	X(S_CAT_MONEY, "about.money") \
	X(S_CAT_SUPPORT, "about.support") \
	X(S_CAT_OTHER, "about.other") \
	X(S_HAPPENED_TITLE, "happened.title") \
	X(S_HAPPENED_HINT, "happened.hint") \
	X(S_HAPPENED_EMPTY, "happened.empty") \
	X(S_RIGHT_TITLE, "put_right.title") \
	X(S_RIGHT_HINT, "put_right.hint") \
	X(S_RIGHT_EMPTY, "put_right.empty") \
	X(S_DANGER_TITLE, "danger.title") \
	X(S_DANGER_HINT, "danger.hint") \
	X(S_DANGER_EMPTY, "danger.empty") \
	X(S_URGENT_TITLE, "urgent.title") \
	X(S_URGENT_999, "urgent.call_999") \
	X(S_URGENT_NO_PHONE, "urgent.no_phone") \
	X(S_URGENT_CONTACTS, "urgent.contacts") \
	X(S_URGENT_CARRY_ON, "urgent.carry_on") \
	X(S_URGENT_BUTTON, "urgent.button") \
	X(S_REPLY_TITLE, "reply.title") \
	X(S_REPLY_HINT, "reply.hint") \
	X(S_REPLY_EMPTY, "reply.empty") \
	X(S_REPLY_ANONYMOUS, "reply.anonymous") \
	X(S_REPLY_ANONYMOUS_HINT, "reply.anonymous_hint") \
	X(S_REPLY_ROOM, "reply.room") \
	X(S_REPLY_PHONE, "reply.phone") \
	X(S_REPLY_EMAIL, "reply.email") \
	X(S_REPLY_STAFF, "reply.staff") \
	X(S_REPLY_STAFF_HINT, "reply.staff_hint") \
	X(S_ROOM_TITLE, "details.room_title") \
	X(S_NAME_LABEL, "details.name") \
	X(S_NAME_EMPTY, "details.name_empty") \
	X(S_ROOM_LABEL, "details.room") \
	X(S_ROOM_EMPTY, "details.room_empty") \
	X(S_PHONE_TITLE, "details.phone_title") \
	X(S_PHONE_HINT, "details.phone_hint") \
	X(S_PHONE_EMPTY, "details.phone_empty") \
	X(S_PHONE_BAD, "details.phone_bad") \
	X(S_EMAIL_TITLE, "details.email_title") \
	X(S_EMAIL_HINT, "details.email_hint") \
	X(S_EMAIL_EMPTY, "details.email_empty") \
	X(S_EMAIL_BAD, "details.email_bad") \
	X(S_STAFF_TITLE, "details.staff_title") \
	X(S_STAFF_LABEL, "details.staff") \
	X(S_STAFF_HINT, "details.staff_hint") \
	X(S_STAFF_EMPTY, "details.staff_empty") \
	X(S_WHERE_LABEL, "details.where") \
	X(S_WHERE_EMPTY, "details.where_empty") \
	X(S_HELP_TITLE, "help.title") \
	X(S_HELP_HINT, "help.hint") \
	X(S_HELP_ADVOCATE, "help.advocate") \
	X(S_HELP_ADVOCATE_HINT, "help.advocate_hint") \
	X(S_HELP_REPRESENTATIVE, "help.representative") \
	X(S_HELP_REPRESENTATIVE_HINT, "help.representative_hint") \
	X(S_HELP_ADJUSTMENTS, "help.adjustments") \
	X(S_HELP_ADJUSTMENTS_HINT, "help.adjustments_hint") \
	X(S_HELP_OR, "help.or") \
	X(S_HELP_NONE, "help.none") \
	X(S_HELP_DETAILS, "help.details") \
	X(S_HELP_DETAILS_HINT, "help.details_hint") \
	X(S_HELP_EMPTY, "help.empty") \
	X(S_HELP_BOTH, "help.both") \
	X(S_CHECK_TITLE, "check.title") \
	X(S_CHECK_ABOUT, "check.about") \
	X(S_CHECK_HAPPENED, "check.happened") \
	X(S_CHECK_RIGHT, "check.put_right") \
	X(S_CHECK_DANGER, "check.danger") \
	X(S_CHECK_REPLY, "check.reply") \
	X(S_CHECK_NAME, "check.name") \
	X(S_CHECK_ROOM, "check.room") \
	X(S_CHECK_PHONE, "check.phone") \
	X(S_CHECK_EMAIL, "check.email") \
	X(S_CHECK_STAFF, "check.staff") \
	X(S_CHECK_WHERE, "check.where") \
	X(S_CHECK_HELP, "check.help") \
	X(S_CHECK_HELP_DETAILS, "check.help_details") \
	X(S_CHECK_NONE_GIVEN, "check.none_given") \
	X(S_CHECK_SEND_TITLE, "check.send_title") \
	X(S_CHECK_SEND_TEXT, "check.send_text") \
	X(S_CHECK_SEND, "check.send") \
	X(S_DONE_TITLE, "done.title") \
	X(S_DONE_REFERENCE, "done.reference") \
	X(S_DONE_KEEP, "done.keep") \
	X(S_DONE_NEXT, "done.next") \
	X(S_DONE_ACKNOWLEDGE, "done.acknowledge") \
	X(S_DONE_ANSWER, "done.answer") \
	X(S_DONE_ANONYMOUS, "done.anonymous") \
	X(S_DONE_UNHAPPY, "done.unhappy") \
	X(S_DONE_STAGE_2, "done.stage_2") \
	X(S_DONE_OMBUDSMAN, "done.ombudsman") \
	X(S_OMBUDSMAN_PHONE, "done.ombudsman_phone") \
	X(S_OMBUDSMAN_WEBSITE, "done.ombudsman_website") \
	X(S_OMBUDSMAN_EMAIL, "done.ombudsman_email") \
	X(S_DONE_FINISH, "done.finish") \
	X(S_DONE_FINISH_HINT, "done.finish_hint") \
	X(S_FAIL_TITLE, "not_saved.title") \
	X(S_FAIL_TEXT, "not_saved.text") \
	X(S_FAIL_KEPT, "not_saved.kept") \
	X(S_FAIL_RETRY, "not_saved.retry") \
	X(S_NOT_FOUND_TITLE, "problem.not_found_title") \
	X(S_NOT_FOUND_TEXT, "problem.not_found_text") \
	X(S_TOO_BIG_TITLE, "problem.too_big_title") \
	X(S_TOO_BIG_TEXT, "problem.too_big_text") \
	X(S_BUSY_TITLE, "problem.busy_title") \
	X(S_BUSY_TEXT, "problem.busy_text") \
	X(S_BAD_FORM_TITLE, "problem.bad_form_title") \
	X(S_BAD_FORM_TEXT, "problem.bad_form_text") \
	X(S_START_AGAIN, "problem.start_again") \
	X(S_IDLE_TITLE, "idle.title") \
	X(S_IDLE_TEXT, "idle.text") \
	X(S_IDLE_LEFT, "idle.seconds_left") \
	X(S_IDLE_MORE, "idle.more_time")

enum str {
#define X(id, key) id,
	KIOSK_STRINGS
#undef X
	S__MAX
};

/*
 * Read the strings of every language from the compiled-in YAML files,
 * reporting each problem to errors as "kiosk/i18n/cy.yaml:12:3: ...".
 * Returns 0, or -1 when any file has an error. i18n_free frees them.
 */
int	 i18n_load(FILE *errors);
void	 i18n_free(void);

/* The text of id in lang, the Easy Read version when easy and there is one.
 * Never NULL after a successful i18n_load. */
const char *i18n_get(enum lang, int easy, enum str id);

/* The language's code ("en", "cy"), and the code's language or -1. */
const char *i18n_code(enum lang);
int	 i18n_lang(const char *code);

#endif
