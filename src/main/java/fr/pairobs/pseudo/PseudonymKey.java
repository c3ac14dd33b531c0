package fr.pairobs.pseudo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The secret of the keyed pseudonyms, with its id (stored beside every person key so that the key
 * can be rotated). Never printed.
 */
public record PseudonymKey(String keyId, byte[] secret) {
    public static final int MIN_BYTES = 32;

    public PseudonymKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(secret, "secret is null");
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("the pseudonymization key must have at least " + MIN_BYTES + " bytes, found "
                    + secret.length);
        }
        secret = secret.clone();
    }

    /** Reads a key file: hex text (as {@link #generate} writes it), or raw bytes. */
    public static PseudonymKey load(String keyId, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.US_ASCII).strip();
            if (text.matches("[0-9a-fA-F]{64,}") && text.length() % 2 == 0) {
                return new PseudonymKey(keyId, HexFormat.of().parseHex(text));
            }
            return new PseudonymKey(keyId, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pseudonymization key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A key given in the environment, as hex or base64. */
    public static PseudonymKey fromEnvironment(String keyId, String hexOrBase64) {
        String text = hexOrBase64.strip();
        if (text.matches("[0-9a-fA-F]+") && text.length() % 2 == 0) {
            return new PseudonymKey(keyId, HexFormat.of().parseHex(text));
        }
        try {
            return new PseudonymKey(keyId, Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the pseudonymization key in the environment is neither hex nor base64");
        }
    }

    /** Creates a random key file readable by its owner only (demo and first installs). */
    public static PseudonymKey generate(String keyId, Path file) {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's permissions apply
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the pseudonymization key file " + file + ": " + e.getMessage(), e);
        }
        return new PseudonymKey(keyId, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "PseudonymKey[keyId=" + keyId + ", secret=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudonymKey other && other.keyId.equals(keyId) && java.util.Arrays.equals(other.secret, secret);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
