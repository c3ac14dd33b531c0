package fr.pairobs.batch;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import fr.pairobs.ingest.CsvSourceReader;
import fr.pairobs.ingest.RejectsLog;
import fr.pairobs.ingest.RowNormalizer;
import fr.pairobs.ingest.RowRejectedException;
import fr.pairobs.ingest.SourceRow;
import fr.pairobs.lake.LakeBatchWriter;

import static java.util.Objects.requireNonNull;

/**
 * One ingest partition, streamed: each call reads up to {@code rowsPerPart} records, normalizes each one
 * and writes it at once into an open Parquet part, then closes the part. The step commits after each
 * call the reader's position, the count of committed parts and the rejects' length with its context, so
 * a restart goes on after the last committed part. A record is never held longer than it takes to write
 * it: the heap an ingest needs does not grow with the part size (only the part's compressed pages do).
 */
final class IngestTasklet implements Tasklet {
    private final CsvSourceReader reader;
    private final RowNormalizer normalizer;
    private final LakeBatchWriter writer;
    private final RejectsLog rejects;
    private final int rowsPerPart;
    private final long maxRejects;
    /** Committed rejects of the whole file: the ranges of one file read at once count together, restarts included. */
    private final AtomicLong fileRejects;
    private final String source;
    private final List<IngestListener> listeners;
    private boolean seeded;

    IngestTasklet(CsvSourceReader reader, RowNormalizer normalizer, LakeBatchWriter writer, RejectsLog rejects, int rowsPerPart,
            long maxRejects, AtomicLong fileRejects, String source, List<IngestListener> listeners) {
        this.reader = requireNonNull(reader, "reader is null");
        this.normalizer = requireNonNull(normalizer, "normalizer is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.rejects = requireNonNull(rejects, "rejects is null");
        this.rowsPerPart = rowsPerPart;
        this.maxRejects = maxRejects;
        this.fileRejects = requireNonNull(fileRejects, "fileRejects is null");
        this.source = requireNonNull(source, "source is null");
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        if (!seeded) {
            // rejects committed by an earlier run of this range count against the file's limit too
            fileRejects.addAndGet(rejects.committedCount());
            seeded = true;
        }
        int read = 0;
        long filtered = 0;
        long rejected = 0;
        try {
            while (read < rowsPerPart) {
                SourceRow row = reader.read();
                if (row == null) {
                    break;
                }
                read++;
                Object[] out;
                try {
                    out = normalizer.process(row);
                } catch (RowRejectedException e) {
                    reject(row, e, ++rejected);
                    continue;
                }
                if (out == null) {
                    filtered++;
                } else {
                    writer.write(out);
                }
            }
            if (read > 0) {
                StepExecution partition = contribution.getStepExecution();
                for (IngestListener listener : listeners) {
                    listener.beforePartCommit(partition, writer.partRows());
                }
            }
            long written = writer.commitPart();
            // counted once the part is in: a failed part's reads and rejects are read and rejected again on restart
            for (int i = 0; i < read; i++) {
                contribution.incrementReadCount();
            }
            contribution.incrementFilterCount(filtered);
            contribution.incrementWriteCount(written);
            contribution.incrementProcessSkipCount(rejected);
            fileRejects.addAndGet(rejected);
        } catch (Exception | Error e) {
            writer.abortPart();
            throw e;
        }
        return read < rowsPerPart ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }

    /** @param partRejects rejects of the part under way, this one included */
    private void reject(SourceRow row, RowRejectedException rejected, long partRejects) {
        if (fileRejects.get() + partRejects > maxRejects) {
            throw new TooManyRejectsException(source + ": more than " + maxRejects + " rejected rows (pairobs.ingest.max-rejects);"
                    + " the last at line " + rejected.line() + ", column '" + rejected.column() + "': " + rejected.reason()
                    + "; the rejects of the parts committed before it are listed in " + rejects.file() + ". Ask the partner "
                    + "for a corrected export, or raise the limit and run 'pairobs restart' on this execution", rejected);
        }
        rejects.onSkipInProcess(row, rejected);
    }

    /** A file with more rejected rows than the limit: the export is likely wrong as a whole, not row by row. */
    static final class TooManyRejectsException extends RuntimeException {
        TooManyRejectsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
