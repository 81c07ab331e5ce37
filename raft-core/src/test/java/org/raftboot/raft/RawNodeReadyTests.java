package org.raftboot.raft;

import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Readys carry in the cases etcd's rawnode_test and node_test check beyond the basic cycle
 * (TestRawNodeStart, TestRawNodeConsumeReady, TestRawNodeBoundedLogGrowthWithPartition,
 * TestAppendPagination): a storage bootstrapped by a snapshot, messages taken exactly once, the
 * uncommitted tail bounded while nothing commits, and appends filled up to the size limit.
 */
class RawNodeReadyTests {

	@Test
	void aStorageBootstrappedByASnapshotStartsWithoutConfigurationEntries() {
		MemoryStorage storage = new MemoryStorage();
		// The log starts after index 1: an empty follower can only catch up by snapshot, so it learns the configuration.
		storage.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(1).setTerm(0).setConfState(ConfState.newBuilder().addVoters(1)))
			.build());
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, storage));
		assertThat(rn.hasReady()).isFalse();

		rn.campaign();
		Ready rd = rn.ready();
		storage.append(rd.entries());
		rn.advance();
		rn.propose("foo".getBytes());
		assertThat(rn.hasReady()).isTrue();

		rd = rn.ready();
		List<Entry> expected = List.of(Entry.newBuilder().setTerm(1).setIndex(2).build(),
				Entry.newBuilder().setTerm(1).setIndex(3).setData(ByteString.copyFromUtf8("foo")).build());
		assertThat(rd.entries()).isEqualTo(expected);
		storage.append(rd.entries());
		rn.advance();

		assertThat(rn.hasReady()).isTrue();
		rd = rn.ready();
		assertThat(rd.entries()).isEmpty();
		assertThat(rd.mustSync()).as("only applying, nothing to append").isFalse();
		assertThat(rd.hardState()).isEqualTo(HardState.newBuilder().setTerm(1).setVote(1).setCommit(3).build());
		assertThat(rd.committedEntries()).isEqualTo(expected);
		rn.advance();
		assertThat(rn.hasReady()).isFalse();
	}

	@Test
	void aReadyTakesTheMessagesOnceAndAdvanceKeepsThoseSentSince() {
		RawNode rn = new RawNode(TestNetwork.config(1, 3, 1, TestNetwork.storageWithVoters(1)));
		Message first = Message.newBuilder().setContext(ByteString.copyFromUtf8("foo")).build();
		Message second = Message.newBuilder().setContext(ByteString.copyFromUtf8("bar")).build();

		rn.raft.msgs.add(first);
		assertThat(rn.hasReady()).isTrue();
		assertThat(rn.raft.msgs).as("looking does not take").containsExactly(first);

		Ready rd = rn.ready();
		assertThat(rd.messages()).containsExactly(first);
		assertThat(rn.raft.msgs).isEmpty();

		rn.raft.msgs.add(second);
		rn.advance();
		assertThat(rn.raft.msgs).containsExactly(second);
	}

	@Test
	void aLeaderCutOffFromItsQuorumKeepsItsUncommittedTailBounded() {
		int maxEntries = 16;
		byte[] data = "testdata".getBytes();
		long limit = maxEntries * Messages.payloadSize(Entry.newBuilder().setData(ByteString.copyFrom(data)).build());
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s).setMaxUncommittedEntriesSize(limit));
		rn.campaign();
		boolean appliedEmptyEntry = false;
		while (!appliedEmptyEntry) {
			Ready rd = rn.ready();
			s.append(rd.entries());
			rn.advance();
			appliedEmptyEntry = !rd.committedEntries().isEmpty();
		}

		// Nothing commits while the Ready is not handled: proposals beyond the limit are dropped.
		int dropped = 0;
		for (int i = 0; i < 1024; i++) {
			try {
				rn.propose(data);
			}
			catch (ProposalDroppedException ex) {
				dropped++;
			}
		}
		assertThat(dropped).isEqualTo(1024 - maxEntries);
		assertThat(rn.raft.uncommittedSize).isEqualTo(limit);

		Ready rd = rn.ready();
		assertThat(rd.entries()).hasSize(maxEntries);
		s.append(rd.entries());
		rn.advance();
		assertThat(rn.raft.uncommittedSize).as("appended, not applied yet").isEqualTo(limit);

		rd = rn.ready();
		assertThat(rd.entries()).isEmpty();
		assertThat(rd.committedEntries()).hasSize(maxEntries);
		rn.advance();
		assertThat(rn.raft.uncommittedSize).isZero();
	}

	@Test
	void appendsBatchedDuringAPartitionAreFilledUpToTheSizeLimitAndNeverBeyond() {
		long maxSizePerMsg = 2048;
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setMaxSizePerMsg(maxSizePerMsg));
		nw.campaign(1);
		// While 1 is cut off its proposals pile up, to go out in as few appends as the limit allows.
		nw.isolate(1);
		String blob = "a".repeat(1000);
		for (int i = 0; i < 5; i++) {
			nw.send(TestNetwork.prop(1, blob));
		}
		nw.recover();
		long[] largest = new long[1];
		nw.hook((m) -> {
			if (m.getType() == MessageType.MsgApp) {
				long size = m.getEntriesList().stream().mapToLong((e) -> e.getData().size()).sum();
				assertThat(size).as("payload of one append").isLessThanOrEqualTo(maxSizePerMsg);
				largest[0] = Math.max(largest[0], size);
			}
			return true;
		});
		nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		assertThat(largest[0]).as("an append more than half full").isGreaterThan(maxSizePerMsg / 2);
	}

}
