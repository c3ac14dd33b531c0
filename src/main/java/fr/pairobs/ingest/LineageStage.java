package fr.pairobs.ingest;

import static java.util.Objects.requireNonNull;

/**
 * The last stage of the row path: where the row comes from (partner, feed, the landed file's SHA-256 and line,
 * the period, when it was pulled, the job execution), written on every lake row so a fact can be traced back.
 */
final class LineageStage {
    private final BatchLineage lineage;
    private final int partner;
    private final int feed;
    private final int sourceSha256;
    private final int sourceLine;
    private final int period;
    private final int pulledAt;
    private final int jobExecutionId;

    LineageStage(BatchLineage lineage, LakeRow.Columns columns) {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.partner = columns.index("_partner");
        this.feed = columns.index("_feed");
        this.sourceSha256 = columns.index("_source_sha256");
        this.sourceLine = columns.index("_source_line");
        this.period = columns.index("_period");
        this.pulledAt = columns.index("_pulled_at");
        this.jobExecutionId = columns.index("_job_execution_id");
    }

    void stamp(SourceRow row, LakeRow out) {
        out.set(partner, lineage.partner());
        out.set(feed, lineage.feed());
        out.set(sourceSha256, lineage.sha256());
        out.set(sourceLine, row.line());
        out.set(period, lineage.period());
        out.set(pulledAt, lineage.pulledAt());
        out.set(jobExecutionId, lineage.jobExecutionId());
    }
}
