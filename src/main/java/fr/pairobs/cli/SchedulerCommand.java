package fr.pairobs.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.pairobs.schedule.PipelineSchedule;
import picocli.CommandLine.Command;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run the Quartz scheduler until stopped: each job at the cron of its spec (Europe/Paris). "
                + "On SIGTERM or Ctrl-C the running job stops after its current chunk commits and can be restarted.")
public final class SchedulerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCommand.class);

    private final Scheduler scheduler;
    private final PipelineSchedule schedule;
    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters;

    @picocli.CommandLine.Option(names = "--metrics-port", defaultValue = "9464",
            description = "Port of the Prometheus metrics page (/metrics); -1 turns it off. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @picocli.CommandLine.Option(names = "--metrics-bind", defaultValue = "127.0.0.1",
            description = "Address the metrics page listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    public SchedulerCommand(Scheduler scheduler, PipelineSchedule schedule,
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters) {
        this.meters = requireNonNull(meters, "meters is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.schedule = requireNonNull(schedule, "schedule is null");
    }

    @Override
    public Integer call() throws Exception {
        schedule.synchronize();
        CountDownLatch stopped = new CountDownLatch(1);
        // on SIGTERM the application context closes: GracefulStop stops the running job after its chunk
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "pairobs-scheduler-stop"));
        fr.pairobs.ops.MetricsServer metrics = metricsPort < 0 ? null
                : fr.pairobs.ops.MetricsServer.start(meters, metricsBind, metricsPort);
        try {
            scheduler.start();
            ScheduleCommand.print(schedule.entries());
            LOG.info("scheduler started; stop it with SIGTERM or Ctrl-C");
            stopped.await();
            return 0;
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
