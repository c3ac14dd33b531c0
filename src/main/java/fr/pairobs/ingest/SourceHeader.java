package fr.pairobs.ingest;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * The header line of a partner file. Column names are matched ignoring case, accents and
 * surrounding spaces, because spreadsheets and exports rarely agree on them.
 */
public record SourceHeader(Path file, String displayName, List<String> names, Map<String, Integer> index) {
    public SourceHeader {
        requireNonNull(file, "file is null");
        names = List.copyOf(names);
        index = Map.copyOf(index);
    }

    public static SourceHeader of(Path file, String displayName, List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(key(names.get(i)), i);
        }
        return new SourceHeader(file, displayName, names, index);
    }

    public OptionalInt indexOf(String column) {
        Integer i = index.get(key(column));
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    static String key(String name) {
        String stripped = Normalizer.normalize(name.replace("\uFEFF", "").strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return stripped.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
