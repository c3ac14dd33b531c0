package fr.pairobs.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The releases of {@code var/release/}: {@code <YYYY-MM-DD>} (a second one the same day {@code <YYYY-MM-DD>.2}, ...),
 * each made under a staging name in the same folder and renamed into place when complete. The latest release is the
 * greatest name in natural order holding a manifest. The last {@code keep} releases are kept.
 */
public final class Releases {
    private static final Logger LOG = LoggerFactory.getLogger(Releases.class);
    private static final String STAGING = ".staging-";
    /** Natural order: by date, then by the same-day number (none = 1). */
    public static final Comparator<String> NATURAL = Comparator.<String, String>comparing(n -> n.split("\\.")[0])
            .thenComparingInt(n -> n.contains(".") ? Integer.parseInt(n.substring(n.indexOf('.') + 1)) : 1);

    private final Path root;
    private final int keep;

    public Releases(Path root, int keep) {
        this.root = requireNonNull(root, "root is null");
        if (keep < 1) {
            throw new IllegalArgumentException("pairobs.release.keep must be at least 1, not " + keep);
        }
        this.keep = keep;
    }

    public Path root() {
        return root;
    }

    public int keep() {
        return keep;
    }

    /** Where the release of a build is written before it is published. */
    public Path staging(String buildId) {
        return root.resolve(STAGING + buildId);
    }

    /** Published releases, oldest first. */
    public List<String> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(Manifest.FILE)))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> n.matches("\\d{4}-\\d{2}-\\d{2}(\\.\\d+)?"))
                    .sorted(NATURAL).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    public Optional<Path> latest() {
        List<String> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(root.resolve(all.get(all.size() - 1)));
    }

    /** A release by name; an error naming the releases there are when it does not exist. */
    public Path get(String name) {
        Path dir = root.resolve(name).normalize();
        if (!dir.getParent().equals(root.normalize()) || !Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            throw new ReleaseException("no release " + name + " in " + root + " (releases: " + list() + ")");
        }
        return dir;
    }

    /** Renames the staged release into place under the date's next free name, then keeps the last {@code keep}. */
    public Path publish(Path staged, LocalDate date) {
        if (!Files.isRegularFile(staged.resolve(Manifest.FILE))) {
            throw new ReleaseException("no complete release in " + staged + ": restart the run from its protect step");
        }
        // after every release of the same day, even one retention removed since: a new release never sorts before an older one
        int last = 0;
        for (String existing : list()) {
            if (existing.split("\\.")[0].equals(date.toString())) {
                last = Math.max(last, existing.contains(".") ? Integer.parseInt(existing.substring(existing.indexOf('.') + 1)) : 1);
            }
        }
        String name = last == 0 ? date.toString() : date + "." + (last + 1);
        for (int n = last + 2; Files.exists(root.resolve(name)); n++) {
            name = date + "." + n;
        }
        Path target = root.resolve(name);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ReleaseException("cannot publish the release " + staged + " as " + target + ": " + e.getMessage(), e);
        }
        prune();
        return target;
    }

    /** Removes the releases older than the last {@code keep}. */
    public List<String> prune() {
        List<String> all = list();
        List<String> removed = new ArrayList<>();
        for (String name : all.subList(0, Math.max(0, all.size() - keep))) {
            delete(root.resolve(name));
            removed.add(name);
        }
        if (!removed.isEmpty()) {
            LOG.info("releases removed (pairobs.release.keep = {}): {}", keep, removed);
        }
        return removed;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
