package fr.pairobs.batch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Stops the jobs this process is running when the application shuts down (SIGTERM, Ctrl-C): each
 * is asked to stop, which its steps do after the chunk under way commits, and shutdown waits for
 * them (up to a limit) before the job repository's connections close. The executions end STOPPED,
 * ready for {@code pairobs restart}. Executions of other processes sharing the repository are left alone.
 */
public final class GracefulStop implements JobExecutionListener, SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();
    private final ObjectProvider<JobOperator> operator;
    private final Duration patience;
    private volatile boolean started;

    public GracefulStop(ObjectProvider<JobOperator> operator, Duration patience) {
        this.operator = operator;
        this.patience = patience;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        running.add(execution);
    }

    @Override
    public void afterJob(JobExecution execution) {
        running.remove(execution);
        synchronized (running) {
            running.notifyAll();
        }
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public void stop() {
        started = false;
        if (running.isEmpty()) {
            return;
        }
        for (JobExecution execution : running) {
            LOG.info("stopping execution {} of {} after its current chunk", execution.getId(),
                    execution.getJobInstance().getJobName());
            try {
                operator.getObject().stop(execution);
            } catch (Exception e) {
                LOG.warn("could not ask execution {} to stop: {}", execution.getId(), e.getMessage());
            }
        }
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (running) {
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                try {
                    running.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (running.isEmpty()) {
            LOG.info("running jobs stopped; restart them with 'pairobs restart <execution id>'");
        } else {
            LOG.warn("jobs still running after {}: {}; if the process dies now, 'pairobs recover' them", patience,
                    running.stream().map(JobExecution::getId).toList());
        }
    }
}
