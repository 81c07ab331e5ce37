package org.raftboot.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.raftboot.node.NodeFixtures.PATIENCE;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.persist;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;
import static org.raftboot.node.NodeStartTests.bytes;

/** Configuration changes proposed, committed and applied through a Node. */
class NodeConfChangeTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void addingTheSameNodeTwiceDoesNotHinderAddingAnother() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		ConfChange add1 = addNode(ConfChangeType.ConfChangeAddNode, 1);
		ConfChange add2 = addNode(ConfChangeType.ConfChangeAddNode, 2);
		try (Node node = Node.restart(config(1, storage, this.logger));
				NodeDriver driver = new NodeDriver(node, storage, (m) -> {
				}, Duration.ofMillis(10))) {
			electLeader(node);
			proposeAndAwaitApplied(driver, add1, 1);
			proposeAndAwaitApplied(driver, add1, 2);
			proposeAndAwaitApplied(driver, add2, 3);

			List<Entry> applied = driver.applied();
			assertThat(applied).hasSize(4);
			assertThat(applied.get(1).getData()).isEqualTo(add1.toByteString());
			assertThat(applied.get(2).getData()).isEqualTo(add1.toByteString());
			assertThat(applied.get(3).getData()).isEqualTo(add2.toByteString());
			assertThat(driver.confStates().get(2).getVotersList()).containsExactly(1L, 2L);
		}
	}

	@Test
	void aLearnerIsAddedWithoutChangingTheVoters() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger));
				NodeDriver driver = new NodeDriver(node, storage, (m) -> {
				}, Duration.ofMillis(10))) {
			electLeader(node);
			proposeAndAwaitApplied(driver, addNode(ConfChangeType.ConfChangeAddLearnerNode, 2), 1);
			ConfState cs = driver.confStates().get(0);
			assertThat(cs.getLearnersList()).containsExactly(2L);
			assertThat(cs.getVotersList()).containsExactly(1L);
		}
	}

	@Test
	void aJointConfigurationEnteredImplicitlyIsLeftAutomatically() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		ConfChangeV2 cc = ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionJointImplicit)
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(2))
			.build();
		try (Node node = Node.restart(config(1, storage, this.logger));
				NodeDriver driver = new NodeDriver(node, storage, (m) -> {
				}, Duration.ofMillis(10))) {
			electLeader(node);
			node.proposeConfChange(cc).get();
			await().atMost(PATIENCE).until(() -> driver.confStates().size() == 2);
			ConfState joint = driver.confStates().get(0);
			assertThat(joint.getVotersList()).containsExactly(1L);
			assertThat(joint.getVotersOutgoingList()).containsExactly(1L);
			assertThat(joint.getLearnersList()).containsExactly(2L);
			assertThat(joint.getAutoLeave()).isTrue();
			ConfState left = driver.confStates().get(1);
			assertThat(left.getVotersList()).containsExactly(1L);
			assertThat(left.getVotersOutgoingList()).isEmpty();
			assertThat(left.getLearnersList()).containsExactly(2L);
			assertThat(left.getAutoLeave()).isFalse();
		}
	}

	@Test
	void aRemovedNodeRefusesProposalsThoughItKnowsALeader() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			ConfChange remove1 = addNode(ConfChangeType.ConfChangeRemoveNode, 1);
			commitFromLeader(node, storage, 1, confChangeEntry(1, EntryType.EntryConfChange, remove1.toByteString()));
			assertThat(node.status().get().lead()).isEqualTo(2);
			assertDropped(node);
		}
	}

	@Test
	void anOutgoingVoterOfAJointConfigurationAcceptsProposalsUntilTheJointConfigurationIsLeft() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			ConfChangeV2 remove1 = ConfChangeV2.newBuilder()
				.setTransition(ConfChangeTransition.ConfChangeTransitionJointExplicit)
				.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(1))
				.build();
			ConfState joint = commitFromLeader(node, storage, 1,
					confChangeEntry(1, EntryType.EntryConfChangeV2, remove1.toByteString()));
			assertThat(joint.getVotersOutgoingList()).contains(1L);
			assertThat(node.propose(bytes("still forwarded"))).succeedsWithin(PATIENCE);

			ConfState left = commitFromLeader(node, storage, 2,
					confChangeEntry(2, EntryType.EntryConfChangeV2, ConfChangeV2.getDefaultInstance().toByteString()));
			assertThat(left.getVotersList()).containsExactly(2L);
			assertDropped(node);
		}
	}

	private static void electLeader(Node node) {
		node.campaign();
		await().atMost(PATIENCE).until(() -> node.status().get().raftState() == StateType.StateLeader);
	}

	private static void proposeAndAwaitApplied(NodeDriver driver, ConfChange cc, int changesApplied)
			throws Exception {
		driver.node().proposeConfChange(cc).get();
		await().atMost(PATIENCE).until(() -> driver.confStates().size() == changesApplied);
	}

	/**
	 * Plays leader 2 appending the entry at the given index and committing it; handles the Ready
	 * and applies the change, as the application would.
	 */
	private static ConfState commitFromLeader(Node node, MemoryStorage storage, long index, Entry entry)
			throws Exception {
		node.step(Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(2)
			.setTo(1)
			.setTerm(1)
			.setLogTerm(index == 1 ? 0 : 1)
			.setIndex(index - 1)
			.addEntries(entry)
			.setCommit(index)
			.build()).get();
		var rd = ready(node);
		persist(storage, rd);
		assertThat(rd.committedEntries()).containsExactly(entry);
		ConfState cs = (entry.getType() == EntryType.EntryConfChange)
				? node.applyConfChange(ConfChange.parseFrom(entry.getData())).get()
				: node.applyConfChange(ConfChangeV2.parseFrom(entry.getData())).get();
		node.advance();
		return cs;
	}

	private static void assertDropped(Node node) {
		assertThat(node.propose(bytes("refused"))).failsWithin(PATIENCE)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ProposalDroppedException.class);
	}

	private static Entry confChangeEntry(long index, EntryType type, ByteString data) {
		return Entry.newBuilder().setTerm(1).setIndex(index).setType(type).setData(data).build();
	}

	private static ConfChange addNode(ConfChangeType type, long id) {
		return ConfChange.newBuilder().setType(type).setNodeId(id).build();
	}

}
