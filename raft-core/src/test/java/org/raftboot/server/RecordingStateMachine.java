package org.raftboot.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A state machine that keeps every applied payload (as text) in order and notes any entry applied
 * out of index order, twice, or off the server's one apply thread. Its result is the number of entries applied so far.
 */
final class RecordingStateMachine implements StateMachine {

	private final List<String> values = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private final List<Long> journal = new ArrayList<>();

	private long lastIndex;

	private int restores;

	/** The thread of the first apply: every later one must come on it. */
	private @Nullable String applyThread;

	@Override
	public synchronized Object apply(CommittedEntry entry) {
		String thread = Thread.currentThread().getName();
		if (this.applyThread == null) {
			this.applyThread = thread;
		}
		if (!thread.startsWith("raft-apply-") || !thread.equals(this.applyThread)) {
			this.violations.add("index " + entry.index() + " applied on " + thread + " after " + this.applyThread);
		}
		if (entry.index() <= this.lastIndex) {
			this.violations.add("index " + entry.index() + " applied after " + this.lastIndex);
		}
		this.lastIndex = entry.index();
		this.journal.add(entry.index());
		this.values.add(entry.data().toStringUtf8());
		return this.values.size();
	}

	@Override
	public synchronized void snapshot(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeLong(this.lastIndex);
		data.writeInt(this.values.size());
		for (String v : this.values) {
			data.writeUTF(v);
		}
		data.flush();
	}

	@Override
	public synchronized void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		this.lastIndex = data.readLong();
		int n = data.readInt();
		this.values.clear();
		for (int i = 0; i < n; i++) {
			this.values.add(data.readUTF());
		}
		this.restores++;
	}

	synchronized List<String> values() {
		return List.copyOf(this.values);
	}

	/** Forgets the values applied so far (the indexes are still checked). */
	synchronized void clear() {
		this.values.clear();
	}

	/** Notes a configuration change applied at {@code index}, in the journal of applied indexes. */
	synchronized void noteConfChange(long index) {
		this.journal.add(-index);
	}

	/**
	 * The indexes of the entries applied and of the configuration changes noted, in call order;
	 * configuration changes are negative.
	 */
	synchronized List<Long> journal() {
		return List.copyOf(this.journal);
	}

	synchronized int size() {
		return this.values.size();
	}

	synchronized List<String> violations() {
		return List.copyOf(this.violations);
	}

	synchronized int restores() {
		return this.restores;
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
