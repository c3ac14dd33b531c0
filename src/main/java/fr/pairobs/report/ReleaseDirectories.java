package fr.pairobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The releases under {@code var/release/}: {@code <YYYY-MM-DD>} and, for a second release the same day,
 * {@code <YYYY-MM-DD>.2}, ... A release is complete when it holds manifest.json; the latest is the
 * greatest name in natural order (2026-03-01.10 after 2026-03-01.9).
 */
public final class ReleaseDirectories {
    private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?");
    static final Comparator<Path> NATURAL = Comparator.comparing((Path p) -> nameMatcher(p).group(1))
            .thenComparingInt(p -> nameMatcher(p).group(2) == null ? 1 : Integer.parseInt(nameMatcher(p).group(2)));

    private ReleaseDirectories() {
    }

    public static Path latest(Path releases) {
        return find(releases, p -> true).orElseThrow(() -> new ReportException(
                "no complete release (a folder with manifest.json) under " + releases + ": publish one first (pairobs run nightly)"));
    }

    /** The release of {@code name}: a date (its latest release that day) or a folder name such as 2026-03-01.2. */
    public static Path named(Path releases, String name) {
        return find(releases, p -> p.getFileName().toString().equals(name) || nameMatcher(p).group(1).equals(name))
                .orElseThrow(() -> new ReportException("no complete release " + name + " under " + releases));
    }

    private static Optional<Path> find(Path releases, java.util.function.Predicate<Path> filter) {
        if (!Files.isDirectory(releases)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(releases)) {
            return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
                    .filter(filter).max(NATURAL);
        } catch (IOException e) {
            throw new ReportException("cannot list " + releases + ": " + e.getMessage(), e);
        }
    }

    private static Matcher nameMatcher(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return m;
    }
}
