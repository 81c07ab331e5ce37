package org.raftboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

import org.raftboot.node.Node;
import org.raftboot.node.NodeStoppedException;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.ReadState;
import org.raftboot.raft.Ready;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.Transport;

/**
 * The apply thread of a {@link RaftServer}: takes each Ready from the node and handles it in etcd's
 * order, then advances. Blocks while the node has nothing to say, so an idle server costs nothing.
 * <ol>
 * <li>As leader, sends the messages that need no durability first, so followers write in parallel
 * with the leader's own disk write (Raft thesis 10.2.1). Votes and append acknowledgements
 * ({@code MsgAppResp}, {@code MsgVoteResp}, {@code MsgPreVoteResp}: raft queues them after the
 * append) are promises about the disk and always wait for it; a follower sends everything after.</li>
 * <li>Persists entries, hard state and snapshot with one sync ({@link FileStorage#save}), and
 * restores the state machine from a received snapshot.</li>
 * <li>Sends the remaining messages.</li>
 * <li>Hands read states to the read barriers, applies committed entries, advances.</li>
 * </ol>
 */
final class ReadyLoop implements Runnable {

	private final Node node;

	private final FileStorage storage;

	private final Transport transport;

	private final long groupId;

	private final Applier applier;

	private final ReadBarriers reads;

	private final LongConsumer leaderChanged;

	private final RaftLogger logger;

	private final List<Message> later = new ArrayList<>();

	private boolean leader;

	ReadyLoop(Node node, FileStorage storage, Transport transport, long groupId, Applier applier, ReadBarriers reads,
			LongConsumer leaderChanged, RaftLogger logger) {
		this.node = node;
		this.storage = storage;
		this.transport = transport;
		this.groupId = groupId;
		this.applier = applier;
		this.reads = reads;
		this.leaderChanged = leaderChanged;
		this.logger = logger;
	}

	@Override
	public void run() {
		try {
			while (true) {
				handle(this.node.nextReady().join());
				this.node.advance();
			}
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof NodeStoppedException)) {
				fail(ex.getCause());
			}
		}
		catch (NodeStoppedException ex) {
			// closed
		}
		catch (RuntimeException | Error ex) {
			fail(ex);
		}
	}

	private void fail(Throwable ex) {
		this.logger.errorf("raft server %x of group %x stopped: %s", this.node.id(), this.groupId, ex);
		this.node.stop();
	}

	private void handle(Ready rd) {
		SoftState soft = rd.softState();
		if (soft != null) {
			this.leader = soft.raftState() == StateType.StateLeader;
			this.leaderChanged.accept(soft.lead());
		}
		send(rd.messages(), !this.leader);
		Snapshot snapshot = rd.snapshot();
		boolean hasSnapshot = snapshot.getMetadata().getIndex() != 0;
		HardState hs = rd.hardState();
		if (hasSnapshot || !rd.entries().isEmpty() || !hs.equals(HardState.getDefaultInstance())) {
			this.storage.save(hs, rd.entries(), snapshot);
		}
		if (hasSnapshot) {
			this.applier.restore(snapshot);
		}
		if (!this.later.isEmpty()) {
			this.transport.send(this.groupId, this.later);
			this.later.clear();
		}
		List<ReadState> readStates = rd.readStates();
		for (int i = 0, n = readStates.size(); i < n; i++) {
			this.reads.onReadState(readStates.get(i).requestCtx(), readStates.get(i).index());
		}
		this.applier.apply(rd.committedEntries());
	}

	/** Sends now what needs no durability (as leader), keeping the rest in {@link #later}. */
	private void send(List<Message> messages, boolean allLater) {
		if (allLater) {
			this.later.addAll(messages);
			return;
		}
		int durable = 0;
		for (int i = 0, n = messages.size(); i < n; i++) {
			if (needsDurability(messages.get(i).getType())) {
				durable++;
			}
		}
		if (durable == 0) {
			if (!messages.isEmpty()) {
				this.transport.send(this.groupId, messages);
			}
			return;
		}
		List<Message> now = new ArrayList<>(messages.size() - durable);
		for (int i = 0, n = messages.size(); i < n; i++) {
			Message m = messages.get(i);
			(needsDurability(m.getType()) ? this.later : now).add(m);
		}
		if (!now.isEmpty()) {
			this.transport.send(this.groupId, now);
		}
	}

	private static boolean needsDurability(MessageType type) {
		return type == MessageType.MsgAppResp || type == MessageType.MsgVoteResp || type == MessageType.MsgPreVoteResp;
	}
}
