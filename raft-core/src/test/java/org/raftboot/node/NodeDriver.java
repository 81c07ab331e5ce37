package org.raftboot.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.Ready;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;

/**
 * The application side of a Node for tests: a thread that ticks on a real-time interval and
 * handles every Ready in etcd's order (persist, send, apply, advance), recording what it applied.
 */
final class NodeDriver implements AutoCloseable {

	private final Node node;

	private final MemoryStorage storage;

	private final Consumer<Message> outbox;

	private final long tickNanos;

	private final List<Entry> applied = new CopyOnWriteArrayList<>();

	private final List<ConfState> confStates = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	private volatile @Nullable Throwable failure;

	NodeDriver(Node node, MemoryStorage storage, Consumer<Message> outbox, Duration tickInterval) {
		this.node = node;
		this.storage = storage;
		this.outbox = outbox;
		this.tickNanos = tickInterval.toNanos();
		this.thread = new Thread(this::run, String.format("driver-%x", node.id()));
		this.thread.setDaemon(true);
		this.thread.start();
	}

	Node node() {
		return this.node;
	}

	/** The entries applied so far, in order. */
	List<Entry> applied() {
		return List.copyOf(this.applied);
	}

	/** The normal entries with data applied so far, as strings. */
	List<String> appliedData() {
		List<String> data = new ArrayList<>();
		for (Entry e : this.applied) {
			if (e.getType() == EntryType.EntryNormal && !e.getData().isEmpty()) {
				data.add(e.getData().toStringUtf8());
			}
		}
		return data;
	}

	/** The configurations returned by the changes applied so far. */
	List<ConfState> confStates() {
		return List.copyOf(this.confStates);
	}

	private void run() {
		long nextTick = System.nanoTime() + this.tickNanos;
		try {
			while (this.running) {
				Ready rd = this.node.pollReady(Duration.ofMillis(5));
				long now = System.nanoTime();
				if (now - nextTick >= 0) {
					this.node.tick();
					nextTick = now + this.tickNanos;
				}
				if (rd != null) {
					handle(rd);
				}
			}
		}
		catch (NodeStoppedException ex) {
			// The test stopped the node.
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof NodeStoppedException)) {
				this.failure = ex;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | AssertionError ex) {
			this.failure = ex;
		}
	}

	private void handle(Ready rd) throws Exception {
		NodeFixtures.persist(this.storage, rd);
		rd.messages().forEach(this.outbox);
		for (Entry e : rd.committedEntries()) {
			ConfState cs = applyConfChange(e);
			if (cs != null) {
				this.confStates.add(cs);
			}
			this.applied.add(e);
		}
		this.node.advance();
	}

	private @Nullable ConfState applyConfChange(Entry e) throws Exception {
		if (e.getType() == EntryType.EntryConfChange) {
			return this.node.applyConfChange(ConfChange.parseFrom(e.getData())).get();
		}
		if (e.getType() == EntryType.EntryConfChangeV2) {
			return this.node.applyConfChange(ConfChangeV2.parseFrom(e.getData())).get();
		}
		return null;
	}

	/** Stops the thread (not the node) and rethrows whatever failed in it. */
	@Override
	public void close() throws Exception {
		this.running = false;
		this.thread.join(NodeFixtures.PATIENCE.toMillis());
		Throwable ex = this.failure;
		if (ex instanceof Exception checked) {
			throw checked;
		}
		if (ex instanceof AssertionError error) {
			throw error;
		}
	}

}
