package fr.pairobs.pseudo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static java.util.Objects.requireNonNull;

/**
 * Keyed pseudonyms (HMAC-SHA-256, lower-case hex): the same person gives the same key across
 * partners, and nobody without the secret can recompute or reverse it. The input is prefixed by its
 * kind so that a NIR and a set of traits can never collide. Thread-safe.
 */
public final class Pseudonymizer {
    private final String keyId;
    private final ThreadLocal<Mac> mac;
    /** The keys chained over the first one, oldest first: each rehashes the pseudonym of the one before. */
    private final List<ThreadLocal<Mac>> chain;

    public Pseudonymizer(PseudonymKey key) {
        requireNonNull(key, "key is null");
        this.keyId = key.keyId();
        List<PseudonymKey> keys = new ArrayList<>();
        for (PseudonymKey k = key; k != null; k = k.previous()) {
            keys.add(0, k);
        }
        this.mac = mac(keys.get(0));
        List<ThreadLocal<Mac>> later = new ArrayList<>();
        for (PseudonymKey k : keys.subList(1, keys.size())) {
            later.add(mac(k));
        }
        this.chain = List.copyOf(later);
    }

    private static ThreadLocal<Mac> mac(PseudonymKey key) {
        SecretKeySpec spec = new SecretKeySpec(key.secret(), "HmacSHA256");
        return ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /**
     * A stored pseudonym carried to the next key of a rotation: HMAC(next, the pseudonym's hex text),
     * what {@code pairobs rekey} writes and what the ingest computes after the rotation.
     */
    public static UnaryOperator<String> chainTo(PseudonymKey next) {
        ThreadLocal<Mac> mac = mac(next);
        return pseudonym -> pseudonym == null ? null : hex(mac.get().doFinal(pseudonym.getBytes(StandardCharsets.US_ASCII)));
    }

    public String keyId() {
        return keyId;
    }

    public String personKeyFromNir(Nir nir) {
        return hmac(NIR_PREFIX, nir.thirteen());
    }

    public String personKeyFromTraits(IdentityTraits traits) {
        return hmac(TRAITS_PREFIX, traits.normalized());
    }

    /** A partner's own pseudonym links that partner's rows only: it is scoped by the partner id. */
    public String personKeyFromPartnerPseudonym(String partnerId, String pseudonym) {
        return hmac("partner:" + partnerId + ":" + pseudonym.strip());
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private String hmac(String input) {
        return hmac(input.getBytes(StandardCharsets.UTF_8));
    }

    private static final byte[] NIR_PREFIX = "nir:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRAITS_PREFIX = "traits:".getBytes(StandardCharsets.UTF_8);

    /** The keyed hash of a kind's prefix then the value, as {@code hmac(prefix + value)} computes it, without the concatenation. */
    private String hmac(byte[] prefix, String value) {
        Mac m = mac.get();
        m.update(prefix);
        return hmac(value.getBytes(StandardCharsets.UTF_8));
    }

    private String hmac(byte[] input) {
        String pseudonym = hex(mac.get().doFinal(input));
        for (ThreadLocal<Mac> next : chain) {
            pseudonym = hex(next.get().doFinal(pseudonym.getBytes(StandardCharsets.US_ASCII)));
        }
        return pseudonym;
    }

    private static String hex(byte[] digest) {
        // lower-case hex, as HexFormat.of().formatHex writes it, without its per-call formatting machinery
        byte[] hex = new byte[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX_DIGITS[digest[i] & 0xF];
        }
        return new String(hex, StandardCharsets.ISO_8859_1);
    }
}
