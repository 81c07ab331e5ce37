package org.raftboot.sample;

import java.io.IOException;
import java.io.InputStream;

import org.raftboot.spring.RaftTemplate;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Membership changes over HTTP: add a voter by id and peer address, remove a member. Each answers once
 * this node applied the change.
 */
@RestController
@RequestMapping("/cluster/members")
class ClusterController {

	private final RaftTemplate raft;

	private final RaftCalls calls;

	private final ValueReader values;

	ClusterController(RaftTemplate raft, RaftCalls calls, ValueReader values) {
		this.raft = raft;
		this.calls = calls;
		this.values = values;
	}

	@PostMapping("/{id}")
	ResponseEntity<Void> add(InputStream body, @PathVariable long id) throws IOException {
		this.calls.await(this.raft.addVoter(memberId(id), this.values.read(body).strip()));
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> remove(@PathVariable long id) {
		this.calls.await(this.raft.removeMember(memberId(id)));
		return ResponseEntity.noContent().build();
	}

	private static long memberId(long id) {
		if (id <= 0) {
			throw new IllegalArgumentException("member id must be greater than 0");
		}
		return id;
	}

}
