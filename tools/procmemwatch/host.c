// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the machine an event is of
 *
 * The events file carries no host and no boot: its sequence numbers start
 * again at each boot, and a fleet's machines booted from one image number
 * alike. So the reader names them itself, for the events it reads there:
 * the host name (uname's, as hostname(1) prints it, or --hostname's) and
 * the kernel's id of this boot, which changes at every boot. Together
 * with the sequence number, they are a key no two events share.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

#define BOOT_ID_FILE	"/proc/sys/kernel/random/boot_id"

int pmw_boot_id_valid(const char *s, size_t len)
{
	size_t i;

	if (len != PMW_BOOT_ID_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	}
	return 1;
}

static int read_boot_id(char *id)
{
	FILE *f = fopen(BOOT_ID_FILE, "re");
	char line[64] = "";
	int ok;

	if (!f) {
		fprintf(stderr, "procmemwatch: %s: %s: events carry no boot id\n", BOOT_ID_FILE,
			strerror(errno));
		return -1;
	}
	ok = fgets(line, sizeof(line), f) && pmw_boot_id_valid(line, strcspn(line, "\n"));
	fclose(f);
	if (!ok) {
		fprintf(stderr, "procmemwatch: %s: not a boot id: events carry none\n",
			BOOT_ID_FILE);
		return -1;
	}
	memcpy(id, line, PMW_BOOT_ID_LEN);
	id[PMW_BOOT_ID_LEN] = '\0';
	return 0;
}

int pmw_host_init(struct pmw_host *h, const char *name, int boot)
{
	memset(h, 0, sizeof(*h));
	if (name)
		snprintf(h->name, sizeof(h->name), "%s", name);
	else if (gethostname(h->name, sizeof(h->name) - 1) || !strcmp(h->name, "(none)"))
		h->name[0] = '\0';	/* the kernel's name for a machine never named */
	return boot ? read_boot_id(h->boot_id) : 0;
}

void pmw_host_stamp(const struct pmw_host *h, struct pmw_event *ev)
{
	if (!ev->host.len && h->name[0])
		ev->host = (struct pmw_bytes){ h->name, strlen(h->name) };
	if (!ev->boot_id.len && h->boot_id[0] && ev->host.p == h->name)
		ev->boot_id = (struct pmw_bytes){ h->boot_id, PMW_BOOT_ID_LEN };
}
