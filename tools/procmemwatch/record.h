/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: decoding the binary records of the events file */

#ifndef PMW_RECORD_H
#define PMW_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* Decoding a stream of binary records. */
struct pmw_decoder {
	const char *name;	/* of the input, for messages */
	uint64_t offset;	/* of the next byte to decode, in the input */
	unsigned long errors;	/* bad input reported */
	unsigned long unknown;	/* records of unknown type skipped */
	int skipping;		/* inside bad input, reported at its start */
	int verbose;		/* report each record of unknown type */
};

/*
 * Decodes the record at buf[0..len). Returns the bytes it takes (skip them
 * whatever the outcome), 0 if more input is needed, and sets *ok when ev
 * holds an event (of kind PMW_EV_UNKNOWN for a record of a type this
 * reader does not know). Bad input is reported on stderr with its offset;
 * at_eof says that no more input follows buf[len].
 */
size_t pmw_decode(struct pmw_decoder *d, const unsigned char *buf, size_t len,
		  int at_eof, struct pmw_event *ev, int *ok);

#endif /* PMW_RECORD_H */
