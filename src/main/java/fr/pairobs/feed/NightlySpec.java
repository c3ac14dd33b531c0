package fr.pairobs.feed;

/** jobs/nightly.yml: when the nightly flow (every feed, then build, check, publish) runs. */
public record NightlySpec(String job, String description, FeedSpec.Schedule schedule) {
    public static final NightlySpec DEFAULT = new NightlySpec("nightly", "All feeds, then build, check and publish",
            new FeedSpec.Schedule("0 0 3 * * ?", "run-once"));
}
