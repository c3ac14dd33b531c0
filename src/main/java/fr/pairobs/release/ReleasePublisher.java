package fr.pairobs.release;

import java.nio.file.Path;

import fr.pairobs.batch.PipelineEvents;

import static java.util.Objects.requireNonNull;

/**
 * Publishes the staged release of a build just before the warehouse built with it replaces current.duckdb: a release
 * that cannot be published stops the warehouse's publish too, so the two always come from the same build.
 */
public final class ReleasePublisher implements PipelineEvents {
    private final OpenRelease release;

    public ReleasePublisher(OpenRelease release) {
        this.release = requireNonNull(release, "release is null");
    }

    @Override
    public void beforePublish(Path build, Path current) {
        String name = build.getFileName().toString();
        if (!name.matches("build-.+\\.duckdb")) {
            throw new ReleaseException("cannot tell the build of " + build + ": its release cannot be published");
        }
        release.publishStaged(name.substring("build-".length(), name.length() - ".duckdb".length()));
    }
}
