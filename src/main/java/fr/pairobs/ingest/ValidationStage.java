package fr.pairobs.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.ingest.parse.Codes;
import fr.pairobs.ingest.parse.DateParser;
import fr.pairobs.ingest.parse.DecimalParser;
import fr.pairobs.ingest.parse.FieldFormatException;
import fr.pairobs.ingest.parse.IntegerParser;
import fr.pairobs.ingest.parse.ValueShape;
import fr.pairobs.lake.LakeType;
import fr.pairobs.pseudo.Nir;

import static java.util.Objects.requireNonNull;

/**
 * The stage of the row path that checks a row against its dataset's rules and writes the canonical fields:
 * the row's shape first (field count, control characters, a NIR outside the identity columns), then each
 * field in the dataset's order, its partner value translated ({@code values}), parsed in the feed's French
 * formats and checked (required, pattern, codes, ranges, dates not after the run date). A row that breaks a
 * rule is rejected with its line, column and reason; in person-level data a bad value is described by its
 * shape, never quoted.
 */
final class ValidationStage {
    private final DateParser dates;
    private final DecimalParser decimals;
    private final IntegerParser integers;
    private final LocalDate today;
    /** Whether rows are about people: then a bad value is described by its shape, never quoted. */
    private final boolean person;
    private final List<Field> fields;

    ValidationStage(FeedSpec feed, DatasetSpec dataset, MappingStage mapping, LakeRow.Columns columns, LocalDate today) {
        requireNonNull(feed, "feed is null");
        requireNonNull(mapping, "mapping is null");
        requireNonNull(columns, "columns is null");
        this.today = requireNonNull(today, "today is null");
        this.dates = new DateParser(feed.dialect().dateFormats());
        this.decimals = new DecimalParser(feed.dialect().decimalSeparator().charAt(0));
        this.integers = new IntegerParser(feed.dialect().decimalSeparator().charAt(0));
        this.person = dataset.person();
        this.fields = dataset.fields().stream().map(f -> new Field(f, feed, mapping, columns)).toList();
    }

    /** Checks the row and writes its canonical fields into {@code out}; throws {@link RowRejectedException} at the first broken rule. */
    void validate(SourceRow row, MappedHeader header, LakeRow out) {
        checkRow(row, header);
        for (Field field : fields) {
            out.set(field.column, field.convert(row, header));
        }
    }

    /**
     * Refuses what no single field's rule sees: a row with more or fewer fields than the header (its values
     * would land in the wrong columns, or be dropped), control characters (a NUL byte, a form feed, C1 codes
     * of a file in another encoding) and a NIR in a column that is not an identity column (it would reach the
     * lake in clear). One scan of the characters, no pattern.
     */
    private static void checkRow(SourceRow row, MappedHeader header) {
        String[] values = row.values();
        int expected = header.width();
        if (values.length != expected) {
            String where = values.length < expected ? "(missing after field " + values.length + ")"
                    : "(field " + (expected + 1) + " and after)";
            throw new RowRejectedException(row.line(), where, "-", "the row has " + values.length + " fields, the header "
                    + expected + ": a delimiter is missing or extra in this row, so its values would land in the wrong columns");
        }
        for (int c = 0; c < values.length; c++) {
            String value = values[c];
            int length = value.length();
            for (int k = 0; k < length; k++) {
                char ch = value.charAt(k);
                if (ch < 0x20 ? ch != '\t' && ch != '\n' && ch != '\r' : ch >= 0x7F && ch <= 0x9F) {
                    throw new RowRejectedException(row.line(), header.columnName(c), header.fieldOfColumn(c),
                            "control character U+" + String.format("%04X", (int) ch) + " at character " + (k + 1) + " of "
                                    + length + "; a text export holds none (is the file binary, or in another encoding?)");
                }
            }
            if (!header.isIdentityColumn(c) && length >= 15 && Nir.isNir(value.strip())) {
                throw new RowRejectedException(row.line(), header.columnName(c), header.fieldOfColumn(c),
                        "a NIR (15 characters with a valid key) in a column that is not the feed's NIR column; refused so "
                                + "that it does not reach the lake in clear (are the row's columns shifted?)");
            }
        }
    }

    /** How a bad value is shown: by its shape in person-level data, quoted in reference data (structures, grants). */
    private String shown(String raw) {
        return person ? ValueShape.describe(raw) : "'" + raw + "'";
    }

