package fr.pairobs.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.FeedSteps;
import fr.pairobs.batch.IngestListener;

/**
 * A {@code pairobs worker} in a JVM of its own that, once a gate file exists, stops in the middle of a partition at its
 * next part (written, not committed), writes which partition into a marker file and waits there to be killed with
 * SIGKILL by {@link RemotePartitioningTest}. Arguments: home, marker file, gate file, then the application's properties.
 */
public final class WorkerChild {
    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        Halt halt = new Halt(Path.of(args[2]), marker);
        String[] properties = Arrays.copyOfRange(args, 3, args.length);
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, c -> c.registerBean("halt", Halt.class, () -> halt),
                properties)) {
            PartitionWorker worker = context.getBean(RemoteIngest.class).worker(context.getBean(JobRepository.class),
                    context.getBean(FeedSteps.class)::workerStep);
            worker.start();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Waits forever before committing the first part this worker writes once the gate is open. */
    static final class Halt implements IngestListener {
        private final Path gate;
        private final Path marker;
        private final AtomicBoolean halted = new AtomicBoolean();

        Halt(Path gate, Path marker) {
            this.gate = gate;
            this.marker = marker;
        }

        @Override
        public void beforePartCommit(StepExecution partition, long rows) {
            if (!Files.exists(gate) || !halted.compareAndSet(false, true)) {
                return;
            }
            try {
                Path partial = marker.resolveSibling(marker.getFileName() + ".tmp");
                Files.writeString(partial, partition.getStepName() + "\n" + partition.getId() + "\n", StandardCharsets.UTF_8);
                Files.move(partial, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(Long.MAX_VALUE);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
