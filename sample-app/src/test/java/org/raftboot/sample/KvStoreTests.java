package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.raftboot.spring.event.RaftCommittedEvent;

class KvStoreTests {

	private final KvStore store = new KvStore();

	private long index;

	@Test
	void putsDeletesAndComparesAndSetsInLogOrder() {
		apply(KvCommand.put("a", "1"));
		apply(KvCommand.put("b", "2"));
		apply(KvCommand.delete("b"));
		assertThat(apply(KvCommand.compareAndSet("a", "1", "10")).reply()).isEqualTo(true);
		assertThat(apply(KvCommand.compareAndSet("a", "1", "11")).reply()).isEqualTo(false);
		assertThat(apply(KvCommand.compareAndSet("missing", "", "x")).reply()).isEqualTo(false);
		assertThat(this.store.all()).containsExactly(java.util.Map.entry("a", "10"));
		assertThat(this.store.get("b")).isNull();
	}

	@Test
	void aRestoredSnapshotReplacesTheWholeState() throws IOException {
		apply(KvCommand.put("kept", "yes"));
		apply(KvCommand.put("big", "x".repeat(100_000)));
		ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
		this.store.snapshot(snapshot);

		KvStore other = new KvStore();
		other.onCommitted(new RaftCommittedEvent(1, 1, KvCommand.put("stale", "gone").encode()));
		other.restore(new ByteArrayInputStream(snapshot.toByteArray()));
		assertThat(other.all()).isEqualTo(this.store.all());
	}

	private RaftCommittedEvent apply(KvCommand command) {
		RaftCommittedEvent event = new RaftCommittedEvent(++this.index, 1, command.encode());
		this.store.onCommitted(event);
		return event;
	}

}
