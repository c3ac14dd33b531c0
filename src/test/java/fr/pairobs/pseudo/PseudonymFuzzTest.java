package fr.pairobs.pseudo;

import java.time.LocalDate;
import java.util.HexFormat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the NIR check and the pseudonymizer. Invariants: a NIR is accepted or refused with an
 * {@link InvalidIdentifierException} whose message holds no run of three digits (so none of the number);
 * {@link Nir#isNir} never accepts what {@link Nir#parse} refuses; a key is 64 hexadecimal digits and depends only
 * on the normalized identity; the table-driven name normalization agrees with the full one. Run with the suite
 * on the committed inputs; {@code JAZZER_FUZZ=1 mvn -o test -Dtest=PseudonymFuzzTest#fuzzNir} fuzzes.
 */
class PseudonymFuzzTest {
    private static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer(new PseudonymKey("k1", new byte[32]));

    @FuzzTest(maxDuration = "30s")
    void fuzzNir(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        if (text.length() > 60) {
            return; // a length of three digits would be a fair "found 123 characters"
        }
        Nir nir;
        try {
            nir = Nir.parse(text);
        } catch (InvalidIdentifierException e) {
            assertThat(e.getMessage()).doesNotContainPattern("\\d{3}");
            assertThat(Nir.isNir(text)).isFalse();
            return;
        }
        String key = PSEUDONYMIZER.personKeyFromNir(nir);
        assertThat(key).hasSize(64).matches("[0-9a-f]{64}");
        // the same number written without separators, in upper case, is the same person
        String plain = text.replaceAll("[\\s.\\-]", "").toUpperCase(java.util.Locale.ROOT);
        assertThat(plain).startsWith(nir.thirteen());
        assertThat(PSEUDONYMIZER.personKeyFromNir(Nir.parse(plain))).isEqualTo(key);
        assertThat(nir.toString()).doesNotContainPattern("\\d");
        assertThat(nir.sex()).isIn("M", "F");
    }

    @FuzzTest(maxDuration = "30s")
    void fuzzTraits(FuzzedDataProvider data) {
        String last = data.consumeString(40);
        String first = data.consumeString(40);
        LocalDate birth = LocalDate.ofEpochDay(data.consumeLong(-25_000, 25_000));
        String sex = data.consumeBoolean() ? "F" : "m";
        assertThat(IdentityTraits.normalize(last)).isEqualTo(IdentityTraits.normalizeFully(last));
        IdentityTraits traits = new IdentityTraits(last, first, birth, sex);
        String key = PSEUDONYMIZER.personKeyFromTraits(traits);
        assertThat(HexFormat.of().parseHex(key)).hasSize(32);
        // the same person written otherwise (case, spaces) has the same key
        IdentityTraits respelled = new IdentityTraits(" " + last.toLowerCase(java.util.Locale.ROOT), first + " ", birth, sex.toUpperCase());
        if (respelled.normalized().equals(traits.normalized())) {
            assertThat(PSEUDONYMIZER.personKeyFromTraits(respelled)).isEqualTo(key);
        }
        assertThat(traits.toString()).isEqualTo("IdentityTraits[***]");
    }
}
