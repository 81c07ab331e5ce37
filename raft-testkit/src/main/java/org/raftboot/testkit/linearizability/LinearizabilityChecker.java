package org.raftboot.testkit.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a key-value history is linearizable: whether one sequential order of all operations,
 * each placed between its invocation and completion (anywhere after its invocation, or nowhere, when
 * its outcome is unknown), explains every result the clients saw. The map starts empty.
 *
 * <p>Each key is checked on its own with {@link LinearizationSearch}. Checking is NP-complete in
 * general, so a budget bounds it: past the deadline undecided keys are {@link Verdict#UNKNOWN} and the
 * call returns. Failing windows of keys found not linearizable are shrunk within what is left of it.
 */
public final class LinearizabilityChecker {

	public CheckResult check(History history, Duration budget) {
		Deadline deadline = Deadline.after(budget);
		Map<String, List<Operation>> parts = history.byKey();
		List<KeyResult> keys = new ArrayList<>();
		for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
			LinearizationSearch search = new LinearizationSearch(part.getValue());
			Verdict verdict = deadline.isExpired() ? Verdict.UNKNOWN : search.from(null, deadline);
			keys.add(new KeyResult(part.getKey(), verdict, part.getValue().size(), search.size(), null));
		}
		keys.replaceAll((key) -> (key.verdict() != Verdict.NOT_LINEARIZABLE) ? key
				: new KeyResult(key.key(), key.verdict(), key.operations(), key.checked(),
						new WindowMinimizer(key.key(), parts.get(key.key()), deadline).smallest()));
		return CheckResult.of(keys, deadline.elapsed());
	}

}
