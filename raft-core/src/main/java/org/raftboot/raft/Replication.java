package org.raftboot.raft;

import java.util.List;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;

/**
 * How a leader sends its log to followers: append messages paced by each follower's progress and
 * flow-control window, snapshots for followers behind the compacted prefix, heartbeats and the
 * leadership-transfer trigger. etcd's {@code sendAppend}, {@code bcastHeartbeat} etc.
 */
final class Replication {

	private Replication() {
	}

	/** Sends an append (possibly empty, to carry the commit index) or a snapshot to a follower. */
	static void sendAppend(Raft r, long to) {
		maybeSendAppend(r, to, true);
	}

	/**
	 * Sends the next entries to a follower unless its progress is paused. With
	 * {@code sendIfEmpty} false nothing is sent when there are no entries to send. Returns whether
	 * a message was sent.
	 */
	static boolean maybeSendAppend(Raft r, long to, boolean sendIfEmpty) {
		Progress pr = r.trk.progress.get(to);
		if (pr.isPaused()) {
			return false;
		}

		long prevIndex = pr.next - 1;
		long prevTerm;
		try {
			prevTerm = r.raftLog.term(prevIndex);
		}
		catch (StorageException.Compacted | StorageException.Unavailable ex) {
			// The follower needs entries that were compacted away.
			return maybeSendSnapshot(r, to, pr);
		}

		List<Entry> ents = List.of();
		boolean compacted = false;
		// In StateReplicate with a full window, send an empty append: it still carries the commit
		// index, and its response can unstick the window.
		if (pr.state != ProgressState.StateReplicate || !pr.inflights.full()) {
			try {
				ents = r.raftLog.entries(pr.next, r.maxMsgSize);
			}
			catch (StorageException.Compacted | StorageException.Unavailable ex) {
				compacted = true;
			}
		}
		if (ents.isEmpty() && !sendIfEmpty) {
			return false;
		}
		if (compacted) {
			return maybeSendSnapshot(r, to, pr);
		}

		r.send(Message.newBuilder()
			.setTo(to)
			.setType(MessageType.MsgApp)
			.setIndex(prevIndex)
			.setLogTerm(prevTerm)
			.addAllEntries(ents)
			.setCommit(r.raftLog.committed));
		pr.sentEntries(ents.size(), Messages.payloadsSize(ents));
		pr.sentCommit(r.raftLog.committed);
		return true;
	}

	/** Sends the storage's snapshot to a recently active follower. Returns whether it was sent. */
	static boolean maybeSendSnapshot(Raft r, long to, Progress pr) {
		if (!pr.recentActive) {
			r.logger.debugf("ignore sending snapshot to %x since it is not recently active", to);
			return false;
		}

		Snapshot snapshot;
		try {
			snapshot = r.raftLog.snapshot();
		}
		catch (StorageException.SnapshotTemporarilyUnavailable ex) {
			r.logger.debugf("%x failed to send snapshot to %x because snapshot is temporarily unavailable", r.id, to);
			return false;
		}
		if (RawNode.isEmptySnap(snapshot)) {
			throw new IllegalStateException("need non-empty snapshot");
		}
		long sindex = snapshot.getMetadata().getIndex();
		long sterm = snapshot.getMetadata().getTerm();
		r.logger.debugf("%x [firstindex: %d, commit: %d] sent snapshot[index: %d, term: %d] to %x [%s]", r.id,
				r.raftLog.firstIndex(), r.raftLog.committed, sindex, sterm, to, pr);
		pr.becomeSnapshot(sindex);
		r.logger.debugf("%x paused sending replication messages to %x [%s]", r.id, to, pr);

		r.send(Message.newBuilder().setTo(to).setType(MessageType.MsgSnap).setSnapshot(snapshot));
		return true;
	}

	/**
	 * Sends a heartbeat. Its commit index never exceeds what the follower matched: the follower
	 * might not have the entries up to the leader's commit index.
	 */
	static void sendHeartbeat(Raft r, long to, byte @Nullable [] ctx) {
		Progress pr = r.trk.progress.get(to);
		long commit = Math.min(pr.match, r.raftLog.committed);
		Message.Builder m = Message.newBuilder().setTo(to).setType(MessageType.MsgHeartbeat).setCommit(commit);
		if (ctx != null) {
			m.setContext(ByteString.copyFrom(ctx));
		}
		r.send(m);
		pr.sentCommit(commit);
	}

	/** Sends appends to every peer, in ascending id order. */
	static void bcastAppend(Raft r) {
		r.trk.visit((id, pr) -> {
			if (id != r.id) {
				sendAppend(r, id);
			}
		});
	}

	/** Sends heartbeats carrying the pending read-index counter, if any. */
	static void bcastHeartbeat(Raft r) {
		bcastHeartbeatWithCtx(r, r.readOnly.heartbeatCtx());
	}

	static void bcastHeartbeatWithCtx(Raft r, byte @Nullable [] ctx) {
		r.trk.visit((id, pr) -> {
			if (id != r.id) {
				sendHeartbeat(r, id, ctx);
			}
		});
	}

	/** Tells the transferee to campaign right away. */
	static void sendTimeoutNow(Raft r, long to) {
		r.send(Message.newBuilder().setTo(to).setType(MessageType.MsgTimeoutNow));
	}

}
