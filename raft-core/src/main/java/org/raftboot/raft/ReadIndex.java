package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * How a leader answers ReadIndex requests: at once when it is the only voter or reads are
 * lease-based; otherwise after a quorum confirmed its leadership through heartbeats (safe mode).
 * A new leader holds the requests until it committed an entry of its own term, since only then
 * is its commit index known to be current.
 */
final class ReadIndex {

	private ReadIndex() {
	}

	/** A leader receives a read request, from the application or forwarded by a follower. */
	static void stepReadIndex(Raft r, Message m) {
		if (r.trk.isSingleton()) {
			Message.Builder resp = responseToReadIndexReq(r, m, r.raftLog.committed);
			if (resp != null) {
				r.send(resp);
			}
			return;
		}
		if (!r.committedEntryInCurrentTerm()) {
			r.pendingReadIndexMessages.add(m);
			return;
		}
		sendMsgReadIndexResponse(r, m);
	}

	/** A voter echoed a heartbeat's read counter: answer the reads a quorum has now confirmed. */
	static void recvAck(Raft r, long from, byte[] ctx) {
		r.readOnly.recvAck(from, ctx);
		for (ReadOnly.ReadIndexRequest rs : r.readOnly.maybeAdvance(r.trk.config.voters)) {
			Message.Builder resp = responseToReadIndexReq(r, rs.req(), rs.index());
			if (resp != null) {
				r.send(resp);
			}
		}
	}

	/** Handles the reads held back until the leader committed an entry of its term. */
	static void releasePendingReadIndexMessages(Raft r) {
		if (r.pendingReadIndexMessages.isEmpty()) {
			return;
		}
		if (!r.committedEntryInCurrentTerm()) {
			r.logger.error("pending MsgReadIndex should be released only after first commit in current term");
			return;
		}
		List<Message> msgs = r.pendingReadIndexMessages;
		r.pendingReadIndexMessages = new ArrayList<>();
		for (Message m : msgs) {
			sendMsgReadIndexResponse(r, m);
		}
	}

	static void sendMsgReadIndexResponse(Raft r, Message m) {
		switch (r.readOnly.option) {
			case SAFE -> {
				// Confirm leadership with a heartbeat round carrying this read's position; our own
				// acknowledgement counts at once.
				r.readOnly.addRequest(r.raftLog.committed, m);
				r.readOnly.recvAck(r.id, r.readOnly.heartbeatCtx());
				Replication.bcastHeartbeat(r);
			}
			case LEASE_BASED -> {
				Message.Builder resp = responseToReadIndexReq(r, m, r.raftLog.committed);
				if (resp != null) {
					r.send(resp);
				}
			}
		}
	}

	/**
	 * Answers a confirmed read: a local request becomes a {@link ReadState}; a forwarded one a
	 * response to the follower (returned, not sent), otherwise {@code null}.
	 */
	static Message.@Nullable Builder responseToReadIndexReq(Raft r, Message req, long readIndex) {
		if (req.getFrom() == RaftConstants.NONE || req.getFrom() == r.id) {
			r.readStates.add(new ReadState(readIndex, req.getEntries(0).getData().toByteArray()));
			return null;
		}
		return Message.newBuilder()
			.setType(MessageType.MsgReadIndexResp)
			.setTo(req.getFrom())
			.setIndex(readIndex)
			.addAllEntries(req.getEntriesList());
	}

}
