package org.raftboot.raft.tracker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InflightsTests {

	private static Inflights withAdded(int size, long maxBytes, long from, long to) {
		Inflights in = new Inflights(size, maxBytes);
		for (long i = from; i < to; i++) {
			in.add(i, 100 + i);
		}
		return in;
	}

	@Test
	void addingCountsMessagesAndBytes() {
		Inflights in = withAdded(10, 0, 0, 5);
		assertThat(in.count()).isEqualTo(5);
		assertThat(in.bytes()).isEqualTo(510);
		assertThat(in.full()).isFalse();
		for (long i = 5; i < 10; i++) {
			in.add(i, 100 + i);
		}
		assertThat(in.count()).isEqualTo(10);
		assertThat(in.bytes()).isEqualTo(1045);
		assertThat(in.full()).isTrue();
	}

	@Test
	void theBufferGrowsLazilyByDoublingUpToTheSize() {
		Inflights in = new Inflights(Integer.MAX_VALUE, 0);
		assertThat(in.capacity()).isZero();
		in.add(1, 1);
		assertThat(in.capacity()).isEqualTo(1);
		in.add(2, 1);
		in.add(3, 1);
		assertThat(in.capacity()).isEqualTo(4);
		Inflights small = withAdded(10, 0, 0, 9);
		assertThat(small.capacity()).isEqualTo(10);
	}

	@Test
	void freeingReleasesEverythingUpToTheIndexAcrossTheWrap() {
		Inflights in = withAdded(10, 0, 0, 10);
		in.freeLE(0);
		assertThat(in.count()).isEqualTo(9);
		assertThat(in.bytes()).isEqualTo(945);
		in.freeLE(4);
		assertThat(in.count()).isEqualTo(5);
		assertThat(in.bytes()).isEqualTo(535);
		in.freeLE(8);
		assertThat(in.count()).isEqualTo(1);
		assertThat(in.bytes()).isEqualTo(109);
		for (long i = 10; i < 15; i++) {
			in.add(i, 100 + i);
		}
		assertThat(in.capacity()).isEqualTo(10);
		in.freeLE(12);
		assertThat(in.count()).isEqualTo(2);
		assertThat(in.bytes()).isEqualTo(227);
		in.freeLE(14);
		assertThat(in.count()).isZero();
		assertThat(in.bytes()).isZero();
	}

	@Test
	void freeingBelowTheFirstIndexOrWhenEmptyChangesNothing() {
		Inflights in = withAdded(10, 0, 5, 8);
		in.freeLE(4);
		assertThat(in.count()).isEqualTo(3);
		new Inflights(10, 0).freeLE(100);
		in.freeLE(-1L);
		assertThat(in.count()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({
		"always-full, 0, 0, 0, 0, 0",
		"single-entry, 1, 0, 1, 1, 2",
		"single-entry-overflow, 1, 10, 1, 1, 2",
		"multi-entry, 15, 0, 15, 6, 22",
		"slight-overflow, 8, 400, 4, 2, 7",
		"exact-max-bytes, 8, 406, 4, 3, 8",
		"larger-overflow, 15, 408, 5, 1, 6",
	})
	void theWindowIsFullByCountOrBytes(String name, int size, long maxBytes, int fullAt, long freeLE, int againAt) {
		Inflights in = new Inflights(size, maxBytes);
		addUntilFull(in, 0, fullAt);
		in.freeLE(freeLE);
		addUntilFull(in, fullAt, againAt);
		assertThatIllegalStateException().isThrownBy(() -> in.add(100, 1024))
			.withMessage("cannot add into a Full inflights");
	}

	private static void addUntilFull(Inflights in, int begin, int end) {
		for (int i = begin; i < end; i++) {
			assertThat(in.full()).as("full at %d, want %d", i, end).isFalse();
			in.add(i, 100 + i);
		}
		assertThat(in.full()).as("not full at %d", end).isTrue();
	}

	@Test
	void bytesDoNotLeakAcrossResets() {
		// Regression for etcd raft#54: bytes of freed or reset appends stayed counted until the
		// window looked full.
		Inflights in = new Inflights(10, 1000);
		long index = 0;
		for (int epoch = 0; epoch < 100; epoch++) {
			in.reset();
			for (int i = 0; i < 5; i++) {
				assertThat(in.full()).isFalse();
				in.add(++index, 16);
			}
			in.freeLE(index - 2);
			assertThat(in.full()).isFalse();
			assertThat(in.count()).isEqualTo(2);
			assertThat(in.bytes()).isEqualTo(32);
		}
		in.freeLE(index);
		assertThat(in.count()).isZero();
		for (int i = 0; i < 10; i++) {
			assertThat(in.full()).isFalse();
			in.add(++index, 100);
		}
		assertThat(in.full()).isTrue();
	}

	@Test
	void aCopyIsIndependent() {
		Inflights in = withAdded(4, 0, 1, 3);
		Inflights copy = in.copy();
		copy.add(3, 1);
		copy.add(4, 1);
		in.freeLE(1);
		assertThat(copy.full()).isTrue();
		assertThat(copy.count()).isEqualTo(4);
		assertThat(in.count()).isEqualTo(1);
		copy.freeLE(4);
		assertThat(copy.count()).isZero();
	}

}
