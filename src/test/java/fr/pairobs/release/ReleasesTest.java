package fr.pairobs.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Naming, natural order, latest and retention of var/release/. */
class ReleasesTest {
    @TempDir
    Path root;

    private Path staged(Releases releases, String build) throws Exception {
        Path dir = releases.staging(build);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Manifest.FILE), "{}");
        return dir;
    }

    @Test
    void testSameDayReleasesAreNumberedAndOnlyTheLastKeptRemain() throws Exception {
        Releases releases = new Releases(root, 3);
        LocalDate day = LocalDate.of(2026, 1, 5);
        for (int i = 1; i <= 11; i++) {
            releases.publish(staged(releases, String.valueOf(i)), i <= 10 ? day : day.plusDays(1));
        }
        // 2026-01-05, .2 ... .10, then 2026-01-06: natural order puts .10 after .9, and the last three stay
        assertThat(releases.list()).containsExactly("2026-01-05.9", "2026-01-05.10", "2026-01-06");
        assertThat(releases.latest()).contains(root.resolve("2026-01-06"));
        assertThat(root.resolve(".staging-11")).doesNotExist();
    }

    @Test
    void testAnIncompleteReleaseIsNeverPublished() throws Exception {
        Releases releases = new Releases(root, 2);
        Path dir = releases.staging("7");
        Files.createDirectories(dir.resolve("tables"));
        assertThatThrownBy(() -> releases.publish(dir, LocalDate.of(2026, 1, 5)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("restart the run from its protect step");
        assertThat(releases.list()).isEmpty();
        assertThatThrownBy(() -> releases.get("2026-01-05")).hasMessageContaining("no release 2026-01-05");
    }
}
