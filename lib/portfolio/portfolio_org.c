/*
 * Small domain rules declared in org.h: enumerations written "a|b|c" and
 * the mapping assignment's status machine. (Who is a facilitator is in
 * roles.c, who lacks which course in training.c.)
 */
#include <string.h>

#include "kartla/org.h"
#include "kartla/banned.h"

bool ka_enum_has(const char *list, const char *s)
{
	size_t n = strlen(s);

	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t len = bar ? (size_t)(bar - list) : strlen(list);

		if (len == n && !strncmp(list, s, n))
			return true;
		list = bar ? bar + 1 : NULL;
	}
	return false;
}
