package dev.crashflow.symbolicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import dev.crashflow.testing.NeedsSharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@NeedsSharedData
class SymbolStoreTest {
  @TempDir Path store;

  private void putMapping(String relative) throws Exception {
    Path f = store.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "com.example.Shop -> a.b:\n    1:10:void buy(int):20:29 -> a\n");
  }

  @Test
  void mappingsAndSymbolsAreFoundByTheDocumentedLayout() throws Exception {
    putMapping("proguard/3f0c7a0e-8d7a-4e4e-9a36-5c1a2b3c4d5e/mapping.txt");
    putMapping("proguard/com.example.shop/1.0+1/mapping.txt");
    Path sym = store.resolve("crash/67E9247C814E392BA027DBDE6748FCBF0/crash.sym");
    Files.createDirectories(sym.getParent());
    Files.copy(Path.of("../shared/data/breakpad-sym/macos-crash.sym"), sym);
    SymbolStore s = SymbolStore.open(store.toString(), 64L << 20);

    assertNotNull(s.mapping("3F0C7A0E-8D7A-4E4E-9A36-5C1A2B3C4D5E"));
    assertNotNull(s.mappingForRelease("com.example.shop", "1.0", "1"));
    assertNull(s.mappingForRelease("com.example.shop", "1.1", "2"));
    SymbolIndex index = s.nativeSymbols(DebugId.parse("67e9247c-814e-392b-a027-dbde6748fcbf"), "/some/path/crash");
    assertNotNull(index);
    assertEquals(312, index.lookup(0x1a2a).get(0).line());
    assertNull(s.nativeSymbols(DebugId.parse("00000000-0000-0000-0000-000000000001"), "crash"));
  }

  @Test
  void manyThreadsAskingAtOnceLoadAFileOnceAndMissesAreRemembered() throws Exception {
    putMapping("proguard/11111111-2222-3333-4444-555555555555/mapping.txt");
    SymbolStore s = SymbolStore.open(store.toString(), 32L << 20);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Retracer>> answers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        answers.add(pool.submit((Callable<Retracer>) () -> s.mapping("11111111-2222-3333-4444-555555555555")));
      }
      Retracer first = answers.get(0).get();
      for (Future<Retracer> f : answers) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, s.stats().loadCount());
    assertNull(s.mapping("99999999-2222-3333-4444-555555555555"));
    assertNull(s.mapping("99999999-2222-3333-4444-555555555555"));
    assertEquals(2, s.stats().loadCount(), "the miss is cached, not looked up again");
  }

  @Test
  void oneJobSharesOneStorePerWorkerAndANewJobDoesNotInheritItsCachedMisses() throws Exception {
    String root = store.toString();
    SymbolStore job1 = SymbolStore.shared(root, 32L << 20, "job-1");
    assertSame(job1, SymbolStore.shared(root, 32L << 20, "job-1"));
    String uuid = "22222222-2222-3333-4444-555555555555";
    assertNull(job1.mapping(uuid));

    putMapping("proguard/" + uuid + "/mapping.txt"); // uploaded after job 1 looked
    assertNull(job1.mapping(uuid), "job 1 keeps its cached miss for a few minutes");
    assertNotNull(SymbolStore.shared(root, 32L << 20, "job-2").mapping(uuid),
        "a replay job sees the upload at once");
  }
}
