package org.rnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.ConformanceVariant;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnKernel;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.SequenceBatch;
import org.rnnexplorer.engine.backend.Backends;
import org.rnnexplorer.engine.backend.cuda.CudaBackend;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelftestCommandTest {

    /** The scalar reference with one deliberate error: dL/dW_hh of layer 0 is off by 0.01 in its first element. */
    static final class WrongGradientBackend extends Backend {
        private final Backend reference = Backends.select("scalar");

        @Override
        public String name() {
            return "wrong";
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        protected RnnKernel newKernel(RnnConfig config) {
            RnnKernel k = reference.createKernel(config);
            return new RnnKernel() {
                public RnnConfig config() { return k.config(); }
                public void setParameters(RnnParameters p) { k.setParameters(p); }
                public void forward(SequenceBatch b, ForwardMode m) { k.forward(b, m); }
                public void backward(float[] gy, float[] ghn) { k.backward(gy, ghn); }
                public void readOutput(float[] dst) { k.readOutput(dst); }
                public void readFinalHidden(float[] dst) { k.readFinalHidden(dst); }
                public void readHidden(int l, int d, float[] dst) { k.readHidden(l, d, dst); }
                public void readPreactivation(int l, int d, float[] dst) { k.readPreactivation(l, d, dst); }
                public void readGradHidden(int l, int d, float[] dst) { k.readGradHidden(l, d, dst); }
                public void readGradInput(float[] dst) { k.readGradInput(dst); }
                public void readGradH0(float[] dst) { k.readGradH0(dst); }
                public void readParameterGradients(RnnParameters dst) {
                    k.readParameterGradients(dst);
                    dst.weightHh(0, 0)[0] += 0.01f;
                }
                public void close() { k.close(); }
            };
        }
    }

    /** The reference offering two other ways to compute: itself again, and one that cannot run here. */
    static final class VariantsBackend extends Backend {
        private final Backend reference = Backends.select("scalar");

        @Override
        public String name() {
            return "variants";
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        protected RnnKernel newKernel(RnnConfig config) {
            return reference.createKernel(config);
        }

        @Override
        public List<ConformanceVariant> conformanceVariants(RnnConfig config, int batch) {
            return List.of(new ConformanceVariant("the reference again", "again", reference, Optional.empty()),
                    new ConformanceVariant("an impossible way", "never", this, Optional.of("not on this machine")));
        }
    }

    private static String run(Backend b, String filter, int[] exit) {
        StringWriter text = new StringWriter();
        exit[0] = SelftestCommand.run(List.of(b), true, false, Pattern.compile(filter), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aBackendThatComputesAGradientWrongFailsNamingTheTensor() {
        int[] exit = new int[1];
        String out = run(new WrongGradientBackend(), "^tanh-L1$", exit);
        assertEquals(1, exit[0], out);
        assertTrue(out.contains("tanh-L1"), out);
        assertTrue(out.contains("FAIL"), out);
        assertTrue(out.contains("grad.weight_hh_l0: error"), out);
        assertTrue(out.contains("selftest: 0 passed, 1 failed, 0 not applicable"), out);
        assertTrue(out.contains("selftest: FAILED"), out);
    }

    @Test
    void theVariantsABackendOffersAreCheckedThroughTheSeam() {
        StringWriter text = new StringWriter();
        int exit = SelftestCommand.run(List.of(new VariantsBackend()), false, false,
                Pattern.compile("^tanh-L1$|:tanh-bi-L2-h0-lengths$"), new PrintWriter(text));
        String out = text.toString();
        assertEquals(0, exit, out);
        assertTrue(out.contains("-- variants with the reference again"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("again:tanh-bi-L2-h0-lengths") && l.contains(" pass ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("never:tanh-bi-L2-h0-lengths") && l.contains(" n/a ")
                && l.endsWith("not on this machine")), out);
        assertTrue(out.contains("selftest: 2 passed, 0 failed, 1 not applicable"), out);
    }

    @Test
    void quickLeavesTheVariantsOut() {
        StringWriter text = new StringWriter();
        int exit = SelftestCommand.run(List.of(new VariantsBackend()), true, false,
                Pattern.compile("^tanh-L1$|:tanh-bi-L2-h0-lengths$"), new PrintWriter(text));
        assertEquals(0, exit, text.toString());
        assertTrue(text.toString().contains("selftest: 1 passed, 0 failed, 0 not applicable"), text.toString());
    }

    @Test
    void theReferenceAgreesWithItselfOnEveryAxis() {
        int[] exit = new int[1];
        String out = run(Backends.select("scalar"), "^(relu-nobias-bi-L3-dropout|tanh-bi-L2-h0-lengths|tanh-L1-unbatched)$", exit);
        assertEquals(0, exit[0], out);
        assertTrue(out.contains("selftest: 3 passed, 0 failed, 0 not applicable"), out);
    }

    @Test
    void selftestOfCudaPassesOrSaysWhyItCannotRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            exit = Rnnx.run("selftest", "--backend", "cuda", "--quick", "--filter", "^tanh-bi-L2-h0-lengths$");
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        Availability a = new CudaBackend().availability();
        if (a.available()) {
            assertEquals(0, exit, out);
            assertTrue(out.contains("selftest: 1 passed"), out);
        } else {
            assertEquals(1, exit, out);
            assertTrue(out.contains("cuda unavailable: " + a.reason()), out);
        }
    }

    @Test
    void backendsListsCudaWithItsAvailability() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals(0, Rnnx.run("backends"));
        } finally {
            System.setOut(old);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(new CudaBackend().availability().describe("cuda")));
    }
}
