package org.raftboot.raft;

/**
 * Go's {@code %q} of a byte slice ({@code strconv.Quote}): entry payloads are printed this way in
 * etcd's transcripts, and Java's own escaping differs (invalid UTF-8, control characters, which
 * characters count as printable).
 */
public final class GoQuote {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private GoQuote() {
	}

	public static String quote(byte[] b) {
		StringBuilder out = new StringBuilder(b.length + 2);
		out.append('"');
		int i = 0;
		while (i < b.length) {
			int width = runeWidth(b, i);
			if (width == 0) {
				out.append("\\x");
				appendHex(out, b[i] & 0xff, 2);
				i++;
				continue;
			}
			appendEscapedRune(out, decode(b, i, width));
			i += width;
		}
		return out.append('"').toString();
	}

	/** The length of the valid UTF-8 sequence at {@code i}, or 0 when it is invalid (Go's RuneError width 1). */
	private static int runeWidth(byte[] b, int i) {
		int b0 = b[i] & 0xff;
		if (b0 < 0x80) {
			return 1;
		}
		int width;
		int lo = 0x80;
		int hi = 0xbf;
		if (b0 >= 0xc2 && b0 <= 0xdf) {
			width = 2;
		}
		else if (b0 >= 0xe0 && b0 <= 0xef) {
			width = 3;
			if (b0 == 0xe0) {
				lo = 0xa0;
			}
			else if (b0 == 0xed) {
				hi = 0x9f;
			}
		}
		else if (b0 >= 0xf0 && b0 <= 0xf4) {
			width = 4;
			if (b0 == 0xf0) {
				lo = 0x90;
			}
			else if (b0 == 0xf4) {
				hi = 0x8f;
			}
		}
		else {
			return 0;
		}
		if (i + width > b.length) {
			return 0;
		}
		int b1 = b[i + 1] & 0xff;
		if (b1 < lo || b1 > hi) {
			return 0;
		}
		for (int k = 2; k < width; k++) {
			int bk = b[i + k] & 0xff;
			if (bk < 0x80 || bk > 0xbf) {
				return 0;
			}
		}
		return width;
	}

	private static int decode(byte[] b, int i, int width) {
		int b0 = b[i] & 0xff;
		if (width == 1) {
			return b0;
		}
		int cp = b0 & (0xff >> (width + 1));
		for (int k = 1; k < width; k++) {
			cp = (cp << 6) | (b[i + k] & 0x3f);
		}
		return cp;
	}

	private static void appendEscapedRune(StringBuilder out, int r) {
		if (r == '"' || r == '\\') {
			out.append('\\').append((char) r);
			return;
		}
		if (isPrint(r)) {
			out.appendCodePoint(r);
			return;
		}
		switch (r) {
			case 0x07 -> out.append("\\a");
			case '\b' -> out.append("\\b");
			case '\f' -> out.append("\\f");
			case '\n' -> out.append("\\n");
			case '\r' -> out.append("\\r");
			case '\t' -> out.append("\\t");
			case 0x0b -> out.append("\\v");
			default -> {
				if (r < ' ' || r == 0x7f) {
					out.append("\\x");
					appendHex(out, r, 2);
				}
				else if (r < 0x10000) {
					out.append("\\u");
					appendHex(out, r, 4);
				}
				else {
					out.append("\\U");
					appendHex(out, r, 8);
				}
			}
		}
	}

	/** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
	private static boolean isPrint(int r) {
		if (r == ' ') {
			return true;
		}
		return switch (Character.getType(r)) {
			case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
					Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
					Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
					Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
					Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
					Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
					Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
					Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
				true;
			default -> false;
		};
	}

	private static void appendHex(StringBuilder out, int value, int digits) {
		for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
			out.append(HEX[(value >> shift) & 0xf]);
		}
	}

}
