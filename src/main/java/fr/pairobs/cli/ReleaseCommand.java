package fr.pairobs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.release.Manifest;
import fr.pairobs.release.OpenRelease;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

/** {@code pairobs release list|verify <date>}: the open releases of var/release/. */
@Component
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "The open releases (var/release/): list them, or verify one by rebuilding it from its lake batches.",
        subcommands = {ReleaseCommand.ListReleases.class, ReleaseCommand.Verify.class})
public final class ReleaseCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Component
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Releases kept, oldest first, with their build and audit.")
    public static final class ListReleases implements Callable<Integer> {
        private final OpenRelease release;

        public ListReleases(OpenRelease release) {
            this.release = requireNonNull(release, "release is null");
        }

        @Override
        public Integer call() {
            List<String> names = release.releases().list();
            System.out.printf("%-14s %-8s %-20s %s%n", "release", "build", "built at", "lake batches");
            for (String name : names) {
                Manifest.Read m = Manifest.read(release.releases().root().resolve(name));
                System.out.printf("%-14s %-8s %-20s %d%n", name, m.params().buildId(), m.params().builtAt(), m.batches().size());
            }
            System.out.printf("%d release(s) in %s; the last %d are kept (pairobs.release.keep)%n", names.size(),
                    release.releases().root(), release.releases().keep());
            return 0;
        }
    }

    @Component
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Rebuild a release from the lake batches its manifest lists (later batches ignored) and compare every table's checksum.")
    public static final class Verify implements Callable<Integer> {
        private final OpenRelease release;

        @Parameters(index = "0", description = "the release, e.g. 2026-01-05 or 2026-01-05.2")
        String name;

        public Verify(OpenRelease release) {
            this.release = requireNonNull(release, "release is null");
        }

        @Override
        public Integer call() {
            List<OpenRelease.Comparison> comparisons = release.verify(name);
            long different = 0;
            for (OpenRelease.Comparison c : comparisons) {
                System.out.printf("%-10s %-48s %s%n", c.same() ? "same" : "DIFFERENT", c.file(),
                        c.same() ? c.published().substring(0, 16)
                                : "manifest " + c.published() + ", on disk " + c.onDisk() + ", rebuilt " + c.rebuilt());
                different += c.same() ? 0 : 1;
            }
            Path dir = release.releases().root().resolve(name);
            if (different > 0) {
                System.err.printf("release %s is NOT reproduced: %d of %d file(s) differ (%s)%n", name, different, comparisons.size(), dir);
                return 1;
            }
            System.out.printf("release %s reproduced: %d file(s) identical%n", name, comparisons.size());
            return 0;
        }
    }
}
