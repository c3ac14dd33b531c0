package fr.pairobs.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.Pseudonymizer;

/**
 * Feeds of the project's {@code config/} and {@code jobs/} for the tests of the row path's stages, and rows of
 * them written as "column=value" pairs, so a test says which partner column holds what.
 */
final class RowStageFixtures {
    static final SpecCatalog CATALOG = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
    static final LocalDate RUN_DATE = LocalDate.of(2026, 1, 1);
    /** A key of 32 zero bytes, as the tests compute pseudonyms with it. */
    static final byte[] SECRET = new byte[32];

    private RowStageFixtures() {
    }

    static FeedSpec feed(String name) {
        return CATALOG.feed(name);
    }

    static DatasetSpec dataset(FeedSpec feed) {
        return CATALOG.dataset(feed.dataset());
    }

    static Pseudonymizer pseudonymizer() {
        return new Pseudonymizer(new PseudonymKey("k1", SECRET));
    }

    static BatchLineage lineage(FeedSpec feed) {
        return new BatchLineage(feed.partner(), feed.feed(), "ab".repeat(32), "2025-T1", Instant.parse("2025-04-02T01:30:00Z"), 42);
    }

    static SourceHeader header(String... names) {
        return SourceHeader.of(Path.of("f.csv"), "f.csv", List.of(names));
    }

    /** A row of the header's columns in order, from "column=value" pairs; a column not given is empty. */
    static SourceRow row(SourceHeader header, long line, String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        List<String> row = new ArrayList<>();
        for (String name : header.names()) {
            String value = values.remove(name);
            row.add(value == null ? "" : value);
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("columns not in the header: " + values.keySet());
        }
        return new SourceRow(header, line, row.toArray(String[]::new));
    }

    /** The pairs with some columns given another value ("column=" empties one) or added. */
    static String[] with(String[] pairs, String... changes) {
        List<String> result = new ArrayList<>(List.of(pairs));
        for (String change : changes) {
            String column = change.substring(0, change.indexOf('=') + 1);
            int at = -1;
            for (int i = 0; i < result.size() && at < 0; i++) {
                at = result.get(i).startsWith(column) ? i : -1;
            }
            if (at >= 0) {
                result.set(at, change);
            } else {
                result.add(change);
            }
        }
        return result.toArray(String[]::new);
    }

    /** "accepted", or the reject of the stage as "line|column|field|reason". */
    static String outcome(Runnable stage) {
        try {
            stage.run();
            return "accepted";
        } catch (RowRejectedException e) {
            return e.line() + "|" + e.column() + "|" + e.field() + "|" + e.reason();
        }
    }
}
