package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.transforms.FileWriteSettings;
import dev.crashflow.transforms.WriteLocalTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --perAppTables: Crashlytics-style table names, written locally and found by the warehouse. */
class AppTablesTest {

  @TempDir Path dir;

  @Test
  void namesFollowTheCrashlyticsExport() {
    assertEquals("com_example_game_ANDROID", AppTables.name("com.example.game", "android"));
    assertEquals("com_example_game_IOS", AppTables.name("com.example.game", "IOS"));
    assertEquals("_unknown_UNKNOWN", AppTables.name(null, null));
    assertTrue(AppTables.isAppTable("com_example_game_ANDROID"));
    assertFalse(AppTables.isAppTable("crash_events"), "crashflow's own tables are lower case");
    assertFalse(AppTables.isAppTable(".temp-beam-1_X"));
  }

  private static TableRow row(String id, String app, String platform) {
    return new TableRow().set("event_id", id).set("app_id", app).set("platform", platform)
        .set("event_timestamp", "2026-11-20T10:00:00Z").set("issue_id", "i1");
  }

  @Test
  void rowsLandInTheirAppTableAndTheWarehouseOpensIt() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(row("e1", "com.example.game", "ANDROID"), row("e2", "com.example.game", "ANDROID"),
            row("e3", "com.example.game", "IOS")).withCoder(TableRowJsonCoder.of()))
        .apply(WriteLocalTable.perApp(dir.toString(), FileWriteSettings.defaults()));
    p.run().waitUntilFinish();
    assertEquals(List.of("com_example_game_ANDROID", "com_example_game_IOS"), AppTables.discover(dir));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertTrue(w.tables().containsAll(AppTables.discover(dir)));
      assertEquals(List.of(List.of(2L)), w.query("SELECT COUNT(*) FROM"
          + " `p.d.com_example_game_ANDROID` WHERE issue_id = 'i1'").rows());
      assertEquals(List.of(List.of("e3")),
          w.query("SELECT event_id FROM com_example_game_IOS").rows());
    }
  }
}
