package org.rnnexplorer.cli;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.MemoryEstimate;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.ShapeException;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.ForwardMode;
import org.rnnexplorer.io.DType;
import org.rnnexplorer.io.FormatException;
import org.rnnexplorer.io.Npz;
import org.rnnexplorer.io.OutputPlan;
import org.rnnexplorer.io.Safetensors;
import org.rnnexplorer.io.WeightsFile;
import org.rnnexplorer.io.WeightsMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnnx forward}: runs a PyTorch RNN's weights on an input in eval mode, optionally backward from upstream
 * gradients, and writes what PyTorch would return (and the per-layer traces) to safetensors.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run nn.RNN forward (eval mode) and optionally backward; write output, h_n and gradients.")
final class ForwardCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input (L,N,I), (N,L,I) with batch-first, or (L,I) unbatched; float32/float64; FILE.npz:KEY picks an array.")
    String input;

    @Option(names = "--h0", paramLabel = "H0.npy", description = "Initial hidden state (D*num_layers,N,H), or (D*num_layers,H) unbatched.")
    String h0;

    @Option(names = "--lengths", split = ",", paramLabel = "N1,N2,...",
            description = "Valid steps of each batch element, as pack_padded_sequence(enforce_sorted=False).")
    int[] lengths;

    @Option(names = "--grad-output", paramLabel = "GY.npy", description = "Upstream gradient on output (output's shape).")
    String gradOutput;

    @Option(names = "--grad-hn", paramLabel = "GHN.npy", description = "Upstream gradient on h_n (h_n's shape).")
    String gradHn;

    @Option(names = "--trace", paramLabel = "TRACE.safetensors",
            description = "Also write h.l{k}, a.l{k} (and grad_h.l{k}) per layer and direction, (L,N,H).")
    Path trace;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Where to write the results.")
    Path out;

    @Override
    public Integer call() throws Exception {
        OutputPlan plan = new OutputPlan()
                .input("--weights", model.weights)
                .input("--input", Npz.fileOf(input))
                .input("--h0", h0 == null ? null : Npz.fileOf(h0))
                .input("--grad-output", gradOutput == null ? null : Npz.fileOf(gradOutput))
                .input("--grad-hn", gradHn == null ? null : Npz.fileOf(gradHn))
                .output("--trace", trace)
                .output("--out", out);
        plan.check();
        WeightsFile weights = model.readWeights();
        RnnConfig config = weights.loaded().config();
        Tensor x = Inputs.floatTensor(input, "input");
        Tensor initial = h0 == null ? null : Inputs.floatTensor(h0, "h0");
        boolean wantGrad = gradOutput != null || gradHn != null;
        ForwardMode mode = trace != null ? ForwardMode.TRACE : wantGrad ? ForwardMode.TRAINING : ForwardMode.INFERENCE;
        requireMemory(config, x, mode);
        Map<String, Tensor> results = new LinkedHashMap<>();
        Map<String, Tensor> traces = new LinkedHashMap<>();
        try (Rnn rnn = new Rnn(weights.loaded().parameters(), model.backend())) {
            RnnOutput out;
            try {
                out = rnn.forward(x, initial, lengths, ForwardOptions.inference().withMode(mode));
            } catch (ShapeException ex) {
                throw new FormatException(source(ex.argument()) + ": " + ex.getMessage());
            }
            results.put("output", out.output());
            results.put("h_n", out.finalHidden());
            if (wantGrad) {
                Tensor gy = gradOutput == null ? null : Inputs.floatTensor(gradOutput, "grad_output");
                Tensor ghn = gradHn == null ? null : Inputs.floatTensor(gradHn, "grad_h_n");
                Inputs.requireShape(gradOutput, gy, out.output().shape(), "grad_output");
                Inputs.requireShape(gradHn, ghn, out.finalHidden().shape(), "grad_h_n");
                RnnGradients g = rnn.backward(gy, ghn);
                results.put("grad_input", g.input());
                if (g.h0() != null) results.put("grad_h0", g.h0());
                for (var e : g.parameters().asTensors().entrySet()) results.put("grad." + e.getKey(), e.getValue());
            }
            if (trace != null) {
                for (int k = 0; k < config.numLayers(); k++) {
                    for (int d = 0; d < config.numDirections(); d++) {
                        String sfx = "." + ModelShape.directionLabel(k, d);
                        traces.put("h" + sfx, rnn.hidden(k, d));
                        traces.put("a" + sfx, rnn.preactivation(k, d));
                        if (wantGrad) traces.put("grad_h" + sfx, rnn.gradHidden(k, d));
                    }
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(WeightsMetadata.of(config));
        meta.put("producer", "rnnx forward");
        try (plan) {
            if (trace != null) plan.stage(trace, Safetensors.writer(traces, meta, DType.F32));
            plan.stage(out, Safetensors.writer(results, meta, DType.F32));
            plan.commit();
        }
        return 0;
    }

    /**
     * Refuses, before the backend allocates anything, a pass the heap cannot hold or whose outputs no Java array can
     * hold, naming the argument that makes it large.
     */
    private void requireMemory(RnnConfig config, Tensor x, ForwardMode mode) {
        if (x.rank() != 2 && x.rank() != 3) return; // the shape check says what is wrong
        long steps = x.rank() == 2 || !config.batchFirst() ? x.dim(0) : x.dim(1);
        long batch = x.rank() == 2 ? 1 : config.batchFirst() ? x.dim(0) : x.dim(1);
        MemoryEstimate.Use use = switch (mode) {
            case INFERENCE -> MemoryEstimate.Use.INFERENCE;
            case TRAINING -> MemoryEstimate.Use.TRAINING;
            default -> MemoryEstimate.Use.TRACE;
        };
        MemoryEstimate.ofRnn(config, steps, batch, use).require(factors ->
                factors.contains(MemoryEstimate.Factor.STEPS) ? "--input " + input + " " + x.shapeString()
                        + (trace != null ? " with --trace" : "")
                        : "--weights " + model.weights + " (hidden size " + config.hiddenSize() + ")");
    }

    /** Where the user gave the tensor a shape error is about: its file, or the flag. */
    private String source(ShapeException.Argument argument) {
        return switch (argument) {
            case H0 -> h0;
            case LENGTHS -> "--lengths";
            case GRAD_OUTPUT -> gradOutput;
            case GRAD_H_N -> gradHn;
            case INPUT, DROPOUT_MASKS -> input;
        };
    }
}
