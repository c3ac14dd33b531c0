package fr.pairobs.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import fr.pairobs.lake.LakeLayout;

import static java.util.Objects.requireNonNull;

/**
 * A committed lake batch a release was built from: {@code lake/<dataset>/partner=<id>/batch=<id>/}, and the
 * SHA-256 of the landed file it came from. The manifest lists them so that {@code pairobs release verify} rebuilds
 * from these batches alone.
 */
public record LakeBatch(String dataset, String partner, String batch, String sourceSha256) implements Comparable<LakeBatch> {
    public LakeBatch {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(partner, "partner is null");
        requireNonNull(batch, "batch is null");
    }

    public Path dir(Path lakeRoot) {
        return lakeRoot.resolve(dataset).resolve("partner=" + partner).resolve("batch=" + batch);
    }

    public Path rejectsDir(Path rejectsRoot) {
        return rejectsRoot.resolve(dataset).resolve("partner=" + partner).resolve("batch=" + batch);
    }

    /** The committed batches of a lake (staging directories excluded), in a fixed order; the source checksum is left empty. */
    public static List<LakeBatch> committed(LakeLayout lake) {
        List<LakeBatch> batches = new ArrayList<>();
        if (!Files.isDirectory(lake.root())) {
            return batches;
        }
        try (Stream<Path> datasets = Files.list(lake.root())) {
            for (Path dataset : datasets.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> partners = Files.list(dataset)) {
                    for (Path partner : partners.filter(p -> p.getFileName().toString().startsWith("partner=")).sorted().toList()) {
                        try (Stream<Path> dirs = Files.list(partner)) {
                            for (Path batch : dirs.filter(p -> p.getFileName().toString().startsWith("batch=")).sorted().toList()) {
                                batches.add(new LakeBatch(dataset.getFileName().toString(),
                                        partner.getFileName().toString().substring("partner=".length()),
                                        batch.getFileName().toString().substring("batch=".length()), ""));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the lake batches of " + lake.root(), e);
        }
        return batches;
    }

    LakeBatch withSource(String sha256) {
        return new LakeBatch(dataset, partner, batch, sha256);
    }

    @Override
    public int compareTo(LakeBatch o) {
        return (dataset + "/" + partner + "/" + batch).compareTo(o.dataset + "/" + o.partner + "/" + o.batch);
    }
}
