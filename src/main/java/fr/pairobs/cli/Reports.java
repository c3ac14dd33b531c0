package fr.pairobs.cli;

import java.time.Duration;
import java.time.LocalDateTime;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import fr.pairobs.batch.JobRunner;

/** How runs and steps are printed for operators. */
final class Reports {
    private Reports() {
    }

    static int print(JobRunner.Outcome outcome) {
        if (outcome.execution() != null) {
            steps(outcome.execution());
        }
        if (outcome.exitCode() == 0) {
            System.out.println(outcome.message());
        } else {
            System.err.println(outcome.message());
        }
        return outcome.exitCode();
    }

    static void steps(JobExecution execution) {
        System.out.printf("%-55s %-10s %9s %9s %9s  %s%n", "step", "status", "read", "written", "rejected", "duration");
        for (StepExecution step : execution.getStepExecutions().stream()
                .sorted(java.util.Comparator.comparing(StepExecution::getId)).toList()) {
            System.out.printf("%-55s %-10s %9d %9d %9d  %s%n", step.getStepName(), step.getStatus(), step.getReadCount(),
                    step.getWriteCount(), step.getProcessSkipCount(), duration(step.getStartTime(), step.getEndTime()));
        }
    }

    /** VmHWM of /proc/self/status: the peak resident set size of this process, in kB (0 where /proc is absent). */
    static long peakRssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }

    static String duration(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "";
        }
        Duration d = Duration.between(start, end != null ? end : LocalDateTime.now());
        return String.format("%d.%03ds", d.toSeconds(), d.toMillisPart());
    }
}
