package fr.pairobs.pseudo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NirTest {
    // 1 80 02 69 123 456: 1800269123456 mod 97 = 53, key = 97 - 53 = 44
    private static final String VALID = "180026912345644";

    @Test
    void testValidNirGivesSexAndBirthYear() {
        assertThat(1800269123456L % 97).isEqualTo(53);
        Nir nir = Nir.parse(VALID);
        assertThat(nir.sex()).isEqualTo("M");
        assertThat(nir.birthYear(2026)).isEqualTo(1980);
        assertThat(nir.thirteen()).isEqualTo("1800269123456");
    }

    @Test
    void testSpacesDotsAndDashesAreIgnored() {
        assertThat(Nir.parse("1 80 02 69 123 456 44")).isEqualTo(Nir.parse(VALID));
        assertThat(Nir.parse("1.80.02.69.123.456-44")).isEqualTo(Nir.parse(VALID));
    }

    @Test
    void testWrongKeyIsRefusedWithoutEchoingTheNumber() {
        assertThatThrownBy(() -> Nir.parse("180026912345643"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("key does not match")
                .hasMessageNotContaining("1800269");
    }

    @Test
    void testCorsicanNirKeyUses19For2AAnd18For2B() {
        String thirteen2A = "2750" + "32A" + "004" + "012";
        String thirteen2B = "1990" + "52B" + "033" + "104";
        long key2A = 97 - Long.parseLong("2750" + "319" + "004" + "012") % 97;
        long key2B = 97 - Long.parseLong("1990" + "518" + "033" + "104") % 97;
        Nir corsican = Nir.parse(thirteen2A + String.format("%02d", key2A));
        assertThat(corsican.sex()).isEqualTo("F");
        assertThat(Nir.parse(thirteen2B + String.format("%02d", key2B)).birthYear(2026)).isEqualTo(1999);
        // the key of 2A computed as if the département were 20 is wrong
        long naive = 97 - Long.parseLong("2750" + "320" + "004" + "012") % 97;
        if (naive != key2A) {
            assertThatThrownBy(() -> Nir.parse(thirteen2A + String.format("%02d", naive)))
                    .hasMessageContaining("key does not match");
        }
    }

    @Test
    void testMalformedNirsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Nir.parse("18002691234564")).hasMessage("NIR must have 15 characters, found 14");
        assertThatThrownBy(() -> Nir.parse("380026912345642")).hasMessageContaining("must start with 1 or 2");
        assertThatThrownBy(() -> Nir.parse("180136912345642")).hasMessageContaining("birth month (characters 4 and 5) is not a valid month").hasMessageNotContaining("13");
        assertThatThrownBy(() -> Nir.parse("18002XX12345642")).hasMessageContaining("département");
    }

    @Test
    void testToStringNeverShowsTheNumber() {
        assertThat(Nir.parse(VALID).toString()).doesNotContain("1800");
    }

    @Test
    void testKeysComputedFromTheDigitsWithCorsicaAsNineteenAndEighteen() {
        java.util.Random random = new java.util.Random(13);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder body = new StringBuilder();
            body.append(1 + random.nextInt(2)).append(String.format("%02d", random.nextInt(100)))
                    .append(String.format("%02d", 1 + random.nextInt(12)));
            int kind = random.nextInt(4);
            String dept = kind == 0 ? "2A" : kind == 1 ? "2B" : String.format("%02d", random.nextInt(100));
            body.append(dept).append(String.format("%06d", random.nextInt(1_000_000)));
            String numeric = body.toString().replace("2A", "19").replace("2B", "18");
            if (!dept.startsWith("2") || kind > 1) {
                numeric = body.toString();
            }
            long key = 97 - Long.parseLong(numeric) % 97;
            String valid = body + String.format("%02d", key);
            String wrong = body + String.format("%02d", key == 97 ? 1 : key + 1);
            assertThat(Nir.parse(valid).thirteen()).isEqualTo(body.toString());
            assertThatThrownBy(() -> Nir.parse(wrong)).hasMessageContaining("key does not match");
        }
    }
}
