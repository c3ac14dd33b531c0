package fr.pairobs.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import fr.pairobs.feed.DatasetSpec;

import static java.util.Objects.requireNonNull;

/**
 * Where lake batches live and what their rows look like:
 * {@code lake/<dataset>/partner=<id>/batch=<sha256-prefix>/part-NNNNN.parquet}.
 * A batch is written under {@code partner=<id>/_inprogress/batch=<prefix>} and renamed into place
 * when it is registered, so readers of {@code batch=*} never see a partial batch.
 */
public final class LakeLayout {
    public static final int BATCH_ID_LENGTH = 16;
    public static final String IN_PROGRESS = "_inprogress";
    /** Written into a staging batch when its ingest step completed; register only moves batches that have it. */
    public static final String INGESTED_MARKER = "_INGESTED";

    private final Path root;

    public LakeLayout(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public static String batchId(String sha256) {
        return sha256.substring(0, BATCH_ID_LENGTH);
    }

    public Path datasetDir(String dataset) {
        return root.resolve(dataset);
    }

    public Path batchDir(String dataset, String partner, String sha256) {
        return datasetDir(dataset).resolve(LakeBatch.relative(partner, sha256));
    }

    public Path stagingBatchDir(String dataset, String partner, String sha256) {
        return datasetDir(dataset).resolve(LakeBatch.stagingRelative(partner, sha256));
    }

    /** The batch of a landed file, with its rejects under {@code rejectsRoot}. */
    public LakeBatch batch(Path rejectsRoot, String dataset, String partner, String sha256) {
        return new LakeBatch(root, rejectsRoot, dataset, partner, sha256);
    }

    public boolean isRegistered(String dataset, String partner, String sha256) {
        return Files.isDirectory(batchDir(dataset, partner, sha256));
    }

    /** Committed part files of a dataset, every partner and batch, in a stable order. */
    public List<Path> committedParts(String dataset) {
        Path dir = datasetDir(dataset);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("batch="))
                    .filter(p -> p.getParent().getParent().getFileName().toString().startsWith("partner="))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LakeException("cannot list lake dataset " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The Parquet columns of a dataset: canonical fields, pseudonymous person columns, lineage. */
    public static List<LakeColumn> schema(DatasetSpec dataset) {
        List<LakeColumn> columns = new ArrayList<>();
        for (DatasetSpec.FieldSpec field : dataset.fields()) {
            LakeColumn column = new LakeColumn(field.name(), LakeType.fromSpec(field.type()), field.required());
            // a key of one column is unique within an export
            columns.add(dataset.key().equals(List.of(field.name())) ? column.asNearlyUnique() : column);
        }
        if (dataset.person()) {
            columns.addAll(PERSON_COLUMNS);
        }
        columns.addAll(LINEAGE_COLUMNS);
        return List.copyOf(columns);
    }

    public static final List<LakeColumn> PERSON_COLUMNS = List.of(
            LakeColumn.required("person_key", LakeType.STRING).asNearlyUnique(),
            LakeColumn.required("person_key_id", LakeType.STRING),
            LakeColumn.optional("traits_key", LakeType.STRING).asNearlyUnique(),
            LakeColumn.optional("sex", LakeType.STRING),
            LakeColumn.optional("birth_year", LakeType.INT),
            LakeColumn.optional("residence_dept", LakeType.STRING));

    public static final List<LakeColumn> LINEAGE_COLUMNS = List.of(
            LakeColumn.required("_partner", LakeType.STRING),
            LakeColumn.required("_feed", LakeType.STRING),
            LakeColumn.required("_source_sha256", LakeType.STRING),
            LakeColumn.required("_source_line", LakeType.LONG).asNearlyUnique(),
            LakeColumn.optional("_period", LakeType.STRING),
            LakeColumn.required("_pulled_at", LakeType.TIMESTAMP),
            LakeColumn.required("_job_execution_id", LakeType.LONG));
}
