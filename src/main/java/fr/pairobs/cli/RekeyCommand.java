package fr.pairobs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.batch.PipelineJobs;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pseudo.KeyRegistry;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.security.FileModes;
import fr.pairobs.security.LakeRekey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = "Rotate the pseudonymization key: chain a new key over the stored pseudonyms (new = HMAC(new key, old)) "
                + "by rewriting every person-level lake batch, record it in the lake's key registry, and rebuild the warehouse. "
                + "From then on the ingest computes the chain, so people stay linked across the rotation and the old key "
                + "alone recomputes nothing stored. Run it while no other run is under way; if interrupted, run it again.")
public final class RekeyCommand implements Callable<Integer> {
    private final Workspace workspace;
    private final SpecCatalog catalog;
    private final PseudonymKeyProvider keys;
    private final JobRunner runner;

    @Option(names = "--to", required = true, description = "id of the new key, e.g. k2")
    String to;

    @Option(names = "--key-file", description = "the new key (64 hex characters, mode 0600); default: a new random key "
            + "written to pseudonym.<id>.key beside the current key file")
    Path keyFile;

    @Option(names = "--no-rebuild", description = "leave the warehouse rebuild to the next nightly (the published file keeps "
            + "pseudonyms of the old key until then)")
    boolean noRebuild;

    public RekeyCommand(Workspace workspace, SpecCatalog catalog, PseudonymKeyProvider keys, JobRunner runner) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public Integer call() throws Exception {
        KeyRegistry registry = requireNonNull(keys.registry(), "the key registry is not configured");
        if (registry.entries().stream().anyMatch(e -> e.keyId().equals(to))) {
            System.err.println("rekey: the lake already has a key '" + to + "' (" + registry.file() + "); choose a new id");
            return 2;
        }
        PseudonymKey current = keys.key();
        Path target = keys.chainedKeyFile(to);
        PseudonymKey next;
        if (keyFile != null) {
            next = PseudonymKey.load(to, keyFile);
            if (!Files.exists(target)) {
                FileModes.createOwnerOnly(target, (java.util.HexFormat.of().formatHex(next.secret()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        } else if (Files.exists(target)) {
            // a rotation interrupted earlier: its key was kept
            next = PseudonymKey.load(to, target);
        } else {
            next = PseudonymKey.generate(to, target);
        }
        if (!PseudonymKey.load(to, target).fingerprint().equals(next.fingerprint())) {
            System.err.println("rekey: " + target + " holds another key than " + keyFile + "; remove one of them");
            return 2;
        }
        PseudonymKey chained = next.chainedOver(current);
        List<LakeRekey.Rewritten> rewritten = new LakeRekey(new LakeLayout(workspace.lake()))
                .rekey(List.copyOf(catalog.datasets().values()), current, chained);
        registry.append(chained);
        long rows = rewritten.stream().mapToLong(LakeRekey.Rewritten::rows).sum();
        System.out.println("rekey: " + rewritten.size() + " lake batch(es), " + rows + " rows, carried from '" + current.keyId()
                + "' to '" + to + "' (fingerprint " + chained.fingerprint() + "); key kept in " + target);
        deleteOldBuilds();
        if (noRebuild) {
            System.out.println("rekey: run 'pairobs run nightly' to rebuild the warehouse under the new key");
            return 0;
        }
        JobRunner.Outcome outcome = runner.run(PipelineJobs.NIGHTLY, LocalDate.now(), "rekey-" + to);
        return Reports.print(outcome);
    }

    /** Unpublished builds hold person keys of the old key. */
    private void deleteOldBuilds() throws IOException {
        if (!Files.isDirectory(workspace.builds())) {
            return;
        }
        try (Stream<Path> builds = Files.list(workspace.builds())) {
            for (Path build : builds.filter(p -> p.getFileName().toString().endsWith(".duckdb")).toList()) {
                Files.deleteIfExists(build);
            }
        }
    }
}
