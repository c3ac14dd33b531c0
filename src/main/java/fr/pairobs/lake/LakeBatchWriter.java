package fr.pairobs.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import static java.util.Objects.requireNonNull;

/**
 * Writes each chunk of a staging batch as one Parquet part file. The number of committed parts is
 * saved in the step's ExecutionContext with the chunk; on restart, parts beyond it (written by a
 * chunk whose transaction did not commit) are deleted, so the batch holds each row exactly once.
 */
public final class LakeBatchWriter implements ItemStreamWriter<Object[]> {
    private static final String COMMITTED_PARTS = "lake.committed.parts";

    private final Path dir;
    private final List<LakeColumn> schema;
    private final ParquetWriteOptions options;
    private final String prefix;
    private final Pattern part;
    private int parts;
    private long rows;

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

    @Override
    public void write(Chunk<? extends Object[]> chunk) throws Exception {
        if (chunk.isEmpty()) {
            return;
        }
        Path file = dir.resolve(String.format("%s%05d.parquet", prefix, parts));
        ParquetPartWriter writer = ParquetPartWriter.open(file, schema, options);
        try {
            for (Object[] row : chunk) {
                writer.write(row);
            }
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
        writer.close();
        parts++;
        rows += chunk.size();
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(COMMITTED_PARTS, parts);
    }

    public long rowsWrittenThisRun() {
        return rows;
    }
}
