package org.raftboot.server;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.Config;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.ReadOnlyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RaftServerConfigTests {

	@Test
	void everyRaftSettingReachesRaftsOwnConfig() {
		MemoryStorage storage = new MemoryStorage();
		RaftServerConfig server = RaftServerConfig.builder(3)
			.electionTick(20)
			.heartbeatTick(2)
			.preVote(false)
			.checkQuorum(false)
			.maxSizePerMsg(4096)
			.maxInflightMsgs(16)
			.maxUncommittedEntriesSize(1 << 20)
			.maxInflightBytes(65536)
			.maxCommittedSizePerReady(8192)
			.disableProposalForwarding(true)
			.build();
		Config config = server.raftConfig(storage, 7);
		assertThat(config.getId()).isEqualTo(3);
		assertThat(config.getElectionTick()).isEqualTo(20);
		assertThat(config.getHeartbeatTick()).isEqualTo(2);
		assertThat(config.getStorage()).isSameAs(storage);
		assertThat(config.getApplied()).isEqualTo(7);
		assertThat(config.isPreVote()).isFalse();
		assertThat(config.isCheckQuorum()).isFalse();
		assertThat(config.getMaxSizePerMsg()).isEqualTo(4096);
		assertThat(config.getMaxInflightMsgs()).isEqualTo(16);
		assertThat(config.getMaxUncommittedEntriesSize()).isEqualTo(1 << 20);
		assertThat(config.getMaxInflightBytes()).isEqualTo(65536);
		assertThat(config.getMaxCommittedSizePerReady()).isEqualTo(8192);
		assertThat(config.isDisableProposalForwarding()).isTrue();
		assertThat(config.isStepDownOnRemoval()).isTrue();
		assertThat(server.maxInflightBytes()).isEqualTo(65536);
		assertThat(server.maxCommittedSizePerReady()).isEqualTo(8192);
	}

	@Test
	void zeroMeansWhatItMeansInEtcd() {
		RaftServerConfig server = RaftServerConfig.builder(1)
			.maxSizePerMsg(4096)
			.maxUncommittedEntriesSize(0)
			.maxInflightBytes(0)
			.maxCommittedSizePerReady(0)
			.build();
		Config config = server.raftConfig(new MemoryStorage(), 0);
		assertThat(config.getMaxUncommittedEntriesSize()).isEqualTo(RaftConstants.NO_LIMIT);
		assertThat(config.getMaxInflightBytes()).isEqualTo(RaftConstants.NO_LIMIT);
		assertThat(config.getMaxCommittedSizePerReady()).isEqualTo(4096);
	}

	@Test
	void leaseBasedReadsAreCheckedThenServedByTheServersLease() {
		RaftServerConfig lease = RaftServerConfig.builder(1).readOnlyOption(ReadOnlyOption.LEASE_BASED)
			.tickInterval(Duration.ofMillis(10))
			.build();
		assertThat(lease.raftConfig(new MemoryStorage(), 0).getReadOnlyOption()).isEqualTo(ReadOnlyOption.SAFE);
		RaftServerConfig withoutQuorumCheck = RaftServerConfig.builder(1).readOnlyOption(ReadOnlyOption.LEASE_BASED)
			.checkQuorum(false)
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> withoutQuorumCheck.raftConfig(new MemoryStorage(), 0))
			.withMessage("CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
	}

}
