package fr.pairobs.warehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A .sql file of sql/: its statements (separated by ';' at the end of a line), placeholders filled. */
public record SqlScript(Path file, List<String> statements) {
    public static SqlScript read(Path file, Map<String, String> placeholders) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WarehouseException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> entry : placeholders.entrySet()) {
            text = text.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            current.append(line).append('\n');
            String trimmed = line.strip();
            if (trimmed.endsWith(";") && !trimmed.startsWith("--")) {
                addIfCode(statements, current.toString());
                current.setLength(0);
            }
        }
        addIfCode(statements, current.toString());
        return new SqlScript(file, statements);
    }

    /** Header comment value, e.g. {@code -- severity: blocking}. */
    public static String header(Path file, String key, String fallback) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("--")) {
                    String body = t.substring(2).strip();
                    if (body.toLowerCase(java.util.Locale.ROOT).startsWith(key + ":")) {
                        return body.substring(key.length() + 1).strip();
                    }
                } else if (!t.isEmpty()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new WarehouseException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fallback;
    }

    private static void addIfCode(List<String> statements, String statement) {
        boolean code = statement.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--") && !l.equals(";"));
        if (code) {
            statements.add(statement.strip());
        }
    }
}
