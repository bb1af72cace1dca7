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

static const char *const statuses[] = {"planned", "ongoing", "analysed", "documented", "closed"};

static int status_index(const char *s)
{
	int i;

	for (i = 0; s && i < 5; i++)
		if (!strcmp(statuses[i], s))
			return i;
	return -1;
}

bool ka_assignment_status_valid(const char *s)
{
	return status_index(s) >= 0;
}

bool ka_assignment_transition_ok(const char *from, const char *to)
{
	int f = status_index(from), t = status_index(to);

	if (f < 0 || t < 0 || f == 4)
		return false;
	return t == f + 1 || (t == f - 1 && t >= 0);
}
