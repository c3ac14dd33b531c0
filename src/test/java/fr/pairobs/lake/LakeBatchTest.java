package fr.pairobs.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeBatchTest {
    private static final String SHA = "0123456789abcdef" + "9".repeat(48);

    @TempDir
    Path home;

    private LakeBatch batch() {
        return new LakeLayout(home.resolve("lake")).batch(home.resolve("rejects"), "peer_contacts", "p1", SHA);
    }

    @Test
    void testPathsAreTheLakeLayoutsOnes() {
        LakeBatch batch = batch();
        LakeLayout layout = new LakeLayout(home.resolve("lake"));
        assertThat(batch.committed()).isEqualTo(layout.batchDir("peer_contacts", "p1", SHA))
                .isEqualTo(home.resolve("lake/peer_contacts/partner=p1/batch=0123456789abcdef"));
        assertThat(batch.staging()).isEqualTo(layout.stagingBatchDir("peer_contacts", "p1", SHA))
                .isEqualTo(home.resolve("lake/peer_contacts/partner=p1/_inprogress/batch=0123456789abcdef"));
        assertThat(batch.rejectsFile("-r03")).isEqualTo(home.resolve("rejects/peer_contacts/partner=p1/batch=0123456789abcdef/rejects-r03.csv"));
        assertThat(batch.rejectsFile("")).hasFileName("rejects.csv");
        assertThat(LakeBatch.partPrefix("-r03")).isEqualTo("part-r03-");
        assertThatThrownBy(() -> new LakeBatch(home, home, "d", "p", "abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testBatchIsIngestedOnlyWhenEveryRangeHasItsMarker() {
        LakeBatch batch = batch();
        batch.markIngested("-r00", "read=1\n");
        assertThat(batch.isIngested(List.of("-r00", "-r01"))).isFalse();
        batch.markIngested("-r01", "read=1\n");
        assertThat(batch.isIngested(List.of("-r00", "-r01"))).isTrue();
        batch.clearMarker("-r01");
        assertThat(batch.isIngested(List.of("-r00", "-r01"))).isFalse();
        assertThat(batch.isIngested(null)).as("a batch read whole has one marker").isFalse();
        batch.markIngested("", "read=2\n");
        assertThat(batch.isIngested(null)).isTrue();
    }

    @Test
    void testRangesAreRecordedOnceAndTheBatchIsIngestedWhenEachHasItsMarker() throws Exception {
        LakeBatch batch = batch();
        assertThat(batch.isIngested()).as("nothing staged").isFalse();
        List<ByteRange> cut = List.of(new ByteRange(0, 3, 0, 100, 0), new ByteRange(1, 3, 100, 250, 4), new ByteRange(2, 3, 250, 300, 9));
        assertThat(batch.ranges(300, () -> cut)).isEqualTo(cut);
        assertThat(batch.rangesFile()).hasContent("0 3 0 100 0\n1 3 100 250 4\n2 3 250 300 9");
        // a restart reads the recorded ranges, whatever a new cut would give
        assertThat(batch.ranges(300, () -> List.of(ByteRange.whole(300)))).isEqualTo(cut);
        batch.markIngested("-r00", "read=1\n");
        batch.markIngested("-r02", "read=1\n");
        assertThat(batch.isIngested()).isFalse();
        batch.markIngested("-r01", "read=1\n");
        assertThat(batch.isIngested()).isTrue();

        // a staging batch begun before ranges were recorded was read whole
        LakeBatch older = new LakeLayout(home.resolve("lake")).batch(home.resolve("rejects"), "peer_contacts", "p2", SHA);
        Files.createDirectories(older.staging());
        assertThat(older.ranges(300, () -> cut)).containsExactly(ByteRange.whole(300));
    }

    @Test
    void testCommitRenamesTheStagingBatchOnceAndASecondCopyIsDropped() throws Exception {
        LakeBatch batch = batch();
        Files.createDirectories(batch.staging());
        Files.writeString(batch.staging().resolve("part-00000.parquet"), "x");
        assertThat(batch.commit()).isTrue();
        assertThat(batch.committed().resolve("part-00000.parquet")).hasContent("x");
        assertThat(batch.staging()).doesNotExist();

        Files.createDirectories(batch.staging());
        Files.writeString(batch.staging().resolve("part-00000.parquet"), "y");
        assertThat(batch.commit()).as("the same bytes are in the lake already").isFalse();
        assertThat(batch.staging()).doesNotExist();
        assertThat(batch.committed().resolve("part-00000.parquet")).hasContent("x");
    }

    @Test
    void testDiscardDropsStagingAndRejectsButNeverACommittedBatchsRejects() throws Exception {
        LakeBatch batch = batch();
        Files.createDirectories(batch.staging());
        Files.writeString(batch.rangesFile(), "0 1 0 10 0\n");
        Files.createDirectories(batch.rejectsDir());
        Files.writeString(batch.rejectsFile(""), "file,sha256\n");
        batch.discardStaging();
        batch.discardRejects();
        assertThat(batch.staging()).doesNotExist();
        assertThat(batch.rejectsDir()).doesNotExist();

        Files.createDirectories(batch.staging());
        batch.commit();
        Files.createDirectories(batch.rejectsDir());
        assertThatThrownBy(batch::discardRejects).hasMessageContaining("is committed");
        batch.discardStaging();
        assertThat(batch.committed()).isDirectory();
    }
}
