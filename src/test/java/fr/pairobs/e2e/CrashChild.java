package fr.pairobs.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.batch.PipelineEvents;
import fr.pairobs.pull.LandingArea;

/**
 * A separate JVM running the nightly job that stops at a chosen point, writes a marker file and waits
 * there to be killed with SIGKILL by {@link CrashRecoveryTest}. Arguments: home, crash point, run date.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        CrashRecoveryTest.CrashPoint point = CrashRecoveryTest.CrashPoint.valueOf(args[1]);
        LocalDate day = LocalDate.parse(args[2]);
        Halt halt = new Halt(point, home.resolve(CrashRecoveryTest.MARKER));
        try (ConfigurableApplicationContext context = PipelineContexts.start(home,
                c -> c.registerBean("halt", Halt.class, () -> halt), CrashRecoveryTest.PROPERTIES)) {
            JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", day, null);
            // reaching this line means the crash point was never met: the test fails on the missing marker
            System.out.println("finished without halting: " + outcome.message());
        }
        System.exit(3);
    }

    /** Waits forever, in the middle of the work, once the crash point is reached. */
    static final class Halt implements PipelineEvents, fr.pairobs.batch.IngestListener {
        private final CrashRecoveryTest.CrashPoint point;
        private final Path marker;
        private final AtomicInteger chunks = new AtomicInteger();
        private final AtomicInteger landings = new AtomicInteger();

        Halt(CrashRecoveryTest.CrashPoint point, Path marker) {
            this.point = point;
            this.marker = marker;
        }

        @Override
        public void landed(String feed, LandingArea.Landing landing) {
            if (point == CrashRecoveryTest.CrashPoint.DURING_PULL && landing.newlyLanded() && landings.incrementAndGet() == 3) {
                halt("landed " + landing);
            }
        }

        @Override
        public void beforePartCommit(org.springframework.batch.core.step.StepExecution partition, long rows) {
            if (point == CrashRecoveryTest.CrashPoint.MID_INGEST && chunks.incrementAndGet() == 4) {
                halt("part 4 of the ingest written, not committed");
            }
        }

        @Override
        public void scriptBuilt(String script, int done, int total) {
            if (point == CrashRecoveryTest.CrashPoint.DURING_BUILD && done == total / 2) {
                halt("built " + script + " (" + done + "/" + total + ")");
            }
        }

        @Override
        public void beforePublish(Path build, Path current) {
            if (point == CrashRecoveryTest.CrashPoint.BEFORE_PUBLISH) {
                halt("about to publish " + build);
            }
        }

        private void halt(String where) {
            try {
                Path partial = marker.resolveSibling(marker.getFileName() + ".tmp");
                Files.writeString(partial, where + "\n", StandardCharsets.UTF_8);
                Files.move(partial, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(Long.MAX_VALUE);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
