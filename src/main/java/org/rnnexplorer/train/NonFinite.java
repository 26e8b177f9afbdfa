package org.rnnexplorer.train;

/**
 * Where the watchdog found the first NaN or ±inf.
 *
 * @param step     the training step (1-based: the update it belongs to)
 * @param tensor   what held it, e.g. {@code input}, {@code h (layer 0, forward)}, {@code loss},
 *                 {@code ∂L/∂h (layer 1, reverse)}, {@code grad weight_hh_l0}, {@code weight_hh_l0 after the update}
 * @param timestep the sequence step, or -1 for tensors without a time axis
 * @param index    the element's flat index within the timestep's slice (or within the tensor when timestep is -1);
 *                 -1 for a scalar (the loss)
 * @param value    the value found (NaN, Infinity or -Infinity)
 */
public record NonFinite(long step, String tensor, int timestep, int index, float value) {

    /** One line, e.g. {@code step 12: h (layer 0, forward) is Infinity at timestep 37 (element 5)}. */
    public String describe() {
        String v = Float.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
        return "step " + step + ": " + tensor + " is " + v
                + (timestep >= 0 ? " at timestep " + timestep + " (element " + index + ")"
                : index >= 0 ? " at element " + index : "");
    }
}
