package fr.pairobs.batch;

import java.nio.file.Path;
import java.util.List;

import fr.pairobs.pull.LandingArea;

/**
 * What a running pipeline tells its observers beyond Spring Batch's own listeners: files landed,
 * ingest progress through a file, warehouse scripts built, the moment before publishing. The
 * progress display and the metrics listen to it; every bean of this type is called, in order.
 */
public interface PipelineEvents {
    default void landed(String feed, LandingArea.Landing landing) {
    }

    /** After each committed part of a file: rows read so far, and bytes of the file read so far. */
    default void ingestProgress(String feed, String file, long rows, long bytesRead, long bytesTotal) {
    }

    /** When a file's ingest step ends, completed or not: the rows its committed parts read, wrote and rejected. */
    default void ingestDone(String feed, String file, long read, long written, long rejected) {
    }

    default void scriptBuilt(String script, int done, int total) {
    }

    default void beforePublish(Path build, Path current) {
    }

    /** After the new warehouse file has replaced the published one. */
    default void published(Path current) {
    }

    /** Calls every observer of the list in turn. */
    static PipelineEvents of(List<PipelineEvents> observers) {
        List<PipelineEvents> all = List.copyOf(observers);
        return new PipelineEvents() {
            @Override
            public void landed(String feed, LandingArea.Landing landing) {
                all.forEach(o -> o.landed(feed, landing));
            }

            @Override
            public void ingestProgress(String feed, String file, long rows, long bytesRead, long bytesTotal) {
                all.forEach(o -> o.ingestProgress(feed, file, rows, bytesRead, bytesTotal));
            }

            @Override
            public void ingestDone(String feed, String file, long read, long written, long rejected) {
                all.forEach(o -> o.ingestDone(feed, file, read, written, rejected));
            }

            @Override
            public void scriptBuilt(String script, int done, int total) {
                all.forEach(o -> o.scriptBuilt(script, done, total));
            }

            @Override
            public void published(Path current) {
                all.forEach(o -> o.published(current));
            }

            @Override
            public void beforePublish(Path build, Path current) {
                all.forEach(o -> o.beforePublish(build, current));
            }
        };
    }
}
