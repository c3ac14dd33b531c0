package fr.pairobs.ingest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static java.util.Objects.requireNonNull;

/**
 * The rejects of one ingested file: a CSV with file, line, column, field and reason, never the
 * rejected values of identifying columns (the reasons are written without them). Restartable:
 * the committed length is saved with each commit, and a restart cuts what a failed part added,
 * so a rejected row is listed once however often its part ran.
 */
public final class RejectsLog implements ItemStream, SkipListener<SourceRow, Object[]> {
    public static final String[] HEADER = {"file", "sha256", "line", "column", "field", "reason", "job_execution_id"};
    private static final String COMMITTED_BYTES = "rejects.committed.bytes";
    private static final String COMMITTED_COUNT = "rejects.committed.count";
    private static final int FLUSH_CHARS = 64 * 1024;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Path file;
    private final BatchLineage lineage;
    private final String sourceName;
    private FileChannel channel;
    private final StringWriter pending = new StringWriter();
    private long count;
    private long pendingCount;
    /** Length of the file as of the last commit (or the open). */
    private long saved;

    public RejectsLog(Path file, String sourceName, BatchLineage lineage) {
        this.file = requireNonNull(file, "file is null");
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    public Path file() {
        return file;
    }

    /** Rejects committed by earlier commits of this range, as restored by {@link #open}. */
    public long committedCount() {
        return count;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long committed = context.containsKey(COMMITTED_BYTES) ? context.getLong(COMMITTED_BYTES) : 0L;
            count = context.containsKey(COMMITTED_COUNT) ? context.getLong(COMMITTED_COUNT) : 0L;
            channel.truncate(committed);
            channel.position(committed);
            if (committed == 0) {
                print((Object[]) HEADER);
                flush();
            }
            saved = channel.position();
        } catch (IOException e) {
            throw new ItemStreamException("cannot open rejects file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onSkipInProcess(SourceRow row, Throwable t) {
        if (t instanceof RowRejectedException rejected) {
            print(sourceName, lineage.sha256(), rejected.line(), rejected.column(), rejected.field(), rejected.reason(),
                    lineage.jobExecutionId());
        } else {
            // only RowRejectedException is skippable; anything else would be a programming error
            print(sourceName, lineage.sha256(), row.line(), "", "", "rejected: " + t.getClass().getSimpleName(),
                    lineage.jobExecutionId());
        }
        pendingCount++;
        if (pending.getBuffer().length() > FLUSH_CHARS) {
            // written ahead of the commit so that a part full of rejects does not sit in the heap; only
            // update() records the committed length, and a restart cuts the file back to it
            flush();
        }
    }

    @Override
    public void update(ExecutionContext context) {
        flush();
        try {
            saved = channel.position();
            context.putLong(COMMITTED_BYTES, saved);
        } catch (IOException e) {
            throw new ItemStreamException("cannot write rejects file " + file, e);
        }
        count += pendingCount;
        pendingCount = 0;
        context.putLong(COMMITTED_COUNT, count);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                // what the last commit saved, and no more: the rejects of a failed part are not this run's result,
                // and its restart rejects them again
                pending.getBuffer().setLength(0);
                channel.truncate(saved);
                channel.force(true);
                channel.close();
            } catch (IOException e) {
                throw new ItemStreamException("cannot close rejects file " + file, e);
            } finally {
                channel = null;
            }
        }
    }

    private void print(Object... values) {
        try (CSVPrinter printer = new CSVPrinter(pending, FORMAT)) {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() {
        if (pending.getBuffer().isEmpty()) {
            return;
        }
        try {
            channel.write(ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8)));
            pending.getBuffer().setLength(0);
        } catch (IOException e) {
            throw new ItemStreamException("cannot write rejects file " + file, e);
        }
    }
}
