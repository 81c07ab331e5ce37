package org.raftboot.spring.event;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.EntryType;

/**
 * A committed normal entry, published once per index per process lifetime, in log order, on the
 * replica's apply thread: listen with a plain synchronous {@code @EventListener} (never {@code @Async},
 * which loses the order) and apply the entry to the application's state.
 *
 * <p>A listener may {@link #setReply set a reply}: on the replica that proposed the entry it becomes
 * the result of the proposer's future. A listener that throws stops the replica (an entry that cannot be
 * applied cannot be skipped). After a restart, entries after the last snapshot are published again, so
 * listeners with external side effects must be idempotent.
 *
 * @since 0.1.0
 */
public final class RaftCommittedEvent {

	private final long index;

	private final long term;

	private final byte[] data;

	private @Nullable Object reply;

	public RaftCommittedEvent(long index, long term, byte[] data) {
		this.index = index;
		this.term = term;
		this.data = data;
	}

	/** The entry's position in the log. */
	public long index() {
		return this.index;
	}

	/** The term in which the entry was proposed. */
	public long term() {
		return this.term;
	}

	/** Always {@link EntryType#EntryNormal}: configuration changes have their own event. */
	public EntryType type() {
		return EntryType.EntryNormal;
	}

	/** The bytes given to {@code propose} (a copy). */
	public byte[] data() {
		return this.data.clone();
	}

	/** The data decoded as UTF-8 text. */
	public String dataAsString() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

	/** The reply set by a listener so far, or {@code null}. */
	public @Nullable Object reply() {
		return this.reply;
	}

	/** Sets the result of the proposer's future (the last listener to set it wins). */
	public void setReply(@Nullable Object reply) {
		this.reply = reply;
	}

	@Override
	public String toString() {
		return "RaftCommittedEvent[index=" + Long.toUnsignedString(this.index) + ", term=" + Long.toUnsignedString(this.term)
				+ ", " + this.data.length + " bytes]";
	}

}
