package org.raftboot.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * Simulated power loss for {@link FileStorage} directories, for tests in any package: while
 * installed, WAL segments are opened through {@link ForgetfulChannel}s, and {@link #crash} makes a
 * directory lose what was written to it since its last sync (keeping a random prefix, possibly
 * torn). The storage is then reopened from what a real disk could hold after the crash. Snapshot
 * files, pre-allocated segments and directory entries are synced as they are made, so they are
 * taken as durable.
 */
public final class PowerLoss {

	private static final Map<Path, List<ForgetfulChannel>> CHANNELS = new ConcurrentHashMap<>();

	private static final Map<Path, Armed> ARMED = new ConcurrentHashMap<>();

	private static final Map<ForgetfulChannel, Path> DIRS = new ConcurrentHashMap<>();

	private record Armed(RandomGenerator random, CompletableFuture<Integer> crashed) {
	}

	private PowerLoss() {
	}

	/** Opens the segments of every storage opened from now on through forgetful channels. */
	public static void install() {
		Segment.channels = (path) -> {
			ForgetfulChannel channel = new ForgetfulChannel(SegmentChannels.DEFAULT.open(path));
			Path dir = path.toAbsolutePath().getParent();
			CHANNELS.computeIfAbsent(dir, (d) -> new CopyOnWriteArrayList<>()).add(channel);
			DIRS.put(channel, dir);
			return channel;
		};
	}

	/** Back to plain channels; forgets every directory. */
	public static void uninstall() {
		Segment.channels = SegmentChannels.DEFAULT;
		CHANNELS.clear();
		ARMED.clear();
		DIRS.clear();
	}

	/**
	 * Cuts the power of the storage in {@code dir} now: writes not synced are lost (a random prefix
	 * of them kept), and every later read or write of its open segments fails.
	 * @return the number of writes lost
	 */
	public static int crash(Path dir, RandomGenerator random) {
		ARMED.remove(dir.toAbsolutePath());
		int lost = 0;
		for (ForgetfulChannel channel : channelsOf(dir.toAbsolutePath())) {
			try {
				lost += channel.crash(random);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return lost;
	}

	/**
	 * Cuts the power of the storage in {@code dir} in its next sync, after its writes and before
	 * they are durable (a crash in the middle of a save); the future completes with the number of
	 * writes lost.
	 */
	public static CompletableFuture<Integer> crashAtNextSync(Path dir, RandomGenerator random) {
		Armed armed = new Armed(random, new CompletableFuture<>());
		ARMED.put(dir.toAbsolutePath(), armed);
		return armed.crashed;
	}

	/** Called by a channel's sync: crashes its directory instead if armed. */
	static boolean crashesAtThisSync(ForgetfulChannel channel) {
		Path dir = DIRS.get(channel);
		Armed armed = (dir != null) ? ARMED.remove(dir) : null;
		if (armed == null) {
			return false;
		}
		armed.crashed.complete(crash(dir, armed.random));
		return true;
	}

	/** Takes the directory's channels, so that only one caller crashes each. */
	private static List<ForgetfulChannel> channelsOf(Path dir) {
		List<ForgetfulChannel> open = CHANNELS.remove(dir);
		return (open != null) ? open : List.of();
	}

}
