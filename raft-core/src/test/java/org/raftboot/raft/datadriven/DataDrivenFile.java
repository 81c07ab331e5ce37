package org.raftboot.raft.datadriven;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A data-driven file split into its directives and the verbatim text around them (comments, blank
 * lines), so that it can be both run and rewritten with actual outputs.
 *
 * <p>The format is cockroachdb/datadriven's: a directive line (a trailing {@code \} continues it),
 * input lines up to a line {@code ----}, then the expected output up to the first blank line; or,
 * if the line after {@code ----} is {@code ----} again, everything up to a {@code ----}/{@code ----}
 * pair, which allows blank lines. Lines starting with {@code #} between directives are comments.
 */
final class DataDrivenFile {

	private static final String SEPARATOR = "----";

	/** Verbatim text, or (when {@code testCase} is set) a directive's header followed by its output. */
	private record Segment(String text, @Nullable TestCase testCase, boolean separated) {
	}

	private final List<Segment> segments;

	private DataDrivenFile(List<Segment> segments) {
		this.segments = segments;
	}

	static DataDrivenFile parse(String fileName, String content) {
		List<String> lines = new ArrayList<>(Arrays.asList(content.split("\n", -1)));
		if (content.endsWith("\n")) {
			lines.remove(lines.size() - 1);
		}
		lines.replaceAll((l) -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
		return new Parser(fileName, lines).parse();
	}

	List<TestCase> testCases() {
		return this.segments.stream().map(Segment::testCase).filter(Objects::nonNull).toList();
	}

	/**
	 * The file with every expected output replaced by the matching element of {@code actuals}
	 * (already normalized to end in a newline when non-empty). Unchanged outputs give back the
	 * original text.
	 */
	String rewrite(List<String> actuals) {
		StringBuilder buf = new StringBuilder();
		int next = 0;
		for (Segment segment : this.segments) {
			buf.append(segment.text());
			if (segment.testCase() == null) {
				continue;
			}
			if (!segment.separated()) {
				buf.append(SEPARATOR).append('\n');
			}
			String actual = actuals.get(next++);
			if (hasBlankLine(actual)) {
				buf.append(SEPARATOR).append('\n').append(actual).append(SEPARATOR).append('\n').append(SEPARATOR).append('\n');
			}
			else {
				buf.append(actual);
			}
			buf.append('\n');
		}
		// The blank line closing the last output is not needed at the end of the file.
		int len = buf.length();
		if (len > 2 && buf.charAt(len - 1) == '\n' && buf.charAt(len - 2) == '\n') {
			buf.setLength(len - 1);
		}
		return buf.toString();
	}

	private static boolean hasBlankLine(String s) {
		return s.lines().anyMatch(String::isBlank);
	}

	private static final class Parser {

		private final String fileName;

		private final List<String> lines;

		private final List<Segment> segments = new ArrayList<>();

		private final StringBuilder verbatim = new StringBuilder();

		private int pos;

		Parser(String fileName, List<String> lines) {
			this.fileName = fileName;
			this.lines = lines;
		}

		DataDrivenFile parse() {
			while (this.pos < this.lines.size()) {
				int lineNumber = this.pos + 1;
				String line = take().strip();
				if (line.startsWith("#")) {
					continue;
				}
				while (line.endsWith("\\") && this.pos < this.lines.size()) {
					line = line.substring(0, line.length() - 1) + " " + take().strip();
				}
				List<String> fields;
				try {
					fields = DirectiveParser.fields(line);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(this.fileName + ":" + lineNumber + ": " + ex.getMessage(), ex);
				}
				if (fields.isEmpty()) {
					continue;
				}
				directive(lineNumber, fields);
			}
			if (this.verbatim.length() > 0) {
				this.segments.add(new Segment(this.verbatim.toString(), null, false));
			}
			return new DataDrivenFile(this.segments);
		}

		private void directive(int lineNumber, List<String> fields) {
			StringBuilder input = new StringBuilder();
			boolean separated = false;
			while (this.pos < this.lines.size()) {
				String line = this.lines.get(this.pos++);
				if (line.equals(SEPARATOR)) {
					this.verbatim.append(line).append('\n');
					separated = true;
					break;
				}
				this.verbatim.append(line).append('\n');
				input.append(line).append('\n');
			}
			String expected = separated ? expected() : "";
			List<CmdArg> args = fields.subList(1, fields.size()).stream().map(DirectiveParser::arg).toList();
			TestCase testCase = new TestCase(this.fileName, lineNumber, fields.get(0), args, input.toString().strip(), expected);
			this.segments.add(new Segment(this.verbatim.toString(), testCase, separated));
			this.verbatim.setLength(0);
		}

		/** Reads the expected output after the separator, consuming the blank line that ends it. */
		private String expected() {
			StringBuilder expected = new StringBuilder();
			if (this.pos < this.lines.size() && this.lines.get(this.pos).equals(SEPARATOR)) {
				this.pos++;
				while (this.pos < this.lines.size()) {
					String line = this.lines.get(this.pos++);
					if (line.equals(SEPARATOR) && this.pos < this.lines.size() && this.lines.get(this.pos).equals(SEPARATOR)) {
						this.pos++;
						if (this.pos < this.lines.size() && this.lines.get(this.pos).isBlank()) {
							this.pos++;
						}
						break;
					}
					expected.append(line).append('\n');
				}
				return expected.toString();
			}
			while (this.pos < this.lines.size()) {
				String line = this.lines.get(this.pos++);
				if (line.isBlank()) {
					break;
				}
				expected.append(line).append('\n');
			}
			return expected.toString();
		}

		private String take() {
			String line = this.lines.get(this.pos++);
			this.verbatim.append(line).append('\n');
			return line;
		}

	}

}
