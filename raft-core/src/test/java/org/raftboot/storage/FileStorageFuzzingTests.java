package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random histories (appends, conflicting suffixes, snapshots created and received,
 * compactions, reopens) over several small WAL segments, then damage to the files: the last segment
 * cut anywhere, bit flips, a record length and its complement rewritten together, a zeroed range,
 * a snapshot file cut, flipped or deleted. Opening must recover exactly what the history acknowledged
 * (all of it after in-place damage; a prefix of it after a cut, all but the torn last write at the
 * least) or refuse with a {@link CorruptedStorageException} naming the damaged file; nothing else.
 * Complements {@link FileStorageCrashTests}, which cuts and flips every byte of one fixed log's tail.
 * {@code -Dfuzz.seed=N} moves the seeds.
 */
class FileStorageFuzzingTests {

	private static final int SEEDS = 200;

	private static final int DAMAGES_PER_SEED = 3;

	enum Damage {

		CUT_LAST_SEGMENT, FLIP_BITS, LYING_LENGTH, ZERO_RANGE, CUT_SNAPSHOT, FLIP_SNAPSHOT, DELETE_SNAPSHOT

	}

	/** What the storage answers, compared after recovery. */
	record State(long first, long last, HardState hardState, List<Entry> entries, Snapshot snapshot) {

		static State of(FileStorage storage) {
			long first = storage.firstIndex();
			long last = storage.lastIndex();
			List<Entry> entries = (last >= first) ? storage.entries(first, last + 1, RaftConstants.NO_LIMIT) : List.of();
			return new State(first, last, storage.initialState().hardState(), entries, storage.snapshot());
		}

		@Override
		public String toString() {
			HardState hs = this.hardState;
			SnapshotMetadata snap = this.snapshot.getMetadata();
			return String.format("{entries (%d, %d] of terms %s, hard state %d/%d/%d, snapshot %d/%d, %x}", this.first - 1,
					this.last, this.entries.stream().map(Entry::getTerm).distinct().toList(), hs.getTerm(), hs.getVote(),
					hs.getCommit(), snap.getIndex(), snap.getTerm(), hashCode());
		}

	}

	/**
	 * One operation of a history: the entries it appended or the snapshot it received (its records,
	 * in write order, before its hard state), and where the WAL ended after it.
	 */
	record Op(List<Entry> entries, @Nullable Snapshot received, Path segment, int end) {

		/** The state when only the first {@code records} of its records (fewer than all) survived. */
		State partial(State before, int records) {
			if (records == 0) {
				return before;
			}
			if (this.received != null) {
				long index = this.received.getMetadata().getIndex();
				return new State(index + 1, index, before.hardState(), List.of(), this.received);
			}
			long from = this.entries.get(0).getIndex();
			List<Entry> kept = new ArrayList<>(before.entries().stream().filter((e) -> e.getIndex() < from).toList());
			kept.addAll(this.entries.subList(0, records));
			return new State(before.first(), from + records - 1, before.hardState(), kept, before.snapshot());
		}

	}

	@TempDir
	Path root;

	private final Logger storageLog = Logger.getLogger("org.raftboot.storage");

	private final Map<Damage, int[]> outcomes = new EnumMap<>(Damage.class);

	@AfterEach
	void restoreLogging() {
		this.storageLog.setLevel(null);
	}

	@Test
	void damagedFilesRecoverWhatWasAcknowledgedOrRefuseNamingTheFile() throws IOException {
		this.storageLog.setLevel(Level.OFF);
		long base = Long.getLong("fuzz.seed", 20261126L);
		System.out.println("FileStorageFuzzingTests: seeds " + base + ".." + (base + SEEDS - 1) + " (-Dfuzz.seed=" + base + ")");
		for (Damage damage : Damage.values()) {
			this.outcomes.put(damage, new int[2]);
		}
		for (long seed = base; seed < base + SEEDS; seed++) {
			fuzz(seed);
		}
		StringBuilder figures = new StringBuilder("FileStorageFuzzingTests: " + SEEDS + " seeds, " + SEEDS * DAMAGES_PER_SEED
				+ " damaged opens (recovered/refused):");
		this.outcomes.forEach((damage, counts) -> figures.append(' ').append(damage).append(' ').append(counts[0]).append('/')
			.append(counts[1]));
		System.out.println(figures + ", violations: 0");
		this.outcomes.forEach((damage, counts) -> assertThat(counts[0] + counts[1]).as("%s tried", damage).isPositive());
	}

