/*
 * serve: `candour serve`, a local preview. Builds the site, serves it on
 * 127.0.0.1 only at the path of site.yaml's base_url (serve_http.h), and
 * builds again when anything under the content folder changes (a failed
 * build keeps the last good site and prints why).
 */
#ifndef CANDOUR_SERVE_H
#define CANDOUR_SERVE_H

struct build_options;

/* Runs until interrupted; returns an exit status (build.h). */
int	 serve_run(const struct build_options *, unsigned short port);

#endif
