package org.raftboot.raft.interaction;

import java.util.List;

import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeV2;

/**
 * {@code propose-conf-change N [v1=bool] [transition=auto|implicit|explicit]} with the changes
 * ({@code v2 l3 r1 ...}) as input; no input proposes leaving a joint configuration.
 */
final class ProposeConfChangeCommand implements Command {

	@Override
	public @Nullable String run(InteractionEnv env, TestCase tc) {
		int idx = Args.firstAsNodeIdx(tc);
		boolean v1 = false;
		ConfChangeTransition transition = ConfChangeTransition.ConfChangeTransitionAuto;
		for (CmdArg arg : tc.args().subList(1, tc.args().size())) {
			for (String val : arg.vals()) {
				switch (arg.key()) {
					case "v1" -> {
						try {
							v1 = Args.parseBool(val);
						}
						catch (IllegalArgumentException ex) {
							return ex.getMessage();
						}
					}
					case "transition" -> {
						switch (val) {
							case "auto" -> transition = ConfChangeTransition.ConfChangeTransitionAuto;
							case "implicit" -> transition = ConfChangeTransition.ConfChangeTransitionJointImplicit;
							case "explicit" -> transition = ConfChangeTransition.ConfChangeTransitionJointExplicit;
							default -> {
								return "unknown transition " + val;
							}
						}
					}
					default -> {
						return "unknown command " + arg.key();
					}
				}
			}
		}
		List<ConfChangeSingle> ccs;
		try {
			ccs = ConfChanges.fromString(tc.input());
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
		MessageLite cc;
		if (v1) {
			if (ccs.size() > 1 || transition != ConfChangeTransition.ConfChangeTransitionAuto) {
				return "v1 conf change can only have one operation and no transition";
			}
			cc = ConfChange.newBuilder().setType(ccs.get(0).getType()).setNodeId(ccs.get(0).getNodeId()).build();
		}
		else {
			cc = ConfChangeV2.newBuilder().setTransition(transition).addAllChanges(ccs).build();
		}
		try {
			env.node(idx).rawNode.proposeConfChange(cc);
			return null;
		}
		catch (RaftException ex) {
			return ex.getMessage();
		}
	}

}