	private void fuzz(long seed) throws IOException {
		Random random = new Random(seed);
		Path dir = Files.createDirectory(this.root.resolve("seed-" + seed));
		History history = new History(dir, random);
		history.run(15 + random.nextInt(25));
		Map<Path, byte[]> pristine = history.pristine;
		for (int k = 0; k < DAMAGES_PER_SEED; k++) {
			restore(dir, pristine);
			Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
			Trial trial = new Trial(damage, history, random);
			if (!trial.apply()) {
				damage = Damage.FLIP_BITS;
				trial = new Trial(damage, history, random);
				trial.apply();
			}
			check(seed, trial);
		}
	}

	private void check(long seed, Trial trial) {
		String what = "seed " + seed + ", " + trial;
		State recovered;
		try (FileStorage storage = FileStorage.open(options(trial.history.dir))) {
			recovered = State.of(storage);
		}
		catch (CorruptedStorageException ex) {
			assertThat(trial.mayRefuse).as("%s refused: %s", what, ex.getMessage()).isTrue();
			if (!trial.anyFile) {
				assertThat(ex.file()).as(what).isIn(trial.files);
			}
			assertThat(ex.file().getParent()).as(what).isEqualTo(trial.history.dir);
			assertThat(ex.getMessage()).as(what).contains(ex.file().toString(), "at offset " + ex.offset());
			if (trial.offset >= 0) {
				assertThat(ex.offset()).as(what).isLessThanOrEqualTo(trial.offset);
			}
			this.outcomes.get(trial.damage)[1]++;
			return;
		}
		catch (RuntimeException | Error ex) {
			throw new AssertionError(what + ": open failed with " + ex, ex);
		}
		assertThat(trial.acceptable).as("%s recovered %s", what, recovered).contains(recovered);
		this.outcomes.get(trial.damage)[0]++;
		if (trial.damage == Damage.CUT_LAST_SEGMENT) {
			assertWritable(what, trial.history.dir, recovered);
		}
	}

	/** One more entry after a recovered cut is saved and found again. */
	private static void assertWritable(String what, Path dir, State recovered) {
		try (FileStorage storage = FileStorage.open(options(dir))) {
			long next = storage.lastIndex() + 1;
			storage.save(HardState.getDefaultInstance(), List.of(Entry.newBuilder().setIndex(next).setTerm(
					Math.max(recovered.hardState().getTerm(), storage.term(storage.lastIndex()))).build()), Snapshot.getDefaultInstance());
		}
		try (FileStorage storage = FileStorage.open(options(dir))) {
			assertThat(storage.lastIndex()).as("%s, then one more entry", what).isEqualTo(recovered.last() + 1);
		}
	}

	/** One damage to a copy of a history's directory and the outcomes it allows. */
	private final class Trial {

		final Damage damage;

		final History history;

		private final Random random;

		/** The files a refusal may name. */
		final List<Path> files = new ArrayList<>();

		/**
		 * A refusal may name any storage file: a deep cut can leave the log naming a snapshot whose
		 * file was deleted once a newer one was recorded.
		 */
		boolean anyFile;

		/** The states a successful open may recover. */
		final List<State> acceptable = new ArrayList<>();

		boolean mayRefuse = true;

		/** The first damaged byte of a WAL segment (a refusal names an offset at or before it), or -1. */
		int offset = -1;

		private String detail = "";

		Trial(Damage damage, History history, Random random) {
			this.damage = damage;
			this.history = history;
			this.random = random;
		}

		/** Damages the files; false if this damage does not apply (no snapshot file). */
		boolean apply() throws IOException {
			List<Path> segments = WalFiles.segments(this.history.dir);
			Path last = segments.get(segments.size() - 1);
			List<Path> snapshots = WalFiles.snapshots(this.history.dir);
			switch (this.damage) {
				case CUT_LAST_SEGMENT -> cut(last);
				case FLIP_BITS -> {
					Path file = pick(Stream.concat(segments.stream(), snapshots.stream()).toList());
					flip(file, 1 + this.random.nextInt(3));
				}
				case LYING_LENGTH -> lie(pick(segments));
				case ZERO_RANGE -> zero(pick(segments), last);
				case CUT_SNAPSHOT, FLIP_SNAPSHOT, DELETE_SNAPSHOT -> {
					if (snapshots.isEmpty()) {
						return false;
					}
					damageSnapshot(snapshots.get(0));
				}
			}
			return true;
		}

		private void cut(Path last) throws IOException {
			byte[] content = Files.readAllBytes(last);
			int dataEnd = dataEnd(content);
			int cut = this.random.nextInt(dataEnd + 1);
			Files.write(last, Arrays.copyOf(content, cut));
			expectCut(last, cut);
			this.detail = last.getFileName() + " cut at " + cut + " of " + dataEnd;
		}

