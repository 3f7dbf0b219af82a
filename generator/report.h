/*
 * report: the annual complaints performance and service improvement report
 * (Complaint Handling Code 8.1) and the governing body's response beside it
 * (8.2), from Markdown in content/report/<year>/, one file per part:
 *
 *	self-assessment.md		(a) the self-assessment against the Code
 *	analysis.md			(b) the analysis of complaint handling,
 *					    with the complaints refused
 *	non-compliance.md		(c) the Ombudsman's findings of
 *					    non-compliance with the Code
 *	improvements.md			(d) the service improvements made
 *	ombudsman-annual-report.md	(e) the Ombudsman's annual report on us
 *	ombudsman-reports.md		(f) other Ombudsman reports on us
 *	response.md			the governing body's response (8.2)
 *
 * each with front matter (title required). A missing part is an error that
 * names it. Published as report/ (every year), report/<year>/ (the parts in
 * order, the key figures and the response) and report/<year>/<part>/.
 */
#ifndef CANDOUR_REPORT_H
#define CANDOUR_REPORT_H

#include "site.h"

#define REPORT_YEARS_MAX 100	/* folders under content/report */

extern const struct generator report_generator;

#endif
