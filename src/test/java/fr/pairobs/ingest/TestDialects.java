package fr.pairobs.ingest;

import fr.pairobs.feed.FeedSpec;

/** Dialects of the reader tests: a header line, semicolons, double quotes, decimal comma. */
final class TestDialects {
    static final FeedSpec.Dialect SEMICOLON_1252 = semicolon("windows-1252");

    private TestDialects() {
    }

    static FeedSpec.Dialect semicolon(String encoding) {
        return new FeedSpec.Dialect(null, ";", encoding, true, null, ",", null);
    }
}
