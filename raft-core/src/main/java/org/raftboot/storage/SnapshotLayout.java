package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * The body of a snapshot file, the serialized {@code Snapshot}, taken apart around its data so that
 * the data is never copied whole: written from the buffers or the file it lies in, and found in the
 * file to be streamed from it. Protobuf writes fields in number order, so the data ({@code 1}) comes
 * first, after a tag and its length, then the metadata ({@code 2}).
 */
final class SnapshotLayout {

	/** The tags of the two fields: number, then wire type 2 (length-delimited) in the low 3 bits. */
	private static final int DATA_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

	private static final int METADATA_TAG = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

	/** The most bytes {@link #dataPrefix} takes: a one-byte tag and a five-byte length. */
	static final int MAX_PREFIX = 6;

	private SnapshotLayout() {
	}

	/** The bytes of {@code snapshot.toByteArray()}, the data's own buffers among them. */
	static List<ByteBuffer> encode(Snapshot snapshot) throws IOException {
		List<ByteBuffer> parts = new ArrayList<>();
		if (snapshot.hasData()) {
			parts.add(ByteBuffer.wrap(dataPrefix(snapshot.getData().size())));
			parts.addAll(snapshot.getData().asReadOnlyByteBufferList());
		}
		parts.add(ByteBuffer.wrap(afterData(snapshot)));
		return parts;
	}

	/** What precedes data of {@code size} bytes: its tag and length. */
	static byte[] dataPrefix(int size) throws IOException {
		byte[] prefix = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(size)];
		CodedOutputStream out = CodedOutputStream.newInstance(prefix);
		out.writeUInt32NoTag(DATA_TAG);
		out.writeUInt32NoTag(size);
		out.checkNoSpaceLeft();
		return prefix;
	}

	/** What follows the data: the metadata (and any unknown fields). */
	static byte[] afterData(Snapshot snapshot) {
		return snapshot.toBuilder().clearData().build().toByteArray();
	}

	/**
	 * The snapshot in {@code body} (from its position to its limit, a heap buffer), its data a view
	 * of {@code body} that the caller must never change.
	 * @throws CorruptedStorageException if it is not a serialized snapshot
	 */
	static Snapshot decode(Path file, ByteBuffer body, int fileOffset) throws IOException {
		int start = body.position();
		CodedInputStream in = CodedInputStream.newInstance(body.duplicate());
		Snapshot.Builder snapshot = Snapshot.newBuilder();
		try {
			for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
				if (tag == DATA_TAG) {
					int size = in.readRawVarint32();
					int from = start + in.getTotalBytesRead();
					if (size < 0 || size > body.limit() - from) {
						throw new InvalidProtocolBufferException("data of " + size + " bytes beyond the end");
					}
					ByteBuffer data = body.duplicate().position(from).limit(from + size).slice();
					snapshot.setData(UnsafeByteOperations.unsafeWrap(data));
					in.skipRawBytes(size);
				}
				else if (tag == METADATA_TAG) {
					snapshot.mergeMetadata(SnapshotMetadata.parseFrom(in.readBytes()));
				}
				else if (!in.skipField(tag)) {
					break;
				}
			}
		}
		catch (InvalidProtocolBufferException ex) {
			throw new CorruptedStorageException(file, fileOffset, "undecodable snapshot: " + ex.getMessage());
		}
		return snapshot.build();
	}

	/**
	 * Where the data starts in {@code head}, the first bytes of a body, and how long it is.
	 * @return {offset from the body's start, size}; size 0 when the snapshot has no data
	 */
	static long[] dataRange(Path file, byte[] head, int length, int fileOffset) throws IOException {
		CodedInputStream in = CodedInputStream.newInstance(head, 0, length);
		try {
			if (length == 0 || in.readTag() != DATA_TAG) {
				return new long[] { 0, 0 };
			}
			int size = in.readRawVarint32();
			return new long[] { in.getTotalBytesRead(), size };
		}
		catch (InvalidProtocolBufferException ex) {
			throw new CorruptedStorageException(file, fileOffset, "undecodable snapshot: " + ex.getMessage());
		}
	}
}
