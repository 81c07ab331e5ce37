package org.raftboot.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A state machine that keeps every applied payload (as text) in order and notes any entry applied
 * out of index order or twice. Its result is the number of entries applied so far.
 */
final class RecordingStateMachine implements StateMachine {

	private final List<String> values = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private long lastIndex;

	private int restores;

	@Override
	public synchronized Object apply(CommittedEntry entry) {
		if (entry.index() <= this.lastIndex) {
			this.violations.add("index " + entry.index() + " applied after " + this.lastIndex);
		}
		this.lastIndex = entry.index();
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
