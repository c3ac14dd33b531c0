package fr.pairobs.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.cli.SchedulerCommand;
import picocli.CommandLine;

/**
 * A separate JVM running {@code pairobs scheduler} with the nightly job asked for at once; ingest
 * chunks are slowed down so that the run is still ingesting when {@link GracefulStopTest} sends
 * SIGTERM. Writes a marker once a few chunks are in. Arguments: home.
 */
public final class GracefulStopChild {
    private GracefulStopChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        ConfigurableApplicationContext context = PipelineContexts.start(home,
                c -> c.registerBean("slow", Slow.class, () -> new Slow(home.resolve(GracefulStopTest.MARKER))),
                GracefulStopTest.PROPERTIES);
        context.getBean(PipelineSchedule.class).synchronize();
        context.getBean(PipelineSchedule.class).triggerNow("nightly");
        int exit = new CommandLine(context.getBean(SchedulerCommand.class)).execute("--metrics-port=-1");
        System.out.println("scheduler returned " + exit);
    }

    /** Slows every part (one chunk) down; after the fifth, says so in the marker file. */
    static final class Slow implements fr.pairobs.batch.IngestListener {
        private final Path marker;
        private final AtomicInteger chunks = new AtomicInteger();

        Slow(Path marker) {
            this.marker = marker;
        }

        @Override
        public void beforePartCommit(org.springframework.batch.core.step.StepExecution partition, long rows) {
            try {
                Thread.sleep(150);
                if (chunks.incrementAndGet() == 5) {
                    Path partial = marker.resolveSibling(marker.getFileName() + ".tmp");
                    Files.writeString(partial, "chunk 5\n");
                    Files.move(partial, marker, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
