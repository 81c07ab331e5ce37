package org.raftboot.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;

/**
 * The simulated power loss the fault suites rely on: a storage reopened after it holds everything
 * synced before the crash, none of a save interrupted before its sync (or a prefix of it, never a
 * damaged log), and the crashed instance writes nothing more.
 */
class PowerLossTests {

	@TempDir
	Path dir;

	@BeforeEach
	void install() {
		PowerLoss.install();
	}

	@AfterEach
	void uninstall() {
		PowerLoss.uninstall();
	}

	@Test
	void aCrashInTheMiddleOfASaveLosesItAndKeepsWhatWasSyncedBefore() {
		FileStorage storage = open();
		HardState synced = HardState.newBuilder().setTerm(2).setVote(1).setCommit(3).build();
		storage.save(synced, FileStorageTests.entries(1, 3, 2), Snapshot.getDefaultInstance());
		CompletableFuture<Integer> crashed = PowerLoss.crashAtNextSync(this.dir, new LosesEverything());

		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.save(
				HardState.newBuilder().setTerm(3).setVote(2).setCommit(5).build(), FileStorageTests.entries(4, 5, 3),
				Snapshot.getDefaultInstance()));
		assertThat(crashed).isCompletedWithValue(1);
		storage.close();

		FileStorage reopened = open();
		assertThat(reopened.initialState().hardState()).isEqualTo(synced);
		assertThat(reopened.lastIndex()).isEqualTo(3);
		assertThat(reopened.entries(1, 4, Long.MAX_VALUE)).isEqualTo(FileStorageTests.entries(1, 3, 2));
		reopened.close();
	}

	@Test
	void aCrashBetweenSavesLosesNothing() {
		FileStorage storage = open();
		storage.save(HardState.newBuilder().setTerm(1).setCommit(2).build(), FileStorageTests.entries(1, 5, 1),
				Snapshot.getDefaultInstance());

		assertThat(PowerLoss.crash(this.dir, new Random(1))).isZero();
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.save(
				HardState.getDefaultInstance(), FileStorageTests.entries(6, 6, 1), Snapshot.getDefaultInstance()));
		storage.close();

		FileStorage reopened = open();
		assertThat(reopened.lastIndex()).isEqualTo(5);
		reopened.close();
	}

	@Test
	void aRandomPrefixOfTheLostWritesMayReachTheDiskButTheLogAlwaysOpensAsAPrefix() {
		List<Entry> written = new ArrayList<>(FileStorageTests.entries(1, 2, 1));
		written.addAll(FileStorageTests.entries(3, 40, 2));
		HardState before = HardState.newBuilder().setTerm(1).setCommit(2).build();
		HardState lost = HardState.newBuilder().setTerm(2).setCommit(4).build();
		Set<Long> outcomes = new TreeSet<>();
		for (int seed = 0; seed < 40; seed++) {
			Path storageDir = this.dir.resolve("seed-" + seed);
			FileStorage storage = open(storageDir);
			storage.save(before, FileStorageTests.entries(1, 2, 1), Snapshot.getDefaultInstance());
			PowerLoss.crashAtNextSync(storageDir, new SplittableRandom(seed));
			assertThatExceptionOfType(StorageException.class).isThrownBy(
					() -> storage.save(lost, FileStorageTests.entries(3, 40, 2), Snapshot.getDefaultInstance()));
			storage.close();

			FileStorage reopened = open(storageDir);
			long last = reopened.lastIndex();
			assertThat(last).isBetween(2L, 40L);
			assertThat(reopened.entries(1, last + 1, Long.MAX_VALUE)).isEqualTo(written.subList(0, (int) last));
			HardState recovered = reopened.initialState().hardState();
			assertThat(recovered).isIn(before, lost);
			assertThat(recovered.equals(before) || last == 40).as("the save's hard state survives only after all its entries")
				.isTrue();
			outcomes.add(last);
			reopened.close();
		}
		assertThat(outcomes).as("entries kept after each seed's crash").contains(2L, 40L).hasSizeGreaterThan(2);
	}

	private FileStorage open() {
		return open(this.dir);
	}

	private static FileStorage open(Path dir) {
		return FileStorage.open(FileStorageOptions.builder(dir).segmentSize(64 * 1024).build());
	}

	/** A power loss that reaches the disk with none of the writes since the last sync. */
	private static final class LosesEverything extends Random {

		@Override
		public int nextInt(int bound) {
			return 0;
		}

	}

}
