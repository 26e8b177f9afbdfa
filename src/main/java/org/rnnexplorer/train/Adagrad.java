package org.rnnexplorer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adagrad} (lr decay, L2 weight decay, initial accumulator, maximize) as 1.13's single-tensor loop:
 * the optimiser of the classic char-RNN demos.
 */
public final class Adagrad implements Optimizer {

    /**
     * Adagrad's arguments, validated in PyTorch's order with its messages.
     *
     * @param lr                      learning rate (PyTorch default 1e-2)
     * @param lrDecay                 clr = lr / (1 + (step-1)·lr_decay)
     * @param weightDecay             λ: g ← g + λ·p
     * @param initialAccumulatorValue starting value of the sum of squares
     * @param eps                     added to the root (1e-10)
     * @param maximize                ascend instead of descend
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                          boolean maximize) {
        public Options {
            if (!(0.0 <= lr)) throw new TrainingConfigException("lr", "Invalid learning rate: " + PyFormat.number(lr));
            if (!(0.0 <= lrDecay)) {
                throw new TrainingConfigException("lr_decay", "Invalid lr_decay value: " + PyFormat.number(lrDecay));
            }
            if (!(0.0 <= weightDecay)) {
                throw new TrainingConfigException("weight_decay",
                        "Invalid weight_decay value: " + PyFormat.number(weightDecay));
            }
            if (!(0.0 <= initialAccumulatorValue)) {
                throw new TrainingConfigException("initial_accumulator_value",
                        "Invalid initial_accumulator_value value: " + PyFormat.number(initialAccumulatorValue));
            }
            if (!(0.0 <= eps)) throw new TrainingConfigException("eps", "Invalid epsilon value: " + PyFormat.number(eps));
        }

        /** PyTorch's defaults: lr 1e-2, no decays, accumulator 0, eps 1e-10. */
        public static Options defaults() {
            return new Options(1e-2, 0, 0, 0, 1e-10, false);
        }
    }

    private final Options options;
    private final OptimizerState sums = new OptimizerState();
    private final StepCounts steps = new StepCounts();

    public Adagrad(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public void step(List<float[]> params, List<float[]> grads) {
        Optimizer.checkAligned(params, grads);
        for (int i = 0; i < params.size(); i++) {
            float[] grad = grads.get(i);
            if (grad == null) continue;
            float[] p = params.get(i);
            // PyTorch fills every sum at construction; creating it on first use gives the same values.
            float[] sum = sums.getOrCreate(i, p.length, (float) options.initialAccumulatorValue);
            long step = steps.increment(i);
            double clr = options.lr / (1 + (step - 1) * options.lrDecay);
            for (int j = 0; j < p.length; j++) {
                float g = options.maximize ? -grad[j] : grad[j];
                if (options.weightDecay != 0) g = TorchOps.add(g, p[j], options.weightDecay);
                sum[j] = TorchOps.addcmul(sum[j], g, g, 1);
                float std = TorchOps.sqrt(sum[j]) + (float) options.eps;
                p[j] = TorchOps.addcdiv(p[j], g, std, -clr);
            }
        }
    }

    @Override
    public String name() {
        return "Adagrad";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lr", options.lr);
        s.put("lr_decay", options.lrDecay);
        s.put("weight_decay", options.weightDecay);
        s.put("initial_accumulator_value", options.initialAccumulatorValue);
        s.put("eps", options.eps);
        s.put("maximize", options.maximize);
        return s;
    }

    @Override
    public double learningRate() {
        return options.lr;
    }

    @Override
    public void reset() {
        sums.clear();
        steps.clear();
    }
}
