/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the machine an event is of */

#ifndef PMW_HOST_H
#define PMW_HOST_H

#include "event.h"

#define PMW_HOST_NAME_MAX	255	/* HOST_NAME_MAX, and then some for --hostname */
#define PMW_BOOT_ID_LEN		36	/* 8-4-4-4-12 hex */

struct pmw_host {
	char name[PMW_HOST_NAME_MAX + 1];	/* "": none */
	char boot_id[PMW_BOOT_ID_LEN + 1];	/* "": not known */
};

/*
 * A host: name, or when NULL this machine's host name, and with boot the
 * id of this machine's boot. Returns 0, or -1 after saying why the boot id
 * could not be read (the rest is filled).
 */
int pmw_host_init(struct pmw_host *h, const char *name, int boot);

/* Gives ev the host h, and h's boot, where ev's source named none. */
void pmw_host_stamp(const struct pmw_host *h, struct pmw_event *ev);

/* Is s a boot id as the kernel writes it (lowercase 8-4-4-4-12 hex)? */
int pmw_boot_id_valid(const char *s, size_t len);

#endif /* PMW_HOST_H */
