package fr.pairobs.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.lake.LakeBatchWriter;
import fr.pairobs.lake.LakeColumn;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.ParquetWriteOptions;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.Pseudonymizer;

import static java.util.Objects.requireNonNull;

/**
 * Carries every person-level lake batch to the next key of a rotation: each batch is rewritten with
 * {@code person_key} and {@code traits_key} replaced by HMAC(next key, stored value) and
 * {@code person_key_id} by the next key's id, as a new batch written beside it (LakeBatchWriter into
 * the batch's staging directory) and then swapped in place of the old one, which is deleted: no
 * pseudonym of the previous key stays in the lake. A batch already under the next key is left as it
 * is, so an interrupted rotation is finished by running it again.
 */
public final class LakeRekey {
    private static final int ROWS_PER_PART = 100_000;

    private final LakeLayout layout;

    public LakeRekey(LakeLayout layout) {
        this.layout = requireNonNull(layout, "layout is null");
    }

    /** One batch carried over. */
    public record Rewritten(String dataset, Path batch, long rows) {
    }

    public List<Rewritten> rekey(List<DatasetSpec> datasets, PseudonymKey current, PseudonymKey next) {
        UnaryOperator<String> chain = Pseudonymizer.chainTo(next);
        List<Rewritten> done = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            for (DatasetSpec dataset : datasets) {
                if (!dataset.person()) {
                    continue;
                }
                for (Path batch : batches(dataset.name())) {
                    long rows = rewrite(duckdb, dataset, batch, current.keyId(), next.keyId(), chain);
                    if (rows >= 0) {
                        done.add(new Rewritten(dataset.name(), batch, rows));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lake for the rotation: " + e.getMessage(), e);
        }
        return done;
    }

    private List<Path> batches(String dataset) {
        return layout.committedParts(dataset).stream().map(Path::getParent).distinct().sorted().toList();
    }

    /** Returns the rows rewritten, or -1 when the batch is already under the next key. */
    private long rewrite(Connection duckdb, DatasetSpec dataset, Path batch, String currentId, String nextId,
            UnaryOperator<String> chain) throws SQLException {
        List<LakeColumn> schema = LakeLayout.schema(dataset);
        String parts = batch.toAbsolutePath() + "/*.parquet";
        try (Statement s = duckdb.createStatement();
                ResultSet ids = s.executeQuery("SELECT DISTINCT person_key_id FROM read_parquet('" + parts.replace("'", "''") + "')")) {
            List<String> keyIds = new ArrayList<>();
            while (ids.next()) {
                keyIds.add(ids.getString(1));
            }
            if (keyIds.equals(List.of(nextId))) {
                return -1;
            }
            if (!keyIds.equals(List.of(currentId))) {
                throw new IllegalStateException("lake batch " + batch + " holds person keys of " + keyIds + ", not of the current key '"
                        + currentId + "' alone; restore it before rotating");
            }
        }
        String dir = batch.getParent().getFileName().toString();
        String partner = dir.substring("partner=".length());
        Path staging = batch.getParent().resolve(LakeLayout.IN_PROGRESS).resolve(batch.getFileName());
        String columns = schema.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "));
        long rows = 0;
        LakeBatchWriter writer = new LakeBatchWriter(staging, schema, ParquetWriteOptions.defaults());
        writer.open(new ExecutionContext());
        try (Statement s = duckdb.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + columns + " FROM read_parquet('" + parts.replace("'", "''")
                        + "', union_by_name = true) ORDER BY _source_line")) {
            while (rs.next()) {
                Object[] row = new Object[schema.size()];
                for (int i = 0; i < schema.size(); i++) {
                    LakeColumn column = schema.get(i);
                    Object value = value(rs, i + 1, column);
                    row[i] = switch (column.name()) {
                        case "person_key", "traits_key" -> chain.apply((String) value);
                        case "person_key_id" -> nextId;
                        default -> value;
                    };
                }
                writer.write(row);
                rows++;
                if (writer.partRows() >= ROWS_PER_PART) {
                    writer.commitPart();
                }
            }
            writer.commitPart();
        } catch (IOException e) {
            writer.close();
            throw new UncheckedIOException("cannot write the rotated batch " + staging + ": " + e.getMessage(), e);
        } finally {
            writer.close();
        }
        swap(batch, staging, partner);
        return rows;
    }

    /** Markers and other files of the batch go along; then the new batch takes the old one's name and the old one is deleted. */
    private static void swap(Path batch, Path staging, String partner) {
        try {
            try (Stream<Path> files = Files.list(batch)) {
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file) && !file.getFileName().toString().endsWith(".parquet")) {
                        Files.copy(file, staging.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Path old = batch.resolveSibling(LakeLayout.IN_PROGRESS).resolve("rekeyed-" + batch.getFileName());
            Files.move(batch, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, batch, StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> walk = Files.walk(old)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the rotated batch of partner " + partner + " in place of " + batch + ": "
                    + e.getMessage() + " (run pairobs rekey again to finish)", e);
        }
    }

    private static Object value(ResultSet rs, int index, LakeColumn column) throws SQLException {
        Object value = switch (column.type()) {
            case STRING -> rs.getString(index);
            case INT -> rs.getObject(index) == null ? null : rs.getInt(index);
            case LONG -> rs.getObject(index) == null ? null : rs.getLong(index);
            case DOUBLE -> rs.getObject(index) == null ? null : rs.getDouble(index);
            case BOOLEAN -> rs.getObject(index) == null ? null : rs.getBoolean(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIMESTAMP -> {
                Object t = rs.getObject(index);
                yield t == null ? null : t instanceof OffsetDateTime o ? o.toInstant()
                        : t instanceof java.sql.Timestamp ts ? ts.toInstant() : Instant.parse(t.toString());
            }
        };
        return value;
    }
}
