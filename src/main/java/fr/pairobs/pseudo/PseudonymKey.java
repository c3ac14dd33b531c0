package fr.pairobs.pseudo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import fr.pairobs.security.FileModes;

import static java.util.Objects.requireNonNull;

/**
 * The secret of the keyed pseudonyms, with its id (stored beside every person key so that the key
 * can be rotated). Never printed. After a rotation ({@code pairobs rekey}) the key in use is chained
 * over the previous one: a pseudonym is HMAC(this key, the pseudonym under {@code previous}), so the
 * people linked before and after the rotation stay linked, and the previous key alone computes none
 * of the stored pseudonyms.
 *
 * @param previous the key this one is chained over, or null for the first key
 */
public record PseudonymKey(String keyId, byte[] secret, PseudonymKey previous) {
    public static final int MIN_BYTES = 32;

    public PseudonymKey(String keyId, byte[] secret) {
        this(keyId, secret, null);
    }

    /** This key chained over {@code previous}. */
    public PseudonymKey chainedOver(PseudonymKey previous) {
        return new PseudonymKey(keyId, secret, requireNonNull(previous, "previous is null"));
    }

    public PseudonymKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(secret, "secret is null");
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("the pseudonymization key must have at least " + MIN_BYTES + " bytes, found "
                    + secret.length);
        }
        if (!keyId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("a key id is 1 to 32 letters, digits, '-' or '_', found '" + keyId + "'");
        }
        secret = secret.clone();
    }

    /**
     * Reads a key file. The one encoding, for files and the environment alike: exactly 64 hexadecimal
     * characters (32 bytes, either case), optionally followed by one line feed, which is stripped (an
     * editor or {@code echo} adds it); anything else is refused, never reinterpreted. A file that its
     * group or other users can read is refused with the fix.
     */
    public static PseudonymKey load(String keyId, Path file) {
        FileModes.requireOwnerOnly(file, "pseudonymization key");
        try {
            return new PseudonymKey(keyId, decode(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1),
                    "the key file " + file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pseudonymization key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A key given in the environment, in the encoding of {@link #load}. */
    public static PseudonymKey fromEnvironment(String keyId, String hex) {
        return new PseudonymKey(keyId, decode(hex, "the environment variable"));
    }

    /** Parses the one key encoding; the message says what is wrong without a character of the key. */
    static byte[] decode(String text, String where) {
        String hex = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (hex.length() != 2 * MIN_BYTES || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            long hexDigits = hex.chars().filter(c -> c < 128 && Character.digit(c, 16) >= 0).count();
            throw new IllegalArgumentException("the pseudonymization key in " + where + " must be exactly " + 2 * MIN_BYTES
                    + " hexadecimal characters (" + MIN_BYTES + " bytes), optionally followed by one line feed; found "
                    + hex.length() + " characters, of which " + (hex.length() - hexDigits) + " are not hexadecimal"
                    + " (generate one with: openssl rand -hex 32)");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Creates a random key file, readable by its owner only from its creation (demo and first installs). */
    public static PseudonymKey generate(String keyId, Path file) {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        FileModes.createOwnerOnly(file, (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
        return new PseudonymKey(keyId, secret);
    }

    /**
     * A public name of the key, stored beside its id so that another key given under the same id is
     * caught: the first 16 hex characters of SHA-256(HMAC-SHA-256(key, "pairobs-key-fingerprint")).
     * It reveals nothing usable about the key (a one-way function of a keyed hash of a constant).
     */
    public String fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal("pairobs-key-fingerprint".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tag)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "PseudonymKey[keyId=" + keyId + ", secret=***" + (previous == null ? "" : ", over " + previous.keyId) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudonymKey other && other.keyId.equals(keyId) && java.util.Arrays.equals(other.secret, secret)
                && java.util.Objects.equals(other.previous, previous);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
