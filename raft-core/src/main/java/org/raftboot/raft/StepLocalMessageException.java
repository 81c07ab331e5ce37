package org.raftboot.raft;

/** A message type that only the node itself may generate arrived from the network. */
public final class StepLocalMessageException extends RaftException {

	private static final long serialVersionUID = 1L;

	static final StepLocalMessageException INSTANCE = new StepLocalMessageException();

	public StepLocalMessageException() {
		super("raft: cannot step raft local message", true);
	}

}
