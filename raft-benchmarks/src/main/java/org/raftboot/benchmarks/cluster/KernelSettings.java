package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's settings that decide this machine's limits more than its hardware does, read from
 * sysfs for the run's machine line: how an idle CPU waits (a guest with halt polling off wakes a
 * sleeping virtual CPU through the host: on the development VM the loopback round trip took 84 µs
 * and a sync 235 µs so, against 14 and 122 µs with 200 µs of polling), and whether each disk under the
 * data directories has a volatile write cache (each sync then flushes it too). What cannot be read is
 * left out.
 */
final class KernelSettings {

	private final Path sysfs;

	KernelSettings(Path sysfs) {
		this.sysfs = sysfs;
	}

	/**
	 * The settings as one clause, with the write cache of each of the data directories' devices once,
	 * e.g. {@code cpuidle haltpoll, guest halt poll 0 ns, vda write back}.
	 */
	String describe(List<String> devices) {
		List<String> parts = new ArrayList<>();
		read("devices/system/cpu/cpuidle/current_driver").ifPresent((driver) -> parts.add("cpuidle " + driver));
		read("module/haltpoll/parameters/guest_halt_poll_ns").ifPresent((ns) -> parts.add("guest halt poll " + ns + " ns"));
		for (String device : new LinkedHashSet<>(devices)) {
			writeCache(device).ifPresent((cache) -> parts.add(device + " " + cache));
		}
		return parts.isEmpty() ? "not read" : String.join(", ", parts);
	}

	/**
	 * The write cache of a block device or of the disk a partition is on ({@code vda1} → {@code vda}),
	 * by its name under {@code /dev}.
	 */
	private Optional<String> writeCache(String device) {
		if (device.isEmpty() || device.contains("/")) {
			return Optional.empty();
		}
		Optional<String> own = read("class/block/" + device + "/queue/write_cache");
		return own.isPresent() ? own : read("class/block/" + device + "/../queue/write_cache");
	}

	private Optional<String> read(String file) {
		try {
			String value = Files.readString(this.sysfs.resolve(file)).trim();
			return value.isEmpty() ? Optional.empty() : Optional.of(value);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** The name under {@code /dev} of the device that holds {@code dir}, or empty (see {@link #deviceName}). */
	static String deviceOf(Path dir) {
		try {
			return deviceName(Files.getFileStore(dir).name());
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * A file store's device under {@code /dev} ({@code vda} for {@code /dev/vda}), or empty when the
	 * store is not a device (tmpfs, overlay).
	 */
	static String deviceName(String fileStore) {
		return fileStore.startsWith("/dev/") ? fileStore.substring("/dev/".length()) : "";
	}
}
