package fr.pairobs;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** The folders of a PairObs home ({@code var/} by default). */
public record Workspace(Path home) {
    public Workspace {
        home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
    }

    public Path landing() {
        return home.resolve("landing");
    }

    public Path lake() {
        return home.resolve("lake");
    }

    public Path rejects() {
        return home.resolve("rejects");
    }

    public Path warehouse() {
        return home.resolve("warehouse");
    }

    public Path currentWarehouse() {
        return warehouse().resolve("current.duckdb");
    }

    public Path builds() {
        return warehouse().resolve("builds");
    }

    public Path secrets() {
        return home.resolve("secrets");
    }

    /** A path named in configuration: as it is when absolute, otherwise under the home. */
    public Path resolve(String configured) {
        Path path = Path.of(configured);
        return path.isAbsolute() ? path : home.resolve(path);
    }
}
