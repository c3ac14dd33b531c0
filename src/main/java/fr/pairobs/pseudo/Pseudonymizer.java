package fr.pairobs.pseudo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

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

    public Pseudonymizer(PseudonymKey key) {
        requireNonNull(key, "key is null");
        this.keyId = key.keyId();
        SecretKeySpec spec = new SecretKeySpec(key.secret(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    public String keyId() {
        return keyId;
    }

    public String personKeyFromNir(Nir nir) {
        return hmac("nir:" + nir.thirteen());
    }

    public String personKeyFromTraits(IdentityTraits traits) {
        return hmac("traits:" + traits.normalized());
    }

    /** A partner's own pseudonym links that partner's rows only: it is scoped by the partner id. */
    public String personKeyFromPartnerPseudonym(String partnerId, String pseudonym) {
        return hmac("partner:" + partnerId + ":" + pseudonym.strip());
    }

    private String hmac(String input) {
        return HexFormat.of().formatHex(mac.get().doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }
}
