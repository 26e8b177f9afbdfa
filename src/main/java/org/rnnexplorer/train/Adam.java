package org.rnnexplorer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code torch.optim.Adam} (L2 weight decay, amsgrad, maximize) as 1.13's {@code _single_tensor_adam}. */
public final class Adam implements Optimizer {

    /**
     * Adam's arguments, validated in PyTorch's order with its messages.
     *
     * @param lr          learning rate (PyTorch default 1e-3)
     * @param beta1       first-moment decay (0.9)
     * @param beta2       second-moment decay (0.999)
     * @param eps         added to the bias-corrected √v (1e-8)
     * @param weightDecay λ: g ← g + λ·p (L2, not AdamW)
     * @param amsgrad     normalise by the running max of the raw second moment
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean maximize) {
        public Options {
            if (!(0.0 <= lr)) throw new TrainingConfigException("lr", "Invalid learning rate: " + PyFormat.number(lr));
            if (!(0.0 <= eps)) throw new TrainingConfigException("eps", "Invalid epsilon value: " + PyFormat.number(eps));
            if (!(0.0 <= beta1 && beta1 < 1.0)) {
                throw new TrainingConfigException("betas", "Invalid beta parameter at index 0: " + PyFormat.repr(beta1));
            }
            if (!(0.0 <= beta2 && beta2 < 1.0)) {
                throw new TrainingConfigException("betas", "Invalid beta parameter at index 1: " + PyFormat.repr(beta2));
            }
            if (!(0.0 <= weightDecay)) {
                throw new TrainingConfigException("weight_decay",
                        "Invalid weight_decay value: " + PyFormat.number(weightDecay));
            }
        }

        /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }
    }

    private final Options options;
    private final OptimizerState expAvg = new OptimizerState();
    private final OptimizerState expAvgSq = new OptimizerState();
    private final OptimizerState maxExpAvgSq = new OptimizerState();
    private final StepCounts steps = new StepCounts();

    public Adam(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public void step(List<float[]> params, List<float[]> grads) {
        Optimizer.checkAligned(params, grads);
        double beta1 = options.beta1, beta2 = options.beta2;
        for (int i = 0; i < params.size(); i++) {
            float[] grad = grads.get(i);
            if (grad == null) continue;
            float[] p = params.get(i);
            float[] m = expAvg.getOrCreate(i, p.length, 0f);
            float[] v = expAvgSq.getOrCreate(i, p.length, 0f);
            float[] vmax = options.amsgrad ? maxExpAvgSq.getOrCreate(i, p.length, 0f) : null;
            long step = steps.increment(i);
            // Coefficients in double, as Python computes them from the step held as a float32 tensor.
            double biasCorrection1 = 1 - StrictMath.pow(beta1, (double) (float) step);
            double biasCorrection2 = 1 - StrictMath.pow(beta2, (double) (float) step);
            double stepSize = options.lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
            for (int j = 0; j < p.length; j++) {
                float g = options.maximize ? -grad[j] : grad[j];
                if (options.weightDecay != 0) g = TorchOps.add(g, p[j], options.weightDecay);
                m[j] = TorchOps.add(TorchOps.mul(m[j], beta1), g, 1 - beta1);
                v[j] = TorchOps.addcmul(TorchOps.mul(v[j], beta2), g, g, 1 - beta2);
                float second = v[j];
                if (vmax != null) {
                    vmax[j] = TorchOps.maximum(vmax[j], v[j]);
                    second = vmax[j];
                }
                float denom = TorchOps.div(TorchOps.sqrt(second), biasCorrection2Sqrt) + (float) options.eps;
                p[j] = TorchOps.addcdiv(p[j], m[j], denom, -stepSize);
            }
        }
    }

    @Override
    public String name() {
        return "Adam";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lr", options.lr);
        s.put("betas", new double[] {options.beta1, options.beta2});
        s.put("eps", options.eps);
        s.put("weight_decay", options.weightDecay);
        s.put("amsgrad", options.amsgrad);
        s.put("maximize", options.maximize);
        return s;
    }

    @Override
    public double learningRate() {
        return options.lr;
    }

    @Override
    public void reset() {
        expAvg.clear();
        expAvgSq.clear();
        maxExpAvgSq.clear();
        steps.clear();
    }
}
