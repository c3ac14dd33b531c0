package fr.pairobs.feed;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A canonical lake dataset: its fields and rules, shared by every partner feed of it. */
public record DatasetSpec(
        String name,
        String description,
        boolean person,
        List<String> key,
        String periodField,
        List<FieldSpec> fields) {

    public DatasetSpec {
        requireNonNull(name, "name is null");
        key = key == null ? List.of() : List.copyOf(key);
        fields = List.copyOf(requireNonNull(fields, "fields is null"));
    }

    public Optional<FieldSpec> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** One canonical field with its validation rules. */
    public record FieldSpec(
            String name,
            String type,
            boolean required,
            Integer pad,
            String pattern,
            List<String> codes,
            String min,
            String max) {

        public FieldSpec {
            requireNonNull(name, "name is null");
            type = type == null ? "string" : type;
            codes = codes == null ? List.of() : List.copyOf(codes);
        }
    }
}
