package org.raftboot.testkit.linearizability;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a client asked the key-value map to do, apart from what came back: a recorder stamps the
 * invocation before the request leaves and the {@link Result} when (and if) the answer arrives.
 *
 * @param kind the operation
 * @param key the key it addresses
 * @param value the value written by a put, or the new value of a compare-and-set; {@code null} otherwise
 * @param expected the value a compare-and-set expects, {@code null} meaning "the key is absent"
 */
public record Command(Kind kind, String key, @Nullable String value, @Nullable String expected) {

	/** The operations of the map. */
	public enum Kind {

		PUT, GET, DELETE, CAS

	}

	public Command {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(key, "key");
		if ((kind == Kind.PUT || kind == Kind.CAS) != (value != null)) {
			throw new IllegalArgumentException(kind + " " + (value == null ? "needs" : "takes no") + " value");
		}
		if (kind != Kind.CAS && expected != null) {
			throw new IllegalArgumentException(kind + " takes no expected value");
		}
	}

	public static Command put(String key, String value) {
		return new Command(Kind.PUT, key, Objects.requireNonNull(value, "value"), null);
	}

	public static Command get(String key) {
		return new Command(Kind.GET, key, null, null);
	}

	public static Command delete(String key) {
		return new Command(Kind.DELETE, key, null, null);
	}

	/** Sets {@code key} to {@code newValue} if it holds {@code expected} ({@code null}: if it is absent). */
	public static Command cas(String key, @Nullable String expected, String newValue) {
		return new Command(Kind.CAS, key, Objects.requireNonNull(newValue, "newValue"), expected);
	}

	/** Whether this command never changes the map, whatever its outcome. */
	boolean isReadOnly() {
		return this.kind == Kind.GET;
	}

	@Override
	public String toString() {
		String key = Text.value(this.key);
		return switch (this.kind) {
			case PUT -> "put(" + key + ", " + Text.value(this.value) + ")";
			case GET -> "get(" + key + ")";
			case DELETE -> "delete(" + key + ")";
			case CAS -> "cas(" + key + ", " + Text.value(this.expected) + " -> " + Text.value(this.value) + ")";
		};
	}

}
