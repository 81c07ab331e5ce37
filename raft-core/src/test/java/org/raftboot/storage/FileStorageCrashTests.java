package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Crashes and damage on disk: a WAL cut (or zeroed) at every byte of its last records recovers
 * every complete record and nothing else; a flipped bit anywhere in them either recovers everything
 * or refuses to open with the file and offset; damage before the tail refuses.
 */
class FileStorageCrashTests {

	/** Saves (one entry and one hard state each) in the last segment. */
	private static final int SAVES_IN_LAST_SEGMENT = 5;

	/** The saves cut at every byte. */
	private static final int TAIL_SAVES = 3;

	/** The saves whose every bit is flipped. */
	private static final int FLIPPED_SAVES = 2;

	@TempDir
	Path dir;

	private final List<Entry> written = new ArrayList<>();

	/** Entries in segments before the last one: their indexes are 1..base. */
	private long base;

	private Path lastSegment;

	private byte[] original;

	/** Where each record of the last segment ends; [0] is the checkpoint's. */
	private final List<Integer> recordEnds = new ArrayList<>();

	/** Quiet during these tests: thousands of opens each log their start and a torn tail. */
	private final Logger storageLog = Logger.getLogger("org.raftboot.storage");

	@AfterEach
	void restoreLogging() {
		this.storageLog.setLevel(null);
	}

	@BeforeEach
	void writeLog() throws IOException {
		this.storageLog.setLevel(Level.SEVERE);
		try (FileStorage storage = FileStorage.open(options())) {
			long i = 1;
			int segments = segmentFiles().size();
			while (segments == 1 || i <= this.base + SAVES_IN_LAST_SEGMENT) {
				save(storage, i);
				if (segmentFiles().size() > segments) {
					segments = segmentFiles().size();
					this.base = i - 1;
				}
				i++;
			}
		}
		List<Path> segments = segmentFiles();
		this.lastSegment = segments.get(segments.size() - 1);
		this.original = Files.readAllBytes(this.lastSegment);
		this.recordEnds.addAll(WalFiles.recordEnds(this.original));
		assertThat(this.recordEnds).hasSize(1 + 2 * SAVES_IN_LAST_SEGMENT);
	}

	private void save(FileStorage storage, long i) {
		Entry entry = Entry.newBuilder().setIndex(i).setTerm(1 + i / 7)
			.setData(ByteString.copyFromUtf8("entry number " + i))
			.build();
		this.written.add(entry);
		storage.save(hardState(i), List.of(entry), Snapshot.getDefaultInstance());
	}

	private static HardState hardState(long commit) {
		return HardState.newBuilder().setTerm(1 + commit / 7).setVote(2).setCommit(commit).build();
	}

	@Test
	void aWalCutAtAnyByteOfItsLastRecordsRecoversExactlyTheCompleteRecords() throws IOException {
		for (int cut = tailStart(TAIL_SAVES); cut <= logEnd(); cut++) {
			try (FileChannel channel = FileChannel.open(this.lastSegment, StandardOpenOption.WRITE)) {
				channel.truncate(cut);
			}
			assertRecoversRecordsBefore(cut);
			restore();
		}
	}

	@Test
	void aWalZeroedFromAnyByteOfItsLastRecordsRecoversExactlyTheCompleteRecords() throws IOException {
		for (int cut = tailStart(TAIL_SAVES); cut <= logEnd(); cut++) {
			byte[] torn = this.original.clone();
			Arrays.fill(torn, cut, torn.length, (byte) 0);
			Files.write(this.lastSegment, torn);
			assertRecoversRecordsBefore(cut);
			restore();
		}
	}

