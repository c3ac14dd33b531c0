package fr.pairobs.batch;

import java.time.LocalDate;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Job parameters of PairObs runs. {@code run.date} identifies a run: the nightly job of a date
 * runs once, and running it again after a failure restarts it. {@code run.attempt} forces a new
 * instance of the same date (operators, the demo); it is harmless because pull and ingest are idempotent.
 */
public final class RunParameters {
    public static final String RUN_DATE = "run.date";
    public static final String RUN_ATTEMPT = "run.attempt";

    private RunParameters() {
    }

    public static JobParameters of(LocalDate date, String attempt) {
        JobParametersBuilder builder = new JobParametersBuilder().addString(RUN_DATE, date.toString());
        if (attempt != null) {
            builder.addString(RUN_ATTEMPT, attempt);
        }
        return builder.toJobParameters();
    }

    public static LocalDate runDate(JobParameters parameters) {
        String value = parameters.getString(RUN_DATE);
        return value == null ? LocalDate.now() : LocalDate.parse(value);
    }
}
