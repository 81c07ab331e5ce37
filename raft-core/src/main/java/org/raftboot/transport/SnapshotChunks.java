package org.raftboot.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.function.LongConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * The data of a snapshot as a sequence of chunk frames, read from the payload straight into I/O
 * buffers. {@code ChunkedWriteHandler} pulls the next chunk only while the connection is writable,
 * which is the back-pressure: at most a chunk or two are in memory whatever the snapshot's size.
 */
final class SnapshotChunks implements ChunkedInput<ByteBuf> {

	private final ReadableByteChannel source;

	private final long groupId;

	private final long total;

	private final int chunkSize;

	private final LongConsumer progress;

	private long offset;

	SnapshotChunks(ReadableByteChannel source, long groupId, long total, int chunkSize, LongConsumer progress) {
		this.source = source;
		this.groupId = groupId;
		this.total = total;
		this.chunkSize = chunkSize;
		this.progress = progress;
	}

	@Override
	public boolean isEndOfInput() {
		return this.offset >= this.total;
	}

	@Override
	public void close() throws IOException {
		this.source.close();
	}

	@Override
	@Deprecated
	public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
		return readChunk(ctx.alloc());
	}

	@Override
	public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
		if (isEndOfInput()) {
			return null;
		}
		int n = (int) Math.min(this.chunkSize, this.total - this.offset);
		ByteBuf chunk = allocator.ioBuffer(Frames.LENGTH_FIELD + Frames.HEADER + n);
		try {
			Frames.writeHeader(chunk, Frames.SNAPSHOT_CHUNK, this.groupId, n);
			fill(chunk, n);
		}
		catch (IOException | RuntimeException ex) {
			chunk.release();
			throw ex;
		}
		this.offset += n;
		this.progress.accept(this.offset);
		return chunk;
	}

	private void fill(ByteBuf chunk, int n) throws IOException {
		int end = chunk.writerIndex() + n;
		while (chunk.writerIndex() < end) {
			int read = this.source.read(chunk.nioBuffer(chunk.writerIndex(), end - chunk.writerIndex()));
			if (read < 0) {
				throw new EOFException("Snapshot payload ended after "
						+ (this.offset + n - (end - chunk.writerIndex())) + " of " + this.total + " bytes");
			}
			chunk.writerIndex(chunk.writerIndex() + read);
		}
	}

	@Override
	public long length() {
		return this.total;
	}

	@Override
	public long progress() {
		return this.offset;
	}
}
