package fr.pairobs.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import fr.pairobs.lake.LakeType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static java.util.Objects.requireNonNull;

/**
 * The declarative side of PairObs: datasets ({@code config/datasets.yml}), partners
 * ({@code config/partners.yml}) and feeds ({@code jobs/*.yml}), loaded and cross-checked once.
 * A mistake in a spec fails here, naming the file, before any job runs.
 */
public final class SpecCatalog {
    /** The nightly flow's own schedule lives in jobs/nightly.yml, which is not a feed. */
    public static final String NIGHTLY_FILE = "nightly.yml";

    private final Map<String, DatasetSpec> datasets;
    private final Map<String, PartnerSpec> partners;
    private final Map<String, FeedSpec> feeds;
    private final NightlySpec nightly;

    public SpecCatalog(Map<String, DatasetSpec> datasets, Map<String, PartnerSpec> partners,
            Map<String, FeedSpec> feeds, NightlySpec nightly) {
        this.datasets = Map.copyOf(requireNonNull(datasets, "datasets is null"));
        this.partners = Map.copyOf(requireNonNull(partners, "partners is null"));
        this.feeds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(feeds, "feeds is null")));
        this.nightly = requireNonNull(nightly, "nightly is null");
    }

    public static SpecCatalog load(Path configDir, Path jobsDir) {
        YAMLMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        Map<String, DatasetSpec> datasets = loadDatasets(yaml, configDir.resolve("datasets.yml"));
        Map<String, PartnerSpec> partners = loadPartners(yaml, configDir.resolve("partners.yml"));
        Map<String, FeedSpec> feeds = new LinkedHashMap<>();
        NightlySpec nightly = NightlySpec.DEFAULT;
        List<Path> files;
        try (Stream<Path> list = Files.list(jobsDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new SpecException(jobsDir + ": cannot list feed specs: " + e.getMessage(), e);
        }
        for (Path file : files) {
            if (file.getFileName().toString().equals(NIGHTLY_FILE)) {
                nightly = read(yaml, file, NightlySpec.class);
                continue;
            }
            FeedSpec feed = read(yaml, file, FeedSpec.class);
            validate(file, feed, datasets, partners);
            if (feeds.putIfAbsent(feed.feed(), feed) != null) {
                throw new SpecException(file + ": feed id '" + feed.feed() + "' is already declared by another file in " + jobsDir);
            }
        }
        return new SpecCatalog(datasets, partners, feeds, nightly);
    }

    public Map<String, DatasetSpec> datasets() {
        return datasets;
    }

    public DatasetSpec dataset(String name) {
        return Optional.ofNullable(datasets.get(name))
                .orElseThrow(() -> new SpecException("unknown dataset '" + name + "'; known: " + datasets.keySet()));
    }

    public Map<String, PartnerSpec> partners() {
        return partners;
    }

    public PartnerSpec partner(String id) {
        return Optional.ofNullable(partners.get(id))
                .orElseThrow(() -> new SpecException("unknown partner '" + id + "'; known: " + partners.keySet()));
    }

    /** Feeds in a stable order (by spec file name). */
    public Map<String, FeedSpec> feeds() {
        return feeds;
    }

    public FeedSpec feed(String id) {
        return Optional.ofNullable(feeds.get(id))
                .orElseThrow(() -> new SpecException("unknown feed '" + id + "'; known: " + feeds.keySet()));
    }

    public List<FeedSpec> feedsOf(String partnerId) {
        return feeds.values().stream().filter(f -> f.partner().equals(partnerId)).toList();
    }

    public NightlySpec nightly() {
        return nightly;
    }

    private static Map<String, DatasetSpec> loadDatasets(YAMLMapper yaml, Path file) {
        DatasetsFile parsed = read(yaml, file, DatasetsFile.class);
        Map<String, DatasetSpec> result = new LinkedHashMap<>();
        parsed.datasets().forEach((name, body) -> {
            for (DatasetSpec.FieldSpec field : body.fields()) {
                try {
                    LakeType.fromSpec(field.type());
                    if (field.pattern() != null) {
                        Pattern.compile(field.pattern());
                    }
                } catch (IllegalArgumentException e) {
                    throw new SpecException(file + ": dataset " + name + ", field " + field.name() + ": " + e.getMessage(), e);
                }
            }
            result.put(name, new DatasetSpec(name, body.description(), body.person(), body.key(), body.periodField(), body.fields()));
        });
        return result;
    }

    private static Map<String, PartnerSpec> loadPartners(YAMLMapper yaml, Path file) {
        PartnersFile parsed = read(yaml, file, PartnersFile.class);
        Map<String, PartnerSpec> result = new LinkedHashMap<>();
        parsed.partners().forEach((id, body) -> {
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw new SpecException(file + ": partner id '" + id + "' must be lower-case letters, digits and dashes");
            }
            if (body.source() == null) {
                throw new SpecException(file + ": partner " + id + " has no source");
            }
            List<String> problems = body.source().problems();
            if (!problems.isEmpty()) {
                throw new SpecException(file + ": partner " + id + ", source " + body.source().type() + ": "
                        + String.join("; ", problems));
            }
            result.put(id, new PartnerSpec(id, body.name(), body.category(), body.source()));
        });
        return result;
    }

    private static void validate(Path file, FeedSpec feed, Map<String, DatasetSpec> datasets, Map<String, PartnerSpec> partners) {
        List<String> problems = new ArrayList<>();
        DatasetSpec dataset = datasets.get(feed.dataset());
        if (dataset == null) {
            problems.add("dataset '" + feed.dataset() + "' is not declared in config/datasets.yml " + datasets.keySet());
        }
        if (!partners.containsKey(feed.partner())) {
            problems.add("partner '" + feed.partner() + "' is not declared in config/partners.yml " + partners.keySet());
        }
        if (dataset != null) {
            for (String field : feed.columns().keySet()) {
                if (dataset.field(field).isEmpty()) {
                    problems.add("columns maps '" + field + "', which is not a field of dataset " + dataset.name());
                }
            }
            for (String field : feed.constants().keySet()) {
                if (dataset.field(field).isEmpty()) {
                    problems.add("constants sets '" + field + "', which is not a field of dataset " + dataset.name());
                }
            }
            for (DatasetSpec.FieldSpec field : dataset.fields()) {
                if (field.required() && !feed.columns().containsKey(field.name()) && !feed.constants().containsKey(field.name())) {
                    problems.add("required field '" + field.name() + "' is mapped by neither columns nor constants");
                }
            }
            if (dataset.person()) {
                FeedSpec.Identity identity = feed.identity();
                if (identity == null || (identity.nir() == null && identity.traits() == null && identity.pseudonym() == null)) {
                    problems.add("dataset " + dataset.name() + " identifies people: give identity.nir, identity.traits or identity.pseudonym");
                }
            }
        }
        if (feed.files().period() != null) {
            try {
                if (Pattern.compile(feed.files().period()).matcher("").groupCount() < 1) {
                    problems.add("files.period needs one capturing group for the period");
                }
            } catch (PatternSyntaxException e) {
                problems.add("files.period is not a regular expression: " + e.getDescription());
            }
        }
        try {
            java.nio.charset.Charset.forName(feed.dialect().encoding());
        } catch (RuntimeException e) {
            problems.add("dialect.encoding '" + feed.dialect().encoding() + "' is not a known charset");
        }
        if (feed.dialect().delimiter().length() != 1) {
            problems.add("dialect.delimiter must be one character");
        }
        if (!problems.isEmpty()) {
            throw new SpecException(file + ": feed " + feed.feed() + ": " + String.join("; ", problems));
        }
    }

    private static <T> T read(YAMLMapper yaml, Path file, Class<T> type) {
        try {
            T value = yaml.readValue(file.toFile(), type);
            if (value == null) {
                throw new SpecException(file + ": the file is empty");
            }
            return value;
        } catch (JacksonException e) {
            throw new SpecException(file + ": " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
        }
    }

    record DatasetsFile(Map<String, DatasetBody> datasets) {
    }

    record DatasetBody(String description, boolean person, List<String> key, String periodField, List<DatasetSpec.FieldSpec> fields) {
    }

    record PartnersFile(Map<String, PartnerBody> partners) {
    }

    record PartnerBody(String name, String category, PartnerSpec.Source source) {
    }

}
