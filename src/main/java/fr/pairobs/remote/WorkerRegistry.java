package fr.pairobs.remote;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static java.util.Objects.requireNonNull;

/**
 * The workers and the partitions they run, in the job repository's database ({@code PAIROBS_WORKER},
 * {@code PAIROBS_PARTITION}): a worker registers, claims each partition before running it, beats every
 * {@code pairobs.remote.heartbeat} for itself and its running partitions, and marks each partition's end. All times
 * are the database's own clock, so that processes on machines whose clocks differ agree on who is silent.
 */
public final class WorkerRegistry {
    private final JdbcTemplate jdbc;

    public WorkerRegistry(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(requireNonNull(dataSource, "dataSource is null"));
    }

    /** A partition claimed by a worker that has not beaten since {@code beatAt}. */
    public record Silent(long stepExecutionId, String worker, LocalDateTime beatAt) {
    }

    public void register(WorkerId worker, String queue, String specs) {
        jdbc.update("INSERT INTO PAIROBS_WORKER (WORKER, HOST, PID, QUEUE, SPECS_SHA256, STARTED_AT, BEAT_AT) "
                + "VALUES (?, ?, ?, ?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", worker.id(), worker.host(), worker.pid(), queue, specs);
    }

    public void stopped(WorkerId worker) {
        jdbc.update("UPDATE PAIROBS_WORKER SET STOPPED_AT = LOCALTIMESTAMP, BEAT_AT = LOCALTIMESTAMP WHERE WORKER = ?", worker.id());
    }

    /** The worker and every partition it has not ended are alive now. */
    public void beat(WorkerId worker) {
        jdbc.update("UPDATE PAIROBS_WORKER SET BEAT_AT = LOCALTIMESTAMP WHERE WORKER = ?", worker.id());
        jdbc.update("UPDATE PAIROBS_PARTITION SET BEAT_AT = LOCALTIMESTAMP WHERE WORKER = ? AND ENDED_AT IS NULL", worker.id());
    }

    /**
     * Takes a partition for this worker; false when another process took it first (a request delivered twice: after a
     * worker died with it unacknowledged, or after the broker restarted).
     */
    public boolean claim(long stepExecutionId, String stepName, WorkerId worker) {
        try {
            return jdbc.update("INSERT INTO PAIROBS_PARTITION (STEP_EXECUTION_ID, WORKER, STEP_NAME, CLAIMED_AT, BEAT_AT) "
                    + "VALUES (?, ?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", stepExecutionId, worker.id(), stepName) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public void ended(long stepExecutionId) {
        jdbc.update("UPDATE PAIROBS_PARTITION SET ENDED_AT = LOCALTIMESTAMP WHERE STEP_EXECUTION_ID = ?", stepExecutionId);
    }

    /** The worker that claimed a partition, or null when none has. */
    public String workerOf(long stepExecutionId) {
        List<String> workers = jdbc.queryForList("SELECT WORKER FROM PAIROBS_PARTITION WHERE STEP_EXECUTION_ID = ?", String.class,
                stepExecutionId);
        return workers.isEmpty() ? null : workers.get(0);
    }

    /** Partitions among {@code ids} claimed, not ended, and not beaten for {@code timeout}. */
    public List<Silent> silent(Collection<Long> ids, Duration timeout) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return jdbc.query("SELECT STEP_EXECUTION_ID, WORKER, BEAT_AT FROM PAIROBS_PARTITION WHERE ENDED_AT IS NULL AND BEAT_AT < ? "
                + "AND STEP_EXECUTION_ID IN (" + in + ") ORDER BY STEP_EXECUTION_ID",
                (rs, n) -> new Silent(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toLocalDateTime()), threshold(timeout));
    }

    /** Workers of the queue that have beaten within {@code timeout} and not stopped. */
    public int live(String queue, Duration timeout) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM PAIROBS_WORKER WHERE QUEUE = ? AND STOPPED_AT IS NULL AND BEAT_AT >= ?",
                Integer.class, queue, threshold(timeout));
        return count == null ? 0 : count;
    }

    private Timestamp threshold(Duration timeout) {
        Timestamp now = jdbc.queryForObject("SELECT LOCALTIMESTAMP", Timestamp.class);
        return Timestamp.valueOf(requireNonNull(now, "no database time").toLocalDateTime().minus(timeout));
    }
}
