package org.raftboot.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same random operations applied to a {@link FileStorage} and to a {@link MemoryStorage} give
 * the same answer to every {@code Storage} call, including the errors, across reopens.
 */
class FileStorageModelTests {

	private static final int SEEDS = 16;

	private static final int STEPS = 200;

	@TempDir
	Path tmp;

	@Test
	void everyStorageAnswerMatchesMemoryStorageUnderRandomOperations() {
		for (int seed = 1; seed <= SEEDS; seed++) {
			new Run(seed, this.tmp.resolve("seed-" + seed)).run();
		}
	}

	private static final class Run {

		private final SplittableRandom random;

		private final int seed;

		private final FileStorageOptions options;

		private final MemoryStorage memory = new MemoryStorage(new DiscardRaftLogger());

		private FileStorage file;

		private final List<String> history = new ArrayList<>();

		Run(int seed, Path dir) {
			this.seed = seed;
			this.random = new SplittableRandom(seed);
			this.options = FileStorageOptions.builder(dir).segmentSize(4096).fsync(false).cacheSize(3)
				.cacheBytes(200).build();
			this.file = FileStorage.open(this.options);
		}

		void run() {
			try {
				for (int step = 0; step < STEPS; step++) {
					step();
					compareAll();
				}
			}
			finally {
				this.file.close();
			}
		}

		private void step() {
			int op = this.random.nextInt(100);
			if (op < 45) {
				HardState hs = this.random.nextBoolean() ? hardState() : HardState.getDefaultInstance();
				List<Entry> ents = entries(appendStart(), this.random.nextInt(6));
				same("save " + describe(ents), () -> {
					this.memory.append(ents);
					if (!hs.equals(HardState.getDefaultInstance())) {
						this.memory.setHardState(hs);
					}
				}, () -> this.file.save(hs, ents, Snapshot.getDefaultInstance()));
			}
			else if (op < 52) {
				Snapshot snap = snapshot(1 + Math.max(0, snapIndex() - 1 + this.random.nextInt(8)));
				List<Entry> ents = entries(snap.getMetadata().getIndex() + 1, this.random.nextInt(4));
				HardState hs = hardState();
				same("save with snapshot at " + snap.getMetadata().getIndex(), () -> {
					this.memory.applySnapshot(snap);
					this.memory.append(ents);
					this.memory.setHardState(hs);
				}, () -> this.file.save(hs, ents, snap));
			}
			else if (op < 57) {
				Snapshot snap = snapshot(Math.max(0, snapIndex() - 1 + this.random.nextInt(6)));
				same("applySnapshot at " + snap.getMetadata().getIndex(), () -> this.memory.applySnapshot(snap),
						() -> this.file.applySnapshot(snap));
			}
			else if (op < 70) {
				long i = createSnapshotIndex();
				ConfState cs = this.random.nextBoolean() ? null : confState();
				ByteString data = bytes(this.random.nextInt(50));
				same("createSnapshot at " + i, () -> this.memory.createSnapshot(i, cs, data),
						() -> this.file.createSnapshot(i, cs, data));
			}
			else if (op < 85) {
				long i = this.memory.firstIndex() - 2 + this.random.nextInt((int) (lastIndex() - firstIndex() + 4));
				same("compact to " + i, () -> this.memory.compact(i), () -> this.file.compact(i));
			}
			else {
				this.history.add("reopen");
				this.file.close();
				this.file = FileStorage.open(this.options);
			}
		}

		private long appendStart() {
			int kind = this.random.nextInt(10);
			if (kind == 0) {
				return lastIndex() + 2;
			}
			if (kind < 3) {
				return Math.max(1, firstIndex() - 2 + this.random.nextInt(3));
			}
			long span = lastIndex() + 1 - firstIndex() + 1;
			return firstIndex() + this.random.nextLong(span);
		}

		private long createSnapshotIndex() {
			long offset = firstIndex() - 1;
			long i = offset + this.random.nextLong(lastIndex() - offset + 2);
			if (this.random.nextInt(5) == 0) {
				i = Math.min(i, snapIndex());
			}
			return (i < offset && i > snapIndex()) ? offset : i;
		}