    /** A canonical field with its rules compiled once per step. */
    private final class Field {
        private final DatasetSpec.FieldSpec spec;
        private final LakeType type;
        /** Where the field is read ({@link MappingStage#field}) and written ({@link LakeRow.Columns#index}). */
        private final int source;
        private final int column;
        private final String columnName;
        private final Map<String, String> values;
        private final Pattern pattern;
        private final Double min;
        private final Double max;
        private final LocalDate minDate;
        private final LocalDate maxDate;

        Field(DatasetSpec.FieldSpec spec, FeedSpec feed, MappingStage mapping, LakeRow.Columns columns) {
            this.spec = spec;
            this.type = LakeType.fromSpec(spec.type());
            this.source = mapping.field(spec.name());
            this.column = columns.index(spec.name());
            this.columnName = mapping.column(source);
            this.values = feed.values().getOrDefault(spec.name(), Map.of());
            this.pattern = spec.pattern() == null ? null : Pattern.compile(spec.pattern());
            boolean date = type == LakeType.DATE;
            this.min = date || spec.min() == null ? null : Double.valueOf(spec.min());
            this.max = date || spec.max() == null ? null : Double.valueOf(spec.max());
            this.minDate = date ? bound(spec.min()) : null;
            this.maxDate = date ? bound(spec.max()) : null;
        }

        Object convert(SourceRow row, MappedHeader header) {
            String raw = header.text(row, source);
            if (raw == null) {
                if (spec.required()) {
                    throw new RowRejectedException(row.line(), columnName, spec.name(), "required value is missing");
                }
                return null;
            }
            if (!values.isEmpty()) {
                String mapped = values.get(raw);
                if (mapped == null && !spec.codes().contains(raw)) {
                    throw new RowRejectedException(row.line(), columnName, spec.name(),
                            "unknown value, found " + shown(raw) + "; expected one of " + values.keySet());
                }
                raw = mapped != null ? mapped : raw;
            }
            try {
                return switch (type) {
                    case STRING -> checkText(raw);
                    case INT -> checkRange(integers.parseInt(raw));
                    case LONG -> checkRange(integers.parseLong(raw));
                    case DOUBLE -> checkRange(decimals.parse(raw));
                    case DATE -> checkDate(dates.parse(raw));
                    case BOOLEAN -> parseBoolean(raw);
                    case TIMESTAMP -> throw new FieldFormatException("timestamps are not accepted from partner files");
                };
            } catch (FieldFormatException e) {
                throw new RowRejectedException(row.line(), columnName, spec.name(), e.getMessage());
            }
        }

        /** The last raw text accepted and its value: codes and structure ids repeat from row to row. */
        private String lastRaw;
        private String lastValue;

        private String checkText(String raw) {
            if (raw.equals(lastRaw)) {
                return lastValue;
            }
            String value = spec.pad() != null ? Codes.padDigits(raw, spec.pad()) : raw;
            if (pattern != null && !pattern.matcher(value).matches()) {
                throw new FieldFormatException(shown(raw) + " does not have the expected format " + spec.pattern());
            }
            if (!spec.codes().isEmpty() && !spec.codes().contains(value)) {
                throw new FieldFormatException("unknown code, found " + shown(raw) + "; expected one of " + spec.codes());
            }
            lastRaw = raw;
            lastValue = value;
            return value;
        }

        private <N extends Number> N checkRange(N value) {
            double v = value.doubleValue();
            if (min != null && v < min) {
                throw new FieldFormatException((person ? "a number" : value.toString()) + " is below the minimum " + spec.min());
            }
            if (max != null && v > max) {
                throw new FieldFormatException((person ? "a number" : value.toString()) + " is above the maximum " + spec.max());
            }
            return value;
        }

        private LocalDate checkDate(LocalDate value) {
            if (minDate != null && value.isBefore(minDate)) {
                throw new FieldFormatException(shownDate(value) + " is before the earliest accepted " + minDate);
            }
            if (maxDate != null && value.isAfter(maxDate)) {
                throw new FieldFormatException(shownDate(value) + " is after the latest accepted " + maxDate
                        + ("today".equals(spec.max()) ? " (today)" : ""));
            }
            return value;
        }

        private String shownDate(LocalDate value) {
            return person ? "a date in " + value.getYear() : "date " + value;
        }

        private LocalDate bound(String text) {
            if (text == null) {
                return null;
            }
            return "today".equals(text) ? today : LocalDate.parse(text);
        }

        private Boolean parseBoolean(String raw) {
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "1", "true", "oui", "o", "yes", "y", "vrai" -> Boolean.TRUE;
                case "0", "false", "non", "n", "no", "faux" -> Boolean.FALSE;
                default -> throw new FieldFormatException("expected oui/non, found " + shown(raw));
            };
        }
    }
}
