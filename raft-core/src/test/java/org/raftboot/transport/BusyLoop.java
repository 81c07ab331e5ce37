package org.raftboot.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.raftboot.raft.pb.Message;
import org.raftboot.transport.TestNodes.Node;

/**
 * Holds the only I/O thread of a transport ({@code ioThreads(1)}) inside a message handler until
 * closed, so that what is sent through that transport meanwhile waits in its peers' queues: a test
 * then sees exactly what one drain of a queue does.
 */
final class BusyLoop implements MessageHandler, AutoCloseable {

	/** The group whose handler holds the thread; no other test traffic uses it. */
	private static final long GROUP = 99;

	private final CompletableFuture<Void> entered = new CompletableFuture<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private BusyLoop() {
	}

	/** Holds {@code busy}'s I/O thread: {@code sender}, a peer of it, sends it the message that does. */
	static BusyLoop hold(Node busy, Node sender) {
		BusyLoop loop = new BusyLoop();
		busy.transport().registerHandler(GROUP, loop);
		sender.transport().send(GROUP, List.of(TestNodes.heartbeat(sender.id(), busy.id(), 0)));
		TestNodes.eventually().until(loop.entered::isDone);
		return loop;
	}

	@Override
	public void onMessage(Message message) {
		this.entered.complete(null);
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void onSnapshot(Message message, SnapshotPayload payload) {
		throw new UnsupportedOperationException("holds the thread on messages only");
	}

	/** Lets the thread go. */
	@Override
	public void close() {
		this.released.countDown();
	}
}
