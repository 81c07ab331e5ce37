package org.raftboot.raft.tracker;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.quorum.AckedIndexer;

/**
 * The progress of every voter and learner by node id (etcd's {@code tracker.ProgressMap}), always
 * iterated in ascending id order so that everything derived from it is deterministic. As an
 * {@link AckedIndexer} it reports each peer's {@link Progress#match}.
 */
public final class ProgressMap implements AckedIndexer, Iterable<Map.Entry<Long, Progress>> {

	private final TreeMap<Long, Progress> progress = new TreeMap<>(Long::compareUnsigned);

	public ProgressMap() {
	}

	public @Nullable Progress get(long id) {
		return this.progress.get(id);
	}

	public void put(long id, Progress pr) {
		this.progress.put(id, pr);
	}

	public void remove(long id) {
		this.progress.remove(id);
	}

	public boolean containsKey(long id) {
		return this.progress.containsKey(id);
	}

	public int size() {
		return this.progress.size();
	}

	public boolean isEmpty() {
		return this.progress.isEmpty();
	}

	/** Calls {@code visitor} for every entry in ascending id order. */
	public void forEach(BiConsumer<Long, Progress> visitor) {
		this.progress.forEach(visitor);
	}

	/** The ids, ascending (a copy). */
	public SortedSet<Long> ids() {
		return new TreeSet<>(this.progress.navigableKeySet());
	}

	/** The entries in ascending id order; read-only. */
	@Override
	public Iterator<Map.Entry<Long, Progress>> iterator() {
		return Collections.unmodifiableMap(this.progress).entrySet().iterator();
	}

	@Override
	public long ackedIndex(long voterId) {
		Progress pr = this.progress.get(voterId);
		return (pr != null) ? pr.match : AckedIndexer.UNKNOWN;
	}

	/** One line {@code <decimal id>: <progress>} per peer, in ascending id order. */
	@Override
	public String toString() {
		StringBuilder buf = new StringBuilder();
		this.progress.forEach((id, pr) -> buf.append(Long.toUnsignedString(id)).append(": ").append(pr).append('\n'));
		return buf.toString();
	}

}
