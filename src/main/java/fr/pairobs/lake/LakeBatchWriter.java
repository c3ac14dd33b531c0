package fr.pairobs.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStream;

import static java.util.Objects.requireNonNull;

/**
 * Writes the rows of a staging batch as a series of Parquet part files, one part open at a time: rows
 * go into it as they come and {@link #commitPart()} closes it. The number of committed parts is saved
 * in the step's ExecutionContext with each commit; on restart, parts beyond it (closed by a commit
 * whose transaction did not end) and temporary files are deleted, so the batch holds each row exactly once.
 */
public final class LakeBatchWriter implements ItemStream {
    private static final String COMMITTED_PARTS = "lake.committed.parts";

    private final Path dir;
    private final List<LakeColumn> schema;
    private final ParquetWriteOptions options;
    private final String prefix;
    private final Pattern part;
    private int parts;
    private long rows;
    private ParquetPartWriter open;
    private long partRows;

    public LakeBatchWriter(Path dir, List<LakeColumn> schema, ParquetWriteOptions options) {
        this(dir, schema, options, "part-");
    }

    /**
     * @param prefix names this writer's part files ({@code part-} then the number): writers of several ranges of
     *        one file share the batch directory, each with its own prefix, and each cleans up only its own parts
     */
    public LakeBatchWriter(Path dir, List<LakeColumn> schema, ParquetWriteOptions options, String prefix) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.part = Pattern.compile(Pattern.quote(prefix) + "(\\d{5})\\.parquet(\\.inprogress)?");
        this.dir = requireNonNull(dir, "dir is null");
        this.schema = List.copyOf(schema);
        this.options = requireNonNull(options, "options is null");
    }

    @Override
    public void open(ExecutionContext context) {
        parts = context.containsKey(COMMITTED_PARTS) ? context.getInt(COMMITTED_PARTS) : 0;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(dir)) {
                for (Path path : list.toList()) {
                    Matcher m = part.matcher(path.getFileName().toString());
                    if (m.matches() && (m.group(2) != null || Integer.parseInt(m.group(1)) >= parts)) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new ItemStreamException("cannot prepare lake batch " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes a row into the part under way, opening it (under its temporary name) for the first row. */
    public void write(Object[] row) throws IOException {
        if (open == null) {
            open = ParquetPartWriter.open(dir.resolve(String.format("%s%05d.parquet", prefix, parts)), schema, options);
        }
        open.write(row);
        partRows++;
    }

    /** Rows written into the part under way. */
    public long partRows() {
        return partRows;
    }

    /**
     * Closes the part under way and renames it into place; it counts as committed from the next
     * {@link #update}. Returns its rows (0, and no file, when no row was written since the last part).
     */
    public long commitPart() throws IOException {
        if (open == null) {
            return 0;
        }
        ParquetPartWriter part = open;
        open = null;
        long written = partRows;
        partRows = 0;
        part.close();
        parts++;
        rows += written;
        return written;
    }

    /** Drops the part under way, its temporary file deleted. */
    public void abortPart() {
        if (open != null) {
            ParquetPartWriter part = open;
            open = null;
            partRows = 0;
            part.abort();
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(COMMITTED_PARTS, parts);
    }

    public long rowsWrittenThisRun() {
        return rows;
    }

    @Override
    public void close() {
        abortPart();
    }
}
