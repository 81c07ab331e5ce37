package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver's own rules, independent of etcd's vector files. */
class InteractionEnvTests {

	private final InteractionEnv env = new InteractionEnv();

	/** Runs a directive written as on a vector file's directive line, with optional input. */
	private String run(String directive, String input) {
		String[] words = directive.split(" ");
		List<CmdArg> args = new ArrayList<>();
		for (int i = 1; i < words.length; i++) {
			int eq = words[i].indexOf('=');
			if (eq < 0) {
				args.add(new CmdArg(words[i], List.of()));
			}
			else {
				String value = words[i].substring(eq + 1).replaceAll("^\\((.*)\\)$", "$1");
				args.add(new CmdArg(words[i].substring(0, eq), List.of(value.split(","))));
			}
		}
		return this.env.handle(new TestCase("inline.txt", 1, words[0], args, input, ""));
	}

	private String run(String directive) {
		return run(directive, "");
	}

	@Test
	void unknownCommandsAreReportedAndSilentCommandsSayOk() {
		assertThat(run("frobnicate")).isEqualTo("unknown command");
		assertThat(run("_breakpoint")).isEqualTo("ok");
		assertThat(run("log-level loud")).isEqualTo("log levels must be either of [DEBUG INFO WARN ERROR FATAL NONE]");
	}

	@Test
	void aBootstrappedSingleNodeElectsItselfAndCommits() {
		assertThat(run("add-nodes 1 voters=(1) index=2")).isEqualTo("""
				INFO 1 switched to configuration voters=(1)
				INFO 1 became follower at term 0
				INFO newRaft 1 [peers: [1], term: 0, commit: 2, applied: 2, lastindex: 2, lastterm: 1]
				""");
		assertThat(run("log-level info")).isEqualTo("ok");
		assertThat(run("campaign 1")).isEqualTo("""
				INFO 1 is starting a new election at term 0
				INFO 1 became candidate at term 1
				""");
		// The node's own vote and append are acknowledged when the Ready is advanced, inside its block.
		assertThat(run("stabilize")).isEqualTo("""
				> 1 handling Ready
				  Ready MustSync=true:
				  Lead:0 State:StateCandidate
				  HardState Term:1 Vote:1 Commit:2
				  INFO 1 received MsgVoteResp from 1 at term 1
				  INFO 1 has received 1 MsgVoteResp votes and 0 vote rejections
				  INFO 1 became leader at term 1
				> 1 handling Ready
				  Ready MustSync=true:
				  Lead:1 State:StateLeader
				  Entries:
				  1/3 EntryNormal ""
				> 1 handling Ready
				  Ready MustSync=false:
				  HardState Term:1 Vote:1 Commit:3
				  CommittedEntries:
				  1/3 EntryNormal ""
				""");
		assertThat(run("propose 1 \"x\"")).isEqualTo("ok");
		assertThat(run("stabilize log-level=none")).isEqualTo("ok");
		assertThat(run("raft-log 1")).isEqualTo("1/3 EntryNormal \"\"\n1/4 EntryNormal \"\\\"x\\\"\"\n");
		assertThat(run("raft-state")).isEqualTo("1: StateLeader (Voter) Term:1 Lead:1\n");
		assertThat(run("status 1")).isEqualTo("1: StateReplicate match=4 next=5\n");
	}

	@Test
	void anEmptyLogAndMissingWorkAreDescribed() {
		run("log-level none");
		run("add-nodes 1");
		run("log-level debug");
		assertThat(run("raft-log 1")).isEqualTo("log is empty: first index=1, last index=0");
		assertThat(run("process-append-thread 1")).isEqualTo("no append work to perform");
		assertThat(run("deliver-msgs 1")).isEqualTo("no messages\n");
		assertThat(run("report-unreachable 1")).isEqualTo(
				"must specify exactly two node indexes: node on which to report, and reported node");
	}

	@Test
	void quietModeSuppressesOutputButNotErrors() {
		run("log-level none");
		assertThat(run("add-nodes 1 voters=(1) index=1")).isEqualTo("index must be specified as > 1 due to bootstrap");
		assertThat(run("add-nodes 1 voters=(1) index=2")).isEqualTo("ok");
		assertThat(run("propose-conf-change 1 transition=sideways", "v2")).isEqualTo("unknown transition sideways");
		assertThat(run("propose-conf-change 1 v1=true", "v2 v3"))
			.isEqualTo("v1 conf change can only have one operation and no transition");
	}

	@Test
	void nestedOutputIsIndentedLineByLine() {
		String result = this.env.withIndent(() -> {
			this.env.output.write("a\nb");
			return "err";
		});
		assertThat(result).isEqualTo("err");
		assertThat(this.env.output.output()).isEqualTo("  a\n  b\n");
	}

}
