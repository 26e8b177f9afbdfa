package org.rnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnexplorer.io.OutputPlan;
import org.rnnexplorer.train.StepMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --log} streamed to disk: bounded memory for any number of steps, every value written back exactly. */
class TrainingLogTest {

    @TempDir
    Path dir;

    private static StepMetrics step(long i, SplittableRandom r) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("weight_ih_l0", r.nextDouble());
        ratios.put("weight_hh_l0", i == 3 ? Double.POSITIVE_INFINITY : r.nextDouble());
        ratios.put("head.bias", r.nextDouble());
        double norm = r.nextDouble() * 3;
        return new StepMetrics(i, r.nextDouble(), 1, norm, Math.min(norm, 1), norm > 1, Double.NaN, ratios,
                List.of(), List.of(), null);
    }

    @Test
    void aJsonLogHoldsAtMostOneBlockInMemoryAndWritesEveryStepBack() throws IOException {
        Path path = dir.resolve("log.json");
        int steps = 40_000; // two full blocks and a partial one (a block holds BLOCK_BYTES / (8 × 7 columns) = 18,724 rows)
        int bound = TrainingLog.BLOCK_BYTES / (8 * 7);
        int most = 0;
        try (OutputPlan plan = new OutputPlan().output("--log", path);
             TrainingLog log = TrainingLog.open(plan, path)) {
            SplittableRandom r = new SplittableRandom(7);
            for (long i = 1; i <= steps; i++) {
                log.append(step(i, r));
                most = Math.max(most, log.rowsInMemory());
            }
            assertFalse(Files.exists(path), "nothing at the log's path before the end");
            log.finish(plan, TrainingLog.summary(0.5, "scalar", null, 40_000L));
            plan.commit();
        }
        assertTrue(most < bound, "rows held in memory: " + most + ", bound " + bound);
        JsonNode json = new ObjectMapper().readTree(path.toFile());
        assertEquals(steps, json.get("steps").asInt());
        assertEquals(40_000, json.get("interrupted_at_step").asLong());
        assertEquals("scalar", json.get("backend").asText());
        assertEquals(0.5, json.get("chance_baseline").asDouble());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "head.bias"), iterable(json.get("update_ratio")));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < steps; i++) {
            StepMetrics m = step(i + 1, r);
            assertEquals(m.loss(), json.get("loss").get(i).asDouble());
            assertEquals(m.gradNorm(), json.get("grad_norm").get(i).asDouble());
            assertEquals(m.gradNormClipped(), json.get("grad_norm_clipped").get(i).asDouble());
            assertEquals(m.clipped(), json.get("clipped").get(i).asBoolean());
            for (var e : m.updateRatios().entrySet()) {
                JsonNode v = json.get("update_ratio").get(e.getKey()).get(i);
                assertEquals(e.getValue(), v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble(), e.getKey());
            }
        }
        assertEquals(List.of(path), list(), "the spill file is gone");
    }

    @Test
    void aCsvLogStreamsRowsAndMarksAnInterruption() throws IOException {
        Path path = dir.resolve("log.csv");
        try (OutputPlan plan = new OutputPlan().output("--log", path);
             TrainingLog log = TrainingLog.open(plan, path)) {
            SplittableRandom r = new SplittableRandom(1);
            for (long i = 1; i <= 3; i++) log.append(step(i, r));
            assertEquals(0, log.rowsInMemory());
            log.finish(plan, TrainingLog.summary(Double.NaN, "simd", null, 3L));
            plan.commit();
        }
        List<String> lines = Files.readAllLines(path);
        assertEquals(5, lines.size());
        assertEquals("step,loss,grad_norm,grad_norm_clipped,clipped", lines.getFirst());
        StepMetrics first = step(1, new SplittableRandom(1));
        assertEquals("1," + (float) first.loss() + "," + (float) first.gradNorm() + "," + (float) first.gradNormClipped()
                + "," + (first.clipped() ? "1.0" : "0.0"), lines.get(1));
        assertEquals("# interrupted_at_step=3", lines.getLast());
    }

    @Test
    void anAbandonedLogLeavesNoFiles() throws IOException {
        for (String name : List.of("log.json", "log.csv")) {
            Path path = dir.resolve(name);
            try (OutputPlan plan = new OutputPlan().output("--log", path);
                 TrainingLog log = TrainingLog.open(plan, path)) {
                log.append(step(1, new SplittableRandom(2)));
            }
            assertEquals(List.of(), list(), name);
        }
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
