package fr.pairobs.schedule;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.RunParameters;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quartz on its JDBC store (the H2 file), with a fast cron: a scheduler that was down while two fire
 * times passed runs the job once on start-up under {@code run-once} and not at all under
 * {@code skip}; triggers arriving while the pipeline runs wait for it, never start a second run.
 */
class SchedulerTest {
    @TempDir
    Path home;

    private final Runs runs = new Runs();

    @Test
    void testMissedFireTimesRunOnceOnStartUpAndTriggersDuringARunWaitTheirTurn() throws Exception {
        PseudonymKey.generate("sched", home.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(home, 7, 0.05);
        Date missed = missedWhileDown("run-once");

        try (ConfigurableApplicationContext context = start()) {
            Scheduler scheduler = context.getBean(Scheduler.class);
            PipelineSchedule schedule = context.getBean(PipelineSchedule.class);
            schedule.synchronize();
            scheduler.start();
            await(() -> runs.started.get() >= 1, Duration.ofSeconds(30), "the missed night to be run");
            // an operator asks twice for a run while the scheduled one is under way
            schedule.triggerNow("nightly");
            schedule.triggerNow("nightly");
            await(() -> runs.finished.get() >= 3, Duration.ofMinutes(3), "the run and both requests to finish");
            scheduler.standby();

            assertThat(runs.maxConcurrent.get()).as("runs at once").isEqualTo(1);
            assertThat(runs.list).extracting(Run::trigger).containsExactly("pairobs.nightly", "manual", "manual");
            Run first = runs.list.get(0);
            assertThat(first.scheduledFire()).as("fired once for the missed times, on start-up").isAfter(missed);
            for (Run request : runs.list.subList(1, 3)) {
                assertThat(request.start()).as("a request waits for the run under way").isAfterOrEqualTo(first.end());
            }
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey("nightly", PipelineSchedule.TRIGGER_GROUP));
            assertThat(trigger.getNextFireTime()).as("then back on its cron").isAfter(new Date());

            JobRepository repository = context.getBean(JobRepository.class);
            LocalDate day = LocalDate.ofInstant(first.scheduledFire().toInstant(), PipelineSchedule.ZONE);
            JobInstance instance = repository.getJobInstance("nightly", RunParameters.of(day, null));
            List<JobExecution> executions = repository.getJobExecutions(instance);
            assertThat(executions).as("one pipeline run for the night, the requests found it done").hasSize(1);
            assertThat(executions.get(0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(home.resolve("warehouse/current.duckdb")).exists();
        }
    }

    @Test
    void testMissedFireTimesAreSkippedUnderTheSkipPolicy() throws Exception {
        missedWhileDown("skip");
        try (ConfigurableApplicationContext context = start()) {
            Scheduler scheduler = context.getBean(Scheduler.class);
            context.getBean(PipelineSchedule.class).synchronize();
            scheduler.start();
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey("nightly", PipelineSchedule.TRIGGER_GROUP));
            await(() -> {
                try {
                    return scheduler.getTrigger(trigger.getKey()).getNextFireTime().after(new Date());
                } catch (org.quartz.SchedulerException e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(30), "the misfire to be handled");
            scheduler.standby();
            // the misfire was handled without firing: a trigger that fired would have a previous fire time
            assertThat(scheduler.getTrigger(trigger.getKey()).getPreviousFireTime()).as("never fired").isNull();
            assertThat(runs.list).as("nothing run for the missed times").isEmpty();
            assertThat(context.getBean(PipelineSchedule.class).entries()).singleElement()
                    .satisfies(e -> assertThat(e.misfire()).isEqualTo("skip"));
        }
    }

    /**
     * Schedules the nightly job at two seconds about 40 s from now (that minute of that hour only), stores that in the
     * job store, stops, and waits until both have passed: the next start finds two missed fire times.
     */
    private Date missedWhileDown(String misfire) throws Exception {
        ZonedDateTime now = ZonedDateTime.now(PipelineSchedule.ZONE);
        // 40 s leave time for the context to start and store the trigger on a loaded machine; both fire times in the same
        // minute of the same hour, so that the cron does not fire again while the runs of the test take their time
        ZonedDateTime fire = now.plusSeconds(40);
        if (fire.getSecond() > 57) {
            fire = fire.plusSeconds(60 - fire.getSecond());
        }
        writeJobs("%d,%d %d %d * * ?".formatted(fire.getSecond(), fire.getSecond() + 2, fire.getMinute(), fire.getHour()), misfire);
        Date next;
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, properties())) {
            context.getBean(PipelineSchedule.class).synchronize();
            next = context.getBean(Scheduler.class).getTrigger(TriggerKey.triggerKey("nightly", PipelineSchedule.TRIGGER_GROUP))
                    .getNextFireTime();
        }
        assertThat(next).as("the stored next fire time is within the minute").isBefore(Date.from(now.plusSeconds(48).toInstant()));
        long wait = next.getTime() + 2_000 + 2_500 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return next;
    }

    private ConfigurableApplicationContext start() {
        return PipelineContexts.start(home,
                c -> c.registerBean("runsRecorder", SchedulerFactoryBeanCustomizer.class,
                        () -> factory -> factory.setGlobalJobListeners(runs)),
                properties());
    }

    private String[] properties() {
        return new String[] {"pairobs.jobs-dir=" + home.resolve("jobs"),
                "spring.quartz.properties.org.quartz.jobStore.misfireThreshold=1000"};
    }

    /** A copy of jobs/ where only the nightly job is scheduled, on the given cron. */
    private void writeJobs(String cron, String misfire) throws Exception {
        Path jobs = Files.createDirectories(home.resolve("jobs"));
        try (var specs = Files.list(Path.of("jobs"))) {
            for (Path spec : specs.toList()) {
                List<String> lines = new ArrayList<>();
                for (String line : Files.readAllLines(spec, StandardCharsets.UTF_8)) {
                    if (line.startsWith("schedule:")) {
                        if (spec.getFileName().toString().equals("nightly.yml")) {
                            lines.add("schedule: {cron: \"" + cron + "\", misfire: " + misfire + "}");
                        }
                    } else {
                        lines.add(line);
                    }
                }
                Files.write(jobs.resolve(spec.getFileName()), lines, StandardCharsets.UTF_8);
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    record Run(String trigger, Date scheduledFire, Date start, Date end) {
    }

    /** Records every Quartz execution: which trigger, when, and how many ran at once. */
    static final class Runs implements JobListener {
        final List<Run> list = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public String getName() {
            return "runs-recorder";
        }

        @Override
        public void jobToBeExecuted(JobExecutionContext context) {
            started.incrementAndGet();
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        @Override
        public void jobExecutionVetoed(JobExecutionContext context) {
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
            running.decrementAndGet();
            TriggerKey key = context.getTrigger().getKey();
            // Scheduler.triggerJob fires a one-off trigger named MT_<random>
            String trigger = key.getName().startsWith("MT_") ? "manual" : key.getGroup() + "." + key.getName();
            list.add(new Run(trigger, context.getScheduledFireTime(), context.getFireTime(), new Date()));
            finished.incrementAndGet();
        }
    }
}
