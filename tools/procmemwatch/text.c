// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: strings from the kernel, written so they cannot lie
 *
 * Every string of an event (command names, executable paths, the file's
 * path) is chosen by whoever named the process or the file, so it may hold
 * bytes that are not UTF-8, terminal controls (C0, and C1 such as U+009B,
 * a CSI on many terminals) or Unicode format characters that reorder or
 * hide text (U+202E). Both encoders below have one escape character that
 * is always escaped itself, so every output decodes to exactly one string
 * of bytes:
 *
 *   JSON (and OCSF): '%' is always "%25"; each byte of invalid UTF-8 and
 *   each byte of an unsafe character below is "%HH"; the rest is the
 *   UTF-8 text itself, with JSON's own escapes for '"' and '\'. Decode: the
 *   JSON string, then every "%HH" to the byte HH.
 *
 *   Human: printable ASCII but '\' and space as is; every other byte,
 *   "\xHH". Not even valid UTF-8 is shown, so that letters from another
 *   script cannot pass for ASCII ones on a terminal.
 */

#include <stdint.h>
#include <stdio.h>

#include "text.h"

/*
 * Code points that are not shown as themselves: C0, DEL and C1 controls;
 * the invisible and bidirectional format characters (soft hyphen, Arabic
 * letter mark, Mongolian vowel separator, zero-width characters and
 * directional marks, line and paragraph separators, embeddings and
 * overrides, word joiner to the bidi isolates and deprecated format
 * characters, zero-width no-break space, interlinear annotations).
 */
static const struct { uint32_t first, last; } unsafe_ranges[] = {
	{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
	{ 0x061c, 0x061c }, { 0x180e, 0x180e }, { 0x200b, 0x200f },
	{ 0x2028, 0x202e }, { 0x2060, 0x206f }, { 0xfeff, 0xfeff },
	{ 0xfff9, 0xfffb },
};

static int unsafe_cp(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof(unsafe_ranges) / sizeof(unsafe_ranges[0]); i++)
		if (cp >= unsafe_ranges[i].first && cp <= unsafe_ranges[i].last)
			return 1;
	return 0;
}

/* The code point at s, of UTF-8 bytes; returns its length, 0 when it is not UTF-8. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

static void put_percent(FILE *out, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%%%02X", s[i]);
}

void pmw_put_json_string(FILE *out, struct pmw_bytes b)
{
	const unsigned char *s = (const unsigned char *)b.p;
	size_t i = 0;
	uint32_t cp;

	fputc('"', out);
	while (i < b.len) {
		size_t n = utf8_next(s + i, b.len - i, &cp);
		if (!n) {
			put_percent(out, s + i, 1);
			n = 1;
		} else if (cp == '%' || unsafe_cp(cp)) {
			put_percent(out, s + i, n);
		} else if (cp == '"' || cp == '\\') {
			fprintf(out, "\\%c", (int)cp);
		} else {
			fwrite(s + i, 1, n, out);
		}
		i += n;
	}
	fputc('"', out);
}

int pmw_put_text(FILE *out, struct pmw_bytes b)
{
	int width = 0;
	size_t i;

	for (i = 0; i < b.len; i++) {
		unsigned char c = b.p[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			width += fputc(c, out) != EOF;
		else
			width += fprintf(out, "\\x%02x", c);
	}
	return width;
}
