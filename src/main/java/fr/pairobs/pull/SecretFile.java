package fr.pairobs.pull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a password or token from a file named in config (relative to pairobs.home); the value is never logged. */
public final class SecretFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private SecretFile() {
    }

    public static Path resolve(Path home, String configured) {
        Path path = Path.of(configured);
        return path.isAbsolute() ? path : home.resolve(path);
    }

    public static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new PullException(what + ": secret file " + file + " does not exist");
        }
        try {
            warnIfShared(file, what);
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new PullException(what + ": secret file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new PullException(what + ": cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    static void warnIfShared(Path file, String what) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("{}: secret file {} is readable by other users; chmod 600 it", what, file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
