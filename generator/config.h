/*
 * config: content/site.yaml (the landlord's settings) and
 * content/i18n/<lang>.yaml (the interface strings), read and checked once.
 */
#ifndef CANDOUR_CONFIG_H
#define CANDOUR_CONFIG_H

#include <stddef.h>

struct buf;
struct diag;

/* The settings in site.yaml; the table in config.c gives each its key. */
enum setting {
	SET_NAME,
	SET_BASE_URL,
	SET_LANGUAGE,
	SET_LANGUAGES,
	SET_LANDLORD_PHONE,
	SET_LANDLORD_EMAIL,
	SET_LANDLORD_ADDRESS,
	SET_LANDLORD_HOURS,
	SET_OMBUDSMAN_NAME,
	SET_OMBUDSMAN_PHONE,
	SET_OMBUDSMAN_WEBSITE,
	SET_OMBUDSMAN_EMAIL,
	SET_OMBUDSMAN_ADDRESS,
	SET_OMBUDSMAN_PAGE,
	SET_ACCESSIBILITY_PAGE,
	SET_THRESHOLD,
	SET_LOG,
	SET_OFFICE_KEY,
	SET__MAX
};

/* The interface strings in i18n/<lang>.yaml. */
enum msg {
	MSG_SKIP_LINK,
	MSG_MENU,
	MSG_BREADCRUMBS,
	MSG_HOME,
	MSG_CONTENTS,
	MSG_UPDATED,
	MSG_OMBUDSMAN_LINK,
	MSG_OMBUDSMAN_NOTE,
	MSG_ACCESSIBILITY_LINK,
	MSG_SITEMAP,
	MSG_SITEMAP_INTRO,
	MSG_NOT_FOUND_TITLE,
	MSG_NOT_FOUND_TEXT,
	MSG_FOOTER,
	MSG_LANGUAGE_NAME,
	MSG_LANGUAGES,
	MSG_NOT_TRANSLATED,
	MSG_READ_ORIGINAL,
	MSG_A_TO_Z,
	MSG_A_TO_Z_INTRO,
	MSG_PREVIOUS,
	MSG_NEXT,
	MSG_PAGE_ADDRESS,
	MSG_MONTHS,
	MSG__MAX
};

#define CONFIG_LANG_MAX 8	/* languages one site may have */

/* One language of the site: its code and its interface strings. */
struct language {
	char	*code;			/* "en", "cy" */
	char	*msg[MSG__MAX];		/* all set once read */
};

struct config {
	char	*value[SET__MAX];	/* each setting's text; NULL if not set */
	long	 threshold;		/* suppression threshold, 2 to 100 */
	char	*base_path;		/* path part of base_url, "/" or "/x/" */
	struct language lang[CONFIG_LANG_MAX]; /* the site's language first */
	size_t	 nlang;
	char	**msg;			/* lang[0].msg: the site language's */
};

/*
 * Read site.yaml and i18n/<language>.yaml under content_dir. Returns 0, or
 * -1 after reporting every error found. config_free frees in both cases.
 */
int	 config_read(struct config *, const char *content_dir, struct diag *);
void	 config_free(struct config *);

/* The index in lang[] of language code, or -1 if the site lacks it. */
int	 config_lang(const struct config *, const char *code);

/* The value of {{ name }} in page text, or NULL if there is no such name. */
const char *config_variable(const struct config *, const char *name,
	    size_t len);
/* Append the names config_variable knows, comma-separated, for messages. */
void	 config_variable_names(struct buf *);

#endif
