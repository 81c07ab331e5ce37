package org.raftboot.server;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.transport.SnapshotPayload;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedSnapshotsTests {

	@TempDir
	Path dir;

	private final ReceivedSnapshots received = new ReceivedSnapshots();

	@Test
	void aPayloadWithoutAFileIsNotKept() {
		assertThat(this.received.offer(5, SnapshotPayload.of(ByteString.copyFromUtf8("data")))).isFalse();
		assertThat(this.received.isEmpty()).isTrue();
	}

	@Test
	void aReceivedFileIsFoundByItsIndexUntilDiscarded() throws IOException {
		Path five = receivedFile("five");
		Path nine = receivedFile("nine");
		assertThat(this.received.offer(5, payload(five))).isTrue();
		assertThat(this.received.offer(9, payload(nine))).isTrue();
		assertThat(this.received.file(5)).isEqualTo(five);
		assertThat(this.received.file(7)).isNull();
		this.received.discardUpTo(7);
		assertThat(five).doesNotExist();
		assertThat(this.received.file(5)).isNull();
		assertThat(this.received.file(9)).isEqualTo(nine);
		assertThat(nine).exists();
	}

	@Test
	void aSecondFileForTheSameIndexIsDeletedAndTheFirstKeptForTheStorageThreadThatMayBeTakingIt() throws IOException {
		Path first = receivedFile("first");
		Path second = receivedFile("second");
		this.received.offer(5, payload(first));
		Path taken = this.received.file(5);
		assertThat(this.received.offer(5, payload(second))).isTrue();
		assertThat(second).doesNotExist();
		assertThat(taken).isEqualTo(first).exists();
		assertThat(this.received.file(5)).isEqualTo(first);
	}

	@Test
	void closingDeletesEveryFileAndRefusesLaterOnes() throws IOException {
		Path five = receivedFile("five");
		this.received.offer(5, payload(five));
		this.received.close();
		assertThat(five).doesNotExist();
		assertThat(this.received.isEmpty()).isTrue();
		assertThat(this.received.offer(9, payload(receivedFile("nine")))).isFalse();
	}

	private Path receivedFile(String content) throws IOException {
		return Files.writeString(Files.createTempFile(this.dir, "raftboot-snapshot-", ".part"), content);
	}

	/** A received payload, as the transport hands it over: closing deletes its file. */
	private static SnapshotPayload payload(Path file) throws IOException {
		SnapshotPayload source = SnapshotPayload.ofFile(file);
		return new SnapshotPayload() {
			@Override
			public long size() {
				return source.size();
			}

			@Override
			public ReadableByteChannel openChannel() throws IOException {
				return source.openChannel();
			}

			@Override
			public Optional<Path> file() {
				return Optional.of(file);
			}

			@Override
			public void close() throws IOException {
				Files.deleteIfExists(file);
			}
		};
	}
}
