/*
 * generators: the sources of pages other than Markdown files, in the order
 * they scan. Adding one is one row here (see struct generator in site.h).
 */
#include <stddef.h>

#include "figures.h"
#include "listing.h"
#include "report.h"
#include "selfassess.h"
#include "site.h"

const struct generator *const site_generators[] = {
	&listing_generator,
	&selfassess_generator,
	&figures_generator,
	&report_generator,
	NULL
};
