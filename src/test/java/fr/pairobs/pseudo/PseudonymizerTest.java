package fr.pairobs.pseudo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizerTest {
    private static final byte[] SECRET_A = filled(1);
    private static final byte[] SECRET_B = filled(2);

    @TempDir
    Path dir;

    @Test
    void testSameInputAndKeyGiveTheSamePseudonym() {
        Pseudonymizer a1 = new Pseudonymizer(new PseudonymKey("k1", SECRET_A));
        Pseudonymizer a2 = new Pseudonymizer(new PseudonymKey("k1", SECRET_A));
        Nir nir = Nir.parse("180026912345644");
        assertThat(a1.personKeyFromNir(nir)).isEqualTo(a2.personKeyFromNir(Nir.parse("1 80 02 69 123 456 44")))
                .matches("[0-9a-f]{64}")
                .doesNotContain("1800269");
    }

    @Test
    void testDifferentKeyGivesADifferentPseudonym() {
        Nir nir = Nir.parse("180026912345644");
        assertThat(new Pseudonymizer(new PseudonymKey("k1", SECRET_A)).personKeyFromNir(nir))
                .isNotEqualTo(new Pseudonymizer(new PseudonymKey("k2", SECRET_B)).personKeyFromNir(nir));
    }

    @Test
    void testTraitsAreNormalizedBeforeHashing() {
        Pseudonymizer p = new Pseudonymizer(new PseudonymKey("k1", SECRET_A));
        LocalDate birth = LocalDate.of(1980, 2, 3);
        String accented = p.personKeyFromTraits(new IdentityTraits("Lefèvre-Bénézet", "Élodie", birth, "F"));
        String shouted = p.personKeyFromTraits(new IdentityTraits("LEFEVRE BENEZET", "ELODIE", birth, "F"));
        String other = p.personKeyFromTraits(new IdentityTraits("Lefèvre-Bénézet", "Élodie", birth.plusDays(1), "F"));
        assertThat(accented).isEqualTo(shouted).isNotEqualTo(other);
        assertThat(new IdentityTraits("Cœur", "Æsa", birth, "F").normalized()).isEqualTo("COEURAESA|1980-02-03|F");
    }

    @Test
    void testPseudonymsAreTheLowerCaseHexOfTheKeyedHash() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET_A, "HmacSHA256"));
        Nir nir = Nir.parse("180026912345644");
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(("nir:" + nir.thirteen())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(new Pseudonymizer(new PseudonymKey("k1", SECRET_A)).personKeyFromNir(nir)).isEqualTo(expected).hasSize(64);
        IdentityTraits traits = new IdentityTraits("Lefèvre", "Élodie", LocalDate.of(1980, 2, 3), "F");
        String expectedTraits = java.util.HexFormat.of().formatHex(mac.doFinal(("traits:" + traits.normalized())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(new Pseudonymizer(new PseudonymKey("k1", SECRET_A)).personKeyFromTraits(traits)).isEqualTo(expectedTraits);
    }

    @Test
    void testTheLatin1TableGivesWhatTheFullRulesGive() {
        java.util.Random random = new java.util.Random(42);
        String extra = "ŒœÆæßẞ’\u0301\u0327ĀŸ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(10);
                name.append(pick < 6 ? (char) ('a' + random.nextInt(26)) : pick < 9 ? (char) random.nextInt(256)
                        : extra.charAt(random.nextInt(extra.length())));
            }
            String value = name.toString();
            assertThat(IdentityTraits.normalize(value)).as("normalize of %s", value.chars().boxed().toList())
                    .isEqualTo(IdentityTraits.normalizeFully(value));
        }
        assertThat(IdentityTraits.normalize("D'Aubigné-Çà ÿ")).isEqualTo("DAUBIGNECAY");
        assertThat(IdentityTraits.normalize("MARTIN")).isEqualTo("MARTIN");
    }

    @Test
    void testNirTraitsAndPartnerPseudonymsNeverCollide() {
        Pseudonymizer p = new Pseudonymizer(new PseudonymKey("k1", SECRET_A));
        assertThat(p.personKeyFromPartnerPseudonym("asso", "ADH-1")).isNotEqualTo(p.personKeyFromPartnerPseudonym("gem", "ADH-1"));
        assertThat(p.keyId()).isEqualTo("k1");
    }

    @Test
    void testGeneratedKeyFileIsOwnerOnlyAndLoadsBack() throws Exception {
        Path file = dir.resolve("secrets/pseudonym.key");
        PseudonymKey generated = PseudonymKey.generate("k1", file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PseudonymKey.load("k1", file)).isEqualTo(generated);
        assertThat(generated.toString()).doesNotContain(java.util.HexFormat.of().formatHex(generated.secret()));
    }

    @Test
    void testShortKeysAreRefused() {
        assertThatThrownBy(() -> PseudonymKey.fromEnvironment("k1", "abcd")).hasMessageContaining("exactly 64 hexadecimal");
        assertThat(PseudonymKey.fromEnvironment("k1", java.util.HexFormat.of().formatHex(SECRET_A)).secret()).isEqualTo(SECRET_A);
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
