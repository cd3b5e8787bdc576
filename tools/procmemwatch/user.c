// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: user names for uids
 *
 * Read from /etc/passwd itself with fgetpwent(), not getpwuid(): the
 * reader is also built static for rescue systems and guests, where glibc's
 * NSS modules cannot be loaded. Each uid is looked up once, found or not,
 * so that following a busy stream does not reread the file per event.
 */

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

#define PASSWD		"/etc/passwd"
#define CACHE_SIZE	64

struct cached_name {
	uint32_t uid;
	char *name;	/* NULL: not in the file */
};

static struct cached_name cache[CACHE_SIZE];
static size_t cached, next_slot;

static char *lookup(uint32_t uid)
{
	FILE *f = fopen(PASSWD, "re");
	const struct passwd *pw;
	char *name = NULL;

	if (!f)
		return NULL;
	while ((pw = fgetpwent(f)))
		if (pw->pw_uid == uid && pw->pw_name && *pw->pw_name) {
			name = strdup(pw->pw_name);
			break;
		}
	fclose(f);
	return name;
}

struct pmw_bytes pmw_user_name(uint32_t uid)
{
	struct cached_name *c;
	size_t i;

	for (i = 0; i < cached; i++)
		if (cache[i].uid == uid)
			break;
	if (i == cached) {
		/* Full: reuse slots in turn; a name is never needed for long. */
		i = cached < CACHE_SIZE ? cached++ : next_slot++ % CACHE_SIZE;
		free(cache[i].name);
		cache[i].uid = uid;
		cache[i].name = lookup(uid);
	}
	c = &cache[i];
	if (!c->name)
		return (struct pmw_bytes){ NULL, 0 };
	return (struct pmw_bytes){ c->name, strlen(c->name) };
}

int pmw_user_uid(const char *name, uint32_t *uid)
{
	FILE *f = fopen(PASSWD, "re");
	const struct passwd *pw;
	int rc = -1;

	if (!f)
		return -1;
	while (rc && (pw = fgetpwent(f)))
		if (pw->pw_name && !strcmp(pw->pw_name, name)) {
			*uid = pw->pw_uid;
			rc = 0;
		}
	fclose(f);
	return rc;
}
