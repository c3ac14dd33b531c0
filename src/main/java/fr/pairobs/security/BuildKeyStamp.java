package fr.pairobs.security;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import fr.pairobs.PairObsProperties;
import fr.pairobs.batch.PipelineEvents;
import fr.pairobs.pseudo.KeyRegistry;
import fr.pairobs.warehouse.SqlScript;
import fr.pairobs.warehouse.WarehouseException;

import static java.util.Objects.requireNonNull;

/**
 * Stamps every build, before it is published, with the lake's current key id and fingerprint
 * ({@code build_info.pseudonym_key_id}, {@code pseudonym_key_fingerprint}; sql/security/build_key.sql).
 * Read from the lake's key registry, so a build needs no key.
 */
@Component
public final class BuildKeyStamp implements PipelineEvents {
    private final KeyRegistry registry;
    private final Path script;

    public BuildKeyStamp(PairObsProperties properties) {
        requireNonNull(properties, "properties is null");
        this.registry = new KeyRegistry(properties.home().resolve("lake"));
        this.script = properties.sqlDir().resolve("security/build_key.sql");
    }

    @Override
    public void beforePublish(Path build, Path current) {
        List<KeyRegistry.Entry> entries = registry.entries();
        if (entries.isEmpty()) {
            return;
        }
        KeyRegistry.Entry key = entries.get(entries.size() - 1);
        if (!key.keyId().matches("[A-Za-z0-9_-]{1,32}") || !key.fingerprint().matches("[0-9a-f]{16}")) {
            throw new WarehouseException("the lake's key registry " + registry.file() + " holds a malformed entry; restore it");
        }
        SqlScript sql = SqlScript.read(script, Map.of("key_id", key.keyId(), "key_fingerprint", key.fingerprint()));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + build.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (String s : sql.statements()) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot stamp " + build + " with the key id (" + script + "): " + e.getMessage(), e);
        }
    }
}
