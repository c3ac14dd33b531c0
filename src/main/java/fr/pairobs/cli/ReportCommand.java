package fr.pairobs.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.pairobs.PairObsProperties;
import fr.pairobs.Workspace;
import fr.pairobs.report.PdfPrinter;
import fr.pairobs.report.ReleaseDirectories;
import fr.pairobs.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Build the observatory's report (report.html, self-contained, and report.pdf) from the open release only.")
public final class ReportCommand implements Callable<Integer> {
    private final Workspace workspace;
    private final PairObsProperties properties;
    private final String chromium;

    @Option(names = "--year", description = "year of the report (default: the latest complete year of the release's data)")
    Integer year;

    @Option(names = "--out", description = "folder to write report.html and report.pdf into (default: the release's folder)")
    Path out;

    @Option(names = "--release", description = "release date or folder name under var/release (default: the latest)")
    String release;

    public ReportCommand(Workspace workspace, PairObsProperties properties, @Value("${pairobs.report.chromium:}") String chromium) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.chromium = chromium;
    }

    @Override
    public Integer call() {
        Path releases = workspace.home().resolve("release");
        Path dir = release == null ? ReleaseDirectories.latest(releases) : ReleaseDirectories.named(releases, release);
        Optional<PdfPrinter> printer = PdfPrinter.find(chromium);
        ReportBuilder.Written written = new ReportBuilder(properties.configDir(), properties.sqlDir(), printer)
                .write(dir, out == null ? dir : out, year);
        System.out.println("report of " + written.year() + " from release " + dir.getFileName() + " (" + written.sections() + " indicators)");
        System.out.println("html: " + written.html());
        if (written.pdf().isEmpty()) {
            System.err.println("report.pdf not printed: no Chromium found (install Debian's chromium, or set pairobs.report.chromium)");
            return 2;
        }
        System.out.println("pdf:  " + written.pdf().get());
        return 0;
    }
}
