package org.raftboot.transport;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import com.google.protobuf.ByteString;

/** A snapshot payload already on the heap, read through substring views. */
final class ByteStringSnapshotPayload implements SnapshotPayload {

	private final ByteString data;

	ByteStringSnapshotPayload(ByteString data) {
		this.data = data;
	}

	@Override
	public long size() {
		return this.data.size();
	}

	@Override
	public ByteString toByteString() {
		return this.data;
	}

	@Override
	public ReadableByteChannel openChannel() {
		return new ReadableByteChannel() {

			private int position;

			private boolean open = true;

			@Override
			public int read(ByteBuffer target) {
				int remaining = ByteStringSnapshotPayload.this.data.size() - this.position;
				if (remaining == 0) {
					return -1;
				}
				int n = Math.min(remaining, target.remaining());
				ByteStringSnapshotPayload.this.data.substring(this.position, this.position + n).copyTo(target);
				this.position += n;
				return n;
			}

			@Override
			public boolean isOpen() {
				return this.open;
			}

			@Override
			public void close() {
				this.open = false;
			}
		};
	}
}
