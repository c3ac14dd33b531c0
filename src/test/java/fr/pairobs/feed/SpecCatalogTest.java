package fr.pairobs.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecCatalogTest {
    @TempDir
    Path dir;

    @Test
    void testProjectSpecsLoadAndCrossCheck() {
        SpecCatalog catalog = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
        assertThat(catalog.feeds()).containsKey("ch-le-vinatier.peer_contacts");
        FeedSpec vinatier = catalog.feed("ch-le-vinatier.peer_contacts");
        assertThat(vinatier.dialect().encoding()).isEqualTo("windows-1252");
        assertThat(vinatier.identity().nir()).isEqualTo("NIR");
        assertThat(catalog.dataset("peer_contacts").person()).isTrue();
        assertThat(catalog.nightly().schedule().cron()).isNotBlank();
        for (FeedSpec feed : catalog.feeds().values()) {
            assertThat(catalog.partners()).containsKey(feed.partner());
        }
    }

    @Test
    void testFeedMappingAnUnknownFieldIsRefusedNamingTheFile() throws IOException {
        Path config = copyConfig();
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("bad.yml"), """
                feed: bad.peer_contacts
                partner: ch-le-vinatier
                dataset: peer_contacts
                files: {pattern: '*.csv'}
                columns: {contact_id: Id, contact_on: Date, modality: Type, structure_id: Finess, colour: Couleur}
                identity: {nir: NIR}
                """);
        assertThatThrownBy(() -> SpecCatalog.load(config, jobs))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("bad.yml")
                .hasMessageContaining("'colour', which is not a field of dataset peer_contacts");
    }

    @Test
    void testRequiredFieldWithoutMappingIsRefused() throws IOException {
        Path config = copyConfig();
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("partial.yml"), """
                feed: partial.peer_contacts
                partner: ch-le-vinatier
                dataset: peer_contacts
                files: {pattern: '*.csv'}
                columns: {contact_id: Id, modality: Type, structure_id: Finess}
                identity: {nir: NIR}
                """);
        assertThatThrownBy(() -> SpecCatalog.load(config, jobs))
                .hasMessageContaining("partial.yml")
                .hasMessageContaining("required field 'contact_on' is mapped by neither columns nor constants");
    }

    @Test
    void testMisspelledKeyIsReportedWithItsLine() throws IOException {
        Path config = copyConfig();
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("typo.yml"), """
                feed: typo.peer_contacts
                partner: ch-le-vinatier
                dataset: peer_contacts
                files: {pattern: '*.csv'}
                dialekt: {delimiter: ';'}
                """);
        assertThatThrownBy(() -> SpecCatalog.load(config, jobs))
                .hasMessageContaining("typo.yml")
                .hasMessageContaining("dialekt")
                .hasMessageContaining("(line ");
    }

    private Path copyConfig() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/datasets.yml"), config.resolve("datasets.yml"));
        Files.copy(Path.of("config/partners.yml"), config.resolve("partners.yml"));
        return config;
    }
}
