package fr.pairobs.postgres;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The postgres profile against a running PostgreSQL named by PAIROBS_TEST_POSTGRES_URL
 * (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it when the machine has one.
 */
@EnabledIfEnvironmentVariable(named = "PAIROBS_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresProfileLiveTest extends PostgresProfileContract {
    @Override
    String adminUrl() {
        return System.getenv("PAIROBS_TEST_POSTGRES_URL");
    }
}
