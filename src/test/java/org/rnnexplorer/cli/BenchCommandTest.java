package org.rnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.bench.BenchShape;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Rnnx.commandLine().setErr(new java.io.PrintWriter(System.err, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonPrintsOneObjectPerShapeWithTheIssuesFields() throws Exception {
        Run r = run("bench", "--shape", "tiny", "--backend", "scalar", "--repeat", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        JsonNode o = new ObjectMapper().readTree(lines.get(0));
        assertEquals(List.of("shape", "backend", "fwd_ms", "fwdbwd_ms", "gflops"), iterable(o));
        assertEquals("tiny", o.get("shape").asText());
        assertEquals("scalar", o.get("backend").asText());
        double fwd = o.get("fwd_ms").asDouble();
        assertTrue(fwd > 0 && o.get("fwdbwd_ms").asDouble() > 0, lines.get(0));
        // gflops is the forward FLOPs over the forward time (both rounded to 3 decimals in the output).
        assertEquals(BenchShape.TINY.forwardFlops() / (fwd * 1e6), o.get("gflops").asDouble(),
                0.01 * o.get("gflops").asDouble() + 0.002);
    }

    @Test
    void modeTimesAnLstmOrGruWithItsGateBlocksInTheFlopCount() throws Exception {
        Run r = run("bench", "--shape", "tiny", "--mode", "gru", "--backend", "simd", "--repeat", "1", "--warmup", "0",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out().lines().toList().get(0));
        assertEquals(List.of("shape", "mode", "backend", "fwd_ms", "fwdbwd_ms", "gflops"), iterable(o));
        assertEquals("GRU", o.get("mode").asText());
        assertEquals(3 * BenchShape.TINY.forwardFlops(), BenchShape.TINY.forwardFlops(org.rnnexplorer.engine.CellMode.GRU));
        // fwd_ms and gflops are printed to 0.001: a tiny shape's ~0.03 ms forward carries ±1.6% from that rounding
        // alone, so the GFLOP/s must lie between the flops over the largest and the smallest time the printed
        // value stands for (plus gflops' own rounding).
        double flops = BenchShape.TINY.forwardFlops(org.rnnexplorer.engine.CellMode.GRU), fwdMs = o.get("fwd_ms").asDouble();
        double gflops = o.get("gflops").asDouble();
        assertTrue(gflops >= flops / ((fwdMs + 0.0005) * 1e6) - 0.0005 && gflops <= flops / ((fwdMs - 0.0005) * 1e6) + 0.0005,
                gflops + " GFLOP/s from " + flops + " flops in " + fwdMs + " ms");
        Run bad = run("bench", "--shape", "tiny", "--mode", "elman", "--backend", "scalar", "--repeat", "1");
        assertEquals(1, bad.exit());
        assertEquals("rnnx: --mode must be rnn, lstm or gru, got 'elman'", bad.err().strip());
    }

    @Test
    void tableHasAHeaderAndOneRowPerShape() {
        Run r = run("bench", "--shape", "tiny", "--backend", "scalar", "--repeat", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("shape"), lines.get(0));
        assertTrue(lines.get(1).startsWith("tiny   scalar"), lines.get(1));
    }

    @Test
    void unknownShapeIsAOneLineError() {
        Run r = run("bench", "--shape", "huge");
        assertEquals(1, r.exit());
        assertEquals("rnnx: unknown shape 'huge' (expected tiny, long, mid, bigbi, wide or all)", r.err().strip());
    }

    @Test
    void missingShapeIsAOneLineError() {
        Run r = run("bench");
        assertEquals(1, r.exit());
        assertEquals("rnnx: bench needs --shape NAME (tiny, long, mid, bigbi, wide or all) or --peak", r.err().strip());
    }

    @Test
    void aFlagTheChosenBenchDoesNotReadIsRefusedNamingIt() {
        // --batch 64 on the standard shapes timed their own batch sizes and said nothing.
        assertEquals("rnnx: --batch is for --streaming, not the standard shapes (--shape)",
                run("bench", "--shape", "tiny", "--batch", "64").err().strip());
        assertEquals("rnnx: --iterations is for --streaming, not --peak", run("bench", "--peak", "--iterations", "3").err().strip());
        assertEquals("rnnx: --repeat is for the standard shapes (--shape), not --streaming",
                run("bench", "--streaming", "--repeat", "3").err().strip());
        assertEquals("rnnx: --peak and --streaming are two benches; choose one", run("bench", "--peak", "--streaming").err().strip());
        assertEquals(1, run("bench", "--shape", "tiny", "--steps", "0").exit());
    }

    @Test
    void unknownBackendNamesTheValidOnes() {
        Run r = run("bench", "--shape", "tiny", "--backend", "gpu9");
        assertEquals(1, r.exit());
        assertEquals("rnnx: unknown backend 'gpu9' (expected scalar, simd, cuda or auto)", r.err().strip());
    }

    private static List<String> iterable(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
