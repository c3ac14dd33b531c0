package fr.pairobs.pseudo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Finds the pseudonymization key when a job first needs it: the environment variable wins, then
 * the key file, both in the one encoding of {@link PseudonymKey#load}. Loaded lazily so that commands which never pseudonymize
 * (listing runs, querying the warehouse) work on a machine without the key.
 */
public final class PseudonymKeyProvider {
    private final String keyId;
    private final String envName;
    private final Path keyFile;
    private final Function<String, String> environment;
    private volatile PseudonymKey key;

    public PseudonymKeyProvider(String keyId, String envName, Path keyFile, Function<String, String> environment) {
        this.keyId = requireNonNull(keyId, "keyId is null");
        this.envName = requireNonNull(envName, "envName is null");
        this.keyFile = keyFile;
        this.environment = requireNonNull(environment, "environment is null");
    }

    public PseudonymKey key() {
        PseudonymKey result = key;
        if (result == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                result = key;
            }
        }
        return result;
    }

    public boolean isConfigured() {
        String value = environment.apply(envName);
        return (value != null && !value.isBlank()) || (keyFile != null && Files.isRegularFile(keyFile));
    }

    public Path keyFile() {
        return keyFile;
    }

    private PseudonymKey load() {
        String value = environment.apply(envName);
        if (value != null && !value.isBlank()) {
            return PseudonymKey.fromEnvironment(keyId, value);
        }
        if (keyFile != null && Files.isRegularFile(keyFile)) {
            return PseudonymKey.load(keyId, keyFile);
        }
        throw new IllegalStateException("no pseudonymization key: set the environment variable " + envName
                + " (64 hexadecimal characters) or pairobs.pseudonym.key-file"
                + (keyFile != null ? " (" + keyFile + " does not exist)" : ""));
    }
}
