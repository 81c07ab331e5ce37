package org.raftboot;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.Config;
import org.raftboot.raft.quorum.MajorityConfig;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The algorithm ({@code org.raftboot.raft..}) stays a deterministic, single-threaded library: it
 * depends only on the JDK, protobuf and JSpecify, and it never touches threads, clocks, IO or a
 * shared random source (randomness comes in as the {@code RandomGenerator} set in {@link Config}). The
 * storage needs no library besides protobuf either.
 */
class ArchitectureTests {

	private static final String ALGORITHM = "org.raftboot.raft..";

	/** FileStorage: the JDK and protobuf only (issue 4), so that it needs neither Netty nor Spring. */
	private static final String STORAGE = "org.raftboot.storage..";

	/** raft-core's main classes, read from where they were compiled (scanning the classpath is slow). */
	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(mainClassesDirectory());

	/** java.io types that reach files, consoles or processes (streams as such are fine: protobuf parses them). */
	private static final Set<String> FORBIDDEN_IO = Set.of("java.io.File", "java.io.FileDescriptor",
			"java.io.FileInputStream", "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter",
			"java.io.RandomAccessFile", "java.io.Console", "java.io.PrintStream", "java.io.PrintWriter");

	private static final Set<String> FORBIDDEN_CLASSES = Set.of("java.lang.Thread", "java.lang.ThreadGroup",
			"java.lang.ThreadLocal", "java.lang.InheritableThreadLocal", "java.lang.Runtime", "java.lang.Process",
			"java.lang.ProcessBuilder", "java.util.Timer", "java.util.TimerTask", "java.util.Random",
			"java.security.SecureRandom", "java.time.Clock", "java.time.InstantSource");

	/** JDK random generators the algorithm could construct (the import does not resolve their supertypes). */
	private static final Set<String> RANDOM_GENERATORS = Set.of("java.util.SplittableRandom", "java.util.Random",
			"java.security.SecureRandom", "java.util.concurrent.ThreadLocalRandom");

	/** Making a random source: a generator's constructor, or a factory of java.util.random. */
	private static final DescribedPredicate<JavaAccess<?>> CREATES_RANDOMNESS = describe(
			"create a random generator (constructor or java.util.random factory)",
			(a) -> (a.getName().equals("<init>") && (RANDOM_GENERATORS.contains(a.getTargetOwner().getName())
					|| a.getTargetOwner().isAssignableTo("java.util.random.RandomGenerator")))
					|| (a.getTargetOwner().getPackageName().equals("java.util.random")
							&& Set.of("of", "getDefault", "create").contains(a.getName())));

	private static final Set<String> FORBIDDEN_PACKAGES = Set.of("java.util.concurrent", "java.nio.file",
			"java.nio.channels", "java.net");

	private static Path mainClassesDirectory() {
		try {
			return Path.of(MajorityConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void theImportSeesTheAlgorithmButNoTests() {
		assertThat(MAIN_CLASSES.contain(MajorityConfig.class)).isTrue();
		assertThat(MAIN_CLASSES.contain("org.raftboot.raft.pb.Message")).isTrue();
		assertThat(MAIN_CLASSES.contain(ArchitectureTests.class)).isFalse();
		assertThat(MAIN_CLASSES.contain("org.raftboot.raft.datadriven.DataDrivenRunner")).isFalse();
	}

	@Test
	void theAlgorithmDependsOnlyOnTheJdkProtobufAndJSpecify() {
		ArchRule rule = classes().that()
			.resideInAPackage(ALGORITHM)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "com.google.protobuf..", "org.jspecify..", ALGORITHM);
		rule.check(MAIN_CLASSES);
	}

	@Test
	void theStorageDependsOnlyOnTheJdkProtobufJSpecifyAndTheAlgorithmsInterfaces() {
		ArchRule rule = classes().that()
			.resideInAPackage(STORAGE)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "com.google.protobuf..", "org.jspecify..", ALGORITHM, STORAGE);
		rule.check(MAIN_CLASSES);
	}

	@Test
	void theAlgorithmUsesNoThreadsIoOrSharedRandomness() {
		DescribedPredicate<JavaClass> forbidden = describe("are threads, concurrency, file, network or java.util.Random types",
				(c) -> FORBIDDEN_CLASSES.contains(c.getName()) || FORBIDDEN_IO.contains(c.getName())
						|| FORBIDDEN_PACKAGES.stream()
							.anyMatch((p) -> c.getPackageName().equals(p) || c.getPackageName().startsWith(p + "."))
						|| c.isAssignableTo("java.util.Random"));
		noClasses().that().resideInAPackage(ALGORITHM).should().dependOnClassesThat(forbidden).check(MAIN_CLASSES);
	}

	@Test
	void theAlgorithmReadsNoClockAndNoGlobalRandomOrConsole() {
		DescribedPredicate<JavaAccess<?>> forbidden = describe(
				"System.currentTimeMillis/nanoTime/out/err/in, java.time now(), Math.random",
				(a) -> isForbiddenAccess(a.getTargetOwner().getName(), a.getName()));
		noClasses().that().resideInAPackage(ALGORITHM).should().accessTargetWhere(forbidden).check(MAIN_CLASSES);
	}

	@Test
	void randomnessEntersTheAlgorithmOnlyThroughTheSourceSetInConfig() {
		ArchRule rule = noClasses().that()
			.resideInAPackage(ALGORITHM)
			.and()
			.doNotHaveFullyQualifiedName(Config.class.getName())
			.should()
			.accessTargetWhere(CREATES_RANDOMNESS);
		rule.check(MAIN_CLASSES);
		// The rule sees Config's own default source, so it would see one anywhere else.
		assertThat(MAIN_CLASSES.get(Config.class).getAccessesFromSelf()).anyMatch(CREATES_RANDOMNESS);
	}

	private static boolean isForbiddenAccess(String owner, String member) {
		return switch (owner) {
			case "java.lang.System" -> Set.of("currentTimeMillis", "nanoTime", "out", "err", "in").contains(member);
			case "java.lang.Math", "java.lang.StrictMath" -> member.equals("random");
			default -> owner.startsWith("java.time.") && member.equals("now");
		};
	}

}
