package fr.pairobs.feed;

import static java.util.Objects.requireNonNull;

/** A partner organisation and where its exports are pulled from ({@code config/partners.yml}). */
public record PartnerSpec(String id, String name, String category, Source source) {
    public PartnerSpec {
        requireNonNull(id, "id is null");
        requireNonNull(source, "source of partner " + id + " is null");
    }

    /** Where to pull from: {@code directory} (a local or mounted folder). */
    public record Source(String type, String path) {
        public Source {
            type = type == null ? "directory" : type;
        }
    }
}
