package fr.pairobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Prints report.html to PDF with headless Chromium ({@code --print-to-pdf}), the browser the report is
 * tested in, so that the PDF shows the same charts. Chromium runs with a fresh profile, no network
 * services and an empty environment besides PATH and HOME: the pipeline's secrets never reach it.
 */
public final class PdfPrinter {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 180;
    private final Path chromium;

    public PdfPrinter(Path chromium) {
        this.chromium = requireNonNull(chromium, "chromium is null");
    }

    /** The configured Chromium when given, else the first installed of the usual paths. */
    public static Optional<PdfPrinter> find(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new ReportException("pairobs.report.chromium names " + path + ", which is not an executable file");
            }
            return Optional.of(new PdfPrinter(path));
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(PdfPrinter::new);
    }

    public Path print(Path html, Path pdf) {
        Path profile = null;
        try {
            profile = Files.createTempDirectory("pairobs-chromium-");
            Path temporary = pdf.resolveSibling("." + pdf.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            ProcessBuilder builder = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1100,1500", "--no-pdf-header-footer",
                    "--print-to-pdf=" + temporary.toAbsolutePath(), html.toAbsolutePath().toUri().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile());
            builder.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.equals("LANG"));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ReportException(chromium + " did not print " + html + " within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(temporary) || Files.size(temporary) == 0) {
                String log = Files.readString(profile.resolve("chromium.log"));
                throw new ReportException(chromium + " could not print " + html + " to PDF (exit " + process.exitValue() + "): "
                        + log.substring(Math.max(0, log.length() - 800)));
            }
            Files.move(temporary, pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return pdf;
        } catch (IOException e) {
            throw new ReportException("cannot print " + html + " with " + chromium + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException("interrupted while printing " + html, e);
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind harms nothing
        }
    }
}