	@Test
	void aFlippedBitInTheLastRecordsRecoversEverythingOrRefusesNamingTheRecord() throws IOException {
		int refused = 0;
		for (int at = tailStart(FLIPPED_SAVES); at < logEnd(); at++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] damaged = this.original.clone();
				damaged[at] ^= (byte) (1 << bit);
				Files.write(this.lastSegment, damaged);
				try (FileStorage storage = FileStorage.open(options())) {
					assertHolds(storage, this.written.size(), this.written.size());
				}
				catch (CorruptedStorageException ex) {
					refused++;
					assertThat(ex.file()).isEqualTo(this.lastSegment);
					assertThat(ex.offset()).isLessThanOrEqualTo(at).isGreaterThanOrEqualTo(recordStartingBefore(at));
					assertThat(ex.getMessage()).contains(this.lastSegment.toString(), "at offset " + ex.offset());
				}
				restore();
			}
		}
		assertThat(refused).isPositive();
	}

	@Test
	void aLostRecordBeforeTheLastOneRefusesToOpen() throws IOException {
		int from = this.recordEnds.get(this.recordEnds.size() - 3);
		int to = this.recordEnds.get(this.recordEnds.size() - 2);
		byte[] damaged = this.original.clone();
		Arrays.fill(damaged, from, to, (byte) 0);
		Files.write(this.lastSegment, damaged);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.satisfies((ex) -> assertThat(ex.offset()).isEqualTo(from));
	}

	@Test
	void aRecordClaimingToRunIntoTheZerosRefusesToOpenInsteadOfDroppingTheRecordsAfterIt() throws IOException {
		assertLengthRewrittenRefuses(this.recordEnds.get(this.recordEnds.size() - 4));
	}

	@Test
	void theLastRecordClaimingToRunIntoTheZerosRefusesToOpenInsteadOfDroppingIt() throws IOException {
		assertLengthRewrittenRefuses(this.recordEnds.get(this.recordEnds.size() - 2));
	}

	/** Rewrites the length of the record at {@code at} and its complement together, past the file's end. */
	private void assertLengthRewrittenRefuses(int at) throws IOException {
		byte[] damaged = this.original.clone();
		int lie = this.original.length;
		ByteBuffer.wrap(damaged).putInt(at, lie).putInt(at + 4, ~lie);
		Files.write(this.lastSegment, damaged);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.withMessage("corrupted storage file " + this.lastSegment + " at offset " + at + ": record of " + lie
					+ " bytes runs past the end of the file");
		assertThat(Files.readAllBytes(this.lastSegment)).isEqualTo(damaged);
	}

	@Test
	void aFlippedBitInAnOlderSegmentRefusesToOpenNamingTheFileAndOffset() throws IOException {
		Path first = segmentFiles().get(0);
		byte[] content = Files.readAllBytes(first);
		int checkpointEnd = RecordFormat.size(ByteBuffer.wrap(content).getInt(0));
		content[checkpointEnd + RecordFormat.HEADER + 3] ^= 0x10;
		Files.write(first, content);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.withMessage("corrupted storage file " + first + " at offset " + checkpointEnd + ": checksum mismatch");
	}

	@Test
	void anOlderSegmentCutShortRefusesToOpen() throws IOException {
		Path first = segmentFiles().get(0);
		try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
			channel.truncate(channel.size() - 3);
		}
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.satisfies((ex) -> assertThat(ex.file()).isEqualTo(first));
	}

	@Test
	void aMissingSegmentWithLiveEntriesRefusesToOpenAndDeletesNothing() throws IOException {
		try (FileStorage storage = FileStorage.open(options())) {
			for (long i = this.written.size() + 1; segmentFiles().size() < 4; i++) {
				save(storage, i);
			}
		}
		List<Path> before = segmentFiles();
		Files.delete(before.get(1));
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.withMessageContaining("is in a deleted segment");
		assertThat(segmentFiles()).containsExactlyElementsOf(
				before.stream().filter((path) -> !path.equals(before.get(1))).toList());
	}

	private void assertRecoversRecordsBefore(int cut) {
		int complete = (int) this.recordEnds.stream().skip(1).filter((end) -> end <= cut).count();
		try (FileStorage storage = FileStorage.open(options())) {
			long last = this.base + (complete + 1) / 2;
			assertHolds(storage, last, this.base + complete / 2);
			save(storage, last + 1);
			this.written.remove(this.written.size() - 1);
		}
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.lastIndex()).as("cut at %d, then one more save", cut)
				.isEqualTo(this.base + (complete + 1) / 2 + 1);
		}
	}

	private void assertHolds(FileStorage storage, long last, long commit) {
		assertThat(storage.lastIndex()).isEqualTo(last);
		assertThat(storage.initialState().hardState()).isEqualTo(hardState(commit));
		assertThat(storage.entries(storage.firstIndex(), last + 1, RaftConstants.NO_LIMIT))
			.isEqualTo(this.written.subList((int) storage.firstIndex() - 1, (int) last));
	}

	private int tailStart(int saves) {
		return this.recordEnds.get(this.recordEnds.size() - 1 - 2 * saves);
	}

	private int logEnd() {
		return this.recordEnds.get(this.recordEnds.size() - 1);
	}

	private int recordStartingBefore(int at) {
		int start = 0;
		for (int end : this.recordEnds) {
			if (end > at) {
				return start;
			}
			start = end;
		}
		return start;
	}

	private void restore() throws IOException {
		Files.write(this.lastSegment, this.original);
	}

	private FileStorageOptions options() {
		return FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(false).build();
	}

	private List<Path> segmentFiles() throws IOException {
		return WalFiles.segments(this.dir);
	}

}
