package fr.pairobs.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.ChildJvm;
import fr.pairobs.Workspace;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pull.PullException;
import fr.pairobs.pull.SecretFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets are refused when others can read them; new files get no world access under the launcher's umask. */
class LeastPrivilegeTest {
    @TempDir
    Path dir;

    @Test
    void testASecretFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path token = dir.resolve("partner.token");
        Files.writeString(token, "t0ken\n", StandardCharsets.UTF_8);
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw-rw----")) {
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> SecretFile.read(token, "partner gem")).as(mode).isInstanceOf(PullException.class)
                    .hasMessageContaining("chmod 600 " + token).hasMessageNotContaining("t0ken\n");
        }
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFile.read(token, "partner gem")).isEqualTo("t0ken");
    }

    @Test
    void testAKeyFileOthersCanReadIsRefusedAndAGeneratedOneIsOwnerOnly() throws Exception {
        Path key = dir.resolve("secrets/pseudonym.key");
        PseudonymKey generated = PseudonymKey.generate("k1", key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PseudonymKey.load("k1", key)).isEqualTo(generated);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> PseudonymKey.load("k1", key)).isInstanceOf(SecretFileModeException.class)
                .hasMessageContaining("mode 0666").hasMessageContaining("chmod 600 " + key);
        // generating never overwrites an existing key
        assertThatThrownBy(() -> PseudonymKey.generate("k1", key)).hasMessageContaining("cannot create the secret file");
    }

    @Test
    void testUnderTheLaunchersUmaskNewFilesHaveNoWorldAccessAndTheHomeIsClosed() throws Exception {
        String launcher = Files.readString(Path.of("pairobs"), StandardCharsets.UTF_8);
        assertThat(launcher).containsPattern("(?m)^umask 027$");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> lines = probe("027", home, "refuse");
        assertThat(lines).contains("excess []", "created rw-r-----", "home rwxr-x---");

        // under a permissive umask the start-up check refuses when told to
        List<String> open = probe("022", home, "refuse");
        assertThat(String.join("\n", open)).contains("umask lets other accounts read outputs").contains("umask 027");
    }

    private List<String> probe(String umask, Path home, String check) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.of(Probe.class, home.toString(), check).command());
        String shell = "umask " + umask + " && exec " + String.join(" ", command.stream().map(c -> "'" + c + "'").toList());
        Process process = new ProcessBuilder("sh", "-c", shell).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines().toList();
    }

    /** A process started under a given umask: what the start-up check says, and the mode of a file it creates. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path home = Path.of(args[0]);
            System.out.println("excess " + FileModes.newFileExcess(home));
            try {
                new DiskPrivileges(new Workspace(home), args[1]).check();
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
            Path file = home.resolve("rejects-" + ProcessHandle.current().pid() + ".csv");
            Files.writeString(file, "x");
            System.out.println("created " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            System.out.println("home " + PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        }
    }
}
