package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Linearizable histories by construction: operations run one at a time against a sequential map at
 * linearization points 10 time units apart, by clients that each wait for their previous answer; each
 * operation gets a random interval around its point, so neighbours overlap. Some outcomes are made
 * unknown; half of those never take effect.
 */
final class RandomHistories {

	private static final long SPACING = 10;

	private RandomHistories() {
	}

	/**
	 * @param count how many operations
	 * @param clients how many clients; each has one operation in flight at a time, and gives up on an
	 * unknown one when its interval ends
	 * @param keys how many keys
	 * @param spread how far an invocation may precede, and a completion follow, the linearization point
	 * @param unknownRate the share of operations whose outcome is unknown
	 */
	static List<Operation> linearizable(long seed, int count, int clients, int keys, long spread,
			double unknownRate) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, String> map = new HashMap<>();
		long[] busyUntil = new long[clients];
		List<Operation> operations = new ArrayList<>();
		for (long point = spread; operations.size() < count; point += SPACING) {
			int client = random.nextInt(clients);
			if (busyUntil[client] >= point) {
				continue;
			}
			long invoked = Math.max(busyUntil[client] + 1, point - random.nextLong(spread + 1));
			long completed = point + random.nextLong(spread + 1);
			busyUntil[client] = completed;
			String key = "k" + random.nextInt(keys);
			Command command = command(random, key, "v" + operations.size(), map);
			if (random.nextDouble() < unknownRate) {
				if (random.nextBoolean()) {
					apply(command, map);
				}
				operations.add(Operation.unknown(client, command, invoked));
			}
			else {
				operations.add(new Operation(client, command, invoked, completed, apply(command, map)));
			}
		}
		return operations;
	}

	private static Command command(SplittableRandom random, String key, String fresh, Map<String, String> map) {
		int dice = random.nextInt(100);
		if (dice < 35) {
			return Command.put(key, fresh);
		}
		if (dice < 75) {
			return Command.get(key);
		}
		if (dice < 85) {
			return Command.delete(key);
		}
		String expected = random.nextBoolean() ? map.get(key) : "v" + random.nextInt(Math.max(1, map.size() * 10));
		return Command.cas(key, expected, fresh);
	}

	/** Runs {@code command} on the sequential map and answers what a correct server would. */
	private static Result apply(Command command, Map<String, String> map) {
		String key = command.key();
		switch (command.kind()) {
			case PUT -> map.put(key, command.value());
			case DELETE -> map.remove(key);
			case GET -> {
				return Result.read(map.get(key));
			}
			case CAS -> {
				String current = map.get(key);
				boolean swapped = (current == null) ? command.expected() == null : current.equals(command.expected());
				if (swapped) {
					map.put(key, command.value());
				}
				return Result.swapped(swapped);
			}
		}
		return Result.ok();
	}

}
