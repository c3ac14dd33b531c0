package fr.pairobs.schedule;

import java.time.LocalDate;
import java.time.ZoneId;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import fr.pairobs.batch.JobRunner;

/**
 * The one Quartz job of PairObs: runs the pipeline job named by the firing trigger for the day it
 * fires on (Europe/Paris). Every trigger points at this single JobDetail, and Quartz never runs a
 * JobDetail twice at once, so two pipeline runs never overlap, even across clustered schedulers.
 */
@DisallowConcurrentExecution
public class PipelineQuartzJob implements Job {
    public static final String JOB_NAME = "pairobs.job";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineQuartzJob.class);

    private JobRunner runner;

    /** Quartz creates the job; Spring's job factory injects the runner. */
    @Autowired
    public void setRunner(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = context.getMergedJobDataMap().getString(JOB_NAME);
        ZoneId zone = context.getTrigger() instanceof org.quartz.CronTrigger cron ? cron.getTimeZone().toZoneId() : PipelineSchedule.ZONE;
        LocalDate date = LocalDate.ofInstant(context.getScheduledFireTime().toInstant(), zone);
        LOG.info("scheduled run of {} for {} (trigger {})", job, date, context.getTrigger().getKey().getName());
        try {
            JobRunner.Outcome outcome = runner.run(job, date, null);
            if (outcome.exitCode() != 0) {
                LOG.error("scheduled run failed: {}", outcome.message());
            } else {
                LOG.info("{}", outcome.message());
            }
        } catch (Exception e) {
            throw new JobExecutionException("scheduled run of " + job + " could not start: " + e.getMessage(), e, false);
        }
    }
}
