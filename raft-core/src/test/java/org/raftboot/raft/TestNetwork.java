package org.raftboot.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.google.protobuf.ByteString;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * A synchronous in-memory network of {@link Raft} state machines for unit tests: a message sent
 * into it is delivered, and everything the recipients send in response is delivered too, until
 * the network is quiet. Links can be cut, nodes isolated, message types ignored.
 *
 * <p>Persistence is instant: a node's own acknowledgements (normally stepped once its state is
 * durable) are stepped right after each message.
 */
final class TestNetwork {

	final Map<Long, Raft> peers = new TreeMap<>();

	final Map<Long, MemoryStorage> storages = new TreeMap<>();

	private final Map<List<Long>, Double> dropRates = new HashMap<>();

	private final Set<MessageType> ignored = EnumSet.noneOf(MessageType.class);

	private final SplittableRandom random = new SplittableRandom(42);

	private Predicate<Message> hook = (m) -> true;

	/** A network of {@code size} voters with ids 1..size, created with the given config tweak. */
	static TestNetwork of(int size, Consumer<Config> tweak) {
		TestNetwork nw = new TestNetwork();
		long[] ids = new long[size];
		for (int i = 0; i < size; i++) {
			ids[i] = i + 1;
		}
		for (long id : ids) {
			MemoryStorage storage = storageWith(ConfState.newBuilder().addAllVoters(toList(ids)).build());
			nw.add(id, newRaft(id, 10, 1, storage, tweak), storage);
		}
		return nw;
	}

	static TestNetwork of(int size) {
		return of(size, (c) -> {
		});
	}

	void add(long id, Raft raft, MemoryStorage storage) {
		this.peers.put(id, raft);
		this.storages.put(id, storage);
	}

	Raft peer(long id) {
		return this.peers.get(id);
	}

	static List<Long> toList(long... ids) {
		List<Long> list = new ArrayList<>();
		for (long id : ids) {
			list.add(id);
		}
		return list;
	}

	/** A storage whose (index 0) snapshot holds the given configuration. */
	static MemoryStorage storageWith(ConfState cs) {
		MemoryStorage storage = new MemoryStorage(new DiscardRaftLogger());
		storage.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(cs).setIndex(0).setTerm(0))
			.build());
		return storage;
	}

	static MemoryStorage storageWithVoters(long... voters) {
		return storageWith(ConfState.newBuilder().addAllVoters(toList(voters)).build());
	}

	static Config config(long id, int election, int heartbeat, Storage storage) {
		return new Config().setId(id)
			.setElectionTick(election)
			.setHeartbeatTick(heartbeat)
			.setStorage(storage)
			.setMaxSizePerMsg(RaftConstants.NO_LIMIT)
			.setMaxInflightMsgs(256)
			.setLogger(new DiscardRaftLogger())
			.setRandom(new SplittableRandom(id));
	}

	static Raft newRaft(long id, int election, int heartbeat, Storage storage, Consumer<Config> tweak) {
		Config c = config(id, election, heartbeat, storage);
		tweak.accept(c);
		return new Raft(c);
	}

	static Raft newRaft(long id, int election, int heartbeat, Storage storage) {
		return newRaft(id, election, heartbeat, storage, (c) -> {
		});
	}

	/** Delivers the messages and everything they cause, until the network is quiet. */
	void send(Message... msgs) {
		Deque<Message> queue = new ArrayDeque<>(List.of(msgs));
		while (!queue.isEmpty()) {
			Message m = queue.poll();
			Raft p = this.peers.get(m.getTo());
			if (p == null) {
				continue;
			}
			try {
				p.step(m);
			}
			catch (ProposalDroppedException ex) {
				// as a real node would report to the proposer
			}
			queue.addAll(filter(readMessages(p)));
		}
	}

	/** Lets the node campaign (as {@code MsgHup}) and runs the election to completion. */
	void campaign(long id) {
		send(hup(id));
	}

	static Message hup(long id) {
		return Message.newBuilder().setFrom(id).setTo(id).setType(MessageType.MsgHup).build();
	}

	static Message prop(long id, String data) {
		return Message.newBuilder()
			.setFrom(id)
			.setTo(id)
			.setType(MessageType.MsgProp)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8(data)))
			.build();
	}

	void drop(long from, long to, double rate) {
		this.dropRates.put(List.of(from, to), rate);
	}

	void cut(long one, long other) {
		drop(one, other, 2.0);
		drop(other, one, 2.0);
	}

	void isolate(long id) {
		for (long other : this.peers.keySet()) {
			if (other != id) {
				drop(id, other, 2.0);
				drop(other, id, 2.0);
			}
		}
	}

	void ignore(MessageType type) {
		this.ignored.add(type);
	}

	void hook(Predicate<Message> hook) {
		this.hook = hook;
	}

	void recover() {
		this.dropRates.clear();
		this.ignored.clear();
		this.hook = (m) -> true;
	}

	private List<Message> filter(List<Message> msgs) {
		List<Message> kept = new ArrayList<>();
		for (Message m : msgs) {
			if (this.ignored.contains(m.getType())) {
				continue;
			}
			double rate = this.dropRates.getOrDefault(List.of(m.getFrom(), m.getTo()), 0.0);
			if (this.random.nextDouble() < rate) {
				continue;
			}
			if (this.hook.test(m)) {
				kept.add(m);
			}
		}
		return kept;
	}

	/**
	 * Takes a node's outgoing messages after persisting instantly: its own acknowledgements are
	 * stepped first (they may send more).
	 */
	static List<Message> readMessages(Raft r) {
		advanceMessagesAfterAppend(r);
		List<Message> msgs = r.msgs;
		r.msgs = new ArrayList<>();
		return msgs;
	}

	static void advanceMessagesAfterAppend(Raft r) {
		while (!r.msgsAfterAppend.isEmpty()) {
			List<Message> msgs = r.msgsAfterAppend;
			r.msgsAfterAppend = new ArrayList<>();
			for (Message m : msgs) {
				if (m.getTo() == r.id) {
					r.step(m);
				}
				else {
					r.msgs.add(m);
				}
			}
		}
	}

	/** Persists a node's unstable entries and returns (and marks applied) its committed ones. */
	static List<Entry> nextEnts(Raft r, MemoryStorage s) {
		s.append(r.raftLog.nextUnstableEnts());
		r.raftLog.stableTo(r.raftLog.lastEntryId());
		advanceMessagesAfterAppend(r);
		List<Entry> ents = r.raftLog.nextCommittedEnts(true);
		r.raftLog.appliedTo(r.raftLog.committed, 0);
		return ents;
	}

	/** The node's whole log (stable and unstable). */
	static List<Entry> allEntries(Raft r) {
		return r.raftLog.allEntries();
	}

}
