package fr.pairobs.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of the files that decide what an ingest writes: {@code config/datasets.yml}, {@code config/partners.yml},
 * the feed specs {@code jobs/*.yml} and the reference tables of {@code config/reference/}, each hashed with its name.
 * Processes that share ingest work (the manager and its workers) must have the same one.
 */
public final class SpecFingerprint {
    private SpecFingerprint() {
    }

    public static String of(Path configDir, Path jobsDir) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>(List.of(configDir.resolve("datasets.yml"), configDir.resolve("partners.yml")));
            files.addAll(list(jobsDir, ".yml"));
            files.addAll(list(configDir.resolve("reference"), ".csv"));
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String name = (file.startsWith(jobsDir) ? "jobs/" : "config/") + (file.startsWith(jobsDir)
                        ? jobsDir.relativize(file) : configDir.relativize(file)).toString().replace('\\', '/');
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the specs to fingerprint them: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