		/**
		 * A log that ends at {@code cut} in its last segment holds the operations completed before:
		 * recovered exactly, or refused, unless only the last write is torn (a crash), which recovers.
		 */
		private void expectCut(Path last, int cut) {
			this.anyFile = true;
			List<Op> ops = this.history.ops;
			int k = ops.size() - 1;
			while (k >= 0 && ops.get(k).segment().equals(last) && ops.get(k).end() > cut) {
				k--;
			}
			State done = this.history.states.get(k + 1);
			if (k + 1 < ops.size()) {
				Op torn = ops.get(k + 1);
				List<Integer> ends = WalFiles.recordEnds(this.history.pristine.get(last));
				int start = (k >= 0 && ops.get(k).segment().equals(last)) ? ops.get(k).end() : ends.get(0);
				int records = (int) ends.stream().filter((end) -> end > start && end <= cut).count();
				done = torn.partial(done, records);
			}
			this.acceptable.add(done);
			int n = ops.size();
			this.mayRefuse = n < 2 || !ops.get(n - 2).segment().equals(last) || cut < ops.get(n - 2).end();
		}

		private void flip(Path file, int flips) throws IOException {
			byte[] content = Files.readAllBytes(file);
			int limit = isSegment(file) ? Math.min(content.length, dataEnd(content) + 16) : content.length;
			int first = Integer.MAX_VALUE;
			for (int i = 0; i < flips; i++) {
				int at = this.random.nextInt(limit);
				content[at] ^= (byte) (1 << this.random.nextInt(8));
				first = Math.min(first, at);
			}
			Files.write(file, content);
			inPlace(file, isSegment(file) ? first : -1, flips + " bits flipped from offset " + first);
		}

		private void lie(Path segment) throws IOException {
			byte[] content = Files.readAllBytes(segment);
			List<Integer> ends = WalFiles.recordEnds(content);
			int record = this.random.nextInt(ends.size());
			int start = (record == 0) ? 0 : ends.get(record - 1);
			ByteBuffer buffer = ByteBuffer.wrap(content);
			int length = buffer.getInt(start);
			int lie = this.random.nextBoolean() ? length + 1 + this.random.nextInt(4096)
					: this.random.nextInt(Math.max(1, length));
			buffer.putInt(start, lie).putInt(start + 4, ~lie);
			Files.write(segment, content);
			inPlace(segment, start, "record at " + start + " claims " + lie + " bytes instead of " + length);
		}

		private void zero(Path segment, Path last) throws IOException {
			byte[] content = Files.readAllBytes(segment);
			int dataEnd = dataEnd(content);
			int from = this.random.nextInt(dataEnd);
			int to = from + 1 + this.random.nextInt(Math.min(64, dataEnd - from));
			byte[] before = content.clone();
			Arrays.fill(content, from, to, (byte) 0);
			Files.write(segment, content);
			if (segment.equals(last) && to == dataEnd) {
				expectCut(segment, from);
				this.detail = segment.getFileName() + " zeroed from " + from + " to its end " + dataEnd;
				return;
			}
			inPlace(segment, Arrays.equals(before, content) ? -1 : from, "zeroed [" + from + ", " + to + ")");
		}

		private void damageSnapshot(Path file) throws IOException {
			byte[] content = Files.readAllBytes(file);
			switch (this.damage) {
				case CUT_SNAPSHOT -> {
					int cut = this.random.nextInt(content.length);
					Files.write(file, Arrays.copyOf(content, cut));
					this.detail = file.getFileName() + " cut at " + cut + " of " + content.length;
				}
				case FLIP_SNAPSHOT -> {
					flip(file, 1 + this.random.nextInt(3));
					return;
				}
				default -> {
					Files.delete(file);
					this.detail = file.getFileName() + " deleted";
				}
			}
			this.files.add(file);
		}

		/** Damage that destroys acknowledged bytes in place: all of the history, or a refusal. */
		private void inPlace(Path file, int firstDamaged, String what) {
			this.files.add(file);
			this.offset = firstDamaged;
			this.acceptable.add(this.history.states.get(this.history.states.size() - 1));
			this.detail = file.getFileName() + ": " + what;
		}

		private Path pick(List<Path> files) {
			return files.get(this.random.nextInt(files.size()));
		}

		@Override
		public String toString() {
			return this.damage + " (" + this.detail + ")";
		}

	}

	/** A random history against one storage, with the state and WAL end after each operation. */
	private final class History {

		final Path dir;

		private final Random random;

		/** states.get(0) is the empty storage's; states.get(j + 1) the state after operation j. */
		final List<State> states = new ArrayList<>();

		final List<Op> ops = new ArrayList<>();

		/** The files as the history left them. */
		Map<Path, byte[]> pristine = Map.of();

		private FileStorage storage;

		private long term = 1;

		History(Path dir, Random random) {
			this.dir = dir;
			this.random = random;
			this.storage = FileStorage.open(options(dir));
			this.states.add(State.of(this.storage));
		}

