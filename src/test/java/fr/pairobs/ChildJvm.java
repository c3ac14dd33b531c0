package fr.pairobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the tests in a JVM of its own, on the tests' class path. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static ProcessBuilder of(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Something checked over and over while waiting; it may throw (an assertion, a query). */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /**
     * Waits until the child writes {@code file}, dies, or {@code timeout} passes, running {@code meanwhile}
     * between looks. The caller asserts what it expects of the file and of the child afterwards.
     */
    public static void awaitFile(Path file, Process child, java.time.Duration timeout, Check meanwhile) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file) && child.isAlive() && System.nanoTime() < deadline) {
            meanwhile.run();
            Thread.sleep(100);
        }
    }

    /** The last lines a child wrote to its log, for a failure message. */
    public static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
