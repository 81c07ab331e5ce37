package org.raftboot.transport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;

/**
 * What the Raft runtime needs from the network: hand over the messages of a {@code Ready} without
 * waiting, and hear back about inbound messages, unreachable peers and snapshot outcomes (through the
 * {@link MessageHandler} of each group and the {@link TransportListener}). Delivery is best effort, as
 * Raft expects: a message may be dropped, never reordered on the way to one peer, and a drop is
 * reported so that Raft can probe again.
 */
public interface Transport extends AutoCloseable {

	/** The group of a process that hosts a single Raft group. */
	long DEFAULT_GROUP = 0L;

	/**
	 * Starts listening for peers. Outbound connections are opened lazily, on the first message.
	 * @throws TransportException if the address cannot be bound
	 */
	void start();

	/** The address the server socket is bound to (with the real port when 0 was configured). */
	InetSocketAddress localAddress();

	/**
	 * The largest serialized message it carries; a larger one is dropped, every time it is sent.
	 * {@link Integer#MAX_VALUE} for no limit.
	 */
	default int maxMessageSize() {
		return Integer.MAX_VALUE;
	}

	/** Adds a peer, or replaces its address as {@link #updatePeer} does. */
	void addPeer(long peerId, InetSocketAddress address);

	/** Points a known peer at a new address; the current connection is closed and re-created. */
	void updatePeer(long peerId, InetSocketAddress address);

	/** Forgets a peer: its queue is discarded, its connection closed, new connections from it refused. */
	void removePeer(long peerId);

	/** Routes the inbound messages of one Raft group to {@code handler}, replacing any earlier one. */
	void registerHandler(long groupId, MessageHandler handler);

	/** Stops routing a group; its inbound messages are then dropped and counted. */
	void unregisterHandler(long groupId);

	/**
	 * Queues messages of one group for their recipients ({@code Message.to}) and returns at once.
	 * A {@code MsgSnap} is streamed on its own connection (see {@link #sendSnapshot}). A message that
	 * cannot be queued (unknown peer, full queue, peer backing off) is dropped and reported through
	 * {@link TransportListener#onUnreachable}.
	 */
	void send(long groupId, List<Message> messages);

	/** {@link #send(long, List)} for the {@link #DEFAULT_GROUP}. */
	default void send(List<Message> messages) {
		send(DEFAULT_GROUP, messages);
	}

	/**
	 * Streams a snapshot whose data lives outside the message (typically a file), so that neither
	 * side holds it on the heap. {@code message} is the {@code MsgSnap} with its metadata; its
	 * {@code snapshot.data} is ignored. The outcome is reported through
	 * {@link TransportListener#onSnapshotStatus}. The payload is only read, never closed.
	 */
	void sendSnapshot(long groupId, Message message, SnapshotPayload payload);

	/**
	 * The one thread that reads and writes every connection of {@code groupId}, and calls its
	 * {@link MessageHandler}, as an executor, when there is one: a node whose loop runs there steps each
	 * inbound message on the thread that read it and writes the messages it sends inline, with no
	 * thread woken in between; its timers wake that same thread. Tasks given to it must not block.
	 * {@code null} (the default) when the group's connections are spread over several threads.
	 */
	default @Nullable ScheduledExecutorService executorFor(long groupId) {
		return null;
	}

	/** Live counters, for metrics and the actuator. */
	TransportMetrics metrics();

	/** Flushes what is queued to connected peers, then closes every connection and thread. */
	@Override
	void close();
}
