package fr.pairobs.pseudo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private final KeyRegistry registry;
    private volatile PseudonymKey key;

    public PseudonymKeyProvider(String keyId, String envName, Path keyFile, Function<String, String> environment) {
        this(keyId, envName, keyFile, environment, null);
    }

    /**
     * @param lake the lake whose key registry the key is checked against (and recorded in on first use),
     *        or null for no check
     */
    public PseudonymKeyProvider(String keyId, String envName, Path keyFile, Function<String, String> environment, Path lake) {
        this.keyId = requireNonNull(keyId, "keyId is null");
        this.envName = requireNonNull(envName, "envName is null");
        this.keyFile = keyFile;
        this.environment = requireNonNull(environment, "environment is null");
        this.registry = lake == null ? null : new KeyRegistry(lake);
    }

    /** The lake's key registry, or null when keys are not checked. */
    public KeyRegistry registry() {
        return registry;
    }

    /** The first key's id, as configured ({@code pairobs.pseudonym.key-id}). */
    public String firstKeyId() {
        return keyId;
    }

    /**
     * Where a key chained by a rotation is found: the environment variable {@code <key-env>_<ID>}, else
     * the file {@code pseudonym.<id>.key} beside the first key's file.
     */
    public Path chainedKeyFile(String id) {
        Path dir = keyFile != null ? keyFile.toAbsolutePath().getParent() : Path.of(".").toAbsolutePath();
        return dir.resolve("pseudonym." + id + ".key");
    }

    public String chainedKeyEnv(String id) {
        return envName + "_" + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
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
        PseudonymKey first = loadFirst();
        if (registry == null) {
            return first;
        }
        List<KeyRegistry.Entry> entries = registry.entries();
        if (entries.isEmpty()) {
            // first use: this key and its fingerprint become the lake's, unless another process recorded its key first
            entries = registry.recordFirst(first);
        }
        KeyRegistry.Entry recorded = entries.get(0);
        if (!recorded.keyId().equals(keyId)) {
            throw new KeyMismatchException("pairobs.pseudonym.key-id is '" + keyId + "' but the lake's pseudonyms start with key '"
                    + recorded.keyId() + "' (" + registry.file() + "); configure the key the lake was written with");
        }
        check(first, recorded);
        PseudonymKey result = first;
        for (KeyRegistry.Entry next : entries.subList(1, entries.size())) {
            PseudonymKey chained = loadChained(next.keyId());
            check(chained, next);
            result = chained.chainedOver(result);
        }
        return result;
    }

    private void check(PseudonymKey given, KeyRegistry.Entry recorded) {
        if (!given.fingerprint().equals(recorded.fingerprint())) {
            throw new KeyMismatchException("the key given as '" + given.keyId() + "' has fingerprint " + given.fingerprint()
                    + ", but the lake's pseudonyms were written with '" + recorded.keyId() + "' of fingerprint "
                    + recorded.fingerprint() + " (" + registry.file() + "): with it every person would get a second key; "
                    + "give the right key file, or rotate with 'pairobs rekey'");
        }
    }

    private PseudonymKey loadChained(String id) {
        String value = environment.apply(chainedKeyEnv(id));
        if (value != null && !value.isBlank()) {
            return PseudonymKey.fromEnvironment(id, value);
        }
        Path file = chainedKeyFile(id);
        if (!Files.isRegularFile(file)) {
            throw new KeyMismatchException("the lake's pseudonyms are chained over key '" + id + "' (pairobs rekey), whose key is "
                    + "missing: put it in " + file + " (mode 0600) or in the environment variable " + chainedKeyEnv(id));
        }
        return PseudonymKey.load(id, file);
    }

    private PseudonymKey loadFirst() {
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
