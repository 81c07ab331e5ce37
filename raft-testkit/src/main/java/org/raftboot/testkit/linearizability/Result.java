package org.raftboot.testkit.linearizability;

import org.jspecify.annotations.Nullable;

/**
 * What a client learned about its operation. {@link Unknown} is the honest answer after a timeout, an
 * overloaded server or a reset connection: the operation may or may not have taken effect, at any time
 * after it was invoked.
 */
public sealed interface Result permits Result.Ok, Result.Read, Result.Swapped, Result.Unknown {

	/** A put or delete that was acknowledged. */
	static Result ok() {
		return new Ok();
	}

	/** A get that returned {@code value} ({@code null}: the key was absent). */
	static Result read(@Nullable String value) {
		return new Read(value);
	}

	/** A compare-and-set that reported whether it swapped. */
	static Result swapped(boolean swapped) {
		return new Swapped(swapped);
	}

	/** An operation whose outcome the client never learned. */
	static Result unknown() {
		return new Unknown();
	}

	/** Whether this result can be the answer to a command of {@code kind}. */
	default boolean answers(Command.Kind kind) {
		if (this instanceof Ok) {
			return kind == Command.Kind.PUT || kind == Command.Kind.DELETE;
		}
		if (this instanceof Read) {
			return kind == Command.Kind.GET;
		}
		if (this instanceof Swapped) {
			return kind == Command.Kind.CAS;
		}
		return true;
	}

	/** An acknowledged put or delete. */
	record Ok() implements Result {

		@Override
		public String toString() {
			return "ok";
		}

	}

	/** The value a get returned, {@code null} when the key was absent. */
	record Read(@Nullable String value) implements Result {

		@Override
		public String toString() {
			return Text.value(this.value);
		}

	}

	/** Whether a compare-and-set swapped. */
	record Swapped(boolean swapped) implements Result {

		@Override
		public String toString() {
			return this.swapped ? "swapped" : "not swapped";
		}

	}

	/** No answer: the operation may or may not have taken effect. */
	record Unknown() implements Result {

		@Override
		public String toString() {
			return "unknown";
		}

	}

}
