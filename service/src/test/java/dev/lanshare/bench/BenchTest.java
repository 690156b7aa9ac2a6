package dev.lanshare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark at its tiny size, so that it cannot rot: every workload runs, completes and gives numbers. */
class BenchTest {
    @Test
    void tinyRunMeasuresEveryWorkloadOnBothServers(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(OpenSshServer.SSHD), OpenSshServer.SSHD + " is not installed: install the Debian"
                + " package openssh-server (./test installs what the tests need)");
        BenchSize size = BenchSize.named("tiny");
        Results r = new BenchRun(size, Bench.javaLauncher(), dir, Bench.ramFolder(size), BenchRun.ALL_WORKLOADS)
                .run();

        for (Metric m : Metric.values()) {
            Results.Summary l = r.summary(m, "lanshare");
            assertNotNull(l, m.key + " has no lanshare number");
            if (m.compared()) {
                Results.Summary o = r.summary(m, "openssh");
                assertNotNull(o, m.key + " has no OpenSSH number");
                assertTrue(o.median() > 0 && Double.isFinite(o.median()), m.key + " OpenSSH: " + o);
                assertTrue(r.ratio(m) > 0, m.key + " ratio");
            }
            boolean mayBeZero = m == Metric.FAILED_TRANSFERS || m == Metric.IDLE_CPU;
            assertTrue(mayBeZero ? l.median() >= 0 : l.median() > 0, m.key + " lanshare: " + l);
        }
        assertEquals(0.0, r.summary(Metric.FAILED_TRANSFERS, "lanshare").median());
        assertEquals(0.0, r.summary(Metric.FAILED_TRANSFERS, "openssh").median());
        assertTrue(r.notes().get("cipher lanshare").contains("aes"), r.notes().toString());
        assertFalse(r.notes().get("cipher openssh").equals("unknown"), r.notes().toString());

        String table = Report.table(r, size);
        for (Metric m : Metric.values()) {
            assertTrue(table.contains(m.label(size)), table);
        }
        Path json = dir.resolve("out/result.json");
        Report.writeJson(r, size, json);
        JsonNode read = new ObjectMapper().readTree(json.toFile());
        assertEquals(Metric.values().length, read.get("metrics").size());
        assertEquals(size.bigFileBytes(), read.get("size").get("bigFileBytes").asLong());
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "the run leaves nothing behind but this test's output");
        }
    }

    @Test
    void tinySearchRunTimesTheIndexAndPlocate(@TempDir Path dir) throws Exception {
        dev.lanshare.service.Tools.require("updatedb");
        dev.lanshare.service.Tools.require("plocate");
        SearchBench bench = new SearchBench(2_000, 1, 5, dir, Bench.javaLauncher());
        java.util.List<SearchBench.Round> rounds = bench.run();
        assertEquals(1, rounds.size());
        SearchBench.Round r = rounds.get(0);
        assertTrue(r.buildSeconds() > 0 && r.updatedbSeconds() > 0 && r.findSeconds() > 0, r.toString());
        assertTrue(r.rssPeakDuring() > 0 && r.hwm() >= r.rssAfterQueries(), r.toString());
        assertTrue(r.service().builtSeconds() > 0 && r.service().cpuSeconds() > 0 && r.service().rssPeak() > 0
                && r.service().rssAfter() > 0, r.service().toString());
        for (int q = 0; q < 5; q++) {
            assertTrue(r.lanshareQueryMs()[q] > 0 && r.plocateQueryMs()[q] > 0, "query " + q);
        }
        String table = bench.table(rounds);
        assertTrue(table.contains("build the index") && table.contains("size and time read (find)")
                && table.contains("word query")
                && table.contains("whole service, index built"), table);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the run leaves nothing behind");
        }
    }

    @Test
    void tinyClientRunComparesBothClientsDirectAndThroughARelay(@TempDir Path dir) throws Exception {
        ClientRun run = new ClientRun(ClientRun.Size.named("tiny"), Bench.javaLauncher(), dir, null,
                java.util.List.of(0.0, 2.0), java.util.List.of(ClientRun.Copy.values()));
        java.util.Map<String, ClientRun.Cell> cells = run.run();
        assertEquals(2 * ClientRun.Copy.values().length, cells.size());
        for (var e : cells.entrySet()) {
            ClientRun.Copy copy = ClientRun.Copy.keyed(e.getKey().substring(0, e.getKey().indexOf('@')));
            for (String client : java.util.List.of(copy.subject, copy.reference)) {
                double t = e.getValue().medianSeconds(client);
                assertTrue(t > 0 && Double.isFinite(t), e.getKey() + " " + client + ": " + t);
                assertTrue(e.getValue().medianCpu(client) >= 0, e.getKey() + " " + client + " CPU");
            }
        }
        assertEquals(0, cells.get("gw-list@2.0").repeatsToColleague, "a repeated listing is the gateway's own");
        String table = ClientBench.table(run, cells);
        for (ClientRun.Copy c : ClientRun.Copy.values()) {
            assertTrue(table.contains(c.label), table);
        }
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the run leaves nothing behind");
        }
    }
}
