package org.raftboot.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.MessageHandler;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportConfig;
import org.raftboot.transport.TransportMetrics;

/**
 * A transport whose peers are played in memory, for watching one replica's Ready handling: it
 * records every message with how far the replica's storage had written when it left, every change
 * of the peer list, and the close. A peer told to {@link #answer} acts as a follower that keeps only
 * the last index of its log (it grants every vote, accepts every append that reaches its log,
 * rejects the others with a hint); any other peer is silent. Answers are delivered at once.
 */
final class ScriptedPeers implements Transport {

	/** A message as it left, with the last index the replica's storage held at that moment. */
	record Sent(Message message, long persistedIndex) {

		/** The index of the last entry it carries, or 0. */
		long lastEntryIndex() {
			int n = this.message.getEntriesCount();
			return (n == 0) ? 0 : this.message.getEntries(n - 1).getIndex();
		}
	}

	private final Map<Long, MessageHandler> handlers = new ConcurrentHashMap<>();

	/** The answering followers and the last index of their logs. */
	private final Map<Long, Long> logs = new ConcurrentHashMap<>();

	final Map<Long, InetSocketAddress> peers = new ConcurrentHashMap<>();

	private final List<Sent> sent = new ArrayList<>();

	private final List<Message> snapshots = new ArrayList<>();

	private final List<String> events = new ArrayList<>();

	/** Only for {@link #metrics()}: never started. */
	private final NettyTransport idle = new NettyTransport(TransportConfig.builder(1, 1).build(), new TransportEventRouter());

	private volatile @Nullable FileStorage storage;

	/** The storage of the replica under test, read as each message leaves. */
	void watch(FileStorage storage) {
		this.storage = storage;
	}

	/** From now on {@code peer} answers as a follower whose log ends at {@code lastIndex}. */
	void answer(long peer, long lastIndex) {
		this.logs.put(peer, lastIndex);
	}

	/** From now on {@code peer} drops everything. */
	void silence(long peer) {
		this.logs.remove(peer);
	}

	/** Delivers a message from a peer to the replica of {@code groupId}. */
	void deliver(long groupId, Message message) {
		MessageHandler handler = this.handlers.get(groupId);
		if (handler != null) {
			handler.onMessage(message);
		}
	}

	synchronized List<Sent> sent() {
		return List.copyOf(this.sent);
	}

	synchronized List<Message> snapshots() {
		return List.copyOf(this.snapshots);
	}

	synchronized List<String> events() {
		return List.copyOf(this.events);
	}

	@Override
	public void start() {
	}

	@Override
	public InetSocketAddress localAddress() {
		return new InetSocketAddress("127.0.0.1", 0);
	}

	@Override
	public synchronized void addPeer(long peerId, InetSocketAddress address) {
		this.peers.put(peerId, address);
		this.events.add("add " + peerId);
	}

	@Override
	public void updatePeer(long peerId, InetSocketAddress address) {
		addPeer(peerId, address);
	}

	@Override
	public synchronized void removePeer(long peerId) {
		this.peers.remove(peerId);
		this.events.add("remove " + peerId);
	}

	@Override
	public void registerHandler(long groupId, MessageHandler handler) {
		this.handlers.put(groupId, handler);
	}

	@Override
	public void unregisterHandler(long groupId) {
		this.handlers.remove(groupId);
	}

	@Override
	public void send(long groupId, List<Message> messages) {
		long persisted = persistedIndex();
		List<Message> answers = new ArrayList<>();
		synchronized (this) {
			for (Message m : messages) {
				this.sent.add(new Sent(m, persisted));
				Message answer = answer(m);
				if (answer != null) {
					answers.add(answer);
				}
			}
		}
		answers.forEach((a) -> deliver(groupId, a));
	}

	@Override
	public synchronized void sendSnapshot(long groupId, Message message, SnapshotPayload payload) {
		this.snapshots.add(message);
	}

	@Override
	public TransportMetrics metrics() {
		return this.idle.metrics();
	}

	@Override
	public void close() {
		FileStorage s = this.storage;
		boolean storageOpen = true;
		try {
			if (s != null) {
				s.lastIndex();
			}
		}
		catch (IllegalStateException ex) {
			storageOpen = false;
		}
		synchronized (this) {
			this.events.add(storageOpen ? "close (storage open)" : "close");
		}
		this.idle.close();
	}

	private long persistedIndex() {
		FileStorage s = this.storage;
		return (s != null) ? s.lastIndex() : 0;
	}

	private @Nullable Message answer(Message m) {
		Long last = this.logs.get(m.getTo());
		if (last == null) {
			return null;
		}
		Message.Builder r = Message.newBuilder().setFrom(m.getTo()).setTo(m.getFrom()).setTerm(m.getTerm());
		return switch (m.getType()) {
			case MsgPreVote -> r.setType(MessageType.MsgPreVoteResp).build();
			case MsgVote -> r.setType(MessageType.MsgVoteResp).build();
			case MsgHeartbeat -> r.setType(MessageType.MsgHeartbeatResp).setContext(m.getContext()).build();
			case MsgApp -> appendResponse(m, last, r);
			default -> null;
		};
	}

	private Message appendResponse(Message m, long last, Message.Builder r) {
		if (m.getIndex() > last) {
			return r.setType(MessageType.MsgAppResp).setIndex(m.getIndex()).setReject(true).setRejectHint(last).build();
		}
		long end = Math.max(last, (m.getEntriesCount() == 0) ? m.getIndex() : m.getEntries(m.getEntriesCount() - 1).getIndex());
		this.logs.put(m.getTo(), end);
		return r.setType(MessageType.MsgAppResp).setIndex(end).build();
	}

}
