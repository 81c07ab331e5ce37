package org.raftboot.raft;

/** A response arrived from a node that is not in the configuration. */
public final class StepPeerNotFoundException extends RaftException {

	private static final long serialVersionUID = 1L;

	static final StepPeerNotFoundException INSTANCE = new StepPeerNotFoundException();

	public StepPeerNotFoundException() {
		super("raft: cannot step as peer not found", true);
	}

}
