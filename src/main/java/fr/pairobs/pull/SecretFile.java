package fr.pairobs.pull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a password or token from a file named in config (see Workspace#resolve); the value is never logged. */
public final class SecretFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private SecretFile() {
    }

    public static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new PullException(what + ": secret file " + file + " does not exist; create it (readable by the PairObs "
                    + "account only) or fix its path in config/partners.yml");
        }
        try {
            warnIfShared(file, what);
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new PullException(what + ": secret file " + file + " is empty; write the secret on its first line");
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
