package org.raftboot.testkit.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a check: not linearizable if any key is not, else unknown if any key ran out of
 * budget, else linearizable.
 *
 * @param verdict the verdict for the whole history
 * @param keys the verdict per key, sorted by key
 * @param operationsChecked how many operations constrained the search, on keys whose verdict was
 * decided (see {@link KeyResult#checked()})
 * @param elapsed how long the check took, including the search for failing windows
 */
public record CheckResult(Verdict verdict, List<KeyResult> keys, int operationsChecked, Duration elapsed) {

	public CheckResult {
		keys = List.copyOf(keys);
	}

	static CheckResult of(List<KeyResult> keys, Duration elapsed) {
		Verdict verdict = Verdict.LINEARIZABLE;
		int checked = 0;
		for (KeyResult key : keys) {
			if (key.verdict() == Verdict.NOT_LINEARIZABLE) {
				verdict = Verdict.NOT_LINEARIZABLE;
			}
			else if (key.verdict() == Verdict.UNKNOWN && verdict == Verdict.LINEARIZABLE) {
				verdict = Verdict.UNKNOWN;
			}
			if (key.verdict() != Verdict.UNKNOWN) {
				checked += key.checked();
			}
		}
		return new CheckResult(verdict, keys, checked, elapsed);
	}

	/** The evidence of every key that is not linearizable, in key order. */
	public List<FailingWindow> failingWindows() {
		List<FailingWindow> windows = new ArrayList<>();
		for (KeyResult key : this.keys) {
			FailingWindow window = key.failingWindow();
			if (window != null) {
				windows.add(window);
			}
		}
		return windows;
	}

	/** A summary line, then one paragraph per key that is not linearizable or undecided. */
	public String describe() {
		StringBuilder text = new StringBuilder().append(this.verdict).append(": ")
			.append(this.operationsChecked).append(" operations checked on ").append(this.keys.size())
			.append(" keys in ").append(this.elapsed.toMillis()).append(" ms");
		for (KeyResult key : this.keys) {
			if (key.verdict() != Verdict.LINEARIZABLE) {
				text.append('\n').append(key.describe());
			}
		}
		return text.toString();
	}

}
