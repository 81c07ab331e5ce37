package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.Message;

/**
 * The state one interaction file builds up: the nodes, the messages in flight between them, and
 * the output buffer shared by the driver and the nodes' loggers.
 */
final class InteractionEnv {

	private static final Map<String, Command> COMMANDS = Map.ofEntries(
			Map.entry("_breakpoint", (env, tc) -> null),
			Map.entry("add-nodes", new AddNodesCommand()),
			Map.entry("campaign", NodeCommands::campaign),
			Map.entry("compact", StorageCommands::compact),
			Map.entry("deliver-msgs", new DeliverMsgsCommand()),
			Map.entry("process-ready", ReadyCommands::processReady),
			Map.entry("process-append-thread", StorageThreadCommands::processAppendThread),
			Map.entry("process-apply-thread", StorageThreadCommands::processApplyThread),
			Map.entry("log-level", (env, tc) -> env.logLevel(tc.args().get(0).key())),
			Map.entry("raft-log", StorageCommands::raftLog),
			Map.entry("raft-state", StateCommands::raftState),
			Map.entry("set-randomized-election-timeout", NodeCommands::setRandomizedElectionTimeout),
			Map.entry("stabilize", ReadyCommands::stabilize),
			Map.entry("status", StateCommands::status),
			Map.entry("tick-election", NodeCommands::tickElection),
			Map.entry("tick-heartbeat", NodeCommands::tickHeartbeat),
			Map.entry("transfer-leadership", NodeCommands::transferLeadership),
			Map.entry("forget-leader", NodeCommands::forgetLeader),
			Map.entry("send-snapshot", StorageCommands::sendSnapshot),
			Map.entry("propose", NodeCommands::propose),
			Map.entry("propose-conf-change", new ProposeConfChangeCommand()),
			Map.entry("report-unreachable", NodeCommands::reportUnreachable));

	final List<InteractionNode> nodes = new ArrayList<>();

	/** Messages sent and not yet delivered or dropped, in sending order. */
	List<Message> messages = new ArrayList<>();

	final RedirectLogger output = new RedirectLogger();

	/** Runs one directive and returns its output as etcd's driver renders it. */
	String handle(TestCase tc) {
		this.output.reset();
		Command command = COMMANDS.get(tc.cmd());
		String err = (command != null) ? command.run(this, tc) : "unknown command";
		if (err != null) {
			if (this.output.quiet()) {
				return err;
			}
			this.output.write(err);
		}
		String out = this.output.output();
		return out.isEmpty() ? "ok" : out;
	}

	InteractionNode node(int idx) {
		return this.nodes.get(idx);
	}

	/** Runs {@code step} with its output indented by two spaces, line by line. */
	@Nullable String withIndent(Supplier<@Nullable String> step) {
		StringBuilder outer = this.output.swap(new StringBuilder());
		String err;
		try {
			err = step.get();
		}
		finally {
			String inner = this.output.swap(outer).toString();
			if (!inner.isEmpty()) {
				for (String line : inner.split("\n", -1)) {
					outer.append("  ").append(line).append('\n');
				}
				// split keeps a trailing empty piece after the last newline; Go's scanner does not.
				if (inner.endsWith("\n")) {
					outer.setLength(outer.length() - 3);
				}
			}
		}
		return err;
	}

	@Nullable String logLevel(String name) {
		for (int i = 0; i < RedirectLogger.LEVEL_NAMES.size(); i++) {
			if (RedirectLogger.LEVEL_NAMES.get(i).equalsIgnoreCase(name)) {
				this.output.level = i;
				return null;
			}
		}
		return "log levels must be either of [" + String.join(" ", RedirectLogger.LEVEL_NAMES) + "]";
	}

}
