package fr.pairobs.pull;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.pairobs.Workspace;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.PartnerSpec;

import static java.util.Objects.requireNonNull;

/**
 * Pulls a feed's files from its partner's source (a local or mounted directory, SFTP or HTTPS)
 * into the landing area. Remote files are downloaded under a temporary name of PairObs' own (never
 * the remote name), checked for size and published checksum, and only then landed; a download cut
 * short is thrown away and never ingested.
 */
public final class PartnerPuller {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerPuller.class);

    private final LandingArea landing;
    private final Workspace workspace;

    public PartnerPuller(LandingArea landing, Path home) {
        this.landing = requireNonNull(landing, "landing is null");
        this.workspace = new Workspace(requireNonNull(home, "home is null"));
    }

    public Path inboxOf(PartnerSpec partner) {
        return workspace.resolve(partner.source().path());
    }

    public List<LandingArea.Landing> pull(PartnerSpec partner, FeedSpec feed) {
        return pull(partner, feed, landed -> { });
    }

    /** Lands every source file matching the feed's pattern; returns what was landed, new or not. */
    public List<LandingArea.Landing> pull(PartnerSpec partner, FeedSpec feed, Consumer<LandingArea.Landing> observer) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + feed.files().pattern());
        return switch (partner.source().type()) {
            case "directory" -> pullDirectory(partner, feed, matcher, observer);
            case "sftp", "https" -> pullRemote(partner, feed, matcher, observer);
            default -> throw new PullException("partner " + partner.id() + ": source type '" + partner.source().type()
                    + "' is not supported; use directory, sftp or https");
        };
    }

    private List<LandingArea.Landing> pullDirectory(PartnerSpec partner, FeedSpec feed, PathMatcher matcher,
            Consumer<LandingArea.Landing> observer) {
        Path inbox = inboxOf(partner);
        if (!Files.isDirectory(inbox)) {
            throw new PullException("partner " + partner.id() + ": inbox directory " + inbox
                    + " does not exist; create it or fix source.path in config/partners.yml");
        }
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
            LandingArea.Landing landed = landing.land(partner.id(), feed.feed(), candidate);
            observer.accept(landed);
            result.add(landed);
        }
        return result;
    }

    private List<LandingArea.Landing> pullRemote(PartnerSpec partner, FeedSpec feed, PathMatcher matcher,
            Consumer<LandingArea.Landing> observer) {
        String where = partner.where();
        Path partial = landing.root().resolve(partner.id()).resolve(".partial");
        List<LandingArea.Landing> result = new ArrayList<>();
        try (RemoteSource source = open(partner)) {
            List<RemoteFile> files = source.list().stream()
                    .filter(f -> matcher.matches(Path.of(f.name())))
                    .sorted(Comparator.comparing(RemoteFile::name))
                    .toList();
            Files.createDirectories(partial);
            for (RemoteFile file : files) {
                Optional<LandedFile> known = file.sha256() == null ? Optional.empty() : landing.find(partner.id(), file.sha256());
                if (known.isPresent()) {
                    LOG.debug("{}: {} already landed (published checksum), not downloaded", where, file.name());
                    result.add(new LandingArea.Landing(known.get(), false));
                    continue;
                }
                // the temporary name is PairObs' own: nothing the server says becomes a local path
                Path temp = Files.createTempFile(partial, "download-", ".part");
                try {
                    source.download(file, temp);
                    checkSize(where, file, temp);
                    LandingArea.Landing landed = landing.land(partner.id(), feed.feed(), temp, file.name(), file.sha256());
                    observer.accept(landed);
                    result.add(landed);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new PullException(where + ": pull failed: " + e.getMessage(), e);
        }
        return result;
    }

    private RemoteSource open(PartnerSpec partner) {
        return partner.source().type().equals("sftp") ? SftpSource.open(partner, workspace)
                : HttpsSource.open(partner, workspace);
    }

    private static void checkSize(String where, RemoteFile file, Path downloaded) throws IOException {
        long size = Files.size(downloaded);
        if (file.size() >= 0 && size != file.size()) {
            throw new PullException(where + ": " + file.name() + " was cut short: " + size + " of " + file.size()
                    + " bytes received; it is not landed and will be pulled again");
        }
    }
}
