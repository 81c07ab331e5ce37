package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Config;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * {@code add-nodes <count> [voters=(..)] [learners=(..)] [index=i] [inflight=n] ...}: creates nodes
 * that share an initial snapshot; a non-empty one bootstraps them (term 1, applied at its index).
 */
final class AddNodesCommand implements Command {

	@Override
	public @Nullable String run(InteractionEnv env, TestCase tc) {
		int count = Integer.parseInt(tc.args().get(0).key());
		ConfState.Builder cs = ConfState.newBuilder();
		SnapshotMetadata.Builder metadata = SnapshotMetadata.newBuilder();
		Snapshot.Builder snap = Snapshot.newBuilder();
		// etcd compares the snapshot with an empty one: any field given makes it a bootstrap.
		boolean bootstrap = false;
		List<Consumer<Config>> settings = new ArrayList<>();
		for (CmdArg arg : tc.args().subList(1, tc.args().size())) {
			for (String val : arg.vals()) {
				switch (arg.key()) {
					case "voters" -> {
						cs.addVoters(Args.parseUint(val));
						bootstrap = true;
					}
					case "learners" -> {
						cs.addLearners(Args.parseUint(val));
						bootstrap = true;
					}
					case "inflight" -> settings.add((cfg) -> cfg.setMaxInflightMsgs(Integer.parseInt(val)));
					case "index" -> {
						metadata.setIndex(Args.parseUint(val));
						long applied = metadata.getIndex();
						settings.add((cfg) -> cfg.setApplied(applied));
						bootstrap = true;
					}
					case "content" -> {
						snap.setData(ByteString.copyFromUtf8(val));
						bootstrap = true;
					}
					case "async-storage-writes" -> settings.add((cfg) -> cfg.setAsyncStorageWrites(Args.parseBool(val)));
					case "prevote" -> settings.add((cfg) -> cfg.setPreVote(Args.parseBool(val)));
					case "checkquorum" -> settings.add((cfg) -> cfg.setCheckQuorum(Args.parseBool(val)));
					case "max-committed-size-per-ready" ->
						settings.add((cfg) -> cfg.setMaxCommittedSizePerReady(Args.parseUint(val)));
					case "disable-conf-change-validation" ->
						settings.add((cfg) -> cfg.setDisableConfChangeValidation(Args.parseBool(val)));
					case "read-only" -> {
						switch (val) {
							case "safe" -> settings.add((cfg) -> cfg.setReadOnlyOption(ReadOnlyOption.SAFE));
							case "lease-based" -> settings.add((cfg) -> cfg.setReadOnlyOption(ReadOnlyOption.LEASE_BASED));
							default -> {
								return "invalid read-only option \"" + val + "\"";
							}
						}
					}
					case "step-down-on-removal" -> settings.add((cfg) -> cfg.setStepDownOnRemoval(Args.parseBool(val)));
					default -> {
						// etcd ignores other keys.
					}
				}
			}
		}
		if (bootstrap) {
			if (metadata.getIndex() <= 1) {
				return "index must be specified as > 1 due to bootstrap";
			}
			metadata.setTerm(1);
		}
		Snapshot initial = snap.setMetadata(metadata.setConfState(cs)).build();
		for (int i = 0; i < count; i++) {
			Config cfg = configStub();
			settings.forEach((setting) -> setting.accept(cfg));
			String err = addNode(env, cfg, initial, bootstrap);
			if (err != null) {
				return err;
			}
		}
		return null;
	}

	private static @Nullable String addNode(InteractionEnv env, Config cfg, Snapshot initial, boolean bootstrap) {
		long id = env.nodes.size() + 1;
		HistoryStorage storage = new HistoryStorage(initial);
		if (bootstrap) {
			try {
				storage.applySnapshot(initial);
			}
			catch (StorageException ex) {
				return ex.getMessage();
			}
			long expected = initial.getMetadata().getIndex() + 1;
			if (storage.firstIndex() != expected) {
				return "failed to establish first index " + expected + "; got " + storage.firstIndex();
			}
		}
		cfg.setId(id).setStorage(storage).setLogger(env.output);
		env.nodes.add(new InteractionNode(id, new RawNode(cfg), storage, cfg));
		return null;
	}

	/**
	 * etcd's stub: 3 election ticks, 1 heartbeat tick, unlimited message size and inflight count. Each
	 * node gets its own, since validation fills in defaults.
	 */
	private static Config configStub() {
		return new Config().setElectionTick(3)
			.setHeartbeatTick(1)
			.setMaxSizePerMsg(-1L)
			.setMaxInflightMsgs(Integer.MAX_VALUE);
	}

}
