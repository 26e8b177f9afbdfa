package org.rnnexplorer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code torch.optim.SGD}: momentum, dampening, Nesterov, L2 weight decay, maximize; 1.13's single-tensor loop. */
public final class Sgd implements Optimizer {

    /**
     * SGD's arguments, validated in PyTorch's order with its messages. 1.13 has no default lr.
     *
     * @param lr          learning rate (required)
     * @param momentum    μ; 0 disables the buffer
     * @param dampening   τ: later steps add (1-τ)·g to the buffer (the first step copies g undampened)
     * @param weightDecay λ: g ← g + λ·p
     * @param nesterov    g ← g + μ·buf instead of g ← buf
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                          boolean maximize) {
        public Options {
            if (lr < 0.0) throw new TrainingConfigException("lr", "Invalid learning rate: " + PyFormat.number(lr));
            if (momentum < 0.0) {
                throw new TrainingConfigException("momentum", "Invalid momentum value: " + PyFormat.number(momentum));
            }
            if (weightDecay < 0.0) {
                throw new TrainingConfigException("weight_decay",
                        "Invalid weight_decay value: " + PyFormat.number(weightDecay));
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new TrainingConfigException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
            }
        }

        /** Plain SGD at a learning rate. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, 0, false, false);
        }
    }

    private final Options options;
    private final OptimizerState momentumBuffers = new OptimizerState();

    public Sgd(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    @Override
    public void step(List<float[]> params, List<float[]> grads) {
        Optimizer.checkAligned(params, grads);
        double mu = options.momentum;
        for (int i = 0; i < params.size(); i++) {
            float[] grad = grads.get(i);
            if (grad == null) continue;
            float[] p = params.get(i);
            float[] dp = new float[p.length];
            for (int j = 0; j < p.length; j++) {
                float g = options.maximize ? -grad[j] : grad[j];
                dp[j] = options.weightDecay != 0 ? TorchOps.add(g, p[j], options.weightDecay) : g;
            }
            if (mu != 0) {
                float[] buf = momentumBuffers.get(i);
                if (buf == null) {
                    buf = dp.clone();
                    momentumBuffers.set(i, buf);
                } else {
                    for (int j = 0; j < p.length; j++) {
                        buf[j] = TorchOps.add(TorchOps.mul(buf[j], mu), dp[j], 1 - options.dampening);
                    }
                }
                for (int j = 0; j < p.length; j++) dp[j] = options.nesterov ? TorchOps.add(dp[j], buf[j], mu) : buf[j];
            }
            for (int j = 0; j < p.length; j++) p[j] = TorchOps.add(p[j], dp[j], -options.lr);
        }
    }

    @Override
    public String name() {
        return "SGD";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lr", options.lr);
        s.put("momentum", options.momentum);
        s.put("dampening", options.dampening);
        s.put("weight_decay", options.weightDecay);
        s.put("nesterov", options.nesterov);
        s.put("maximize", options.maximize);
        return s;
    }

    @Override
    public double learningRate() {
        return options.lr;
    }

    @Override
    public void reset() {
        momentumBuffers.clear();
    }
}
