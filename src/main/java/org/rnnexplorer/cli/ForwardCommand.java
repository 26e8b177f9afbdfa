package org.rnnexplorer.cli;

import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.ModelShape;
import org.rnnexplorer.engine.MemoryEstimate;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnGradients;
import org.rnnexplorer.engine.RnnOutput;
import org.rnnexplorer.engine.ShapeException;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Backend;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnnx forward}: runs a PyTorch RNN's, LSTM's or GRU's weights (the cell inferred from the state_dict) on an
 * input in eval mode, optionally backward from upstream gradients, and writes what PyTorch would return (and the
 * per-layer traces) to safetensors.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run nn.RNN, nn.LSTM or nn.GRU forward (eval mode; the cell is inferred from the state_dict) and "
                + "optionally backward; write output, h_n, c_n (LSTM) and gradients.")
final class ForwardCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input (L,N,I), (N,L,I) with batch-first, or (L,I) unbatched; float32/float64; FILE.npz:KEY picks an array.")
    String input;

    @Option(names = "--h0", paramLabel = "H0.npy",
            description = "Initial hidden state (D*num_layers,N,H_out), or (D*num_layers,H_out) unbatched; default zeros.")
    String h0;

    @Option(names = "--c0", paramLabel = "C0.npy",
            description = "LSTM: initial cell state (D*num_layers,N,H), or (D*num_layers,H) unbatched; default zeros.")
    String c0;

    @Option(names = "--lengths", paramLabel = "N1,N2,...",
            description = "Valid steps of each batch element, as pack_padded_sequence(enforce_sorted=False).")
    String lengthsText;

    /** --lengths as integers (null when not given), parsed at the start of {@link #call()}. */
    int[] lengths;

    @Option(names = "--grad-output", paramLabel = "GY.npy", description = "Upstream gradient on output (output's shape).")
    String gradOutput;

    @Option(names = "--grad-hn", paramLabel = "GHN.npy", description = "Upstream gradient on h_n (h_n's shape).")
    String gradHn;

    @Option(names = "--grad-cn", paramLabel = "GCN.npy", description = "LSTM: upstream gradient on c_n (c_n's shape).")
    String gradCn;

    @Option(names = "--trace", paramLabel = "TRACE.safetensors", converter = OutputPath.ToSafetensors.class,
            description = "Also write per layer and direction (suffix _reverse), each (L,N,.): h.l{k}; RNN: a.l{k}; "
                    + "LSTM: c.l{k}, gate_i/gate_f/gate_g/gate_o.l{k}; GRU: gate_r/gate_z/gate_n.l{k} (gates after "
                    + "their nonlinearity); with upstream gradients grad_h.l{k} and (LSTM) grad_c.l{k}.")
    Path trace;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", converter = OutputPath.ToSafetensors.class,
            description = "Where to write the results.")
    Path out;

    @Override
    public Integer call() throws Exception {
        lengths = Flags.integers("--lengths", lengthsText);
        OutputPlan plan = new OutputPlan()
                .input("--weights", model.weights)
                .input("--input", Npz.fileOf(input))
                .input("--h0", h0 == null ? null : Npz.fileOf(h0))
                .input("--c0", c0 == null ? null : Npz.fileOf(c0))
                .input("--grad-output", gradOutput == null ? null : Npz.fileOf(gradOutput))
                .input("--grad-hn", gradHn == null ? null : Npz.fileOf(gradHn))
                .input("--grad-cn", gradCn == null ? null : Npz.fileOf(gradCn))
                .output("--trace", trace)
                .output("--out", out);
        plan.check();
        WeightsFile weights = model.readWeights();
        RnnConfig config = weights.loaded().config();
        boolean lstm = config.mode() == CellMode.LSTM;
        if (!lstm && (c0 != null || gradCn != null)) {
            throw new FormatException(weights.file(), (c0 != null ? "--c0" : "--grad-cn") + " is for an LSTM's cell state; "
                    + "this state_dict holds " + config.torchRepr() + ", which has none");
        }
        Backend backend = model.backend(config.mode());
        // PyTorch's input_size check, from the header: a large input of the wrong width is not read (or priced) first.
        Tensor x = Inputs.floatTensor(input, "input", shape -> {
            if ((shape.length == 2 || shape.length == 3) && shape[shape.length - 1] != config.inputSize()) {
                throw new FormatException(input + ": input.size(-1) must be equal to input_size. Expected "
                        + config.inputSize() + ", got " + shape[shape.length - 1]);
            }
        });
        Tensor initial = h0 == null ? null : Inputs.floatTensor(h0, "h0");
        Tensor initialCell = c0 == null ? null : Inputs.floatTensor(c0, "c0");
        boolean wantGrad = gradOutput != null || gradHn != null || gradCn != null;
        ForwardMode mode = trace != null ? ForwardMode.TRACE : wantGrad ? ForwardMode.TRAINING : ForwardMode.INFERENCE;
        requireMemory(config, x, mode);
        Map<String, Tensor> results = new LinkedHashMap<>();
        Map<String, Tensor> traces = new LinkedHashMap<>();
        try (Rnn rnn = new Rnn(weights.loaded().parameters(), backend)) {
            RnnOutput out;
            try {
                out = rnn.forward(x, initial, initialCell, lengths, ForwardOptions.inference().withMode(mode));
            } catch (ShapeException ex) {
                throw new FormatException(source(ex.argument()) + ": " + ex.getMessage());
            }
            results.put("output", out.output());
            results.put("h_n", out.finalHidden());
            if (lstm) results.put("c_n", out.finalCell());
            if (wantGrad) {
                Tensor gy = gradOutput == null ? null : Inputs.floatTensor(gradOutput, "grad_output");
                Tensor ghn = gradHn == null ? null : Inputs.floatTensor(gradHn, "grad_h_n");
                Tensor gcn = gradCn == null ? null : Inputs.floatTensor(gradCn, "grad_c_n");
                Inputs.requireShape(gradOutput, gy, out.output().shape(), "grad_output");
                Inputs.requireShape(gradHn, ghn, out.finalHidden().shape(), "grad_h_n");
                if (gcn != null) Inputs.requireShape(gradCn, gcn, out.finalCell().shape(), "grad_c_n");
                RnnGradients g = rnn.backward(gy, ghn, gcn);
                results.put("grad_input", g.input());
                if (g.h0() != null) results.put("grad_h0", g.h0());
                if (g.c0() != null) results.put("grad_c0", g.c0());
                for (var e : g.parameters().asTensors().entrySet()) results.put("grad." + e.getKey(), e.getValue());
            }
            if (trace != null) {
                List<String> gates = config.mode().gateNames();
                for (int k = 0; k < config.numLayers(); k++) {
                    for (int d = 0; d < config.numDirections(); d++) {
                        String sfx = "." + ModelShape.directionLabel(k, d);
                        traces.put("h" + sfx, rnn.hidden(k, d));
                        if (!config.isGated()) traces.put("a" + sfx, rnn.preactivation(k, d));
                        if (lstm) traces.put("c" + sfx, rnn.cell(k, d));
                        for (int g = 0; g < gates.size(); g++) traces.put("gate_" + gates.get(g) + sfx, rnn.gate(k, d, g));
                        if (wantGrad) traces.put("grad_h" + sfx, rnn.gradHidden(k, d));
                        if (wantGrad && lstm) traces.put("grad_c" + sfx, rnn.gradCell(k, d));
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
        // A shape PyTorch refuses (no steps, the wrong feature count) gets its message, not a price.
        if (steps == 0 || x.dim(x.rank() - 1) != config.inputSize()) return;
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
            case C0 -> c0;
            case LENGTHS -> "--lengths";
            case GRAD_OUTPUT -> gradOutput;
            case GRAD_H_N -> gradHn;
            case GRAD_C_N -> gradCn;
            case INPUT, DROPOUT_MASKS -> input;
        };
    }
}
