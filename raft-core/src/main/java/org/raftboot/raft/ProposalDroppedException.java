package org.raftboot.raft;

/**
 * A proposal was dropped: no leader is known, forwarding is disabled, a leadership transfer is in
 * progress, the uncommitted-size limit was hit, or this node is no longer in the configuration.
 * The application may retry.
 */
public final class ProposalDroppedException extends RaftException {

	private static final long serialVersionUID = 1L;

	static final ProposalDroppedException INSTANCE = new ProposalDroppedException();

	public ProposalDroppedException() {
		super("raft proposal dropped", true);
	}

}
