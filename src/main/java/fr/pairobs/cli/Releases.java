package fr.pairobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import fr.pairobs.security.QueryRefusedException;

/**
 * Finds the latest open release: the greatest directory name of {@code var/release/} in natural
 * order ({@code 2026-03-01} before {@code 2026-03-01.2} before {@code 2026-03-01.10}) that holds a
 * {@code manifest.json}, which the publish step writes last, so a release being made is never chosen.
 */
final class Releases {
    private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?");

    private Releases() {
    }

    static Path latest(Path releaseRoot) {
        if (!Files.isDirectory(releaseRoot)) {
            throw new QueryRefusedException("no open release in " + releaseRoot + ": the nightly publishes one after the audit passes");
        }
        try (Stream<Path> dirs = Files.list(releaseRoot)) {
            Optional<Path> latest = dirs.filter(d -> NAME.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
                    .max(Comparator.comparing((Path d) -> group(d, 1)).thenComparingLong(d -> {
                        String n = group(d, 2);
                        return n == null ? 1 : Long.parseLong(n);
                    }));
            return latest.orElseThrow(() -> new QueryRefusedException("no complete open release in " + releaseRoot
                    + " (none holds a manifest.json)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + releaseRoot, e);
        }
    }

    private static String group(Path dir, int group) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        m.matches();
        return m.group(group);
    }
}
