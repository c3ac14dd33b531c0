package fr.pairobs.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.batch.PipelineJobs;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.demo.DemoScenario;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.warehouse.WarehouseReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate synthetic exports of demo partners into their inboxes, run the nightly pipeline "
                + "and print where the warehouse is with a few indicator lines. Running it again duplicates nothing.")
public final class DemoCommand implements Callable<Integer> {
    private final Workspace workspace;
    private final JobRunner runner;
    private final PseudonymKeyProvider keys;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scale", defaultValue = "1", description = "row multiplier (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--scenario", defaultValue = "planted",
            description = "what the generator plants and when first contacts of hospital patients fall: planted (the effect, mixed "
                    + "timing), null (no effect, mixed), null-during-stay, null-after-discharge, null-none, effect-during-stay, "
                    + "effect-after-discharge, effect-none (default: ${DEFAULT-VALUE}); the truth is in <home>/demo/truth.json")
    String scenario;

    public DemoCommand(Workspace workspace, JobRunner runner, PseudonymKeyProvider keys) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    @Override
    public Integer call() throws Exception {
        DemoScenario planted = DemoScenario.parse(scenario);
        if (!keys.isConfigured()) {
            PseudonymKey.generate("k1", keys.keyFile());
            System.out.println("demo: generated a pseudonymization key in " + keys.keyFile()
                    + " (demo only: in production the key comes from PAIROBS_PSEUDONYM_KEY or a secret file)");
        }
        DemoExports.Result result = new DemoExports().generate(workspace.home(), seed, scale, planted);
        System.out.println("demo: scenario " + planted.name() + " (" + (planted.effect() ? "effect" : "no effect") + ", first contacts "
                + planted.timing().label() + "): partner exports written to " + workspace.home().resolve("inbox") + " ("
                + result.files().size() + " files), the truth to " + workspace.home().resolve("demo/truth.json"));
        JobRunner.Outcome outcome = runner.run(PipelineJobs.NIGHTLY, LocalDate.now(), "demo-" + System.currentTimeMillis());
        int code = Reports.print(outcome);
        if (code != 0) {
            return code;
        }
        System.out.println();
        System.out.println("warehouse: " + workspace.currentWarehouse());
        System.out.println("query it:  ./pairobs sql \"SELECT * FROM ind_engagement ORDER BY year, departement LIMIT 10\"");
        new fr.pairobs.release.Releases(workspace.home().resolve("release"), 1).latest().ifPresent(release -> {
            System.out.println("open release (aggregates, masked and audited): " + release);
            System.out.println("query it:  ./pairobs sql --release \"SELECT * FROM ind_hospitalisation WHERE level = 'region'\"");
        });
        System.out.println();
        try (Connection connection = WarehouseReader.openReadOnly(workspace.currentWarehouse());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM ind_engagement ORDER BY ALL LIMIT 12")) {
            SqlCommand.print(rs, "table", System.out);
        }
        return 0;
    }
}
