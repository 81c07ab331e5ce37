package org.raftboot.benchmarks.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for a library whose work costs nothing: one thread completes each request as soon as it
 * takes it, all the requests queued meanwhile at once, and sleeps while none is queued, as the
 * library's own threads do. Driven by client threads, what it costs is the floor that any library
 * pays for being called by threads that wait for their outcome: the wake-ups of the clients, of the
 * completing thread, and the queue between them.
 */
final class InstantLibrary implements AutoCloseable {

	private final BlockingQueue<CompletableFuture<Object>> requests = new LinkedBlockingQueue<>();

	private final Thread completer = new Thread(this::complete, "instant-library");

	InstantLibrary() {
		this.completer.setDaemon(true);
		this.completer.start();
	}

	/** A request, completed by the library's thread. */
	CompletableFuture<?> request() {
		CompletableFuture<Object> request = new CompletableFuture<>();
		this.requests.add(request);
		return request;
	}

	private void complete() {
		List<CompletableFuture<Object>> batch = new ArrayList<>();
		try {
			while (true) {
				batch.add(this.requests.take());
				this.requests.drainTo(batch);
				for (CompletableFuture<Object> request : batch) {
					request.complete(null);
				}
				batch.clear();
			}
		}
		catch (InterruptedException ex) {
			// closed
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.completer.interrupt();
		this.completer.join();
	}
}
