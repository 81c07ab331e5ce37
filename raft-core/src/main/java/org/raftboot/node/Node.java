package org.raftboot.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Config;
import org.raftboot.raft.Peer;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.SnapshotStatus;
import org.raftboot.raft.Status;
import org.raftboot.raft.Storage;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * A raft node that any thread may talk to: etcd's {@code Node}. One loop owns the {@link RawNode};
 * every call hands a request to it and returns at once, with a {@link CompletableFuture} where there
 * is an outcome to wait for. Requests fail with {@link NodeStoppedException} once the node is
 * stopped.
 *
 * <p>The loop runs on its own thread, {@code raft-node-<id>}, which is not a daemon: {@link #stop()}
 * the node when done with it. The factories that take an {@link Executor} run it there instead, one
 * task at a time (never two at once, whatever the executor): typically the event loop that reads the
 * node's connections, so that an inbound message is stepped, and the messages it causes are written,
 * by the thread that read it, with no hand-off to another thread. A task the executor refuses stops
 * the node.
 *
 * <p>The application drives it with a timer calling {@link #tick()} and one thread handling the
 * Ready batches in order:
 * <pre>{@code
 * while (running) {
 *     Ready rd = node.pollReady(Duration.ofMillis(100));
 *     if (rd == null) continue;
 *     storage.save(rd.hardState(), rd.entries(), rd.snapshot());   // durable (fsync if rd.mustSync())
 *     transport.send(rd.messages());
 *     for (Entry e : rd.committedEntries()) apply(e);   // confchanges: node.applyConfChange(cc).join()
 *     node.advance();
 * }
 * }</pre>
 * With {@link Config#setAsyncStorageWrites async storage writes} there is no {@link #advance()}:
 * the Ready's local {@code MsgStorageAppend}/{@code MsgStorageApply} messages go to the append and
 * apply threads, which {@link #step} the responses they carry once done.
 *
 * <p>Futures are completed by the loop, on its thread or executor: a dependent stage must not block
 * (chain with the {@code *Async} methods to leave it), and must not wait for the node with
 * {@link #pollReady}. On an executor that runs other work too, no task of it may wait for the node
 * either: the loop would wait behind it.
 *
 * <p>Differences from etcd, for Java callers: proposals and configuration-change proposals both
 * report raft's refusal; a removed node refuses proposals at once (etcd blocks them until the
 * caller's deadline); {@link #status()} fails after the stop instead of returning an empty
 * status.
 */
public final class Node implements AutoCloseable {

	private final long id;

	private final boolean asyncStorageWrites;

	private final NodeLoop loop;

	private Node(RawNode rawNode, Config config, @Nullable Executor executor) {
		RaftLogger logger = Objects.requireNonNull(config.getLogger(), "validated config has a logger");
		this.id = config.getId();
		this.asyncStorageWrites = config.isAsyncStorageWrites();
		if (executor != null) {
			this.loop = new NodeLoop(rawNode, config, logger, executor, () -> {
			});
		}
		else {
			String name = String.format("raft-node-%x", this.id);
			ExecutorService thread = Executors.newSingleThreadExecutor((r) -> new Thread(r, name));
			this.loop = new NodeLoop(rawNode, config, logger, thread, thread::shutdown);
		}
		this.loop.start();
	}

	/**
	 * Starts a node of a new cluster whose initial members are {@code peers} (this node among
	 * them). The first Ready persists and applies their configuration entries. If the storage is
	 * not empty the bootstrap is skipped with a warning, as etcd does, and the node restarts.
	 * @throws IllegalArgumentException if no peer is given or the configuration is invalid
	 */
	public static Node start(Config config, List<Peer> peers) {
		return start(config, peers, null);
	}

	/**
	 * {@link #start(Config, List)} with the loop run by {@code executor} instead of a thread of its own
	 * ({@code null}: a thread of its own).
	 */
	public static Node start(Config config, List<Peer> peers, @Nullable Executor executor) {
		if (peers.isEmpty()) {
			throw new IllegalArgumentException("no peers given; use RestartNode instead");
		}
		RawNode rawNode = new RawNode(config);
		try {
			rawNode.bootstrap(peers);
		}
		catch (RaftException ex) {
			Objects.requireNonNull(config.getLogger())
				.warningf("error occurred during starting a new node: %s", ex.getMessage());
		}
		return new Node(rawNode, config, executor);
	}

	/**
	 * Restarts a node from the state in its storage (and {@link Config#getApplied()}).
	 * @throws IllegalArgumentException if the configuration is invalid
	 */
	public static Node restart(Config config) {
		return restart(config, null);
	}

	/** {@link #restart(Config)} with the loop run by {@code executor} ({@code null}: a thread of its own). */
	public static Node restart(Config config, @Nullable Executor executor) {
		return new Node(new RawNode(config), config, executor);
	}

	/**
	 * Starts a node with an empty storage that joins an existing cluster: it learns the
	 * configuration from the leader (by snapshot) once the cluster has added it.
	 * @throws IllegalArgumentException if the storage is not empty or the configuration is invalid
	 */
	public static Node join(Config config) {
		return join(config, null);
	}

	/** {@link #join(Config)} with the loop run by {@code executor} ({@code null}: a thread of its own). */
	public static Node join(Config config, @Nullable Executor executor) {
		Storage storage = config.getStorage();
		if (storage != null && storage.lastIndex() != 0) {
			throw new IllegalArgumentException("a joining node needs an empty storage; use restart");
		}
		return restart(config, executor);
	}

	/** This node's id. */
	public long id() {
		return this.id;
	}

	/**
	 * Advances the logical clock by one tick. Ticks wait in a bounded queue; when the loop is
	 * so far behind that it is full, the tick is dropped with a warning. Ignored once stopped. A
	 * tick that raft would only count (a follower far from its election timeout) does not wake the
	 * loop: it reaches raft before the loop's next task, or once raft could act on it.
	 */
	public void tick() {
		this.loop.tick();
	}

	/**
	 * How many more calls of {@link #tick()} the node takes before one makes raft act (a leader's
	 * heartbeat or quorum check, a follower's election timeout), as of the loop's last turn; 0 when
	 * one is due. A driver that counts ticks on a clock may sleep that long, provided it gives the
	 * ticks elapsed by then before each message it {@link #step}s, as {@link RawNode#ticksUntilTimeout()}
	 * says. Any thread.
	 */
	public int ticksUntilTimeout() {
		return this.loop.ticksUntilTimeout();
	}

	/**
	 * From now on runs {@code listener} on the loop at the end of each of its turns (the tasks it took
	 * in one go), where {@link #ticksUntilTimeout()} may have changed: a driver re-arms its timer there.
	 * It must not block; an exception stops the node.
	 */
	public CompletableFuture<Void> afterEachTurn(Runnable listener) {
		return call((loop) -> {
			loop.afterEachTurn(listener);
			return null;
		});
	}

	/** Makes this node campaign to become leader; completes once the request is stepped. */
	public CompletableFuture<Void> campaign() {
		return call((loop) -> {
			loop.receive(RawNode::campaign);
			return null;
		});
	}

	/**
	 * Proposes data to be appended to the log. The proposal waits until a leader is known, then
	 * the future completes when raft accepted it (which does not mean it will commit), or fails
	 * with {@link org.raftboot.raft.ProposalDroppedException} when raft refused it (for instance
	 * forwarding is disabled, a leadership transfer is under way, or this node was removed). Bound
	 * the wait with {@link CompletableFuture#orTimeout}: a proposal whose future is done before a
	 * leader is known is withdrawn.
	 */
	public CompletableFuture<Void> propose(byte[] data) {
		return propose(ByteString.copyFrom(data));
	}

	/** {@link #propose(byte[])} of bytes that are immutable already: no copy. */
	public CompletableFuture<Void> propose(ByteString data) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		this.loop.enqueue(Task.dataProposal((loop) -> loop.proposeData(data, result), result));
		return result;
	}

	/**
	 * Proposes a configuration change, a {@link ConfChange} or a {@link ConfChangeV2}, with the
	 * same waiting and outcome as {@link #propose}. It takes effect when the application applies
	 * the committed entry with {@link #applyConfChange}.
	 */
	public CompletableFuture<Void> proposeConfChange(MessageLite cc) {
		requireConfChange(cc);
		return callLater((loop, result) -> loop.propose((rn) -> rn.proposeConfChange(cc), result));
	}

	/**
	 * Feeds a message received from a peer, or a response of the append or apply thread with
	 * async storage writes. Proposals forwarded by followers take the proposal path of
	 * {@link #propose}; local message types from the network and responses from unknown peers are
	 * ignored, and a type this version does not know only counts for its term, as etcd does. Completes
	 * once the message is stepped.
	 */
	public CompletableFuture<Void> step(Message m) {
		if (m.getType() == MessageType.MsgProp) {
			Message own = m.toBuilder().setFrom(this.id).build();
			return callLater((loop, result) -> loop.propose((rn) -> NodeLoop.stepForwarded(rn, own), result));
		}
		CompletableFuture<Void> result = new CompletableFuture<>();
		Consumer<NodeLoop> action = (loop) -> {
			loop.receive((rn) -> rn.step(m));
			result.complete(null);
		};
		// An apply acknowledgement moves only the applied index: while a write is in progress, whose
		// acknowledgement wakes the loop soon, it need not wake the loop before.
		this.loop.enqueue(m.getType() == MessageType.MsgStorageApplyResp ? Task.waitingForWrite(action, result)
				: new Task(action, result));
		return result;
	}

	/**
	 * Waits for the next Ready. Without async storage writes the next one comes only after
	 * {@link #advance()}.
	 * @return the Ready, or {@code null} if none came within the timeout
	 * @throws NodeStoppedException if the node stops
	 * @throws InterruptedException if interrupted while waiting (a Ready already handed over is
	 * returned instead, with the interrupt flag set)
	 * @throws IllegalStateException if called by the loop (from a future's dependent stage)
	 */
	public @Nullable Ready pollReady(Duration timeout) throws InterruptedException {
		if (this.loop.inDrain()) {
			throw new IllegalStateException("the loop thread cannot wait for its own Ready");
		}
		CompletableFuture<Ready> next = ready();
		try {
			return next.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return next.cancel(false) ? null : joinDone(next);
		}
		catch (InterruptedException ex) {
			if (next.cancel(false)) {
				throw ex;
			}
			Thread.currentThread().interrupt();
			return joinDone(next);
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
	}

	/**
	 * The next Ready as a future (etcd's {@code Ready()} channel: each call takes the next batch of
	 * the stream, in order; {@link #pollReady} waits for it with a timeout). Cancelling it before it
	 * completes gives up the turn; a Ready is never lost to a cancelled future.
	 * @throws NodeStoppedException (through the future) once the node is stopped
	 */
	public CompletableFuture<Ready> ready() {
		return callLater(NodeLoop::requestReady);
	}

	/**
	 * From now on a Ready that carries nothing but messages (no entries, hard state, snapshot,
	 * committed entries, read states or soft state: an idle leader's heartbeats, a follower's
	 * answers) is not handed to {@link #ready()}: the loop thread gives its messages to
	 * {@code sender} and advances at once, which spares the Ready thread a wake-up per heartbeat.
	 * {@code sender} runs on the loop thread and must not block.
	 * @throws IllegalStateException with async storage writes, where every Ready goes to the storage threads
	 */
	public CompletableFuture<Void> sendMessageOnlyReadys(Consumer<List<Message>> sender) {
		if (this.asyncStorageWrites) {
			throw new IllegalStateException("with async storage writes every Ready goes to the storage threads");
		}
		return call((loop) -> {
			loop.sendMessageOnlyReadys(sender);
			return null;
		});
	}

	/**
	 * With async storage writes: from now on the loop thread takes every Ready itself, at the end of
	 * each turn that left one, and gives it to {@code handler} instead of {@link #ready()}. The
	 * handler routes the Ready's messages (to peers, and {@code MsgStorageAppend} / {@code MsgStorageApply}
	 * to the threads that persist and apply) and must not block: no thread is woken to take a Ready
	 * and none waits for one.
	 * @throws IllegalStateException without async storage writes, where a Ready waits for its advance
	 */
	public CompletableFuture<Void> handleReadysOnLoop(Consumer<Ready> handler) {
		if (!this.asyncStorageWrites) {
			throw new IllegalStateException("without async storage writes a Ready waits for its advance");
		}
		return call((loop) -> {
			loop.handleReadysOnLoop(handler);
			return null;
		});
	}

	/**
	 * Tells the node the last Ready was handled: entries, hard state and snapshot persisted,
	 * messages sent, committed entries applied. Without a Ready outstanding it does nothing.
	 * @throws IllegalStateException with async storage writes, which acknowledge by messages
	 */
	public void advance() {
		if (this.asyncStorageWrites) {
			throw new IllegalStateException("Advance must not be called when using AsyncStorageWrites");
		}
		call((loop) -> {
			loop.advance();
			return null;
		});
	}

	/**
	 * {@link #advance()} then {@link #ready()}, in one request to the loop thread: the Ready loop's
	 * turn with one hand-off instead of two.
	 * @throws IllegalStateException with async storage writes, which acknowledge by messages
	 */
	public CompletableFuture<Ready> advanceAndNextReady() {
		if (this.asyncStorageWrites) {
			throw new IllegalStateException("Advance must not be called when using AsyncStorageWrites");
		}
		return callLater((loop, next) -> {
			loop.advance();
			loop.requestReady(next);
		});
	}

	/**
	 * Applies a committed configuration change ({@link ConfChange} or {@link ConfChangeV2}) and
	 * returns the new configuration. A change that removes this node makes it refuse proposals
	 * from then on.
	 */
	public CompletableFuture<ConfState> applyConfChange(MessageLite cc) {
		requireConfChange(cc);
		return call((loop) -> loop.applyConfChange(cc));
	}

	/**
	 * Asks the leader (this node, or the leader it forwards to) to hand leadership to
	 * {@code transferee}. Completes once the request is stepped.
	 */
	public CompletableFuture<Void> transferLeadership(long transferee) {
		return call((loop) -> {
			loop.receive((rn) -> rn.transferLeader(transferee));
			return null;
		});
	}

	/**
	 * Makes a follower forget its leader, so it can vote for a new one before its election
	 * timeout. Completes once the request is stepped.
	 */
	public CompletableFuture<Void> forgetLeader() {
		return call((loop) -> {
			loop.receive(RawNode::forgetLeader);
			return null;
		});
	}

	/**
	 * Requests a read index for a linearizable read. The answer is a
	 * {@link org.raftboot.raft.ReadState} with the same context in a later Ready; none comes if
	 * the request was lost (retry with a new context). Completes once the request is stepped.
	 */
	public CompletableFuture<Void> readIndex(byte[] rctx) {
		byte[] copy = rctx.clone();
		return call((loop) -> {
			loop.receive((rn) -> rn.readIndex(copy));
			return null;
		});
	}

	/** The node's status, with each follower's progress when it leads. */
	public CompletableFuture<Status> status() {
		return call(NodeLoop::status);
	}

	/** Reports that the last message sent to a peer was not delivered. Ignored once stopped. */
	public void reportUnreachable(long peer) {
		call((loop) -> {
			loop.receive((rn) -> rn.reportUnreachable(peer));
			return null;
		});
	}

	/** Reports the outcome of sending a snapshot to a peer. Ignored once stopped. */
	public void reportSnapshot(long peer, SnapshotStatus status) {
		call((loop) -> {
			loop.receive((rn) -> rn.reportSnapshot(peer, status));
			return null;
		});
	}

	/** Whether the node has stopped (by {@link #stop()} or an unexpected error). */
	public boolean isStopped() {
		return this.loop.isStopped();
	}

	/**
	 * Stops the node: at once when its loop is between tasks, else once the task in hand is done,
	 * which this waits for; pending requests fail with {@link NodeStoppedException}. Idempotent.
	 * From the loop itself (a future's dependent stage) it only requests the stop. The node's own
	 * thread, if it has one, exits.
	 */
	public void stop() {
		this.loop.stop();
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	private <T> CompletableFuture<T> call(Function<NodeLoop, T> action) {
		return callLater((loop, result) -> result.complete(action.apply(loop)));
	}

	private <T> CompletableFuture<T> callLater(BiConsumer<NodeLoop, CompletableFuture<T>> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.loop.enqueue(new Task((loop) -> action.accept(loop, result), result));
		return result;
	}

	private static void requireConfChange(MessageLite cc) {
		if (!(cc instanceof ConfChange) && !(cc instanceof ConfChangeV2)) {
			throw new IllegalArgumentException("not a configuration change: " + cc.getClass().getName());
		}
	}

	private static Ready joinDone(CompletableFuture<Ready> done) {
		try {
			return done.join();
		}
		catch (CompletionException ex) {
			throw rethrow(ex.getCause());
		}
	}

	private static RuntimeException rethrow(@Nullable Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		throw new IllegalStateException(cause);
	}

}
