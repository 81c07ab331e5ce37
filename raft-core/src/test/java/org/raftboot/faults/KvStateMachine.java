package org.raftboot.faults;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.server.CommittedEntry;
import org.raftboot.server.StateMachine;
import org.raftboot.testkit.linearizability.Command;

/**
 * The replicated map of the fault suites: applies puts, deletes and compare-and-sets (the result is
 * whether the write took effect), passing its member's {@link Gate} first.
 */
final class KvStateMachine implements StateMachine {

	private final Map<String, String> map = new TreeMap<>();

	private final Gate gate;

	KvStateMachine(Gate gate) {
		this.gate = gate;
	}

	@Override
	public Object apply(CommittedEntry entry) {
		this.gate.pass();
		Command command = KvCommands.decode(entry.bytes());
		synchronized (this) {
			switch (command.kind()) {
				case PUT -> this.map.put(command.key(), Objects.requireNonNull(command.value()));
				case DELETE -> this.map.remove(command.key());
				case CAS -> {
					if (!Objects.equals(this.map.get(command.key()), command.expected())) {
						return false;
					}
					this.map.put(command.key(), Objects.requireNonNull(command.value()));
				}
				case GET -> throw new IllegalStateException("a get in the log: " + command);
			}
			return true;
		}
	}

	synchronized @Nullable String get(String key) {
		return this.map.get(key);
	}

	synchronized Map<String, String> state() {
		return new TreeMap<>(this.map);
	}

	@Override
	public synchronized void snapshot(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(this.map.size());
		for (Map.Entry<String, String> e : this.map.entrySet()) {
			data.writeUTF(e.getKey());
			data.writeUTF(e.getValue());
		}
		data.flush();
	}

	@Override
	public synchronized void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		this.map.clear();
		for (int n = data.readInt(); n > 0; n--) {
			this.map.put(data.readUTF(), data.readUTF());
		}
	}

}
