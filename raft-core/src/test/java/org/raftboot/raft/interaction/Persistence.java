package org.raftboot.raft.interaction;

import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * What the driver does as a node's storage and state machine: persisting hard state, snapshots
 * and entries, and applying committed entries to the "appender" state machine, whose state is the
 * concatenation of every applied payload (or conf change context).
 */
final class Persistence {

	private Persistence() {
	}

	/** Persists a Ready's (or a {@code MsgStorageAppend}'s) hard state and snapshot or entries. */
	static @Nullable String processAppend(InteractionNode node, HardState hs, List<Entry> ents, Snapshot snap) {
		HistoryStorage storage = node.storage;
		if (!RawNode.isEmptyHardState(hs)) {
			storage.setHardState(hs);
		}
		try {
			if (!RawNode.isEmptySnap(snap)) {
				if (!ents.isEmpty()) {
					return "can't apply snapshot and entries at the same time";
				}
				storage.applySnapshot(snap);
				return null;
			}
			storage.append(ents);
			return null;
		}
		catch (StorageException ex) {
			return ex.getMessage();
		}
	}

	/** Applies committed entries, recording the state machine's snapshot after each one. */
	static @Nullable String processApply(InteractionNode node, List<Entry> ents) {
		for (Entry ent : ents) {
			ByteString update;
			ConfState cs = null;
			try {
				switch (ent.getType()) {
					case EntryConfChange -> {
						ConfChange cc = ConfChange.parseFrom(ent.getData());
						update = cc.getContext();
						cs = node.rawNode.applyConfChange(cc);
					}
					case EntryConfChangeV2 -> {
						ConfChangeV2 cc = ConfChangeV2.parseFrom(ent.getData());
						cs = node.rawNode.applyConfChange(cc);
						update = cc.getContext();
					}
					default -> update = ent.getData();
				}
			}
			catch (InvalidProtocolBufferException ex) {
				return ex.getMessage();
			}
			Snapshot last = node.storage.lastSnapshot();
			if (cs == null) {
				cs = last.getMetadata().getConfState();
			}
			node.storage.history.add(Snapshot.newBuilder()
				.setData(last.getData().concat(update))
				.setMetadata(SnapshotMetadata.newBuilder()
					.setIndex(ent.getIndex())
					.setTerm(ent.getTerm())
					.setConfState(cs))
				.build());
		}
		return null;
	}

}
