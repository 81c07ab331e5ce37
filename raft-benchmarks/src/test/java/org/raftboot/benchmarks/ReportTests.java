package org.raftboot.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final Report report = new Report(new PrintStream(this.bytes, true, StandardCharsets.UTF_8),
			"nodes=3 fsync=on");

	@Test
	void aLineHoldsItsFieldsInTheDocumentedOrder() {
		this.report.atLeast("throughput", 41250.34, "ops/s", 40000);
		assertThat(printed()).matches("RAFTBOOT-BENCH figure=throughput value=41250.3 unit=ops/s bar=>=40000 met=yes "
				+ "nodes=3 fsync=on cores=\\d+ load=[0-9.]+(,[0-9.]+,[0-9.]+)?\n");
	}

	@Test
	void aFigureWithoutABarIsNeitherMetNorMissed() {
		this.report.figure("idle_cpu", 2, "%");
		assertThat(printed()).contains(" value=2 unit=% bar=- met=- nodes=3");
	}

	@Test
	void aFigureOverItsBarIsNotMet() {
		this.report.atMost("cpu_per_proposal", 25.5, "us", 25);
		assertThat(printed()).contains(" value=25.5 unit=us bar=<=25 met=no ");
	}

	@Test
	void figuresBelowOneKeepThreeSignificantDigits() {
		assertThat(Report.format(0.0123456)).isEqualTo("0.0123");
		assertThat(Report.format(0.9)).isEqualTo("0.9");
		assertThat(Report.format(-0.25)).isEqualTo("-0.25");
		assertThat(Report.format(12.345)).isEqualTo("12.3");
		assertThat(Report.format(Double.NaN)).isEqualTo("NaN");
	}

	private String printed() {
		return this.bytes.toString(StandardCharsets.UTF_8);
	}
}
