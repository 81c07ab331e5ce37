package org.raftboot.sample;

import java.io.IOException;
import java.io.InputStream;
import java.util.SortedMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.server.Applied;
import org.raftboot.spring.RaftTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The key-value HTTP API. Writes go through the Raft log and answer once applied on this node;
 * reads are linearizable (a read barrier first) unless {@code consistency=serializable} asks for this
 * node's local state. Any node serves any request.
 *
 * <p>Bodies are taken as a raw stream, declared before any request parameter: reading a parameter
 * first would let the servlet container consume a form-encoded body (what {@code curl -d} sends).
 */
@RestController
@RequestMapping("/kv")
class KvController {

	private static final String SERIALIZABLE = "serializable";

	private final RaftTemplate raft;

	private final RaftCalls calls;

	private final KvStore store;

	private final ValueReader values;

	KvController(RaftTemplate raft, RaftCalls calls, KvStore store, ValueReader values) {
		this.raft = raft;
		this.calls = calls;
		this.store = store;
		this.values = values;
	}

	@PutMapping("/{key}")
	ResponseEntity<Void> put(InputStream body, @PathVariable String key) throws IOException {
		propose(KvCommand.put(key, this.values.read(body)));
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/{key}", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> get(@PathVariable String key, @RequestParam(required = false) @Nullable String consistency) {
		if (!SERIALIZABLE.equalsIgnoreCase(consistency)) {
			this.calls.await(this.raft.readBarrier());
		}
		String value = this.store.get(key);
		return (value != null) ? ResponseEntity.ok(value) : ResponseEntity.notFound().build();
	}

	@DeleteMapping("/{key}")
	ResponseEntity<Void> delete(@PathVariable String key) {
		propose(KvCommand.delete(key));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{key}")
	ResponseEntity<Void> compareAndSet(InputStream body, @PathVariable String key, @RequestParam String expect,
			WebRequest request) throws IOException {
		if (request.getParameterValues("expect").length > 1) {
			// Spring joins the values with a comma: the swap would compare against a value never sent.
			throw new IllegalArgumentException("expect must be given once");
		}
		Applied applied = propose(KvCommand.compareAndSet(key, expect, this.values.read(body)));
		return ResponseEntity.status(Boolean.TRUE.equals(applied.result()) ? HttpStatus.OK : HttpStatus.CONFLICT).build();
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	SortedMap<String, String> all() {
		return this.store.all();
	}

	private Applied propose(KvCommand command) {
		return this.calls.await(this.raft.propose(command.encode()));
	}

}
