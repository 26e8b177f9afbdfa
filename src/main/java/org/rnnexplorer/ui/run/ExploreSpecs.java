package org.rnnexplorer.ui.run;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.RnnParameters;
import org.rnnexplorer.engine.Tensor;
import org.rnnexplorer.service.BackendChoice;
import org.rnnexplorer.service.RunSpec;
import org.rnnexplorer.service.TaskSpec;
import org.rnnexplorer.train.LossKind;
import org.rnnexplorer.train.Model;
import org.rnnexplorer.train.Target;
import org.rnnexplorer.ui.state.ExploreLoss;
import org.rnnexplorer.ui.state.ModelState;

import java.util.SplittableRandom;

/**
 * The run the explorer shows before any training: the model and input of the Model &amp; shapes form (every shape
 * option: batch_first, unbatched, lengths, h0) on seeded N(0, 1) input, with the loss ½·mean(h_last²) of the
 * readout at each sequence's last step, so that ∂L/∂h_t shows how far back from the end a gradient reaches (or, as
 * {@link ExploreLoss#EVERY_STEP}, mean(h_t²) over every step).
 */
public final class ExploreSpecs {

    private ExploreSpecs() {
    }

    /** {@link #explore(ModelState, RnnParameters, Tensor, long, String, ExploreLoss)} with the last-step loss. */
    public static RunSpec explore(ModelState state, RnnParameters parameters, Tensor input, long seed, String backend) {
        return explore(state, parameters, input, seed, backend, ExploreLoss.LAST_STEP, 0);
    }

    /**
     * A fixed-batch run of the form's model and input.
     *
     * @param parameters the weights to run (the Weights pane's current ones), matching the state's config
     * @param input      the input in the form's layout, or null for seeded random values
     * @param sequence   the sequence b of the batch the traces follow (clamped to N − 1 by the run)
     */
    public static RunSpec explore(ModelState state, RnnParameters parameters, Tensor input, long seed, String backend,
                                  ExploreLoss loss, int sequence) {
        RnnConfig config = state.config();
        int[] inShape = state.layout().inputShape(config);
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = input != null ? input : gaussian(inShape, random);
        Tensor h0 = state.input().withH0() ? gaussian(state.layout().stateShape(config), random, 0.5) : null;
        Model model = new Model(parameters.copy(), null, loss.readout());
        // MSE against zeros of the readout's shape: L = mean(h_last²), gradient 2·h_last/size at the last step only;
        // or L = mean(h_t²) over output (L, N, D·H) in the form's layout, gradient at every step.
        int[] outShape = loss == ExploreLoss.EVERY_STEP ? state.layout().outputShape(config)
                : state.layout().unbatched() ? new int[] {config.outputSize()}
                : new int[] {state.layout().batch(), config.outputSize()};
        Target target = new Target.Values(Tensor.zeros(outShape));
        TaskSpec.FixedBatch batch = new TaskSpec.FixedBatch(x, target, state.input().lengths(), h0, LossKind.MSE,
                loss.readout());
        int n = state.layout().batch();
        return RunSpec.builder(config, TaskSpec.fixed(batch)).initialModel(model).batchSize(n).seed(seed)
                .backend(BackendChoice.parse(backend)).probes(RunSpec.ProbeSettings.defaults().following(sequence))
                .build();
    }

    static Tensor gaussian(int[] shape, SplittableRandom random) {
        return gaussian(shape, random, 1.0);
    }

    static Tensor gaussian(int[] shape, SplittableRandom random, double scale) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = random.nextDouble(), u2 = random.nextDouble();
            d[i] = (float) (scale * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return new Tensor(shape, d);
    }
}
