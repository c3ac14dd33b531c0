package fr.pairobs.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.ingest.parse.Codes;
import fr.pairobs.ingest.parse.DateParser;
import fr.pairobs.ingest.parse.DecimalParser;
import fr.pairobs.ingest.parse.FieldFormatException;
import fr.pairobs.ingest.parse.IntegerParser;
import fr.pairobs.ingest.parse.ValueShape;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.LakeType;
import fr.pairobs.pseudo.IdentityTraits;
import fr.pairobs.pseudo.InvalidIdentifierException;
import fr.pairobs.pseudo.Nir;
import fr.pairobs.pseudo.Pseudonymizer;

import static java.util.Objects.requireNonNull;

/**
 * Turns a partner row into a lake row: maps columns to canonical fields, parses French formats,
 * checks the dataset's rules, replaces the identity with a keyed pseudonym and appends lineage.
 * A row that breaks a rule is rejected with the column and reason; identifying values never
 * leave this class.
 */
public final class RowNormalizer implements ItemProcessor<SourceRow, Object[]> {
    private final FeedSpec feed;
    private final DatasetSpec dataset;
    private final Pseudonymizer pseudonymizer;
    private final BatchLineage lineage;
    private final LocalDate today;
    private final DateParser dates;
    private final DecimalParser decimals;
    private final IntegerParser integers;
    private final List<CompiledField> fields;
    private final int width;
    private final Map<String, String> sexValues;
    /** Whether rows are about people: then a bad value is described by its shape, never quoted. */
    private final boolean person;

    private SourceHeader boundHeader;
    private int[] fieldIndexes;
    private int[][] templateIndexes;
    private int[] filterIndexes = new int[0];
    private final List<java.util.Set<String>> filterValues;
    private int nirIndex = -1;
    private int[] traitIndexes;
    private int pseudonymIndex = -1;
    private int residenceIndex = -1;
    /** Per column of the header: whether it may hold a NIR (the identity columns), and the field it feeds. */
    private boolean[] mayHoldNir;
    private String[] fieldOfColumn;
    /** The last département accepted, raw and padded: people of a region live in a few départements. */
    private String lastResidenceRaw;
    private String lastResidence;

