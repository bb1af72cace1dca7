/* The compiled catalog (msgcat_tab.c, generated from po/<lang>.po by scripts/po2c.py). */
#ifndef KARTLA_UTIL_MSGCAT_TAB_H
#define KARTLA_UTIL_MSGCAT_TAB_H

#include <stddef.h>

struct ka_msgcat_entry {
	const char *msgid;
	const char *msgstr;
};

extern const struct ka_msgcat_entry ka_msgcat_nb[];
extern const size_t ka_msgcat_nb_n;
extern const struct ka_msgcat_entry ka_msgcat_sv[];
extern const size_t ka_msgcat_sv_n;

#endif
