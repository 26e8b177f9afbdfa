package org.rnnexplorer.train;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds an optimiser from its name and PyTorch keyword arguments, for the CLI and workspace files: what is not
 * given takes PyTorch 1.13's default, and SGD has no default lr, as in 1.13.
 *
 * <p>Values: numbers for lr, momentum, dampening, weight_decay, eps, alpha, lr_decay, initial_accumulator_value;
 * booleans for nesterov, amsgrad, centered, maximize; a two-element {@code double[]} or {@code List<Number>} for
 * betas.
 */
public final class Optimizers {

    /** The optimiser names accepted by {@link #create}, lower case. */
    public static final List<String> NAMES = Stream.of(OptimizerKind.values()).map(OptimizerKind::typedName).toList();

    private Optimizers() {
    }

    /**
     * @param name   sgd, adam, rmsprop or adagrad (case-insensitive)
     * @param kwargs PyTorch keyword arguments; unknown keys are rejected with Python's message
     */
    public static Optimizer create(String name, Map<String, ?> kwargs) {
        return create(OptimizerKind.parse(name), kwargs);
    }

    /**
     * @param kind   which optimiser
     * @param kwargs PyTorch keyword arguments; unknown keys are rejected with Python's message
     */
    public static Optimizer create(OptimizerKind kind, Map<String, ?> kwargs) {
        Args a = new Args(kwargs);
        Optimizer o = switch (kind) {
            case SGD -> {
                a.className = "SGD";
                if (!kwargs.containsKey("lr")) {
                    throw new TrainingConfigException("lr",
                            "parameter group didn't specify a value of required optimization parameter lr");
                }
                yield new Sgd(new Sgd.Options(a.number("lr", 0), a.number("momentum", 0), a.number("dampening", 0),
                        a.number("weight_decay", 0), a.bool("nesterov", false), a.bool("maximize", false)));
            }
            case ADAM -> {
                a.className = "Adam";
                double[] betas = a.pair("betas", 0.9, 0.999);
                yield new Adam(new Adam.Options(a.number("lr", 1e-3), betas[0], betas[1], a.number("eps", 1e-8),
                        a.number("weight_decay", 0), a.bool("amsgrad", false), a.bool("maximize", false)));
            }
            case RMSPROP -> {
                a.className = "RMSprop";
                yield new RmsProp(new RmsProp.Options(a.number("lr", 1e-2), a.number("alpha", 0.99),
                        a.number("eps", 1e-8), a.number("weight_decay", 0), a.number("momentum", 0),
                        a.bool("centered", false), a.bool("maximize", false)));
            }
            case ADAGRAD -> {
                a.className = "Adagrad";
                yield new Adagrad(new Adagrad.Options(a.number("lr", 1e-2), a.number("lr_decay", 0),
                        a.number("weight_decay", 0), a.number("initial_accumulator_value", 0), a.number("eps", 1e-10),
                        a.bool("maximize", false)));
            }
        };
        a.rejectUnused();
        return o;
    }

    /** Reads keyword arguments and remembers which were used, to reject the rest as Python would. */
    private static final class Args {
        private final Map<String, ?> kwargs;
        private final Set<String> used = new HashSet<>();
        String className;

        Args(Map<String, ?> kwargs) {
            this.kwargs = kwargs;
        }

        double number(String key, double fallback) {
            used.add(key);
            Object v = kwargs.get(key);
            if (v == null) return fallback;
            if (v instanceof Number n && !(v instanceof Boolean)) return n.doubleValue();
            throw new TrainingConfigException(key, key + " must be a number, got " + v);
        }

        boolean bool(String key, boolean fallback) {
            used.add(key);
            Object v = kwargs.get(key);
            if (v == null) return fallback;
            if (v instanceof Boolean b) return b;
            throw new TrainingConfigException(key, key + " must be true or false, got " + v);
        }

        double[] pair(String key, double first, double second) {
            used.add(key);
            Object v = kwargs.get(key);
            if (v == null) return new double[] {first, second};
            if (v instanceof double[] d && d.length == 2) return d.clone();
            if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
                return new double[] {a.doubleValue(), b.doubleValue()};
            }
            throw new TrainingConfigException(key, key + " must be two numbers, e.g. (0.9, 0.999)");
        }

        void rejectUnused() {
            for (String k : kwargs.keySet()) {
                if (!used.contains(k)) {
                    throw new TrainingConfigException(k,
                            className + ".__init__() got an unexpected keyword argument '" + k + "'");
                }
            }
        }
    }
}
