package org.raftboot.testkit.linearizability;

import org.jspecify.annotations.Nullable;

/**
 * The verdict for one key. Keys of a map are independent objects, so a history is linearizable exactly
 * when each key's part of it is (P-compositionality); each part is searched on its own.
 *
 * @param key the key
 * @param verdict its verdict
 * @param operations how many operations address it
 * @param checked how many of them constrain the search: operations of unknown outcome that nothing
 * could have noticed (gets, unnoticed writes) are left out
 * @param failingWindow the evidence when the verdict is {@link Verdict#NOT_LINEARIZABLE}
 */
public record KeyResult(String key, Verdict verdict, int operations, int checked,
		@Nullable FailingWindow failingWindow) {

	/** A line for a report, followed by the failing window if there is one. */
	public String describe() {
		FailingWindow window = this.failingWindow;
		if (window != null) {
			return window.describe();
		}
		return "key " + Text.value(this.key) + ": " + this.verdict + " (" + this.operations + " operations)";
	}

}
