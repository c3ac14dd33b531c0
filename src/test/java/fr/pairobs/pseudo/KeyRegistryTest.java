package fr.pairobs.pseudo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes that start on an empty lake at once (the workers of a first remote ingest) agree on one first key: the
 * registry records it once, every process loads it, and a process with another key is refused.
 */
class KeyRegistryTest {
    @TempDir
    Path home;

    /** A process loading the lake's key: arguments lake, key file; exit 0 when the key is accepted. */
    public static final class LoadKey {
        private LoadKey() {
        }

        public static void main(String[] args) {
            try {
                new PseudonymKeyProvider("k1", "PAIROBS_TEST_UNSET_KEY", Path.of(args[1]), name -> null, Path.of(args[0])).key();
                System.exit(0);
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void testProcessesStartingAtOnceRecordOneFirstKey() throws Exception {
        Path lake = Files.createDirectories(home.resolve("lake"));
        PseudonymKey key = PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            processes.add(ChildJvm.of(LoadKey.class, lake.toString(), home.resolve("secrets/pseudonym.key").toString()).start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        List<KeyRegistry.Entry> entries = new KeyRegistry(lake).entries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).fingerprint()).isEqualTo(key.fingerprint());
        try (var files = Files.list(lake)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        Path other = home.resolve("secrets/other.key");
        PseudonymKey.generate("k1", other);
        Process refused = ChildJvm.of(LoadKey.class, lake.toString(), other.toString()).start();
        assertThat(refused.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(3);
        assertThat(new KeyRegistry(lake).entries()).hasSize(1);
    }
}
