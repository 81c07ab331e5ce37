package org.raftboot.sample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.spring.RaftSnapshotter;
import org.raftboot.spring.event.RaftCommittedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The replicated state: a map changed only by committed commands, in log order, on the replica's
 * apply thread, and read concurrently by HTTP threads. Being the {@link RaftSnapshotter} keeps the log
 * bounded and lets a lagging or new member catch up from a snapshot.
 */
@Component
class KvStore implements RaftSnapshotter {

	/** Replaced as a whole by a restore, so a reader never sees a half-restored state. */
	private volatile Map<String, String> entries = new ConcurrentHashMap<>();

	/** Applies one committed command; a compare-and-set replies whether it swapped. */
	@EventListener
	void onCommitted(RaftCommittedEvent event) {
		KvCommand command = KvCommand.decode(event.data());
		switch (command.op()) {
			case PUT -> this.entries.put(command.key(), required(command.value()));
			case DELETE -> this.entries.remove(command.key());
			case COMPARE_AND_SET -> event.setReply(
					this.entries.replace(command.key(), required(command.expect()), required(command.value())));
		}
	}

	@Nullable String get(String key) {
		return this.entries.get(key);
	}

	/** A copy of every entry, ordered by key. */
	SortedMap<String, String> all() {
		return new TreeMap<>(this.entries);
	}

	@Override
	public void snapshot(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(this.entries.size());
		for (Map.Entry<String, String> entry : this.entries.entrySet()) {
			WireStrings.write(data, entry.getKey());
			WireStrings.write(data, entry.getValue());
		}
		data.flush();
	}

	@Override
	public void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int count = data.readInt();
		Map<String, String> restored = new ConcurrentHashMap<>();
		for (int i = 0; i < count; i++) {
			restored.put(WireStrings.read(data), WireStrings.read(data));
		}
		this.entries = restored;
	}

	private static String required(@Nullable String value) {
		if (value == null) {
			throw new IllegalArgumentException("Command without its value");
		}
		return value;
	}

}
