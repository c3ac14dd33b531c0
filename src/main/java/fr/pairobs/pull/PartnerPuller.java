package fr.pairobs.pull;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * short is thrown away and never ingested. A file is landed only once complete: with a marker, or when its
 * size holds across two looks (see {@link PartnerSpec.Source}); a directory's links are never followed, and a
 * file larger than the feed's {@code files.max-bytes} is refused.
 */
public final class PartnerPuller {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerPuller.class);

    /** Waits between the two looks at a file's size; tests change the file during the wait instead. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    static final String DONE_SUFFIX = ".done";
    static final String SHA256_SUFFIX = ".sha256";
    private static final int MAX_MARKER_BYTES = 4096;

    private final LandingArea landing;
    private final Workspace workspace;
    private final Pause pause;

    public PartnerPuller(LandingArea landing, Path home) {
        this(landing, home, duration -> Thread.sleep(duration.toMillis()));
    }

    public PartnerPuller(LandingArea landing, Path home, Pause pause) {
        this.landing = requireNonNull(landing, "landing is null");
        this.workspace = new Workspace(requireNonNull(home, "home is null"));
        this.pause = requireNonNull(pause, "pause is null");
    }

    public Path inboxOf(PartnerSpec partner) {
        return workspace.resolve(partner.source().path());
    }

    public List<LandingArea.Landing> pull(PartnerSpec partner, FeedSpec feed) {
        return pull(partner, feed, landed -> { });
    }

    /** Lands every complete source file matching the feed's pattern; returns what was landed, new or not. */
    public List<LandingArea.Landing> pull(PartnerSpec partner, FeedSpec feed, Consumer<LandingArea.Landing> observer) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + feed.files().pattern());
        return switch (partner.source().type()) {
            case "directory" -> pullDirectory(partner, feed, matcher, observer);
            case "sftp", "https" -> pullRemote(partner, feed, matcher, observer);
            default -> throw new PullException("partner " + partner.id() + ": source type '" + partner.source().type()
                    + "' is not supported; use directory, sftp or https");
        };
    }

    /** A file seen in the inbox: its size and modification time at one look. */
    private record Look(long size, FileTime modified) {
        static Look of(BasicFileAttributes attributes) {
            return new Look(attributes.size(), attributes.lastModifiedTime());
        }
    }

    private List<LandingArea.Landing> pullDirectory(PartnerSpec partner, FeedSpec feed, PathMatcher matcher,
            Consumer<LandingArea.Landing> observer) {
        Path inbox = inboxOf(partner);
        if (!Files.isDirectory(inbox)) {
            throw new PullException("partner " + partner.id() + ": inbox directory " + inbox
                    + " does not exist; create it or fix source.path in config/partners.yml");
        }
        PartnerSpec.Source source = partner.source();
        String where = partner.where();
        Map<Path, String> ready = new LinkedHashMap<>(); // file -> SHA-256 its marker gives, or "" for none
        Map<Path, Look> unsettled = new LinkedHashMap<>();
        try {
            Path realInbox = inbox.toRealPath();
            List<Path> entries;
            try (Stream<Path> list = Files.list(inbox)) {
                entries = list.sorted().toList();
            }
            Set<String> names = entries.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            Instant settledBefore = Instant.now().minusSeconds(source.stableSeconds());
            for (Path candidate : entries) {
                String name = candidate.getFileName().toString();
                if (!matcher.matches(candidate.getFileName()) || isMarker(name)) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    // a link could point anywhere the PairObs account can read: links are never followed
                    LOG.warn("{}: {} is a symbolic link, which is never followed; it is not landed (put the file itself in the inbox)",
                            where, name);
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                if (!candidate.toRealPath().equals(realInbox.resolve(name)) || linkCount(candidate) > 1) {
                    LOG.warn("{}: {} resolves outside the inbox or is also linked from elsewhere (a hard link), so it is not landed; put a copy in the inbox",
                            where, name);
                    continue;
                }
                checkSize(where, feed, name, attributes.size());
                if (names.contains(name + SHA256_SUFFIX)) {
                    ready.put(candidate, readShaMarker(where, inbox.resolve(name + SHA256_SUFFIX)));
                } else if (names.contains(name + DONE_SUFFIX)) {
                    ready.put(candidate, "");
                } else if (source.ready().equals("marker")) {
                    LOG.info("{}: {} has no {} or {} marker yet; it is pulled once the partner writes one", where, name, DONE_SUFFIX,
                            SHA256_SUFFIX);
                } else if (source.stableSeconds() == 0 || attributes.lastModifiedTime().toInstant().isBefore(settledBefore)) {
                    ready.put(candidate, "");
                } else {
                    unsettled.put(candidate, Look.of(attributes));
                }
            }
            if (!unsettled.isEmpty()) {
                // written to within the interval: a second look after it says whether the partner is done
                pause(source.stableSeconds());
                for (Map.Entry<Path, Look> first : unsettled.entrySet()) {
                    Path candidate = first.getKey();
                    BasicFileAttributes again = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (again.isRegularFile() && Look.of(again).equals(first.getValue())) {
                        checkSize(where, feed, candidate.getFileName().toString(), again.size());
                        ready.put(candidate, "");
                    } else {
                        LOG.info("{}: {} changed within {} s: still being written, it is pulled next time", where,
                                candidate.getFileName(), source.stableSeconds());
                    }
                }
            }
        } catch (IOException e) {
            throw new PullException(where + ": cannot list " + inbox + ": " + e.getMessage(), e);
        }
        List<LandingArea.Landing> result = new ArrayList<>();
        for (Map.Entry<Path, String> file : ready.entrySet()) {
            Path candidate = file.getKey();
            LandingArea.Landing landed = landing.land(partner.id(), feed.feed(), candidate, candidate.getFileName().toString(),
                    file.getValue().isEmpty() ? null : file.getValue());
            observer.accept(landed);
            result.add(landed);
        }
        return result;
    }

    private List<LandingArea.Landing> pullRemote(PartnerSpec partner, FeedSpec feed, PathMatcher matcher,
            Consumer<LandingArea.Landing> observer) {
        String where = partner.where();
        PartnerSpec.Source spec = partner.source();
        boolean sftp = spec.type().equals("sftp");
        Path partial = landing.root().resolve(partner.id()).resolve(".partial");
        List<LandingArea.Landing> result = new ArrayList<>();
        try (RemoteSource source = open(partner)) {
            Files.createDirectories(partial);
            List<RemoteFile> listed = source.list();
            List<RemoteFile> files = new ArrayList<>();
            if (sftp) {
                files.addAll(readyOnSftp(where, spec, source, listed, matcher, feed, partial));
            } else {
                listed.stream().filter(f -> matcher.matches(Path.of(f.name()))).forEach(files::add);
            }
            files.sort(Comparator.comparing(RemoteFile::name));
            for (RemoteFile file : files) {
                Optional<LandedFile> known = file.sha256() == null ? Optional.empty() : landing.find(partner.id(), file.sha256());
                if (known.isPresent()) {
                    LOG.debug("{}: {} already landed (published checksum), not downloaded", where, file.name());
                    result.add(new LandingArea.Landing(known.get(), false));
                    continue;
                }
                checkSize(where, feed, file.name(), file.size());
                // the temporary name is PairObs' own: nothing the server says becomes a local path
                Path temp = Files.createTempFile(partial, "download-", ".part");
                try {
                    try {
                        source.download(file, temp, feed.files().maxBytes());
                    } catch (RemoteSource.TooLargeException e) {
                        throw tooLarge(where, feed, file.name(), "more than " + feed.files().maxBytes() + " bytes long (the transfer "
                                + "was stopped there)");
                    }
                    checkSize(where, feed, file.name(), Files.size(temp));
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

    /**
     * The files of an SFTP folder that are complete: with a {@code .sha256} marker (its checksum then checked on
     * landing) or a {@code .done} marker, or, without one, the same size at a second listing after the interval.
     */
    private List<RemoteFile> readyOnSftp(String where, PartnerSpec.Source spec, RemoteSource source, List<RemoteFile> listed,
            PathMatcher matcher, FeedSpec feed, Path partial) throws IOException {
        Map<String, RemoteFile> byName = new LinkedHashMap<>();
        listed.forEach(f -> byName.put(f.name(), f));
        List<RemoteFile> ready = new ArrayList<>();
        Map<String, Long> unsettled = new LinkedHashMap<>();
        for (RemoteFile file : listed) {
            if (!matcher.matches(Path.of(file.name())) || isMarker(file.name())) {
                continue;
            }
            RemoteFile shaMarker = byName.get(file.name() + SHA256_SUFFIX);
            if (shaMarker != null) {
                Path temp = Files.createTempFile(partial, "marker-", ".part");
                try {
                    source.download(shaMarker, temp, MAX_MARKER_BYTES);
                    ready.add(new RemoteFile(file.name(), file.size(), readShaMarker(where, temp)));
                } finally {
                    Files.deleteIfExists(temp);
                }
            } else if (byName.containsKey(file.name() + DONE_SUFFIX)) {
                ready.add(file);
            } else if (spec.ready().equals("marker")) {
                LOG.info("{}: {} has no {} or {} marker yet; it is pulled once the partner writes one", where, file.name(), DONE_SUFFIX,
                        SHA256_SUFFIX);
            } else if (spec.stableSeconds() == 0) {
                ready.add(file);
            } else {
                unsettled.put(file.name(), file.size());
            }
        }
        if (!unsettled.isEmpty()) {
            pause(spec.stableSeconds());
            Map<String, RemoteFile> again = new LinkedHashMap<>();
            source.list().forEach(f -> again.put(f.name(), f));
            for (Map.Entry<String, Long> first : unsettled.entrySet()) {
                RemoteFile now = again.get(first.getKey());
                if (now != null && now.size() == first.getValue() && now.size() >= 0) {
                    ready.add(now);
                } else {
                    LOG.info("{}: {} changed within {} s: still being uploaded, it is pulled next time", where, first.getKey(),
                            spec.stableSeconds());
                }
            }
        }
        return ready;
    }

    private void pause(int seconds) {
        try {
            pause.pause(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while waiting for files to settle", e);
        }
    }

    private static boolean isMarker(String name) {
        return name.endsWith(DONE_SUFFIX) || name.endsWith(SHA256_SUFFIX);
    }

    /** The SHA-256 a marker file gives: 64 hexadecimal digits first on its first line. */
    private static String readShaMarker(String where, Path marker) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_MARKER_BYTES);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).strip();
        String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        if (!first.matches("[0-9a-fA-F]{64}")) {
            throw new PullException(where + ": checksum marker " + marker.getFileName() + " line 1, column 1: expected the file's SHA-256 "
                    + "(64 hexadecimal digits, as sha256sum writes it); ask the partner to write it again");
        }
        return first.toLowerCase(java.util.Locale.ROOT);
    }

    private static long linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1; // a file system without link counts
        }
    }

    private static void checkSize(String where, FeedSpec feed, String name, long size) {
        if (size > feed.files().maxBytes()) {
            throw tooLarge(where, feed, name, size + " bytes");
        }
    }

    private static PullException tooLarge(String where, FeedSpec feed, String name, String size) {
        return new PullException(where + ": " + name + " is " + size + ", more than the " + feed.files().maxBytes()
                + " bytes the feed accepts (files.max-bytes in jobs/" + feed.feed() + ".yml); it is not landed: ask the partner to "
                + "split the export, or raise the limit");
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
