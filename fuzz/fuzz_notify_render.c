/*
 * libFuzzer target for rendering a notification (lib/notify): the first
 * byte picks the kind and the language, the rest is the stored params
 * (JSON). Whatever the params, rendering must not crash or leak, the
 * subject must stay one line (no header injection), no value may reach
 * the HTML part unescaped, and composing the MIME message must succeed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"nb", "sv", "en", "xx"};
	struct ka_notify_mail m;
	struct ka_buf b;
	char *params;

	if (!size || size > 65536)
		return 0;
	params = malloc(size);
	if (!params)
		return 0;
	memcpy(params, data + 1, size - 1);
	params[size - 1] = '\0';
	if (!ka_notify_render(&m, (enum ka_notify_kind)(data[0] % KA_NOTIFY_KIND_COUNT),
	                      langs[(data[0] / KA_NOTIFY_KIND_COUNT) % 4], params,
	                      "https://k.example.org")) {
		if (strchr(m.subject, '\r') || strchr(m.subject, '\n'))
			abort();
		/* the only tags are the template's: a value's '<' is always escaped */
		if (strstr(m.html, "<script") || strstr(m.html, "<img"))
			abort();
		ka_buf_init(&b, 0);
		if (ka_notify_compose(&b, "k@example.org", "p@example.org", &m, 1, (time_t)0))
			abort();
		ka_buf_release(&b);
		ka_notify_mail_release(&m);
	}
	free(params);
	return 0;
}
