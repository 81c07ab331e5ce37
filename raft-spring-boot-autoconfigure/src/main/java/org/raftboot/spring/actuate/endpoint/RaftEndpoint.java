package org.raftboot.spring.actuate.endpoint;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.raftboot.spring.RaftTemplate;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/raft}: the replica's status (read), and leadership operations (write:
 * {@code POST /actuator/raft/transfer-leadership} with {@code {"target": id}}, and
 * {@code POST /actuator/raft/campaign}). Its default access is read-only, so the write operations stay
 * off until {@code management.endpoint.raft.access=unrestricted}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "raft", defaultAccess = Access.READ_ONLY)
public class RaftEndpoint {

	private final RaftTemplate raft;

	private final Duration timeout;

	public RaftEndpoint(RaftTemplate raft, Duration timeout) {
		this.raft = raft;
		this.timeout = timeout;
	}

	@ReadOperation
	public RaftDescriptor status() {
		return RaftDescriptor.of(await(this.raft.status()));
	}

	@WriteOperation
	public LeadershipDescriptor leadership(@Selector String operation, @Nullable Long target) {
		CompletableFuture<Void> done = switch (operation) {
			case "transfer-leadership" -> {
				if (target == null || target <= 0) {
					throw new InvalidEndpointRequestException("transfer-leadership needs a target member id",
							"Missing or invalid parameter 'target'");
				}
				yield this.raft.transferLeadership(target);
			}
			case "campaign" -> this.raft.campaign();
			default -> throw new InvalidEndpointRequestException("Unknown raft operation " + operation,
					"Unknown operation '" + operation + "' (transfer-leadership or campaign)");
		};
		await(done);
		return new LeadershipDescriptor(this.raft.leaderId());
	}

	private <T> T await(CompletableFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Raft replica", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Raft operation failed: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Raft replica did not answer within " + this.timeout, ex);
		}
	}

	/**
	 * The outcome of a leadership operation.
	 *
	 * @param leader the leader this replica knows of afterwards
	 */
	public record LeadershipDescriptor(long leader) implements OperationResponseBody {
	}

}
