package org.rnnexplorer.train;

import org.rnnexplorer.engine.ForwardOptions;
import org.rnnexplorer.engine.Rnn;
import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.engine.Backend;

/**
 * Pitfall 1 of the seed article: a batch-first tensor (N, L, I) fed to an RNN built with batch_first=False. The
 * shapes fit (PyTorch reads it as L' = N steps of N' = L sequences and returns (N, L, D·H) again), so nothing
 * complains, but every "sequence" now mixes the N samples at one time step. Runs the same weights both ways.
 *
 * <p>Pure: no I/O, no threads (the backend may own its own); eval mode.
 */
public final class BatchFirstStudy {

    private BatchFirstStudy() {
    }

    /**
     * @param wrong      output of batch_first=False on the (N, L, I) tensor: (N, L, D·H), read by PyTorch as (L', N', ·)
     * @param right      output of batch_first=True: (N, L, D·H)
     * @param difference wrong − right, (N, L, D·H)
     * @param maxAbsDifference max |wrong − right|
     */
    public record Result(Tensor wrong, Tensor right, Tensor difference, double maxAbsDifference) {
    }

    /**
     * @param parameters the weights (their batch_first is ignored: both settings are run)
     * @param batchFirst the data as a data loader yields it: (N, L, I)
     */
    public static Result compute(RnnParameters parameters, Tensor batchFirst, Backend backend) {
        RnnConfig config = parameters.config();
        if (batchFirst.rank() != 3) {
            throw new IllegalArgumentException("the batch must be (N, L, I), got " + batchFirst.shapeString());
        }
        Tensor wrong = run(parameters, config.withBatchFirst(false), batchFirst, backend);
        Tensor right = run(parameters, config.withBatchFirst(true), batchFirst, backend);
        float[] d = new float[wrong.size()];
        double max = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = wrong.data()[i] - right.data()[i];
            max = Math.max(max, Math.abs(d[i]));
        }
        return new Result(wrong, right, new Tensor(wrong.shape(), d), max);
    }

    private static Tensor run(RnnParameters parameters, RnnConfig config, Tensor x, Backend backend) {
        RnnParameters p = parameters.withConfig(config);
        try (Rnn rnn = new Rnn(p, backend)) {
            return rnn.forward(x, null, null, ForwardOptions.inference()).output();
        }
    }
}
