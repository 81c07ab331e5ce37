package org.raftboot.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.google.protobuf.ByteString;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.transport.MessageHandler;
import org.raftboot.transport.SnapshotPayload;

/**
 * A voter's half of the leader lease ({@link LeaderLease}), for lease-based servers: drops the
 * {@code MsgVote} and {@code MsgPreVote} that arrive within one election timeout of this replica's
 * start or of its last message from a leader ({@code MsgApp}, {@code MsgHeartbeat}, {@code MsgSnap}).
 *
 * <p>Raft's own check-quorum lease already refuses such votes, but counts ticks and forgets the leader
 * in cases a lease cannot afford: a restarted voter has no leader yet and would vote at once; a
 * message from a higher term makes a follower forget its leader; and a tick timer that was starved
 * catches up in a burst. This guard measures real time on the receiving side instead, so a leader
 * whose round a quorum answered after {@code t} knows that none of those voters helps elect another
 * leader before {@code t} plus an election timeout (their clocks' drift aside). The votes of a
 * leadership transfer ({@code CampaignTransfer} context) pass: the leader that starts one ends its
 * lease first.
 */
final class VoteGuard implements MessageHandler {

	/** The context of a transferee's forced campaign (raft's {@code campaignTransfer}). */
	private static final ByteString TRANSFER = ByteString.copyFrom("CampaignTransfer", StandardCharsets.US_ASCII);

	private final MessageHandler next;

	private final LongSupplier clock;

	private final long hold;

	private final AtomicLong lastContact;

	/**
	 * @param next where admitted messages go
	 * @param clock the time in nanoseconds ({@link System#nanoTime()})
	 * @param electionTimeoutNanos how long votes are refused: electionTick × tickInterval
	 */
	VoteGuard(MessageHandler next, LongSupplier clock, long electionTimeoutNanos) {
		this.next = next;
		this.clock = clock;
		this.hold = electionTimeoutNanos;
		this.lastContact = new AtomicLong(clock.getAsLong());
	}

	@Override
	public void onMessage(Message message) {
		if (admit(message)) {
			this.next.onMessage(message);
		}
	}

	@Override
	public void onSnapshot(Message message, SnapshotPayload payload) {
		heardFromLeader();
		this.next.onSnapshot(message, payload);
	}

	private boolean admit(Message m) {
		MessageType type = m.getType();
		if (type == MessageType.MsgApp || type == MessageType.MsgHeartbeat) {
			heardFromLeader();
			return true;
		}
		if ((type == MessageType.MsgVote || type == MessageType.MsgPreVote) && !m.getContext().equals(TRANSFER)) {
			return this.clock.getAsLong() - this.lastContact.get() >= this.hold;
		}
		return true;
	}

	private void heardFromLeader() {
		long now = this.clock.getAsLong();
		this.lastContact.accumulateAndGet(now, (last, t) -> (t - last > 0) ? t : last);
	}
}
