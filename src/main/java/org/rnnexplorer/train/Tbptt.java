package org.rnnexplorer.train;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Tensor;

import java.util.Arrays;

/**
 * Truncated BPTT over one long stream: the stream is cut into chunks of k steps, each chunk starts from the previous
 * chunk's h_n, detached (as {@code h = h.detach()}: no gradient flows into earlier chunks), and the optimiser steps
 * after every {@code chunksPerUpdate} chunks (their gradients add up, as repeated {@code loss.backward()} calls do)
 * and after the last chunk. The last chunk may be shorter than k.
 *
 * <p>The stream is time-major (L_total, N, I) with a target per step: (L_total, N, O) values or (L_total, N)
 * classes. For a batch-first RNN each chunk is transposed to (N, k, ·) before it is fed. The model's readout must be
 * ALL (a prediction per step).
 */
public final class Tbptt {
    private final Trainer trainer;
    private final Tensor input;
    private final Target target;
    private final int chunkLength;
    private final int chunksPerUpdate;
    private int position;
    private int chunksSinceUpdate;
    private Tensor hidden;
    private Tensor cell;

    /** What one chunk did. */
    public record ChunkResult(int chunk, int start, int length, Pass pass, StepMetrics metrics) {
        /** Whether the optimiser stepped after this chunk. */
        public boolean updated() {
            return metrics != null;
        }
    }

    /**
     * Truncated BPTT computes a loss on every chunk, so every step needs a target: the rule, in one place, for the
     * CLI, the service and the Training pane.
     *
     * @param what names the task or model, for the message
     * @throws TrainingConfigException naming the field {@code bptt} unless the readout is at every step
     */
    public static void requireTargetAtEveryStep(Readout readout, String what) {
        if (readout != Readout.ALL) {
            throw new TrainingConfigException("bptt", "truncated BPTT needs a target at every step; " + what
                    + " has one per sequence");
        }
    }

    public Tbptt(Trainer trainer, Tensor input, Target target, int chunkLength, int chunksPerUpdate) {
        if (chunkLength <= 0) throw new TrainingConfigException("bptt", "chunk length must be positive, got " + chunkLength);
        if (chunksPerUpdate <= 0) {
            throw new TrainingConfigException("chunks_per_update", "chunks per update must be positive, got " + chunksPerUpdate);
        }
        requireTargetAtEveryStep(trainer.network().model().readout(), "a model with readout "
                + trainer.network().model().readout().name().toLowerCase(java.util.Locale.ROOT));
        if (input.rank() != 3) throw new TrainingConfigException("input", "a TBPTT stream is (L_total, N, I), got " + input.shapeString());
        int[] ts = target.shape();
        if (ts.length < 2 || ts[0] != input.dim(0) || ts[1] != input.dim(1)) {
            throw new TrainingConfigException("target", "a TBPTT target starts with the stream's (L_total, N) = ("
                    + input.dim(0) + ", " + input.dim(1) + "), got " + Tensor.formatList(ts));
        }
        this.trainer = trainer;
        this.input = input;
        this.target = target;
        this.chunkLength = chunkLength;
        this.chunksPerUpdate = chunksPerUpdate;
    }

    public boolean hasNext() {
        return position < input.dim(0) && trainer.stoppedAt() == null;
    }

    /** The state carried into the next chunk (null before the first chunk: zeros). */
    public Tensor hidden() {
        return hidden;
    }

    /** An LSTM's cell state carried into the next chunk with {@link #hidden()}; null for RNN and GRU, or before. */
    public Tensor cell() {
        return cell;
    }

    /** Runs the next chunk, and the update when one is due. */
    public ChunkResult next() {
        if (!hasNext()) throw new IllegalStateException("the stream is exhausted");
        int start = position;
        int length = Math.min(chunkLength, input.dim(0) - start);
        int chunk = start / chunkLength;
        RnnConfig config = trainer.network().model().config();
        Tensor x = slice(input, start, length);
        Target y = slice(target, start, length);
        if (config.batchFirst()) {
            x = toBatchFirst(x);
            y = toBatchFirst(y);
        }
        Pass pass = trainer.accumulate(x, hidden, cell, null, y);
        // The state goes on as a value: the next chunk's h0 (and an LSTM's c0), through which no gradient comes back.
        hidden = pass.finalHidden().copy();
        cell = pass.finalCell() == null ? null : pass.finalCell().copy();
        position += length;
        chunksSinceUpdate++;
        StepMetrics metrics = null;
        if (pass.nonFinite() != null || chunksSinceUpdate == chunksPerUpdate || position >= input.dim(0)) {
            metrics = trainer.update();
            chunksSinceUpdate = 0;
        }
        return new ChunkResult(chunk, start, length, pass, metrics);
    }

    /** Steps [start, start+length) of a time-major tensor. */
    static Tensor slice(Tensor t, int start, int length) {
        int[] shape = t.shape();
        int per = t.size() / shape[0];
        shape[0] = length;
        return new Tensor(shape, Arrays.copyOfRange(t.data(), start * per, (start + length) * per));
    }

    static Target slice(Target t, int start, int length) {
        return switch (t) {
            case Target.Values v -> new Target.Values(slice(v.values(), start, length));
            case Target.Classes c -> {
                int[] shape = c.shape();
                int per = c.indices().length / shape[0];
                shape[0] = length;
                yield new Target.Classes(shape, Arrays.copyOfRange(c.indices(), start * per, (start + length) * per));
            }
        };
    }

    /** (L, N, F) → (N, L, F). */
    static Tensor toBatchFirst(Tensor t) {
        int l = t.dim(0), n = t.dim(1), f = t.dim(2);
        float[] src = t.data(), dst = new float[src.length];
        for (int i = 0; i < l; i++) {
            for (int b = 0; b < n; b++) System.arraycopy(src, (i * n + b) * f, dst, (b * l + i) * f, f);
        }
        return new Tensor(new int[] {n, l, f}, dst);
    }

    static Target toBatchFirst(Target t) {
        return switch (t) {
            case Target.Values v -> new Target.Values(toBatchFirst(v.values()));
            case Target.Classes c -> {
                int l = c.shape()[0], n = c.shape()[1];
                int[] dst = new int[c.indices().length];
                for (int i = 0; i < l; i++) for (int b = 0; b < n; b++) dst[b * l + i] = c.indices()[i * n + b];
                yield new Target.Classes(new int[] {n, l}, dst);
            }
        };
    }
}
