package fr.pairobs.pull;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.PartnerSpec;

import static java.util.Objects.requireNonNull;

/** Pulls a feed's files from its partner's inbox directory (local or mounted) into the landing area. */
public final class InboxPuller {
    private final LandingArea landing;
    private final Path home;

    public InboxPuller(LandingArea landing, Path home) {
        this.landing = requireNonNull(landing, "landing is null");
        this.home = requireNonNull(home, "home is null");
    }

    public Path inboxOf(PartnerSpec partner) {
        Path path = Path.of(partner.source().path());
        return path.isAbsolute() ? path : home.resolve(path);
    }

    /** Lands every inbox file matching the feed's pattern; returns what was landed, new or not. */
    public List<LandingArea.Landing> pull(PartnerSpec partner, FeedSpec feed) {
        if (!"directory".equals(partner.source().type())) {
            throw new PullException("partner " + partner.id() + ": source type '" + partner.source().type()
                    + "' is not supported; use 'directory'");
        }
        Path inbox = inboxOf(partner);
        if (!Files.isDirectory(inbox)) {
            throw new PullException("partner " + partner.id() + ": inbox directory " + inbox
                    + " does not exist; create it or fix source.path in config/partners.yml");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + feed.files().pattern());
        List<Path> candidates;
        try (Stream<Path> list = Files.list(inbox)) {
            candidates = list.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PullException("partner " + partner.id() + ": cannot list " + inbox + ": " + e.getMessage(), e);
        }
        List<LandingArea.Landing> result = new ArrayList<>();
        for (Path candidate : candidates) {
            result.add(landing.land(partner.id(), feed.feed(), candidate));
        }
        return result;
    }
}
