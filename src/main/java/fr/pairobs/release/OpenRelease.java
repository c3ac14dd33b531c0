package fr.pairobs.release;

import java.util.HashSet;
import java.util.Set;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.pairobs.Workspace;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.quality.CheckHistory;
import fr.pairobs.quality.CheckResult;
import fr.pairobs.quality.QualityChecks;
import fr.pairobs.warehouse.WarehouseBuilder;

import static java.util.Objects.requireNonNull;

/**
 * The open release as a capability: stage the release of a checked build, publish it beside the warehouse, verify a
 * published one by rebuilding it from the lake batches its manifest lists.
 */
public final class OpenRelease {
    private static final Logger LOG = LoggerFactory.getLogger(OpenRelease.class);

    private final Workspace workspace;
    private final SpecCatalog catalog;
    private final Path sqlDir;
    private final Path configDir;
    private final Releases releases;
    private final CheckHistory history;
    private final Clock clock;

    public OpenRelease(Workspace workspace, SpecCatalog catalog, Path sqlDir, Path configDir, Releases releases, CheckHistory history,
            Clock clock) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.sqlDir = requireNonNull(sqlDir, "sqlDir is null");
        this.configDir = requireNonNull(configDir, "configDir is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.history = requireNonNull(history, "history is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Releases releases() {
        return releases;
    }

    public SecrecyRules rules() {
        return SecrecyRules.load(sqlDir.resolve("release").resolve("secrecy.yml"));
    }

    /** Writes and audits the release of a checked build under its staging name; a refused audit leaves nothing staged. */
    public ReleaseWriter.Summary stage(Path build, String buildId, LocalDate releaseDate) {
        Path staged = releases.staging(buildId);
        Releases.delete(staged);
        ReleaseWriter.Params params = new ReleaseWriter.Params(releaseDate, buildId, LocalDateTime.now(clock),
                CodeVersion.of(sqlDir.getParent()), Manifest.sqlVersion(sqlDir));
        List<LakeBatch> batches = LakeBatch.committed(new LakeLayout(workspace.lake()));
        SecrecyLedger ledger = ledger();
        // tonight's release is protected against the last published one: the difference of two releases is equations too
        PreviousRelease previous = releases.latest().flatMap(ledger::previous).orElse(null);
        ReleaseWriter.Summary summary;
        try {
            summary = new ReleaseWriter(sqlDir, rules()).write(build, workspace.lake(), workspace.rejects(), batches, params, staged,
                    previous, ledger.file(buildId));
        } catch (RuntimeException e) {
            recordAudit(buildId, -1);
            Path refused = releases.root().resolve(".refused-" + buildId);
            // the refused release is kept aside for the operator, never where it could be published
            Releases.delete(refused);
            if (Files.exists(staged)) {
                try {
                    Files.move(staged, refused);
                } catch (IOException io) {
                    Releases.delete(staged);
                }
            }
            throw e;
        }
        recordAudit(buildId, summary.auditFailures());
        keepQuarantine(workspace.lake(), staged);
        pruneLedger(buildId);
        return summary;
    }

    /** The records of what each release hid, beside the research warehouse (never in a release). */
    public SecrecyLedger ledger() {
        return new SecrecyLedger(workspace.warehouse().resolve("secrecy"));
    }

    /** Keeps the ledger of every kept release, of the releases they were protected against, and of the staged build. */
    private void pruneLedger(String stagedBuild) {
        Set<String> keep = new HashSet<>();
        keep.add(stagedBuild);
        for (String name : releases.list()) {
            Manifest.Read m = Manifest.read(releases.root().resolve(name));
            keep.add(m.params().buildId());
            if (m.previousBuildId() != null) {
                keep.add(m.previousBuildId());
            }
        }
        ledger().prune(keep);
    }

    /**
     * The quarantine list the release was built with, for verify: kind, partner, feed, dataset, period and since only
     * (what release_completeness reads); file names, checksums and reasons, which name the observatory's own paths,
     * stay out of the open release.
     */
    static final String QUARANTINE = "quarantine.csv";
    private static final java.util.Set<String> QUARANTINE_PUBLISHED = java.util.Set.of("kind", "partner", "feed", "dataset", "period",
            "since");

    private static void keepQuarantine(Path lake, Path staged) {
        Path open = fr.pairobs.lake.Quarantine.openFile(lake);
        if (!Files.isRegularFile(open)) {
            return;
        }
        org.apache.commons.csv.CSVFormat format = org.apache.commons.csv.CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
        try (org.apache.commons.csv.CSVParser in = org.apache.commons.csv.CSVParser.parse(open, java.nio.charset.StandardCharsets.UTF_8,
                format.builder().setHeader().setSkipHeaderRecord(true).get());
                org.apache.commons.csv.CSVPrinter out = new org.apache.commons.csv.CSVPrinter(
                        Files.newBufferedWriter(staged.resolve(QUARANTINE), java.nio.charset.StandardCharsets.UTF_8), format)) {
            List<String> header = in.getHeaderNames();
            out.printRecord(header);
            for (org.apache.commons.csv.CSVRecord record : in) {
                List<String> row = new ArrayList<>();
                for (String column : header) {
                    row.add(QUARANTINE_PUBLISHED.contains(column) ? record.get(column) : "");
                }
                out.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + open + " into the release " + staged, e);
        }
    }

    private void recordAudit(String buildId, long failures) {
        history.compareAndRecord(buildId, List.of(new CheckResult("release_disclosure_audit", "disclosure", "blocking", 0,
                failures < 0 ? 1 : failures, "no masked count of the open release can be narrowed below the protection level", List.of(), "")));
    }

    /** Publishes the staged release of a build (called just before the warehouse is renamed). */
    public Path publishStaged(String buildId) {
        Path staged = releases.staging(buildId);
        if (!Files.exists(staged)) {
            // a run killed between the two renames: its release is already in place, only the warehouse is left to publish
            for (String name : releases.list()) {
                if (Manifest.read(releases.root().resolve(name)).params().buildId().equals(buildId)) {
                    LOG.info("release of build {} already published as {}", buildId, name);
                    return releases.root().resolve(name);
                }
            }
        }
        LocalDate date = Manifest.read(staged).params().releaseDate();
        Path published = releases.publish(staged, date);
        LOG.info("release published: {} (keeping the last {})", published, releases.keep());
        return published;
    }

    /** One file of a release: its checksum in the manifest, on disk now, and in the rebuild. */
    public record Comparison(String file, String published, String onDisk, String rebuilt) {
        public boolean same() {
            return published != null && published.equals(onDisk) && published.equals(rebuilt);
        }
    }

    /** Rebuilds the release from the batches of its manifest only and compares every table's files. */
    public List<Comparison> verify(String name) {
        Path dir = releases.get(name);
        Manifest.Read manifest = Manifest.read(dir);
        Path work = releases.root().resolve(".verify-" + name + "-" + ProcessHandle.current().pid());
        Releases.delete(work);
        try {
            Path lake = work.resolve("lake");
            for (LakeBatch batch : manifest.batches()) {
                Path source = batch.dir(workspace.lake());
                if (!Files.isDirectory(source)) {
                    throw new ReleaseException("release " + name + " was built from lake batch " + batch.dataset() + "/partner="
                            + batch.partner() + "/batch=" + batch.batch() + ", which is no longer in " + workspace.lake());
                }
                linkBatch(source, batch.dir(lake));
            }
            // the files and sources set aside when the release was made, as they were then (release_completeness lists them)
            Path quarantine = dir.resolve(QUARANTINE);
            if (Files.isRegularFile(quarantine)) {
                Path open = fr.pairobs.lake.Quarantine.openFile(lake);
                try {
                    Files.createDirectories(open.getParent());
                    Files.copy(quarantine, open);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy the quarantine list of release " + name + " into " + work, e);
                }
            }
            Path build = work.resolve("build.duckdb");
            new WarehouseBuilder(catalog, new LakeLayout(lake), sqlDir, configDir).build(build);
            new QualityChecks(sqlDir.resolve("checks"), new CheckHistory(work.resolve("history.csv"))).run(build, manifest.params().buildId());
            // the release it was protected against, as it was then: its masks and its ledger
            PreviousRelease previous = null;
            if (manifest.previousRelease() != null) {
                Path before = releases.root().resolve(manifest.previousRelease());
                previous = ledger().previous(manifest.previousRelease(), manifest.previousBuildId(), Files.isDirectory(before) ? before : null);
            }
            new ReleaseWriter(sqlDir, rules()).write(build, lake, workspace.rejects(), manifest.batches(), manifest.params(),
                    work.resolve("release"), previous, null);
            Map<String, String> rebuilt = Manifest.checksums(work.resolve("release"));
            List<Comparison> comparisons = new ArrayList<>();
            for (Map.Entry<String, String> e : manifest.files().entrySet()) {
                if (e.getKey().startsWith("tables/") || e.getKey().equals("disclosure_audit.csv")) {
                    Path published = dir.resolve(e.getKey());
                    comparisons.add(new Comparison(e.getKey(), e.getValue(), Files.isRegularFile(published) ? Manifest.sha256(published) : null,
                            rebuilt.get(e.getKey())));
                }
            }
            String sqlNow = Manifest.sqlVersion(sqlDir);
            if (!sqlNow.equals(manifest.params().sqlVersion())) {
                LOG.warn("sql/ has changed since release {} (SQL version {} then, {} now): a difference may come from it", name,
                        manifest.params().sqlVersion(), sqlNow);
            }
            return comparisons;
        } finally {
            Releases.delete(work);
        }
    }

    /** Hard links to the batch's files (copies where links are not possible): the lake is never touched. */
    private static void linkBatch(Path source, Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(f.getFileName());
                    try {
                        Files.createLink(to, f);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the lake batch " + source + " for verification", e);
        }
    }
}
