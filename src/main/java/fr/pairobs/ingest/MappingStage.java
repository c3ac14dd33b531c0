package fr.pairobs.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;

import static java.util.Objects.requireNonNull;

/**
 * The first stage of the row path: which partner column, template of columns or constant gives each canonical
 * field of the dataset ({@code columns}, {@code constants} of the feed), and which rows are for this dataset at
 * all ({@code filter}). Partners agree neither on column order nor on how names are spelled, so the mapping is
 * bound to each header once ({@link #bind}) and the later stages read a row through that binding.
 */
final class MappingStage {
    private final FeedSpec feed;
    private final Map<String, Integer> fieldIndexes;
    private final String[] fieldNames;
    private final String[] mappings;
    private final Template[] templates;
    private final String[] constants;
    private final String[] shownColumns;
    private final List<String> filterColumns;
    private final List<Set<String>> filterValues;

    private SourceHeader boundHeader;
    private MappedHeader bound;

    MappingStage(FeedSpec feed, DatasetSpec dataset) {
        this.feed = requireNonNull(feed, "feed is null");
        List<DatasetSpec.FieldSpec> fields = dataset.fields();
        int count = fields.size();
        this.fieldNames = new String[count];
        this.mappings = new String[count];
        this.templates = new Template[count];
        this.constants = new String[count];
        this.shownColumns = new String[count];
        Map<String, Integer> indexes = new HashMap<>();
        for (int f = 0; f < count; f++) {
            String name = fields.get(f).name();
            String mapping = feed.columns().get(name);
            indexes.put(name, f);
            fieldNames[f] = name;
            mappings[f] = mapping;
            templates[f] = mapping != null && Template.isTemplate(mapping) ? Template.parse(mapping) : null;
            constants[f] = feed.constants().get(name);
            shownColumns[f] = mapping != null ? mapping : "(constant " + name + ")";
        }
        this.fieldIndexes = Map.copyOf(indexes);
        this.filterColumns = List.copyOf(feed.filter().keySet());
        this.filterValues = filterColumns.stream().map(c -> (Set<String>) new HashSet<>(feed.filter().get(c))).toList();
    }

    /** Partner columns this feed reads: a file without one of them cannot be ingested. */
    static List<String> expectedColumns(FeedSpec feed) {
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

    /** The handle of a canonical field for {@link MappedHeader#text} and {@link #column}, resolved once by name. */
    int field(String name) {
        Integer index = fieldIndexes.get(name);
        if (index == null) {
            throw new IllegalArgumentException("feed " + feed.feed() + " maps no field '" + name + "' of dataset " + feed.dataset());
        }
        return index;
    }

    /** Where a field comes from, as rejects name it: the partner column, the template, or "(constant field)". */
    String column(int field) {
        return shownColumns[field];
    }

    /** The mapping on the columns of this header; the same header (every row of a file) is bound once. */
    MappedHeader bind(SourceHeader header) {
        if (header != boundHeader) {
            bound = new MappedHeader(feed, header, fieldNames, mappings, templates, constants, filterColumns, filterValues);
            boundHeader = header;
        }
        return bound;
    }
}
