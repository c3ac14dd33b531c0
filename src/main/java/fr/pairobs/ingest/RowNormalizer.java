package fr.pairobs.ingest;

import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.pseudo.Pseudonymizer;

import static java.util.Objects.requireNonNull;

/**
 * Turns a partner row into a lake row through the stages of the row path, each over named lake columns:
 * {@link MappingStage} (partner columns to canonical fields, rows not for this dataset filtered),
 * {@link ValidationStage} (the dataset's rules, French formats), {@link PseudonymizationStage} (the identity
 * replaced with keyed pseudonyms, for person datasets) and {@link LineageStage}. A row that breaks a rule is
 * rejected with the column and reason; identifying values never leave the pseudonymization stage.
 */
public final class RowNormalizer implements ItemProcessor<SourceRow, Object[]> {
    private final MappingStage mapping;
    private final ValidationStage validation;
    private final PseudonymizationStage pseudonymization;
    private final LineageStage lineage;
    private final LakeRow row;

    public RowNormalizer(FeedSpec feed, DatasetSpec dataset, Pseudonymizer pseudonymizer, BatchLineage lineage, LocalDate today) {
        requireNonNull(feed, "feed is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(pseudonymizer, "pseudonymizer is null");
        requireNonNull(lineage, "lineage is null");
        requireNonNull(today, "today is null");
        LakeRow.Columns columns = LakeRow.Columns.of(dataset);
        this.mapping = new MappingStage(feed, dataset);
        this.validation = new ValidationStage(feed, dataset, mapping, columns, today);
        this.pseudonymization = dataset.person() ? new PseudonymizationStage(feed, pseudonymizer, lineage.partner(), columns, today) : null;
        this.lineage = new LineageStage(lineage, columns);
        this.row = new LakeRow(columns);
    }

    /** Partner columns this feed reads: a file without one of them cannot be ingested. */
    public static List<String> expectedColumns(FeedSpec feed) {
        return MappingStage.expectedColumns(feed);
    }

    /** The lake row, in the order of {@code LakeLayout.schema(dataset)}, or null when the row is not for this dataset. */
    @Override
    public Object[] process(SourceRow source) {
        MappedHeader header = mapping.bind(source.header());
        if (!header.accepts(source)) {
            return null; // not for this dataset (e.g. a FINESS category outside mental health): filtered, not rejected
        }
        row.next();
        validation.validate(source, header, row);
        if (pseudonymization != null) {
            pseudonymization.pseudonymize(source, header, row);
        }
        lineage.stamp(source, row);
        return row.values();
    }
}
