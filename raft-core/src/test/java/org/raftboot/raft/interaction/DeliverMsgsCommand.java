package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Describe;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * {@code deliver-msgs [N...] [drop=(ids)] [type=MsgX]}: steps the in-flight messages addressed to
 * the listed nodes into them, or drops them, in the order the recipients are listed.
 */
final class DeliverMsgsCommand implements Command {

	@Override
	public @Nullable String run(InteractionEnv env, TestCase tc) {
		MessageType type = null;
		List<Recipient> recipients = new ArrayList<>();
		for (CmdArg arg : tc.args()) {
			if (arg.vals().isEmpty()) {
				recipients.add(new Recipient(Args.parseUint(arg.key()), false));
			}
			for (String val : arg.vals()) {
				switch (arg.key()) {
					case "drop" -> {
						long id = Args.parseUint(val);
						if (recipients.stream().anyMatch((r) -> r.id() == id)) {
							throw new IllegalArgumentException("can't both deliver and drop msgs to " + id);
						}
						recipients.add(new Recipient(id, true));
					}
					case "type" -> type = MessageType.valueOf(val);
					default -> {
						// etcd ignores other keys.
					}
				}
			}
		}
		if (deliverMsgs(env, type, recipients) == 0) {
			env.output.write("no messages\n");
		}
		return null;
	}

	/**
	 * Delivers (or drops) the messages to each recipient, of the given type or of any type.
	 * Dropping never removes local messages (self-addressed or to/from a storage thread).
	 * @return how many messages were handled
	 */
	static int deliverMsgs(InteractionEnv env, @Nullable MessageType type, List<Recipient> recipients) {
		int n = 0;
		for (Recipient r : recipients) {
			List<Message> selected = new ArrayList<>();
			List<Message> remaining = new ArrayList<>();
			for (Message m : env.messages) {
				boolean matches = m.getTo() == r.id() && !(r.drop() && isLocal(m))
						&& (type == null || m.getType() == type);
				(matches ? selected : remaining).add(m);
			}
			env.messages = remaining;
			n += selected.size();
			for (Message m : selected) {
				if (r.drop()) {
					env.output.write("dropped: ");
				}
				env.output.write(Describe.describeMessage(m, null) + "\n");
				if (r.drop()) {
					continue;
				}
				try {
					env.node((int) (m.getTo() - 1)).rawNode.step(m);
				}
				catch (RaftException ex) {
					env.output.write(ex.getMessage() + "\n");
				}
			}
		}
		return n;
	}

	private static boolean isLocal(Message m) {
		return m.getFrom() == m.getTo() || isLocalTarget(m.getFrom()) || isLocalTarget(m.getTo());
	}

	/** etcd's {@code IsLocalMsgTarget}: a storage thread. */
	static boolean isLocalTarget(long id) {
		return id == RaftConstants.LOCAL_APPEND_THREAD || id == RaftConstants.LOCAL_APPLY_THREAD;
	}

}
