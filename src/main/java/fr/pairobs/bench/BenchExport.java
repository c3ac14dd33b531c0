package fr.pairobs.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * A large CH Le Vinatier peer_contacts export for benchmarks, in the partner's dialect (';',
 * Windows-1252, CRLF, dd/MM/yyyy, decimal comma), with realistic value distributions: a population of
 * rows / 20 people, so that each person comes back about twenty times.
 */
public final class BenchExport {
    static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence";
    private static final String[] MODALITIES = {"Individuel", "Individuel", "Individuel", "Groupe", "Téléphone", "Aller-vers", "Visio"};
    private static final String[] SETTINGS = {"Unité", "Unité", "CMP", "Domicile", "Cité", "GEM"};
    private static final String[] DEPTS = {"69", "69", "69", "1", "42", "38", "01", "73"};
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    private BenchExport() {
    }

    public static long write(Path file, long rows, long seed) throws IOException {
        Random random = new Random(seed);
        int people = (int) Math.max(100, rows / 20);
        String[][] persons = new String[people][];
        for (int i = 0; i < people; i++) {
            String sex = random.nextBoolean() ? "F" : "M";
            LocalDate birth = LocalDate.of(1950 + random.nextInt(55), 1, 1).plusDays(random.nextInt(365));
            String thirteen = (sex.equals("M") ? "1" : "2") + String.format("%02d%02d", birth.getYear() % 100, birth.getMonthValue())
                    + "69" + String.format("%03d%03d", 1 + random.nextInt(400), 1 + random.nextInt(999));
            String nir = thirteen + String.format("%02d", 97 - Long.parseLong(thirteen) % 97);
            String last = fr.pairobs.demo.DemoNames.lastName(random);
            String first = fr.pairobs.demo.DemoNames.firstName(random, sex);
            persons[i] = new String[] {nir, last, first, birth.format(FRENCH), sex.equals("M") ? "H" : "F", DEPTS[random.nextInt(DEPTS.length)]};
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        LocalDate start = LocalDate.of(2023, 1, 1);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), Charset.forName("windows-1252")),
                1 << 20)) {
            out.write(HEADER);
            out.write("\r\n");
            StringBuilder line = new StringBuilder(200);
            for (long r = 0; r < rows; r++) {
                String[] p = persons[random.nextInt(people)];
                line.setLength(0);
                line.append('B').append(r).append(";MSP").append(1 + random.nextInt(17)).append(";690780648;")
                        .append(start.plusDays(random.nextInt(1000)).format(FRENCH)).append(';')
                        .append(MODALITIES[random.nextInt(MODALITIES.length)]).append(';')
                        .append(15 + 15 * random.nextInt(6)).append(",0;").append(SETTINGS[random.nextInt(SETTINGS.length)]).append(';')
                        .append(p[0]).append(';').append(p[1]).append(';').append(p[2]).append(';').append(p[3]).append(';')
                        .append(p[4]).append(';').append(p[5]).append("\r\n");
                out.append(line);
            }
        }
        return rows;
    }
}
