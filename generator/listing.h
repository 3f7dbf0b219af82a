/*
 * listing: the generated pages that list every page of the site, in each of
 * its languages: the sitemap (by address) and the A to Z (by title).
 */
#ifndef CANDOUR_LISTING_H
#define CANDOUR_LISTING_H

#include "site.h"

extern const struct generator listing_generator;

#endif
