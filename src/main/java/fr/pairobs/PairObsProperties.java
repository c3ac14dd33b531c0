package fr.pairobs;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code pairobs.*} (config/application.yml). Paths are relative to the working
 * directory, which the {@code pairobs} launcher sets to the project root.
 *
 * @param home runtime data: landing, lake, rejects, warehouse, job repository
 * @param configDir datasets.yml, partners.yml, reference data
 * @param jobsDir feed specs and the nightly flow
 * @param sqlDir warehouse SQL
 */
@ConfigurationProperties("pairobs")
public record PairObsProperties(Path home, Path configDir, Path jobsDir, Path sqlDir, Pseudonym pseudonym, Ingest ingest) {
    public PairObsProperties {
        home = (home == null ? Path.of("var") : home).toAbsolutePath().normalize();
        configDir = (configDir == null ? Path.of("config") : configDir).toAbsolutePath().normalize();
        jobsDir = (jobsDir == null ? Path.of("jobs") : jobsDir).toAbsolutePath().normalize();
        sqlDir = (sqlDir == null ? Path.of("sql") : sqlDir).toAbsolutePath().normalize();
        pseudonym = pseudonym == null ? new Pseudonym(null, null, null) : pseudonym;
        ingest = ingest == null ? new Ingest(0, 0, 0, 0, 0) : ingest;
    }

    /**
     * Where the pseudonymization key comes from: the environment variable named by {@code keyEnv}
     * (hex or base64) or else {@code keyFile}. Never from the repository.
     */
    public record Pseudonym(String keyId, Path keyFile, String keyEnv) {
        public Pseudonym {
            keyId = keyId == null ? "k1" : keyId;
            keyEnv = keyEnv == null ? "PAIROBS_PSEUDONYM_KEY" : keyEnv;
        }
    }

    /**
     * @param chunkSize rows read per Parquet part file and per commit (the restart point); rows are streamed into the part, so the heap does not grow with it
     * @param maxRejects rejected rows tolerated in one file before its step fails
     * @param threads files, or ranges of a large file, ingested at once
     * @param maxLineChars longest line accepted in a partner file; a longer one fails the file without being read whole
     * @param rangeBytes a landed CSV file is cut into ranges of about this many bytes, read at once by the ingest
     *        threads (the cut follows quoting, so no record is split)
     */
    public record Ingest(int chunkSize, long maxRejects, int threads, long maxLineChars, long rangeBytes) {
        public Ingest {
            rangeBytes = rangeBytes <= 0 ? 64L * 1024 * 1024 : rangeBytes;
            maxLineChars = maxLineChars <= 0 ? 1_000_000 : maxLineChars;
            chunkSize = chunkSize <= 0 ? 100_000 : chunkSize;
            maxRejects = maxRejects <= 0 ? 100_000 : maxRejects;
            threads = threads <= 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        }
    }
}
