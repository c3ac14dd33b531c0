package fr.pairobs.cli;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.schedule.PipelineSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "List scheduled jobs with their next fire times (Europe/Paris), or pause, resume or trigger one. "
                + "Changes are stored in the Quartz job store and apply to the running scheduler.")
public final class ScheduleCommand implements Callable<Integer> {
    private final PipelineSchedule schedule;

    @Parameters(index = "0", defaultValue = "list", description = "list, pause, resume or trigger")
    String action;

    @Parameters(index = "1", arity = "0..1", description = "job name (for pause, resume, trigger)")
    String job;

    public ScheduleCommand(PipelineSchedule schedule) {
        this.schedule = requireNonNull(schedule, "schedule is null");
    }

    @Override
    public Integer call() throws Exception {
        schedule.synchronize();
        if (!"list".equals(action) && job == null) {
            throw new IllegalArgumentException(action + " needs a job name; see 'pairobs schedule list'");
        }
        switch (action) {
            case "list" -> print(schedule.entries());
            case "pause" -> {
                schedule.pause(job);
                System.out.println(job + " paused");
            }
            case "resume" -> {
                schedule.resume(job);
                System.out.println(job + " resumed");
            }
            case "trigger" -> {
                schedule.triggerNow(job);
                System.out.println(job + " triggered: a running 'pairobs scheduler' starts it now");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use list, pause, resume or trigger");
        }
        return 0;
    }

    static void print(List<PipelineSchedule.Entry> entries) {
        System.out.printf("%-36s %-16s %-9s %-8s %-22s %s%n", "job", "cron", "misfire", "state", "next fire (Europe/Paris)",
                "previous fire");
        for (PipelineSchedule.Entry e : entries) {
            System.out.printf("%-36s %-16s %-9s %-8s %-22s %s%n", e.job(), e.cron(), e.misfire(), e.state(), format(e.nextFire()),
                    format(e.previousFire()));
        }
    }

    private static String format(Date date) {
        if (date == null) {
            return "";
        }
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");
        format.setTimeZone(TimeZone.getTimeZone(PipelineSchedule.ZONE));
        return format.format(date);
    }
}