		private long firstIndex() {
			return this.memory.firstIndex();
		}

		private long lastIndex() {
			return this.memory.lastIndex();
		}

		private long snapIndex() {
			return (int) this.memory.snapshot().getMetadata().getIndex();
		}

		private void same(String what, Runnable onMemory, Runnable onFile) {
			this.history.add(what);
			Object expected = outcome(() -> {
				onMemory.run();
				return "ok";
			});
			Object actual = outcome(() -> {
				onFile.run();
				return "ok";
			});
			assertThat(actual).as(context(what)).isEqualTo(expected);
		}

		private void compareAll() {
			check("firstIndex", this.memory::firstIndex, this.file::firstIndex);
			check("lastIndex", this.memory::lastIndex, this.file::lastIndex);
			check("initialState", this.memory::initialState, this.file::initialState);
			check("snapshot", this.memory::snapshot, this.file::snapshot);
			long first = this.memory.firstIndex();
			long last = this.memory.lastIndex();
			for (long i = first - 3; i <= last + 2; i++) {
				long at = i;
				check("term(" + i + ")", () -> this.memory.term(at), () -> this.file.term(at));
			}
			for (int k = 0; k < 6; k++) {
				long lo = first - 1 + this.random.nextLong(last - first + 3);
				long bound = (k == 0) ? last + 3 : last + 2;
				long hi = lo + this.random.nextLong(Math.max(1, bound - lo));
				long maxSize = switch (this.random.nextInt(3)) {
					case 0 -> RaftConstants.NO_LIMIT;
					case 1 -> 0;
					default -> this.random.nextInt(120);
				};
				check("entries(" + lo + ", " + hi + ", " + maxSize + ")", () -> this.memory.entries(lo, hi, maxSize),
						() -> this.file.entries(lo, hi, maxSize));
			}
		}

		private void check(String call, Supplier<Object> onMemory, Supplier<Object> onFile) {
			assertThat(outcome(onFile)).as(context(call)).isEqualTo(outcome(onMemory));
		}

		private String context(String call) {
			int from = Math.max(0, this.history.size() - 12);
			return "seed " + this.seed + ", " + call + " after ... " + String.join("; ", this.history.subList(from,
					this.history.size()));
		}

		private static Object outcome(Supplier<Object> call) {
			try {
				return call.get();
			}
			catch (RuntimeException ex) {
				return ex.getClass().getName();
			}
		}

		private List<Entry> entries(long from, int count) {
			List<Entry> ents = new ArrayList<>();
			long term = 1 + this.random.nextInt(5);
			for (int k = 0; k < count; k++) {
				Entry.Builder entry = Entry.newBuilder().setIndex(from + k).setTerm(term);
				if (this.random.nextInt(4) > 0) {
					entry.setData(bytes(this.random.nextInt(60)));
				}
				ents.add(entry.build());
			}
			return ents;
		}

		private HardState hardState() {
			return HardState.newBuilder().setTerm(1 + this.random.nextInt(9)).setVote(this.random.nextInt(4))
				.setCommit(this.random.nextInt(50)).build();
		}

		private Snapshot snapshot(long index) {
			return Snapshot.newBuilder().setData(bytes(this.random.nextInt(40)))
				.setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(1 + this.random.nextInt(5))
					.setConfState(confState()))
				.build();
		}

		private ConfState confState() {
			return ConfState.newBuilder().addVoters(1 + this.random.nextInt(3)).addLearners(4).build();
		}

		private ByteString bytes(int n) {
			byte[] b = new byte[n];
			this.random.nextBytes(b);
			return ByteString.copyFrom(b);
		}

		private static String describe(List<Entry> ents) {
			return ents.isEmpty() ? "[]" : "[" + ents.get(0).getIndex() + ".." + ents.get(ents.size() - 1).getIndex()
					+ "]";
		}

	}

}
