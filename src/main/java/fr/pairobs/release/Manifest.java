package fr.pairobs.release;

import org.ojalgo.OjAlgoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code manifest.json} of a release: the build, the lake batches, the code and SQL versions it came from, the
 * protection figures, and the SHA-256 of every other file of the release directory.
 */
public final class Manifest {
    public static final String FILE = "manifest.json";

    private Manifest() {
    }

    /** What verify needs back from a manifest. */
    /** @param previousRelease the release this one was protected against, or null */
    public record Read(ReleaseWriter.Params params, List<LakeBatch> batches, Map<String, String> files, String previousRelease,
            String previousBuildId) {
    }

    static void write(Path dir, ReleaseWriter.Params params, List<LakeBatch> batches, ReleaseWriter.Summary summary) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("release_date", params.releaseDate().toString());
        root.put("build_id", params.buildId());
        root.put("built_at", params.builtAt().toString());
        root.put("code_version", params.codeVersion());
        root.put("sql_version", params.sqlVersion());
        List<Map<String, String>> lake = new ArrayList<>();
        for (LakeBatch b : batches) {
            lake.add(Map.of("dataset", b.dataset(), "partner", b.partner(), "batch", b.batch(), "source_sha256", b.sourceSha256()));
        }
        root.put("lake_batches", lake);
        Map<String, Object> protection = new LinkedHashMap<>();
        protection.put("cells", summary.cells());
        protection.put("published", summary.published());
        protection.put("masked_primary", summary.primary());
        protection.put("masked_secondary", summary.secondary());
        protection.put("masked_carried_forward", summary.carried());
        // the release this one was protected against (its masks carried forward, both audited together)
        protection.put("previous_release", summary.previousRelease());
        protection.put("previous_build_id", summary.previousBuild());
        protection.put("groups", summary.protection().groups());
        protection.put("groups_solved", summary.protection().solvedGroups());
        protection.put("groups_fallback", summary.protection().fallbackGroups());
        protection.put("audited_values", summary.auditedValues());
        protection.put("audit_failures", summary.auditFailures());
        Map<String, Object> solver = new LinkedHashMap<>();
        solver.put("name", "ojAlgo " + OjAlgoUtils.getVersion());
        solver.put("suppression", "mixed-integer program per group of tied cells, optimal within the solver's default relative gap "
                + "(fallback safe by construction past the time limit)");
        solver.put("audit", "linear program for each bound, then integer program where the bound of a count is fractional");
        solver.put("audit_gap", 0);
        solver.put("solves", summary.solves());
        solver.put("protection_seconds", summary.protection().millis() / 1000.0);
        solver.put("audit_seconds", summary.auditMillis() / 1000.0);
        protection.put("solver", solver);
        root.put("protection", protection);
        root.put("tables", summary.tables());
        root.put("files", checksums(dir));
        try {
            Files.writeString(dir.resolve(FILE), JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of " + dir, e);
        }
    }

    /** Lists again every file of the directory with its SHA-256 (after the report was written beside the tables). */
    public static void refreshFiles(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonMapper mapper = JsonMapper.builder().build();
            tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) mapper.readTree(file.toFile());
            root.set("files", mapper.valueToTree(checksums(dir)));
            Path temporary = dir.resolve("." + FILE + ".tmp");
            Files.writeString(temporary, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the manifest of " + dir, e);
        }
    }

    public static Read read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ReleaseException(dir + " is not a release: it has no " + FILE);
        }
        JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
        ReleaseWriter.Params params = new ReleaseWriter.Params(LocalDate.parse(root.get("release_date").asString()),
                root.get("build_id").asString(), LocalDateTime.parse(root.get("built_at").asString()),
                root.get("code_version").asString(), root.get("sql_version").asString());
        List<LakeBatch> batches = new ArrayList<>();
        for (JsonNode b : root.get("lake_batches")) {
            batches.add(new LakeBatch(b.get("dataset").asString(), b.get("partner").asString(), b.get("batch").asString(),
                    b.get("source_sha256").asString()));
        }
        Map<String, String> files = new LinkedHashMap<>();
        root.get("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asString()));
        JsonNode protection = root.get("protection");
        String previousRelease = protection == null || protection.get("previous_release") == null
                || protection.get("previous_release").isNull() ? null : protection.get("previous_release").asString();
        String previousBuild = protection == null || protection.get("previous_build_id") == null
                || protection.get("previous_build_id").isNull() ? null : protection.get("previous_build_id").asString();
        return new Read(params, batches, files, previousRelease, previousBuild);
    }

    /** SHA-256 of every file of the directory but the manifest, by path relative to it. */
    static Map<String, String> checksums(Path dir) {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (!name.equals(FILE)) {
                    files.put(name, sha256(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of every file under sql/ (path and content), the SQL version of a release. */
    public static String sqlVersion(Path sqlDir) {
        try (Stream<Path> walk = Files.walk(sqlDir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(sqlDir.relativize(f).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sqlDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
