package org.raftboot.benchmarks.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.raftboot.benchmarks.Report;

/**
 * Judges "no growth after warm-up" from the heap after a full GC sampled through a soak: the
 * least-squares slope of every sample against time, projected over the soak, must stay within
 * {@link #LIMIT} of the maximum heap. A fit over all samples is not moved far by one sample caught
 * high or low (the heap after GC swings by several MiB with the snapshot cycle), where the last sample
 * minus the first moves by the whole swing, and a steady leak shows in it however small each step.
 */
final class HeapTrend {

	/**
	 * Growth allowed over the soak, as a share of the maximum heap: 25.6 MiB of the 512 MiB,
	 * several times the fit's noise in a 10-minute soak. The bar is on the growth over the run, so a
	 * longer soak catches a slower leak (2.6 MiB per minute in 10 minutes, 0.43 in 60).
	 */
	static final double LIMIT = 0.05;

	private final List<Sample> samples = new ArrayList<>();

	/** A sample: {@code mib} of heap after a full GC, {@code seconds} into the soak. */
	void add(double seconds, double mib) {
		this.samples.add(new Sample(seconds, mib));
	}

	/** The least-squares slope, MiB per second. */
	double slope() {
		double meanSeconds = mean(Sample::seconds);
		double meanMib = mean(Sample::mib);
		double covariance = 0;
		double variance = 0;
		for (Sample sample : this.samples) {
			covariance += (sample.seconds() - meanSeconds) * (sample.mib() - meanMib);
			variance += (sample.seconds() - meanSeconds) * (sample.seconds() - meanSeconds);
		}
		return covariance / variance;
	}

	/** The slope over the soak's span, from the first sample to the last, MiB. */
	double growth() {
		return slope() * (this.samples.get(this.samples.size() - 1).seconds() - this.samples.get(0).seconds());
	}

	/**
	 * The slope in KiB per minute, and the growth judged against {@link #LIMIT} of {@code maxHeapMiB};
	 * a note instead where fewer than two samples (a soak shorter than its interval) make no trend.
	 */
	void report(Report report, double maxHeapMiB) {
		if (this.samples.size() < 2) {
			report.note("soak: " + this.samples.size() + " heap sample(s), no trend to judge: soak longer than --soak-interval");
			return;
		}
		report.figure("soak.heap_slope", slope() * 1024 * 60, "KiB/min");
		report.atMost("soak.heap_growth", growth(), "MiB", LIMIT * maxHeapMiB);
	}

	private double mean(ToDoubleFunction<Sample> field) {
		return this.samples.stream().mapToDouble(field).average().orElseThrow();
	}

	private record Sample(double seconds, double mib) {
	}
}
