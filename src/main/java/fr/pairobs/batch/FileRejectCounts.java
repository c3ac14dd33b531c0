package fr.pairobs.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rejected rows per file and job execution, shared by the partitions of one run in this process: the ranges of a
 * file read at once are held to the file's reject limit together. A restart is a new job execution: its partitions
 * seed the count again from the rejects their earlier runs committed.
 */
final class FileRejectCounts {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    AtomicLong of(long jobExecutionId, String sha256) {
        if (counts.size() > 10_000) {
            // a scheduler process runs for months: runs long finished need no count
            counts.clear();
        }
        return counts.computeIfAbsent(jobExecutionId + ":" + sha256, k -> new AtomicLong());
    }
}
