package fr.pairobs.ops;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.pairobs.batch.PipelineEvents;

/**
 * Shows how far a long run is. On an interactive terminal each file being ingested gets a progress
 * bar (bytes read, rows, rows/s, ETA); otherwise (cron, scheduler, CI) a plain log line per file at
 * most every {@code interval}, with the same figures.
 */
public final class ProgressDisplay implements PipelineEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);

    private final boolean interactive;
    private final long intervalNanos;
    private final Map<String, FileProgress> files = new ConcurrentHashMap<>();

    public ProgressDisplay(boolean interactive, Duration interval) {
        this.interactive = interactive;
        this.intervalNanos = interval.toNanos();
    }

    /** Interactive when the JVM has a terminal (on JDK 17, {@code System.console()} is null when redirected). */
    public static boolean terminalAttached() {
        return System.console() != null;
    }

    @Override
    public void ingestProgress(String feed, String file, long rows, long bytesRead, long bytesTotal) {
        FileProgress progress = files.computeIfAbsent(feed + "/" + file, k -> new FileProgress(feed, file, bytesTotal, rows));
        progress.update(rows, bytesRead);
    }

    @Override
    public void ingestDone(String feed, String file, long read, long written, long rejected) {
        FileProgress progress = files.remove(feed + "/" + file);
        if (progress != null) {
            progress.finish();
        }
    }

    @Override
    public void scriptBuilt(String script, int done, int total) {
        if (done == total || done % 10 == 0) {
            LOG.info("warehouse build: {}/{} SQL file(s) run (last: {})", done, total, script);
        }
    }

    private final class FileProgress {
        private final String feed;
        private final String file;
        private final long bytesTotal;
        private final long startRows;
        private final long started = System.nanoTime();
        private long lastLog = System.nanoTime();
        private final ProgressBar bar;

        FileProgress(String feed, String file, long bytesTotal, long startRows) {
            this.feed = feed;
            this.file = file;
            this.bytesTotal = bytesTotal;
            this.startRows = 0; // rows are counted from the start of the file; a restart shows the rate since its own start
            this.bar = interactive ? new ProgressBarBuilder().setTaskName(feed + " " + file).setInitialMax(Math.max(1, bytesTotal))
                    .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(500).build()
                    : null;
        }

        synchronized void update(long rows, long bytesRead) {
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            long rate = (long) ((rows - startRows) / seconds);
            if (bar != null) {
                bar.stepTo(bytesRead);
                bar.setExtraMessage(String.format(" %,d rows, %,d rows/s", rows, rate));
                return;
            }
            long now = System.nanoTime();
            if (now - lastLog < intervalNanos) {
                return;
            }
            lastLog = now;
            double fraction = bytesTotal > 0 ? (double) bytesRead / bytesTotal : 0;
            long eta = fraction > 0 ? (long) (seconds * (1 - fraction) / fraction) : -1;
            LOG.info("ingest {} {}: {} rows, {} %, {} rows/s, ETA {}", feed, file, String.format("%,d", rows),
                    Math.round(fraction * 100), String.format("%,d", rate), eta < 0 ? "?" : formatDuration(eta));
        }

        synchronized void finish() {
            if (bar != null) {
                bar.stepTo(bar.getMax());
                bar.close();
            }
        }
    }

    static String formatDuration(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