    public RowNormalizer(FeedSpec feed, DatasetSpec dataset, Pseudonymizer pseudonymizer, BatchLineage lineage, LocalDate today) {
        this.feed = requireNonNull(feed, "feed is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.today = requireNonNull(today, "today is null");
        this.dates = new DateParser(feed.dialect().dateFormats());
        this.decimals = new DecimalParser(feed.dialect().decimalSeparator().charAt(0));
        this.integers = new IntegerParser(feed.dialect().decimalSeparator().charAt(0));
        this.fields = dataset.fields().stream().map(f -> new CompiledField(f, feed)).toList();
        this.width = LakeLayout.schema(dataset).size();
        Map<String, String> sexes = new java.util.HashMap<>();
        if (feed.identity() != null) {
            feed.identity().sexValues().forEach((k, v) -> sexes.put(k.toUpperCase(Locale.ROOT), v));
        }
        this.sexValues = Map.copyOf(sexes);
        this.person = dataset.person();
        this.filterValues = feed.filter().values().stream().map(v -> (java.util.Set<String>) new java.util.HashSet<>(v)).toList();
    }

    /** Partner columns this feed reads: a file without one of them cannot be ingested. */
    public static List<String> expectedColumns(FeedSpec feed) {
        List<String> columns = new ArrayList<>();
        for (String column : feed.columns().values()) {
            columns.addAll(Template.isTemplate(column) ? Template.parse(column).columns() : List.of(column));
        }
        columns.addAll(feed.filter().keySet());
        if (feed.identity() != null) {
            columns.addAll(feed.identity().identifyingColumns());
            if (feed.identity().residenceDept() != null) {
                columns.add(feed.identity().residenceDept());
            }
        }
        return List.copyOf(columns);
    }

    @Override
    public Object[] process(SourceRow row) {
        bind(row.header());
        for (int f = 0; f < filterIndexes.length; f++) {
            String value = row.value(filterIndexes[f]);
            if (value == null || !filterValues.get(f).contains(value)) {
                return null; // not for this dataset (e.g. a FINESS category outside mental health): filtered, not rejected
            }
        }
        checkRow(row);
        Object[] out = new Object[width];
        int i = 0;
        for (CompiledField field : fields) {
            out[i] = field.convert(row, fieldIndexes[i], templateIndexes[i]);
            i++;
        }
        if (dataset.person()) {
            i = pseudonymize(row, out, i);
        }
        out[i++] = lineage.partner();
        out[i++] = lineage.feed();
        out[i++] = lineage.sha256();
        out[i++] = row.line();
        out[i++] = lineage.period();
        out[i++] = lineage.pulledAt();
        out[i] = lineage.jobExecutionId();
        return out;
    }

    /**
     * Refuses what no single field's rule sees: a row with more or fewer fields than the header (its values
     * would land in the wrong columns, or be dropped), control characters (a NUL byte, a form feed, C1 codes
     * of a file in another encoding) and a NIR in a column that is not an identity column (it would reach the
     * lake in clear). One scan of the characters, no pattern.
     */
    private void checkRow(SourceRow row) {
        String[] values = row.values();
        int expected = mayHoldNir.length;
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
                    throw new RowRejectedException(row.line(), columnName(row.header(), c), fieldOfColumn[c],
                            "control character U+" + String.format("%04X", (int) ch) + " at character " + (k + 1) + " of "
                                    + length + "; a text export holds none (is the file binary, or in another encoding?)");
                }
            }
            if (!mayHoldNir[c] && length >= 15 && Nir.isNir(value.strip())) {
                throw new RowRejectedException(row.line(), columnName(row.header(), c), fieldOfColumn[c],
                        "a NIR (15 characters with a valid key) in a column that is not the feed's NIR column; refused so "
                                + "that it does not reach the lake in clear (are the row's columns shifted?)");
            }
        }
    }

    private static String columnName(SourceHeader header, int index) {
        return index < header.names().size() && !header.names().get(index).isBlank() ? header.names().get(index)
                : "(field " + (index + 1) + ")";
    }

    /** How a bad value is shown: by its shape in person-level data, quoted in reference data (structures, grants). */
    private String shown(String raw) {
        return person ? ValueShape.describe(raw) : "'" + raw + "'";
    }

    private int pseudonymize(SourceRow row, Object[] out, int i) {
        FeedSpec.Identity identity = feed.identity();
        String personKey = null;
        String traitsKey = null;
        String sex = null;
        Integer birthYear = null;
        String nirRaw = row.value(nirIndex);
        if (nirRaw != null) {
            try {
                Nir nir = Nir.parse(nirRaw);
                personKey = pseudonymizer.personKeyFromNir(nir);
                sex = nir.sex();
                birthYear = nir.birthYear(today.getYear());
            } catch (InvalidIdentifierException e) {
                throw new RowRejectedException(row.line(), identity.nir(), "person", "invalid NIR: " + e.getMessage());
            }
        }
        if (traitIndexes != null) {
            String last = row.value(traitIndexes[0]);
            String first = row.value(traitIndexes[1]);
            String birth = row.value(traitIndexes[2]);
            String sexRaw = row.value(traitIndexes[3]);
            if (last != null && first != null && birth != null && sexRaw != null) {
                LocalDate birthDate;
                try {
                    birthDate = dates.parse(birth);
                } catch (FieldFormatException e) {
                    throw new RowRejectedException(row.line(), identity.traits().birthDate(), "person",
                            "birth date is not a valid date in " + feed.dialect().dateFormats() + " (value masked)");
                }
                if (birthDate.isAfter(today) || birthDate.getYear() < 1900) {
                    throw new RowRejectedException(row.line(), identity.traits().birthDate(), "person",
                            "birth date out of range 1900..today (value masked)");
                }
                String traitSex = sexValues.get(sexRaw.toUpperCase(Locale.ROOT));
                if (traitSex == null) {
                    throw new RowRejectedException(row.line(), identity.traits().sex(), "person",
                            "unknown sex code; expected one of " + identity.sexValues().keySet());
                }
                traitsKey = pseudonymizer.personKeyFromTraits(new IdentityTraits(last, first, birthDate, traitSex));
                sex = sex == null ? traitSex : sex;
                birthYear = birthDate.getYear();
            } else if (personKey == null && identity.pseudonym() == null) {
                throw new RowRejectedException(row.line(), identity.traits().columns().toString(), "person",
                        "identity incomplete: last name, first name, birth date and sex are all required without a NIR");
            }
        }
        if (personKey == null) {
            personKey = traitsKey;
        }
        if (personKey == null && pseudonymIndex >= 0) {
            String pseudonym = row.value(pseudonymIndex);
            if (pseudonym != null) {
                personKey = pseudonymizer.personKeyFromPartnerPseudonym(lineage.partner(), pseudonym);
            }
        }
        if (personKey == null) {
            throw new RowRejectedException(row.line(), String.join(", ", identity.identifyingColumns()), "person",
                    "no identifier: a NIR, identity traits or the partner's pseudonym is required");
        }
        String residence = null;
        String residenceRaw = row.value(residenceIndex);
        if (residenceRaw != null && residenceRaw.equals(lastResidenceRaw)) {
            residence = lastResidence;
        } else if (residenceRaw != null) {
            residence = Codes.padDigits(residenceRaw, 2);
            if (!Codes.isValidDepartement(residence)) {
                throw new RowRejectedException(row.line(), identity.residenceDept(), "residence_dept",
                        "unknown département code, found " + ValueShape.describe(residenceRaw));
            }
            lastResidenceRaw = residenceRaw;
            lastResidence = residence;
        }
        out[i++] = personKey;
        out[i++] = pseudonymizer.keyId();
        out[i++] = traitsKey;
        out[i++] = sex;
        out[i++] = birthYear;
        out[i++] = residence;
        return i;
    }

    private void bind(SourceHeader header) {
        if (header == boundHeader) {
            return;
        }
        fieldIndexes = new int[fields.size()];
        templateIndexes = new int[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            String column = feed.columns().get(fields.get(f).spec.name());
            if (column != null && Template.isTemplate(column)) {
                templateIndexes[f] = Template.parse(column).columns().stream().mapToInt(c -> index(header, c)).toArray();
                fieldIndexes[f] = -2;
            } else {
                fieldIndexes[f] = column == null ? -1 : header.indexOf(column).orElse(-1);
            }
        }
        filterIndexes = feed.filter().keySet().stream().mapToInt(c -> index(header, c)).toArray();
        FeedSpec.Identity identity = feed.identity();
        if (identity != null) {
            nirIndex = identity.nir() == null ? -1 : header.indexOf(identity.nir()).orElse(-1);
            pseudonymIndex = identity.pseudonym() == null ? -1 : header.indexOf(identity.pseudonym()).orElse(-1);
            residenceIndex = identity.residenceDept() == null ? -1 : header.indexOf(identity.residenceDept()).orElse(-1);
            if (identity.traits() != null) {
                FeedSpec.Traits t = identity.traits();
                traitIndexes = new int[] {index(header, t.lastName()), index(header, t.firstName()),
                        index(header, t.birthDate()), index(header, t.sex())};
            }
        }
        int columns = header.names().size();
        mayHoldNir = new boolean[columns];
        fieldOfColumn = new String[columns];
        java.util.Arrays.fill(fieldOfColumn, "-");
        for (int f = 0; f < fields.size(); f++) {
            if (fieldIndexes[f] >= 0) {
                fieldOfColumn[fieldIndexes[f]] = fields.get(f).spec.name();
            }
        }
        if (identity != null) {
            for (String column : identity.identifyingColumns()) {
                int c = index(header, column);
                if (c >= 0) {
                    mayHoldNir[c] = true;
                    fieldOfColumn[c] = "person";
                }
            }
        }
        boundHeader = header;
    }

    private static int index(SourceHeader header, String column) {
        return column == null ? -1 : header.indexOf(column).orElse(-1);
    }

    /** A canonical field with its rules compiled once per step. */
    private final class CompiledField {
        private final DatasetSpec.FieldSpec spec;
        private final LakeType type;
        private final String column;
        private final String constant;
        private final Map<String, String> values;
        private final Pattern pattern;
        private final Template parsed;
        private final Double min;
        private final Double max;
        private final LocalDate minDate;
        private final LocalDate maxDate;

        CompiledField(DatasetSpec.FieldSpec spec, FeedSpec feed) {
            this.spec = spec;
            this.type = LakeType.fromSpec(spec.type());
            this.column = feed.columns().get(spec.name());
            this.constant = feed.constants().get(spec.name());
            this.values = feed.values().getOrDefault(spec.name(), Map.of());
            this.pattern = spec.pattern() == null ? null : Pattern.compile(spec.pattern());
            this.parsed = column != null && Template.isTemplate(column) ? Template.parse(column) : null;
            boolean date = type == LakeType.DATE;
            this.min = date || spec.min() == null ? null : Double.valueOf(spec.min());
            this.max = date || spec.max() == null ? null : Double.valueOf(spec.max());
            this.minDate = date ? bound(spec.min()) : null;
            this.maxDate = date ? bound(spec.max()) : null;
        }

        Object convert(SourceRow row, int index, int[] template) {
            String raw = index >= 0 ? row.value(index) : index == -2 ? template(row, template) : constant;
            String columnName = column != null ? column : "(constant " + spec.name() + ")";
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
                Object value = switch (type) {
                    case STRING -> checkText(raw);
                    case INT -> checkRange(integers.parseInt(raw));
                    case LONG -> checkRange(integers.parseLong(raw));
                    case DOUBLE -> checkRange(decimals.parse(raw));
                    case DATE -> checkDate(dates.parse(raw));
                    case BOOLEAN -> parseBoolean(raw);
                    case TIMESTAMP -> throw new FieldFormatException("timestamps are not accepted from partner files");
                };
                return value;
            } catch (FieldFormatException e) {
                throw new RowRejectedException(row.line(), columnName, spec.name(), e.getMessage());
            }
        }

        /** Concatenates the template's columns; a missing part makes the whole value missing. */
        private String template(SourceRow row, int[] indexes) {
            StringBuilder value = new StringBuilder();
            for (int p = 0; p < parsed.parts().size(); p++) {
                String part = parsed.parts().get(p);
                if (part.startsWith("{")) {
                    String v = row.value(indexes[parsed.columnIndexOfPart(p)]);
                    if (v == null) {
                        return null;
                    }
                    value.append(v);
                } else {
                    value.append(part);
                }
            }
            return value.toString();
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
