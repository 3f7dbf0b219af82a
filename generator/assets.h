/* assets: files compiled into candour, generated from generator/style.css. */
#ifndef CANDOUR_ASSETS_H
#define CANDOUR_ASSETS_H

#include <stddef.h>

extern const char	 asset_style_css[];
extern const size_t	 asset_style_css_len;

#endif
