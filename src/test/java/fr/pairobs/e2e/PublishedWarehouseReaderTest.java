package fr.pairobs.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.ChildJvm;
import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.warehouse.WarehouseReader;

import static org.assertj.core.api.Assertions.assertThat;

/** Evaluators keep reading the published warehouse from another process while the next one is built and published. */
class PublishedWarehouseReaderTest {
    @TempDir
    Path home;

    // each night publishes a release whose protection takes one to three minutes at this scale: past the default limit
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void testPublishedWarehouseStaysReadableFromAnotherProcessDuringRebuild() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 3, 0.1);
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            JobRunner runner = context.getBean(JobRunner.class);
            assertThat(runner.run("nightly", LocalDate.of(2026, 3, 1), null).exitCode()).isZero();

            Path stop = home.resolve("reader.stop");
            Process reader = ChildJvm.of(Reader.class, home.resolve("warehouse/current.duckdb").toString(), stop.toString())
                    .start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).startsWith("open");
                // two rebuilds and publishes while the other process holds the file open and queries it
                for (int i = 0; i < 2; i++) {
                    assertThat(runner.run("nightly", LocalDate.of(2026, 3, 1), "rebuild-" + i).exitCode()).isZero();
                }
                Files.writeString(stop, "stop");
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            }
            assertThat(reader.waitFor()).as(String.join("\n", lines)).isZero();
            assertThat(lines).as("queries answered by the other process").isNotEmpty()
                    .allSatisfy(l -> assertThat(l).isEqualTo("rows " + demo.validRows("peer_contacts")));
        }
    }

    /** The evaluator's process: opens the published file read-only and queries it until told to stop. */
    public static final class Reader {
        public static void main(String[] args) throws Exception {
            Path warehouse = Path.of(args[0]);
            Path stop = Path.of(args[1]);
            long deadline = System.currentTimeMillis() + 900_000;
            try (Connection connection = WarehouseReader.openReadOnly(warehouse); Statement s = connection.createStatement()) {
                System.out.println("open");
                System.out.flush();
                int queries = 0;
                while ((!Files.exists(stop) || queries == 0) && System.currentTimeMillis() < deadline) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM fct_peer_contact")) {
                        rs.next();
                        System.out.println("rows " + rs.getLong(1));
                    }
                    queries++;
                    Thread.sleep(50);
                }
            }
            // a new connection sees the newly published file
            try (Connection connection = WarehouseReader.openReadOnly(warehouse); Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM fct_peer_contact")) {
                rs.next();
                System.out.println("rows " + rs.getLong(1));
            }
        }
    }
}
