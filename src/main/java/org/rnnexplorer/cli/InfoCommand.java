package org.rnnexplorer.cli;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.io.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnx info}: the configuration inferred from a state_dict, each parameter, and the PyTorch constructor. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the RNN, LSTM or GRU a state_dict (.safetensors, or torch.save .pt/.pth) holds and the PyTorch "
                + "call that builds it.")
final class InfoCommand implements Callable<Integer> {

    /** Keys outside the RNN listed one by one; the rest are counted. */
    static final int OTHER_KEYS_SHOWN = 50;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--backend")) {
            throw new IllegalArgumentException("--backend is for commands that compute; info reads headers and runs nothing");
        }
        PrintWriter out = spec.commandLine().getOut();
        // Headers only: no tensor's values are read, so a huge file is described at once and a damaged one still is.
        WeightsFile.Description w = model.describeWeights();
        RnnConfig c = w.module().config();
        String prefix = w.module().prefix();
        out.println("file:          " + CliErrors.printable(w.file().toString()));
        out.println("module:        " + c.torchRepr());
        out.println("mode:          " + c.mode().torchName());
        out.println("input_size:    " + c.inputSize());
        out.println("hidden_size:   " + c.hiddenSize());
        if (c.projSize() > 0) out.println("proj_size:     " + c.projSize());
        out.println("num_layers:    " + c.numLayers());
        if (!c.isGated()) out.println("nonlinearity:  " + c.nonlinearity().torchName());
        if (c.isGated()) out.println("gates:         " + String.join(", ", c.mode().gateNames()) + " (row blocks of "
                + c.hiddenSize() + " in weight_ih, weight_hh and the biases)");
        out.println("bias:          " + (c.bias() ? "True" : "False"));
        out.println("batch_first:   " + (c.batchFirst() ? "True" : "False"));
        out.println("bidirectional: " + (c.bidirectional() ? "True" : "False"));
        if (!prefix.isEmpty()) out.println("prefix:        " + CliErrors.printable(prefix));
        out.println("parameters:    " + c.parameterCount() + " elements");
        for (String name : c.shape().parameterNames()) {
            out.printf("  %-28s %s%n", CliErrors.printable(prefix + name), Tensor.formatTuple(w.headers().shapes().get(prefix + name)));
        }
        List<String> others = w.module().otherKeys();
        if (!others.isEmpty()) {
            out.println("other keys (not part of the RNN):");
            // A checkpoint may hold a whole model beside the RNN (hundreds of thousands of keys): the first ones
            // show what it is; the count says how much more there is.
            for (String k : others.subList(0, Math.min(others.size(), OTHER_KEYS_SHOWN))) {
                out.printf("  %-28s %s%n", CliErrors.printable(k), Tensor.formatList(w.headers().shapes().get(k)));
            }
            if (others.size() > OTHER_KEYS_SHOWN) {
                out.printf(Locale.ROOT, "  ... and %,d more%n", others.size() - OTHER_KEYS_SHOWN);
            }
        }
        // Names and metadata are the file's text: a line break or an ESC in them must not add lines or drive the terminal.
        if (!w.headers().metadata().isEmpty()) {
            out.println("metadata:      " + CliErrors.printable(w.headers().metadata().toString()));
        }
        out.println("PyTorch:");
        out.println("  " + c.mode().moduleName().toLowerCase(Locale.ROOT) + " = " + c.torchConstructor());
        out.flush();
        return 0;
    }
}
