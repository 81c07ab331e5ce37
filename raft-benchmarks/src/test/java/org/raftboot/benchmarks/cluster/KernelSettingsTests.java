package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KernelSettingsTests {

	@TempDir
	Path sysfs;

	@Test
	void describesTheIdleDriverTheHaltPollingAndTheDisksWriteCache() throws IOException {
		write("devices/system/cpu/cpuidle/current_driver", "haltpoll\n");
		write("module/haltpoll/parameters/guest_halt_poll_ns", "0\n");
		write("class/block/vda/queue/write_cache", "write back\n");

		assertThat(new KernelSettings(this.sysfs).describe(List.of("vda")))
			.isEqualTo("cpuidle haltpoll, guest halt poll 0 ns, vda write back");
	}

	@Test
	void namesEachDataDisksWriteCacheOnce() throws IOException {
		write("class/block/vda/queue/write_cache", "write back\n");
		write("class/block/vdb/queue/write_cache", "write through\n");

		assertThat(new KernelSettings(this.sysfs).describe(List.of("vda", "vdb", "vda")))
			.isEqualTo("vda write back, vdb write through");
	}

	@Test
	void aPartitionReportsTheWriteCacheOfItsDisk() throws IOException {
		write("class/block/sda/queue/write_cache", "write through\n");
		Files.createDirectories(this.sysfs.resolve("class/block/sda/sda1"));
		Files.createSymbolicLink(this.sysfs.resolve("class/block/sda1"), this.sysfs.resolve("class/block/sda/sda1"));

		assertThat(new KernelSettings(this.sysfs).describe(List.of("sda1"))).isEqualTo("sda1 write through");
	}

	@Test
	void leavesOutWhatItCannotRead() throws IOException {
		write("devices/system/cpu/cpuidle/current_driver", "intel_idle\n");

		assertThat(new KernelSettings(this.sysfs).describe(List.of(""))).isEqualTo("cpuidle intel_idle");
		assertThat(new KernelSettings(this.sysfs.resolve("absent")).describe(List.of("vda"))).isEqualTo("not read");
	}

	@Test
	void aDeviceNameCannotLeaveSysfs() throws IOException {
		write("class/block/queue/write_cache", "write back\n");

		assertThat(new KernelSettings(this.sysfs).describe(List.of("../block"))).isEqualTo("not read");
	}

	@Test
	void namesTheDeviceOfAFileStoreOnlyWhenItIsOne() {
		assertThat(KernelSettings.deviceName("/dev/vda")).isEqualTo("vda");
		assertThat(KernelSettings.deviceName("tmpfs")).isEmpty();
		assertThat(KernelSettings.deviceName("overlay")).isEmpty();
		assertThat(KernelSettings.deviceOf(this.sysfs.resolve("absent"))).isEmpty();
	}

	private void write(String file, String content) throws IOException {
		Path path = this.sysfs.resolve(file);
		Files.createDirectories(path.getParent());
		Files.writeString(path, content);
	}
}
