package fr.pairobs.schedule;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;

import static java.util.Objects.requireNonNull;

/**
 * Puts the crons of {@code jobs/*.yml} into Quartz: one trigger per scheduled job, in the
 * Europe/Paris time zone (so 03:00 stays 03:00 across daylight-saving changes), with the misfire
 * policy the spec states: {@code run-once} (default: a missed night runs once when the scheduler is
 * back) or {@code skip}.
 */
public final class PipelineSchedule {
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final JobKey JOB_KEY = JobKey.jobKey("pipeline", "pairobs");
    public static final String TRIGGER_GROUP = "pairobs";

    private final Scheduler scheduler;
    private final SpecCatalog catalog;

    public PipelineSchedule(Scheduler scheduler, SpecCatalog catalog) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Makes Quartz's triggers match the specs: adds, updates and removes. */
    public void synchronize() throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(PipelineQuartzJob.class).withIdentity(JOB_KEY).storeDurably()
                .withDescription("runs one PairObs job; never two at once").build();
        scheduler.addJob(detail, true);
        List<String> wanted = new ArrayList<>();
        schedule("nightly", catalog.nightly().schedule(), wanted);
        for (FeedSpec feed : catalog.feeds().values()) {
            schedule(feed.feed(), feed.schedule(), wanted);
        }
        Set<TriggerKey> existing = scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(TRIGGER_GROUP));
        for (TriggerKey key : existing) {
            if (!wanted.contains(key.getName())) {
                scheduler.unscheduleJob(key);
            }
        }
    }

    private void schedule(String job, FeedSpec.Schedule spec, List<String> wanted) throws SchedulerException {
        if (spec == null || spec.cron() == null || spec.cron().isBlank()) {
            return;
        }
        wanted.add(job);
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(spec.cron()).inTimeZone(TimeZone.getTimeZone(ZONE));
        cron = switch (spec.misfire() == null ? "run-once" : spec.misfire()) {
            case "run-once" -> cron.withMisfireHandlingInstructionFireAndProceed();
            case "skip" -> cron.withMisfireHandlingInstructionDoNothing();
            default -> throw new IllegalArgumentException("job " + job + ": misfire '" + spec.misfire()
                    + "' is not known; use run-once or skip");
        };
        TriggerKey key = TriggerKey.triggerKey(job, TRIGGER_GROUP);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(JOB_KEY)
                .usingJobData(new JobDataMap(java.util.Map.of(PipelineQuartzJob.JOB_NAME, job)))
                .withSchedule(cron).build();
        Trigger current = scheduler.getTrigger(key);
        if (current == null) {
            scheduler.scheduleJob(trigger);
        } else if (!(current instanceof CronTrigger c) || !c.getCronExpression().equals(spec.cron())
                || c.getMisfireInstruction() != ((CronTrigger) trigger).getMisfireInstruction()) {
            scheduler.rescheduleJob(key, trigger);
        }
    }

    public List<Entry> entries() throws SchedulerException {
        List<Entry> result = new ArrayList<>();
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(TRIGGER_GROUP))) {
            Trigger trigger = scheduler.getTrigger(key);
            String cron = trigger instanceof CronTrigger c ? c.getCronExpression() : "";
            String misfire = trigger.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING ? "skip" : "run-once";
            result.add(new Entry(key.getName(), cron, misfire, scheduler.getTriggerState(key).name(), trigger.getNextFireTime(),
                    trigger.getPreviousFireTime()));
        }
        result.sort(java.util.Comparator.comparing(Entry::job));
        return result;
    }

    public void pause(String job) throws SchedulerException {
        scheduler.pauseTrigger(key(job));
    }

    public void resume(String job) throws SchedulerException {
        scheduler.resumeTrigger(key(job));
    }

    /** Fires the job as soon as a running scheduler picks it up. */
    public void triggerNow(String job) throws SchedulerException {
        if (!"nightly".equals(job) && !catalog.feeds().containsKey(job)) {
            throw new IllegalArgumentException("unknown job '" + job + "'; see 'pairobs jobs'");
        }
        scheduler.triggerJob(JOB_KEY, new JobDataMap(java.util.Map.of(PipelineQuartzJob.JOB_NAME, job)));
    }

    private TriggerKey key(String job) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job, TRIGGER_GROUP);
        if (!scheduler.checkExists(key)) {
            throw new IllegalArgumentException("job '" + job + "' has no schedule; scheduled: "
                    + entries().stream().map(Entry::job).toList());
        }
        return key;
    }

    /** One scheduled job as operators see it. */
    public record Entry(String job, String cron, String misfire, String state, Date nextFire, Date previousFire) {
    }
}
