package org.raftboot.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Raft replica cannot start because of something the user can fix: carries what is wrong and what to
 * do, which {@link RaftStartupFailureAnalyzer} prints instead of a stack trace.
 *
 * @since 0.1.0
 */
public final class RaftStartupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String action;

	private RaftStartupException(String description, String action, @Nullable Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/** What the user should do about it. */
	public String action() {
		return this.action;
	}

	static RaftStartupException nodeIdMissing(long nodeId) {
		return new RaftStartupException("raft.node-id is " + ((nodeId == 0) ? "not set" : "invalid (" + nodeId + ")")
				+ ": every replica needs an id greater than 0, unique in its cluster.",
				"Set raft.node-id, for example in application.yml or with --raft.node-id=1.", null);
	}

	static RaftStartupException invalidProperty(String property, Object value, String requirement) {
		return new RaftStartupException(property + " is " + value + ", but it " + requirement + ".",
				"Fix " + property + " (in application.yml, or with --" + property + "=...), or remove it to use its default.",
				null);
	}

	static RaftStartupException invalidCombination(String property, Object value, String requirement, String other) {
		return new RaftStartupException(property + " is " + value + ", but it " + requirement + ".",
				"Fix " + property + " or " + other + " (in application.yml, or with --" + property + "=...).", null);
	}

	static RaftStartupException nodeIdNotInPeers(long nodeId, Map<Long, String> peers) {
		return new RaftStartupException("raft.node-id " + nodeId + " is not one of raft.peers " + peers.keySet()
				+ ": the peers must list every member, this node included.",
				"Add this node's peer address as raft.peers." + nodeId
						+ "=host:port (the same list on every member), or fix raft.node-id.",
				null);
	}

	static RaftStartupException malformedPeer(Object id, String value, String reason) {
		return new RaftStartupException("raft.peers." + id + " '" + value + "' is not a valid peer: " + reason + ".",
				"Give each member as raft.peers.<id>=host:port, with an id greater than 0 and a port from 1 to 65535.",
				null);
	}

	static RaftStartupException duplicatePeerId(long id, String first, String second) {
		return new RaftStartupException("raft.peers." + first + " and raft.peers." + second + " both name member " + id
				+ ": only one of their addresses would be kept.",
				"Give each member one entry, raft.peers." + id + "=host:port, and remove the other.", null);
	}

	static RaftStartupException duplicatePeerAddress(String address, long first, long second) {
		return new RaftStartupException("raft.peers." + first + " and raft.peers." + second + " have the same address "
				+ address + ": each member needs its own.", "Give every member of raft.peers a distinct host:port.", null);
	}

	static RaftStartupException portInUse(InetSocketAddress address, Throwable cause) {
		return new RaftStartupException("The Raft peer port " + address.getPort() + " (raft.transport) is already in use.",
				"Stop the process using port " + address.getPort()
						+ ", or give this node another one (raft.transport.port and its entry in raft.peers on every member).",
				cause);
	}

	static RaftStartupException storageNotWritable(Path dir, @Nullable Throwable cause) {
		return new RaftStartupException("The Raft storage directory " + dir.toAbsolutePath()
				+ " (raft.storage.dir) cannot be created or written to.",
				"Point raft.storage.dir to a directory this process may write, or fix its permissions.", cause);
	}

	static RaftStartupException storageLocked(Path dir, Throwable cause) {
		return new RaftStartupException("The Raft storage directory " + dir.toAbsolutePath()
				+ " (raft.storage.dir) is locked by another running replica.",
				"Stop the other replica using it, or give each replica its own raft.storage.dir.", cause);
	}

	static RaftStartupException tlsFileMissing(String property, @Nullable Path file) {
		return new RaftStartupException(property + ((file == null) ? " is not set" : " '" + file.toAbsolutePath()
				+ "' does not exist or cannot be read") + ", but raft.transport.tls.enabled is true.",
				"Set " + property + " to a readable PEM file, or set raft.transport.tls.enabled=false.", null);
	}

}
