package fr.pairobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods text of an indicator: definition, population, window and caveats. Read, in this order,
 * from the section of {@code sql/indicators/README.md} whose heading names the table, from the header
 * comment of {@code sql/indicators/<table>.sql}, and from the table comment of the release.
 * Labelled sentences ("Population: ...", "Window: ...", "Caveats: ...") are split out; the rest is the definition.
 */
public final class MethodsNotes {
    private static final Pattern LABEL = Pattern.compile(
            "(?i)(?:^|(?<=[.;\\n]))\\s*[*_]*(Definition|Définition|Population and window|Population|Window|Fenêtre|Caveats?|Limites?|Précautions?)[*_]*\\s*:");
    private final Path indicatorsDir;

    public record Notes(String definition, String population, String window, String caveats) {
    }

    public MethodsNotes(Path indicatorsDir) {
        this.indicatorsDir = indicatorsDir;
    }

    public Notes notes(String table, String tableComment) {
        String text = readmeSection(table);
        if (text == null) {
            text = sqlHeader(table);
        }
        if (text == null || text.isBlank()) {
            text = tableComment == null ? "" : tableComment;
        }
        return split(text);
    }

    static Notes split(String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int last = 0;
        String label = "definition";
        while (m.find()) {
            parts.merge(label, text.substring(last, m.start()).strip(), (a, b) -> (a + " " + b).strip());
            label = m.group(1).toLowerCase();
            last = m.end();
        }
        parts.merge(label, text.substring(last).strip(), (a, b) -> (a + " " + b).strip());
        String definition = parts.getOrDefault("definition", "").replaceFirst("^(?i)indicator \\d+, [^:]+:\\s*", "");
        definition = definition.isEmpty() ? "" : Character.toUpperCase(definition.charAt(0)) + definition.substring(1);
        String population = first(parts, "population", "population and window");
        String window = first(parts, "window", "fenêtre", "population and window");
        String caveats = first(parts, "caveats", "caveat", "limites", "limite", "précautions", "précaution");
        return new Notes(definition, population, window, caveats);
    }

    private static String first(Map<String, String> parts, String... labels) {
        for (String label : labels) {
            String v = parts.get(label);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    private String readmeSection(String table) {
        Path readme = indicatorsDir == null ? null : indicatorsDir.resolve("README.md");
        if (readme == null || !Files.isRegularFile(readme)) {
            return null;
        }
        List<String> section = new ArrayList<>();
        int depth = 0;
        for (String line : lines(readme)) {
            Matcher heading = Pattern.compile("^(#+)\\s+(.*)$").matcher(line);
            if (heading.matches()) {
                if (depth > 0 && heading.group(1).length() <= depth) {
                    break;
                }
                if (depth == 0 && heading.group(2).matches(".*\\b" + Pattern.quote(table) + "\\b.*")) {
                    depth = heading.group(1).length();
                    continue;
                }
            }
            if (depth > 0) {
                section.add(line.replaceFirst("^\\s*[-*]\\s+", ""));
            }
        }
        return depth == 0 ? null : String.join("\n", section).strip();
    }

    private String sqlHeader(String table) {
        Path sql = indicatorsDir == null ? null : indicatorsDir.resolve(table + ".sql");
        if (sql == null || !Files.isRegularFile(sql)) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines(sql)) {
            if (!line.startsWith("--")) {
                break;
            }
            text.append(line.substring(2).strip()).append(' ');
        }
        return text.toString().strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
