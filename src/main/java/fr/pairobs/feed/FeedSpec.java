package fr.pairobs.feed;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What one partner sends for one dataset: where its files are, their dialect and how their columns
 * map to the dataset's canonical fields. Read from {@code jobs/<partner>.<dataset>.yml}.
 */
public record FeedSpec(
        String feed,
        String partner,
        String dataset,
        String description,
        Schedule schedule,
        Files files,
        Dialect dialect,
        Map<String, String> columns,
        Map<String, Map<String, String>> values,
        Map<String, String> constants,
        Map<String, List<String>> filter,
        Identity identity) {

    public FeedSpec {
        requireNonNull(feed, "feed is null");
        requireNonNull(partner, "partner is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(files, "files is null");
        dialect = dialect == null ? Dialect.DEFAULT : dialect;
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        values = values == null ? Map.of() : Map.copyOf(values);
        constants = constants == null ? Map.of() : Map.copyOf(constants);
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }

    /** When the feed's job runs; {@code misfire} says what to do after a missed night. */
    public record Schedule(String cron, String misfire) {
    }

    /**
     * Which inbox files belong to this feed, how to read the period they cover from the name, and the largest
     * file accepted ({@code max-bytes}, default {@value #DEFAULT_MAX_BYTES}): a larger one is not landed.
     */
    public record Files(String pattern, String period, Long maxBytes) {
        public static final long DEFAULT_MAX_BYTES = 4L << 30;

        public Files {
            requireNonNull(pattern, "files.pattern is null");
            maxBytes = maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes;
        }

        public Files(String pattern, String period) {
            this(pattern, period, null);
        }
    }

    /**
     * How the partner writes its CSV. {@code format}: {@code csv} (a header line, then records) or
     * {@code finess-extract} (the public FINESS establishment extract: a metadata line, then
     * {@code structureet;...} records without header, then {@code geolocalisation;...} records).
     */
    public record Dialect(
            String format,
            String delimiter,
            String encoding,
            Boolean header,
            List<String> dateFormats,
            String decimalSeparator,
            String quote) {

        public static final Dialect DEFAULT = new Dialect(null, null, null, null, null, null, null);

        public Dialect {
            format = format == null ? "csv" : format;
            delimiter = delimiter == null ? ";" : delimiter;
            encoding = encoding == null ? "UTF-8" : encoding;
            header = header == null ? Boolean.TRUE : header;
            dateFormats = dateFormats == null ? List.of("dd/MM/yyyy", "yyyy-MM-dd") : List.copyOf(dateFormats);
            decimalSeparator = decimalSeparator == null ? "," : decimalSeparator;
            quote = quote == null ? "\"" : quote;
        }
    }

    /** Where the person is identified in the partner's file. Never copied to the lake. */
    public record Identity(
            String nir,
            Traits traits,
            String pseudonym,
            String residenceDept,
            Map<String, String> sexValues) {

        public Identity {
            sexValues = sexValues == null ? Map.of("M", "M", "H", "M", "F", "F", "1", "M", "2", "F") : Map.copyOf(sexValues);
        }

        /** Every partner column that carries an identifying value: masked in rejects. */
        public List<String> identifyingColumns() {
            var result = new java.util.ArrayList<String>();
            if (nir != null) {
                result.add(nir);
            }
            if (traits != null) {
                result.addAll(traits.columns());
            }
            if (pseudonym != null) {
                result.add(pseudonym);
            }
            return List.copyOf(result);
        }
    }

    public record Traits(String lastName, String firstName, String birthDate, String sex) {
        public List<String> columns() {
            return java.util.stream.Stream.of(lastName, firstName, birthDate, sex)
                    .filter(java.util.Objects::nonNull).toList();
        }
    }
}
