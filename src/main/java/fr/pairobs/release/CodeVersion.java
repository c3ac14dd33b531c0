package fr.pairobs.release;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The code version a release records: {@code git describe} of the project when it is a checkout, else the jar's version. */
final class CodeVersion {
    private CodeVersion() {
    }

    static String of(Path projectDir) {
        if (Files.isDirectory(projectDir.resolve(".git")) || Files.isRegularFile(projectDir.resolve(".git"))) {
            try {
                ProcessBuilder git = new ProcessBuilder("git", "describe", "--always", "--dirty", "--tags").directory(projectDir.toFile())
                        .redirectErrorStream(true);
                // the child gets no secret: only what git needs to run
                String path = System.getenv("PATH");
                git.environment().clear();
                git.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
                Process process = git.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && !out.isEmpty()) {
                    return "git:" + out;
                }
            } catch (java.io.IOException e) {
                // no git here: fall back to the jar's version
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String version = CodeVersion.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : "jar:" + version;
    }
}
