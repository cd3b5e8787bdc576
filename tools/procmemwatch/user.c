// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: user names for uids
 *
 * A uid means a user on the machine that logged it only: looked up here,
 * uid 1000 of another machine's log is whoever uid 1000 is here. So an
 * event's names come from its source where it has them (auditd's
 * ENRICHED fields, resolved where the record was logged), from this
 * machine's /etc/passwd for the events file, which is this machine's, and
 * otherwise not at all: --names says which.
 *
 * Read from /etc/passwd itself with fgetpwent(), not getpwuid(): the
 * reader is also built static for rescue systems and guests, where glibc's
 * NSS modules cannot be loaded. Each uid is looked up once, found or not,
 * so that following a busy stream does not reread the file per event.
 */

#include <pwd.h>
#include <stdint.h>
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

static struct pmw_bytes user_name(uint32_t uid)
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

int pmw_names_parse(const char *s, enum pmw_names *names)
{
	static const char *const words[] = {
		[PMW_NAMES_LOG] = "log", [PMW_NAMES_LOCAL] = "local", [PMW_NAMES_NONE] = "none",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(s, words[i])) {
			*names = i;
			return 0;
		}
	return -1;
}

/* The name of uid here; none for (uid_t)-1, no user (an unset login uid, several users). */
static struct pmw_bytes local_name(uint32_t uid)
{
	return uid == UINT32_MAX ? (struct pmw_bytes){ NULL, 0 } : user_name(uid);
}

void pmw_name_users(struct pmw_event *ev, enum pmw_names how)
{
	static const struct pmw_bytes none = { NULL, 0 };

	switch (how) {
	case PMW_NAMES_LOG:
		return;
	case PMW_NAMES_LOCAL:
		ev->uid_name = local_name(ev->uid);
		ev->euid_name = local_name(ev->euid);
		ev->auid_name = local_name(ev->loginuid);
		ev->target_uid_name = local_name(ev->target_uid);
		return;
	case PMW_NAMES_NONE:
		ev->uid_name = ev->euid_name = ev->auid_name = ev->target_uid_name = none;
		return;
	}
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
