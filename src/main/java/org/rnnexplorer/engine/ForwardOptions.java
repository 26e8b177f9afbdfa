package org.rnnexplorer.engine;


/**
 * How to run a forward pass.
 *
 * @param mode         what the kernel keeps (INFERENCE, TRAINING for backward, TRACE for pre-activations too)
 * @param training     PyTorch's {@code module.training}: enables inter-layer dropout
 * @param dropoutSeed  seed of the Bernoulli masks drawn when training and no masks are injected
 * @param dropoutMasks injected masks (num_layers-1 of (T, B, D·H_out) time-major), or null to draw them from the seed
 */
public record ForwardOptions(ForwardMode mode, boolean training, long dropoutSeed, float[][] dropoutMasks) {

    /** eval() mode, nothing kept: like {@code with torch.no_grad()}. */
    public static ForwardOptions inference() {
        return new ForwardOptions(ForwardMode.INFERENCE, false, 0, null);
    }

    /** eval() mode, keeping what backward and the traces need. */
    public static ForwardOptions evalWithTrace() {
        return new ForwardOptions(ForwardMode.TRACE, false, 0, null);
    }

    /** train() mode with seeded dropout masks, keeping everything. */
    public static ForwardOptions training(long dropoutSeed) {
        return new ForwardOptions(ForwardMode.TRACE, true, dropoutSeed, null);
    }

    public ForwardOptions withMode(ForwardMode m) {
        return new ForwardOptions(m, training, dropoutSeed, dropoutMasks);
    }

    /** train() mode with the given masks. */
    public ForwardOptions withMasks(float[][] masks) {
        return new ForwardOptions(mode, true, dropoutSeed, masks);
    }
}