		/** Runs {@code operations} random operations, the last one a plain append. */
		void run(int operations) throws IOException {
			for (int j = 0; j < operations; j++) {
				int dice = (j == operations - 1) ? 0 : this.random.nextInt(100);
				List<Entry> appended = List.of();
				Snapshot received = null;
				if (dice < 70) {
					appended = append();
				}
				else if (dice < 80) {
					createSnapshot();
				}
				else if (dice < 88) {
					compact();
				}
				else if (dice < 94) {
					received = receiveSnapshot();
				}
				else {
					this.storage.close();
					this.storage = FileStorage.open(options(this.dir));
				}
				this.states.add(State.of(this.storage));
				List<Path> segments = WalFiles.segments(this.dir);
				Path last = segments.get(segments.size() - 1);
				this.ops.add(new Op(appended, received, last, dataEnd(Files.readAllBytes(last))));
			}
			this.storage.close();
			this.pristine = read(this.dir);
		}

		private List<Entry> append() {
			long last = this.storage.lastIndex();
			long commit = this.storage.initialState().hardState().getCommit();
			long from = last + 1;
			if (this.random.nextInt(6) == 0 && last > commit) {
				from = commit + 1 + this.random.nextInt((int) (last - commit));
				this.term++;
			}
			List<Entry> entries = new ArrayList<>();
			int n = 1 + this.random.nextInt(4);
			for (int k = 0; k < n; k++) {
				entries.add(Entry.newBuilder().setIndex(from + k).setTerm(this.term).setData(bytes(300)).build());
			}
			long newLast = from + n - 1;
			long newCommit = Math.max(commit, Math.min(newLast, commit + this.random.nextInt(6)));
			this.storage.save(HardState.newBuilder().setTerm(this.term).setVote(1 + this.random.nextInt(3)).setCommit(newCommit).build(),
					entries, Snapshot.getDefaultInstance());
			return entries;
		}

		private void createSnapshot() {
			long commit = this.storage.initialState().hardState().getCommit();
			long snapshot = Math.max(this.storage.snapshot().getMetadata().getIndex(), this.storage.firstIndex() - 1);
			if (commit > snapshot) {
				long at = snapshot + 1 + this.random.nextInt((int) (commit - snapshot));
				this.storage.createSnapshot(at, ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build(), bytes(2000));
			}
		}

		private void compact() {
			long commit = this.storage.initialState().hardState().getCommit();
			long offset = this.storage.firstIndex() - 1;
			if (commit > offset) {
				this.storage.compact(offset + 1 + this.random.nextInt((int) (commit - offset)));
			}
		}

		private Snapshot receiveSnapshot() {
			long index = this.storage.lastIndex() + 1 + this.random.nextInt(10);
			this.term++;
			SnapshotMetadata metadata = SnapshotMetadata.newBuilder().setIndex(index).setTerm(this.term)
				.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3))
				.build();
			Snapshot snapshot = Snapshot.newBuilder().setMetadata(metadata).setData(bytes(2000)).build();
			this.storage.save(HardState.newBuilder().setTerm(this.term).setCommit(index).build(), List.of(), snapshot);
			return snapshot;
		}

		private ByteString bytes(int max) {
			byte[] data = new byte[this.random.nextInt(max)];
			this.random.nextBytes(data);
			return ByteString.copyFrom(data);
		}

	}

	private static boolean isSegment(Path file) {
		return Segment.parseSeq(file.getFileName().toString()) >= 0;
	}

	/** One past the last non-zero byte. */
	private static int dataEnd(byte[] content) {
		int end = content.length;
		while (end > 0 && content[end - 1] == 0) {
			end--;
		}
		return end;
	}

	private static Map<Path, byte[]> read(Path dir) throws IOException {
		Map<Path, byte[]> files = new TreeMap<>();
		try (Stream<Path> list = Files.list(dir)) {
			for (Path file : list.toList()) {
				files.put(file, Files.readAllBytes(file));
			}
		}
		return files;
	}

	/** Puts the directory back as {@code files}, rewriting only what differs. */
	private static void restore(Path dir, Map<Path, byte[]> files) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			for (Path file : list.toList()) {
				if (!files.containsKey(file)) {
					Files.delete(file);
				}
			}
		}
		for (Map.Entry<Path, byte[]> file : files.entrySet()) {
			if (!Files.exists(file.getKey()) || !Arrays.equals(Files.readAllBytes(file.getKey()), file.getValue())) {
				Files.write(file.getKey(), file.getValue());
			}
		}
	}

	private static FileStorageOptions options(Path dir) {
		return FileStorageOptions.builder(dir).segmentSize(4096).fsync(false).build();
	}

}
