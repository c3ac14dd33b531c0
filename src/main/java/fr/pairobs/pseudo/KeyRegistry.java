package fr.pairobs.pseudo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * The keys the lake's pseudonyms were written with, in order: {@code lake/_pseudonym_keys.json},
 * one entry per key (id, fingerprint, the key it is chained over, since when). The first ingest
 * records its key; {@code pairobs rekey} appends the next. A key given under an id with another
 * fingerprint, a retired key, or an unknown id is refused before a row is written, so that one
 * person can never get two keys silently.
 */
public final class KeyRegistry {
    public static final String FILE = "_pseudonym_keys.json";

    /** One key of the lake. */
    public record Entry(String keyId, String fingerprint, String chainedFrom, String since) {
        public Entry {
            requireNonNull(keyId, "keyId is null");
            requireNonNull(fingerprint, "fingerprint is null");
        }
    }

    private record Document(List<Entry> keys) {
    }

    private final Path file;

    public KeyRegistry(Path lake) {
        this.file = requireNonNull(lake, "lake is null").resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public List<Entry> entries() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Document document = JsonMapper.builder().build().readValue(Files.readString(file, StandardCharsets.UTF_8), Document.class);
            return document.keys() == null ? List.of() : List.copyOf(document.keys());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the lake's key registry " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a key (written under a temporary name, then renamed, so the registry is never half written). */
    public void append(PseudonymKey key) {
        locked(() -> {
            write(key, entries());
            return null;
        });
    }

    /**
     * Records the lake's first key unless a key is recorded already, and returns the registry as it then is: processes
     * that start on an empty lake at once (an ingest's workers) agree on one first key, and each checks its own against
     * it.
     */
    public List<Entry> recordFirst(PseudonymKey key) {
        return locked(() -> {
            List<Entry> entries = entries();
            if (entries.isEmpty()) {
                write(key, entries);
            }
            return entries();
        });
    }

    private void write(PseudonymKey key, List<Entry> entries) throws IOException {
        List<Entry> all = new ArrayList<>(entries);
        all.add(new Entry(key.keyId(), key.fingerprint(), key.previous() == null ? null : key.previous().keyId(),
                Instant.now().toString()));
        Path temp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.writeString(temp, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new Document(all)), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private interface Change<T> {
        T run() throws IOException;
    }

    /**
     * Under the registry's lock file, which every process writing the lake's registry takes (and, within this process,
     * one thread at a time: a file lock is held by a process, not a thread).
     */
    private <T> T locked(Change<T> change) {
        synchronized (KeyRegistry.class) {
            return lockedFile(change);
        }
    }

    private <T> T lockedFile(Change<T> change) {
        try {
            Files.createDirectories(file.getParent());
            Path lock = file.resolveSibling(FILE + ".lock");
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return change.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lake's key registry " + file + ": " + e.getMessage(), e);
        }
    }
}
