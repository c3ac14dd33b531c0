package fr.pairobs.pull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import fr.pairobs.security.FileModes;
import fr.pairobs.security.SecretFileModeException;

/**
 * Reads a password or token from a file named in config (see Workspace#resolve); the value is never logged.
 * A file that its group or other users can read is refused with the fix ({@code chmod 600}).
 */
public final class SecretFile {
    private SecretFile() {
    }

    public static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new PullException(what + ": secret file " + file + " does not exist; create it (readable by the PairObs "
                    + "account only) or fix its path in config/partners.yml");
        }
        try {
            // refused, not warned: a secret others could read may already be copied
            try {
                FileModes.requireOwnerOnly(file, what);
            } catch (SecretFileModeException e) {
                throw new PullException(e.getMessage(), e);
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new PullException(what + ": secret file " + file + " is empty; write the secret on its first line");
            }
            return value;
        } catch (IOException e) {
            throw new PullException(what + ": cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }
}
