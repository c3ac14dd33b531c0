package fr.pairobs.pseudo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        List<Entry> all = new ArrayList<>(entries());
        all.add(new Entry(key.keyId(), key.fingerprint(), key.previous() == null ? null : key.previous().keyId(),
                Instant.now().toString()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(temp, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new Document(all)), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lake's key registry " + file + ": " + e.getMessage(), e);
        }
    }
}
