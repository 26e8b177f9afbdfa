package org.rnnexplorer.train;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop's body, as PyTorch writes it: {@code zero_grad(); loss = L(model(x), y); loss.backward();
 * clip(...); optimizer.step()}. {@link #step} does it once; {@link #accumulate} and {@link #update} split it so that
 * several backward passes add into one update (TBPTT over grouped chunks) and so that probes can look at a pass
 * before the parameters change. Not thread-safe; one owner drives it.
 */
public final class Trainer {
    private final Network network;
    private final Optimizer optimizer;
    private final GradientClipping clipping;
    private final LossKind loss;
    private final TrainerOptions options;
    private final List<float[]> accumulated = new ArrayList<>();
    private int passes;
    private long passCount;
    private double lossSum;
    private long stepCount;
    private NonFinite stoppedAt;
    private List<DirectionProbe> pendingProbes = List.of();

    /** @param optimizer the update rule, or null for a trainer that only runs passes (an explore run): no update */
    public Trainer(Network network, Optimizer optimizer, GradientClipping clipping, LossKind loss, TrainerOptions options) {
        this.network = network;
        this.optimizer = optimizer;
        this.clipping = clipping;
        this.loss = loss;
        this.options = options;
        for (ModelParameter p : network.model().parameters()) accumulated.add(new float[p.data().length]);
    }

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public LossKind loss() {
        return loss;
    }

    /** Updates applied so far. */
    public long stepCount() {
        return stepCount;
    }

    /** Where the watchdog stopped training, or null while it runs. */
    public NonFinite stoppedAt() {
        return stoppedAt;
    }

    /**
     * One full step on one batch: forward, loss, backward, clipping, optimiser step.
     *
     * @param input   (L, N, I), (N, L, I) batch-first, or (L, I)
     * @param h0      initial state or null for zeros (no gradient flows into it: it is detached)
     * @param lengths valid steps per sequence or null
     * @param target  of the prediction's shape (MSE) or its shape without the class axis (cross-entropy)
     */
    public StepMetrics step(Tensor input, Tensor h0, int[] lengths, Target target) {
        accumulate(input, h0, lengths, target);
        return update();
    }

    /** Forward and backward; the gradients add to those accumulated since the last update. */
    public Pass accumulate(Tensor input, Tensor h0, int[] lengths, Target target) {
        return accumulate(input, h0, null, lengths, target);
    }

    /**
     * Forward and backward from an LSTM's initial cell state too (detached, as h0).
     *
     * @param c0 (D·num_layers, N, H) or (D·num_layers, H), or null for zeros; LSTM only
     */
    public Pass accumulate(Tensor input, Tensor h0, Tensor c0, int[] lengths, Target target) {
        requireRunning();
        long step = stepCount + 1;
        ForwardOptions fo = options.training()
                ? new ForwardOptions(options.mode(), true, options.dropoutSeed() * 0x9E3779B97F4A7C15L + passCount, null)
                : new ForwardOptions(options.mode(), false, 0, null);
        passCount++;
        Network.Forward forward = network.forward(input, h0, c0, lengths, fo);
        LossResult lr = Losses.compute(loss, forward.prediction(), target);
        Network.Gradients grads = network.backward(forward, lr.gradPrediction(), null);
        NonFinite bad = options.watchdog() ? scanPass(step, input, forward, lr.loss(), grads) : null;
        List<float[]> g = grads.inModelOrder();
        for (int i = 0; i < g.size(); i++) {
            float[] acc = accumulated.get(i), src = g.get(i);
            for (int j = 0; j < acc.length; j++) acc[j] += src[j];
        }
        passes++;
        lossSum += lr.loss();
        if (bad != null) {
            stoppedAt = bad;
        } else if (options.probeEvery() > 0 && step % options.probeEvery() == 0) {
            pendingProbes = TimestepProbes.compute(network.rnn(), lengths, options.probeBatchIndex(),
                    options.probeProducts());
        }
        return new Pass(lr.loss(), forward.prediction(), forward.rnnOutput().finalHidden(), bad,
                forward.rnnOutput().finalCell());
    }

    /**
     * Clips the accumulated gradients, steps the optimiser, zeroes the gradients. After a pass that found a
     * non-finite value it applies nothing and returns metrics carrying the finding.
     */
    public StepMetrics update() {
        if (passes == 0) throw new IllegalStateException("update() needs a pass: call accumulate() first");
        if (optimizer == null) throw new IllegalStateException("this trainer has no optimiser: it runs passes only");
        long step = stepCount + 1;
        double meanLoss = lossSum / passes;
        int passesUsed = passes;
        List<DirectionProbe> probes = pendingProbes;
        pendingProbes = List.of();
        double gradNorm = Clipping.l2Norm(accumulated);
        if (stoppedAt != null) {
            clearGradients();
            return new StepMetrics(step, meanLoss, passesUsed, gradNorm, gradNorm, false, Double.NaN, Map.of(),
                    List.of(), probes, stoppedAt);
        }
        GradientClipping.Outcome clip = clipping.apply(accumulated);
        double gradNormClipped = clip.fired() ? Clipping.l2Norm(accumulated) : gradNorm;

        List<ModelParameter> params = network.model().parameters();
        List<float[]> before = new ArrayList<>();
        for (ModelParameter p : params) before.add(p.data().clone());
        optimizer.step(network.model().parameterArrays(), accumulated);
        network.parametersChanged();
        stepCount = step;

        Map<String, Double> ratios = new LinkedHashMap<>();
        NonFinite bad = null;
        for (int i = 0; i < params.size(); i++) {
            ModelParameter p = params.get(i);
            ratios.put(p.name(), updateRatio(before.get(i), p.data()));
            if (options.watchdog() && bad == null) bad = Watchdog.flat(step, p.name() + " after the update", p.data());
        }
        if (bad != null) stoppedAt = bad;
        clearGradients();
        List<RecurrentSpectrum> spectra = options.spectraEvery() > 0 && step % options.spectraEvery() == 0
                ? RecurrentSpectrum.of(network.model().rnn()) : List.of();
        return new StepMetrics(step, meanLoss, passesUsed, gradNorm, gradNormClipped, clip.fired(), clip.clipTotal(),
                ratios, spectra, probes, bad);
    }

    /**
     * The loss on a batch without training (INFERENCE pass, eval mode: no dropout, nothing kept).
     */
    public double evaluate(Tensor input, Tensor h0, int[] lengths, Target target) {
        Network.Forward f = network.forward(input, h0, lengths, ForwardOptions.inference());
        return Losses.compute(loss, f.prediction(), target).loss();
    }

    /** Drops the accumulated gradients and forgets a watchdog stop (after the user changed something). */
    public void reset() {
        clearGradients();
        stoppedAt = null;
        pendingProbes = List.of();
    }

    private void clearGradients() {
        for (float[] a : accumulated) Arrays.fill(a, 0f);
        passes = 0;
        lossSum = 0;
    }

    private void requireRunning() {
        if (stoppedAt != null) throw new IllegalStateException("training stopped at " + stoppedAt.describe());
    }

    /** ‖after − before‖₂ / ‖before‖₂. */
    static double updateRatio(float[] before, float[] after) {
        double delta = 0, base = 0;
        for (int i = 0; i < before.length; i++) {
            double d = (double) after[i] - before[i];
            delta += d * d;
            base += (double) before[i] * before[i];
        }
        if (base == 0) return delta == 0 ? 0 : Double.POSITIVE_INFINITY;
        return Math.sqrt(delta / base);
    }

    /**
     * The first non-finite value of a pass, in the order the pass computed things. The states are read from the
     * kernel only when something the host already holds (input, prediction, loss, parameter gradients) is
     * non-finite: a NaN or inf inside the recurrence always reaches the parameter gradients (even through a
     * saturated tanh, as 0·inf), so a clean pass costs no reads from the backend.
     */
    private NonFinite scanPass(long step, Tensor input, Network.Forward forward, double lossValue,
                               Network.Gradients grads) {
        List<float[]> g = grads.inModelOrder();
        boolean clean = Double.isFinite(lossValue) && allFinite(input.data()) && allFinite(forward.prediction().data());
        for (int i = 0; i < g.size() && clean; i++) clean = allFinite(g.get(i));
        if (clean) return null;
        RnnConfig config = network.model().config();
        InputLayout layout = forward.rnnOutput().layout();
        NonFinite bad = Watchdog.userLayout(step, "input", input.data(), layout, config.inputSize());
        for (int k = 0; k < config.numLayers() && bad == null; k++) {
            for (int d = 0; d < config.numDirections() && bad == null; d++) {
                bad = Watchdog.timeMajor(step, Watchdog.direction("h", k, d), network.rnn().hidden(k, d).data(),
                        layout.steps(), d == 0);
            }
        }
        if (bad == null) {
            Tensor prediction = forward.prediction();
            bad = network.model().readout() == Readout.ALL
                    ? Watchdog.userLayout(step, "prediction", prediction.data(), layout, prediction.dim(-1))
                    : Watchdog.flat(step, "prediction", prediction.data());
        }
        if (bad == null && !Double.isFinite(lossValue)) bad = new NonFinite(step, "loss", -1, -1, (float) lossValue);
        for (int k = config.numLayers() - 1; k >= 0 && bad == null; k--) {
            for (int d = 0; d < config.numDirections() && bad == null; d++) {
                bad = Watchdog.timeMajor(step, Watchdog.direction("∂L/∂h", k, d), network.rnn().gradHidden(k, d).data(),
                        layout.steps(), d == 1);
            }
        }
        List<String> names = network.model().parameterNames();
        for (int i = 0; i < g.size() && bad == null; i++) bad = Watchdog.flat(step, "grad " + names.get(i), g.get(i));
        return bad;
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) if (!Float.isFinite(v)) return false;
        return true;
    }
}
