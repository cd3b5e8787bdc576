/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: strings from the kernel, written so they cannot lie (text.c) */

#ifndef PMW_TEXT_H
#define PMW_TEXT_H

#include <stdio.h>

#include "event.h"

/* A JSON string, quotes included, of b's bytes: see text.c for the encoding. */
void pmw_put_json_string(FILE *out, struct pmw_bytes b);
/* b for people, in printable ASCII. Returns the width. */
int pmw_put_text(FILE *out, struct pmw_bytes b);

#endif /* PMW_TEXT_H */
