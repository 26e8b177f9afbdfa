package org.rnnexplorer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code torch.optim.RMSprop} (centered, momentum, L2 weight decay, maximize) as 1.13's single-tensor loop. */
public final class RmsProp implements Optimizer {

    /**
     * RMSprop's arguments, validated in PyTorch's order with its messages.
     *
     * @param lr          learning rate (PyTorch default 1e-2)
     * @param alpha       smoothing of the squared-gradient average (0.99)
     * @param eps         added to the root (1e-8)
     * @param weightDecay λ: g ← g + λ·p
     * @param momentum    μ &gt; 0 keeps a buffer buf = μ·buf + g/avg
     * @param centered    divide by the root of the variance estimate E[g²] − E[g]² instead of E[g²]
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                          boolean maximize) {
        public Options {
            if (!(0.0 <= lr)) throw new TrainingConfigException("lr", "Invalid learning rate: " + PyFormat.number(lr));
            if (!(0.0 <= eps)) throw new TrainingConfigException("eps", "Invalid epsilon value: " + PyFormat.number(eps));
            if (!(0.0 <= momentum)) {
                throw new TrainingConfigException("momentum", "Invalid momentum value: " + PyFormat.number(momentum));
            }
            if (!(0.0 <= weightDecay)) {
                throw new TrainingConfigException("weight_decay",
                        "Invalid weight_decay value: " + PyFormat.number(weightDecay));
            }
            if (!(0.0 <= alpha)) throw new TrainingConfigException("alpha", "Invalid alpha value: " + PyFormat.number(alpha));
        }

        /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no decay, no momentum, not centered. */
        public static Options defaults() {
            return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);
        }
    }

    private final Options options;
    private final OptimizerState squareAvg = new OptimizerState();
    private final OptimizerState gradAvg = new OptimizerState();
    private final OptimizerState momentumBuffer = new OptimizerState();

    public RmsProp(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public void step(List<float[]> params, List<float[]> grads) {
        Optimizer.checkAligned(params, grads);
        double alpha = options.alpha;
        for (int i = 0; i < params.size(); i++) {
            float[] grad = grads.get(i);
            if (grad == null) continue;
            float[] p = params.get(i);
            float[] sq = squareAvg.getOrCreate(i, p.length, 0f);
            float[] ga = options.centered ? gradAvg.getOrCreate(i, p.length, 0f) : null;
            float[] buf = options.momentum > 0 ? momentumBuffer.getOrCreate(i, p.length, 0f) : null;
            for (int j = 0; j < p.length; j++) {
                float g = options.maximize ? -grad[j] : grad[j];
                if (options.weightDecay != 0) g = TorchOps.add(g, p[j], options.weightDecay);
                sq[j] = TorchOps.addcmul(TorchOps.mul(sq[j], alpha), g, g, 1 - alpha);
                float avg;
                if (ga != null) {
                    ga[j] = TorchOps.add(TorchOps.mul(ga[j], alpha), g, 1 - alpha);
                    avg = TorchOps.sqrt(TorchOps.addcmul(sq[j], ga[j], ga[j], -1));
                } else {
                    avg = TorchOps.sqrt(sq[j]);
                }
                avg = avg + (float) options.eps;
                if (buf != null) {
                    buf[j] = TorchOps.addcdiv(TorchOps.mul(buf[j], options.momentum), g, avg, 1);
                    p[j] = TorchOps.add(p[j], buf[j], -options.lr);
                } else {
                    p[j] = TorchOps.addcdiv(p[j], g, avg, -options.lr);
                }
            }
        }
    }

    @Override
    public String name() {
        return "RMSprop";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lr", options.lr);
        s.put("alpha", options.alpha);
        s.put("eps", options.eps);
        s.put("weight_decay", options.weightDecay);
        s.put("momentum", options.momentum);
        s.put("centered", options.centered);
        s.put("maximize", options.maximize);
        return s;
    }

    @Override
    public double learningRate() {
        return options.lr;
    }

    @Override
    public void reset() {
        squareAvg.clear();
        gradAvg.clear();
        momentumBuffer.clear();
    }
}
