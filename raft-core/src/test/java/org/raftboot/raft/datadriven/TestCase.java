package org.raftboot.raft.datadriven;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One directive of a data-driven file: the command with its arguments, the input lines below it
 * and the expected output, with its position for error messages.
 * @param file the file name, e.g. {@code majority_commit.txt}
 * @param line the 1-based line number of the directive
 * @param cmd the command, the first word of the directive line
 * @param args the arguments, in order
 * @param input the lines between the directive and {@code ----}, joined and trimmed
 * @param expected the expected output, every line ending in a newline
 */
public record TestCase(String file, int line, String cmd, List<CmdArg> args, String input, String expected) {

	public TestCase {
		args = List.copyOf(args);
	}

	public boolean hasArg(String key) {
		return arg(key).isPresent();
	}

	/** The first argument named {@code key}. */
	public Optional<CmdArg> arg(String key) {
		return this.args.stream().filter((a) -> a.key().equals(key)).findFirst();
	}

	/**
	 * The first value of the first argument named {@code key}.
	 * @throws NoSuchElementException if there is no such argument or it has no value
	 */
	public String argValue(String key) {
		CmdArg arg = arg(key).orElseThrow(() -> new NoSuchElementException(where() + ": missing argument " + key));
		if (arg.vals().isEmpty()) {
			throw new NoSuchElementException(where() + ": argument " + key + " has no value");
		}
		return arg.val(0);
	}

	/** All values of the first argument named {@code key}; empty if absent. */
	public List<String> argValues(String key) {
		return arg(key).map(CmdArg::vals).orElse(List.of());
	}

	/** The first value of argument {@code key}, or {@code defaultValue} if absent. */
	public String argValue(String key, String defaultValue) {
		return hasArg(key) ? argValue(key) : defaultValue;
	}

	/** The keys of the arguments without values, in order (e.g. {@code 1 2} in {@code stabilize 1 2}). */
	public List<String> positional() {
		return this.args.stream().filter((a) -> a.vals().isEmpty()).map(CmdArg::key).toList();
	}

	/** The directive as written, e.g. {@code committed cfg=(1, 2) idx=(5, _)}. */
	public String directive() {
		StringBuilder buf = new StringBuilder(this.cmd);
		this.args.forEach((a) -> buf.append(' ').append(a));
		return buf.toString();
	}

	/** {@code file:line}, for messages. */
	public String where() {
		return this.file + ":" + this.line;
	}

}
