package org.raftboot.testkit.linearizability;

import org.jspecify.annotations.Nullable;

/** Short factories for hand-written histories: client, key, arguments, result, invocation, completion. */
final class Ops {

	private Ops() {
	}

	static Operation put(int client, String key, String value, long invoked, long completed) {
		return new Operation(client, Command.put(key, value), invoked, completed, Result.ok());
	}

	static Operation get(int client, String key, @Nullable String seen, long invoked, long completed) {
		return new Operation(client, Command.get(key), invoked, completed, Result.read(seen));
	}

	static Operation delete(int client, String key, long invoked, long completed) {
		return new Operation(client, Command.delete(key), invoked, completed, Result.ok());
	}

	static Operation cas(int client, String key, @Nullable String expected, String value, boolean swapped,
			long invoked, long completed) {
		return new Operation(client, Command.cas(key, expected, value), invoked, completed, Result.swapped(swapped));
	}

	static Operation unknown(int client, Command command, long invoked) {
		return Operation.unknown(client, command, invoked);
	}

}
