package org.raftboot.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The network addresses of the members, replicated with the log: initial peers, the addresses carried
 * by membership changes, and a copy in every snapshot (so a replica installing one learns them).
 * Encoded as a count and then (id, host, port) triples with {@link DataOutputStream}.
 */
final class AddressBook {

	private final TreeMap<Long, InetSocketAddress> addresses = new TreeMap<>();

	AddressBook() {
	}

	AddressBook(Map<Long, InetSocketAddress> addresses) {
		this.addresses.putAll(addresses);
	}

	void put(long id, InetSocketAddress address) {
		this.addresses.put(id, address);
	}

	void putAll(AddressBook other) {
		this.addresses.putAll(other.addresses);
	}

	void remove(long id) {
		this.addresses.remove(id);
	}

	@Nullable InetSocketAddress get(long id) {
		return this.addresses.get(id);
	}

	Map<Long, InetSocketAddress> asMap() {
		return new TreeMap<>(this.addresses);
	}

	ByteString encode() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			writeTo(new DataOutputStream(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ByteString.copyFrom(bytes.toByteArray());
	}

	void writeTo(DataOutputStream out) throws IOException {
		out.writeInt(this.addresses.size());
		for (Map.Entry<Long, InetSocketAddress> e : this.addresses.entrySet()) {
			out.writeLong(e.getKey());
			out.writeUTF(e.getValue().getHostString());
			out.writeInt(e.getValue().getPort());
		}
		out.flush();
	}

	static AddressBook decode(ByteString data) {
		try {
			return readFrom(data.newInput());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static AddressBook readFrom(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		AddressBook book = new AddressBook();
		int n = data.readInt();
		for (int i = 0; i < n; i++) {
			long id = data.readLong();
			String host = data.readUTF();
			int port = data.readInt();
			book.put(id, new InetSocketAddress(host, port));
		}
		return book;
	}
}
