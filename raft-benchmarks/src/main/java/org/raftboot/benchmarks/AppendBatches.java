package org.raftboot.benchmarks;

import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/** The workload both benchmarks share: a MsgApp carrying a batch of entries of one size. */
final class AppendBatches {

	/** Messages allowed in flight before the sender waits for the receiver to catch up. */
	static final int WINDOW = 64;

	private AppendBatches() {
	}

	static Message msgApp(long from, long to, int entries, int entrySize) {
		SplittableRandom random = new SplittableRandom(entrySize);
		Message.Builder builder = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(from)
			.setTo(to)
			.setTerm(3)
			.setLogTerm(3)
			.setIndex(1000)
			.setCommit(999);
		for (int i = 0; i < entries; i++) {
			byte[] data = new byte[entrySize];
			for (int j = 0; j < data.length; j++) {
				data[j] = (byte) random.nextInt();
			}
			builder.addEntries(Entry.newBuilder().setTerm(3).setIndex(1001 + i).setData(ByteString.copyFrom(data)));
		}
		return builder.build();
	}

	/** Busy-waits (politely) until fewer than {@link #WINDOW} units are unacknowledged. */
	static void awaitWindow(long sent, java.util.function.LongSupplier acknowledged, long unit) {
		while (sent - acknowledged.getAsLong() >= WINDOW * unit) {
			Thread.onSpinWait();
		}
	}
}
