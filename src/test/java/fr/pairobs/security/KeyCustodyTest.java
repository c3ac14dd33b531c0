package fr.pairobs.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.pseudo.KeyMismatchException;
import fr.pairobs.pseudo.KeyRegistry;
import fr.pairobs.pseudo.Nir;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.pseudo.Pseudonymizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One strict key encoding, from a file and from the environment alike; a fingerprint tied to the id; the chain. */
class KeyCustodyTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private Path keyFile(String content) throws Exception {
        Path file = dir.resolve("k-" + System.nanoTime());
        FileModes.createOwnerOnly(file, content.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    @Test
    void testTheSameKeyFromAFileAndTheEnvironmentAndOneTrailingLineFeedOnly() throws Exception {
        byte[] expected = HexFormat.of().parseHex(HEX);
        assertThat(PseudonymKey.load("k1", keyFile(HEX)).secret()).isEqualTo(expected);
        assertThat(PseudonymKey.load("k1", keyFile(HEX + "\n")).secret()).isEqualTo(expected);
        assertThat(PseudonymKey.load("k1", keyFile(HEX.toUpperCase())).secret()).isEqualTo(expected);
        assertThat(PseudonymKey.fromEnvironment("k1", HEX).secret()).isEqualTo(expected);
        assertThat(PseudonymKey.fromEnvironment("k1", HEX + "\n").secret()).isEqualTo(expected);
        // 62 hex, 66 hex, CRLF, two line feeds, spaces, base64 of 32 bytes: refused, never reinterpreted
        for (String bad : new String[] {HEX.substring(2), HEX + "00", HEX + "\r\n", HEX + "\n\n", " " + HEX,
            java.util.Base64.getEncoder().encodeToString(expected)}) {
            assertThatThrownBy(() -> PseudonymKey.load("k1", keyFile(bad))).as(bad.strip())
                    .hasMessageContaining("exactly 64 hexadecimal characters").hasMessageNotContaining(HEX.substring(0, 8));
            assertThatThrownBy(() -> PseudonymKey.fromEnvironment("k1", bad)).hasMessageContaining("exactly 64 hexadecimal");
        }
    }

    @Test
    void testTheFingerprintIsTheDocumentedHashAndNamesTheKeyNotTheId() throws Exception {
        PseudonymKey key = PseudonymKey.fromEnvironment("k1", HEX);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(HexFormat.of().parseHex(HEX), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(mac.doFinal("pairobs-key-fingerprint".getBytes(StandardCharsets.US_ASCII)))).substring(0, 16);
        assertThat(key.fingerprint()).isEqualTo(expected).hasSize(16);
        assertThat(PseudonymKey.fromEnvironment("k9", HEX).fingerprint()).isEqualTo(expected);
        assertThat(PseudonymKey.fromEnvironment("k1", "ff" + HEX.substring(2)).fingerprint()).isNotEqualTo(expected);
    }

    @Test
    void testAnotherKeyUnderTheRecordedIdIsRefusedAtFirstUse() throws Exception {
        Path lake = Files.createDirectories(dir.resolve("lake"));
        Map<String, String> env = new java.util.HashMap<>(Map.of("KEY", HEX));
        PseudonymKey first = new PseudonymKeyProvider("k1", "KEY", null, env::get, lake).key();
        assertThat(new KeyRegistry(lake).entries()).singleElement().satisfies(e -> {
            assertThat(e.keyId()).isEqualTo("k1");
            assertThat(e.fingerprint()).isEqualTo(first.fingerprint());
        });
        assertThat(new PseudonymKeyProvider("k1", "KEY", null, env::get, lake).key()).isEqualTo(first);
        env.put("KEY", "ee" + HEX.substring(2));
        assertThatThrownBy(() -> new PseudonymKeyProvider("k1", "KEY", null, env::get, lake).key())
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining(first.fingerprint())
                .hasMessageContaining("second key");
        env.put("KEY", HEX);
        assertThatThrownBy(() -> new PseudonymKeyProvider("k7", "KEY", null, env::get, lake).key())
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining("start with key 'k1'");
    }

    @Test
    void testTheChainedPseudonymizerComputesHmacOfK2OverTheK1Pseudonym() {
        PseudonymKey k1 = PseudonymKey.fromEnvironment("k1", HEX);
        PseudonymKey k2 = PseudonymKey.fromEnvironment("k2", "ab".repeat(32));
        Nir nir = Nir.parse("180026912345644");
        Pseudonymizer before = new Pseudonymizer(k1);
        Pseudonymizer after = new Pseudonymizer(k2.chainedOver(k1));
        assertThat(after.keyId()).isEqualTo("k2");
        assertThat(after.personKeyFromNir(nir)).isEqualTo(Pseudonymizer.chainTo(k2).apply(before.personKeyFromNir(nir)))
                .isNotEqualTo(before.personKeyFromNir(nir))
                .isNotEqualTo(new Pseudonymizer(k2).personKeyFromNir(nir));
        assertThat(after.personKeyFromPartnerPseudonym("gem", "A-1"))
                .isEqualTo(Pseudonymizer.chainTo(k2).apply(before.personKeyFromPartnerPseudonym("gem", "A-1")));
    }
}
