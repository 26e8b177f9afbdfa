package org.rnnexplorer.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the four (LSTM with proj_size: five) tensors of a (layer, direction) pair, with PyTorch's state_dict name, e.g. {@code weight_hh_l1_reverse}.
 *
 * @param kind      which of the four tensors
 * @param layer     layer index k
 * @param direction 0 forward, 1 reverse
 */
public record ParameterName(Kind kind, int layer, int direction) {

    /** The tensors of a (layer, direction), in PyTorch's registration order; W_hr only for an LSTM with proj_size. */
    public enum Kind {
        WEIGHT_IH("weight_ih"), WEIGHT_HH("weight_hh"), BIAS_IH("bias_ih"), BIAS_HH("bias_hh"), WEIGHT_HR("weight_hr");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        public boolean isBias() {
            return this == BIAS_IH || this == BIAS_HH;
        }
    }

    private static final Pattern PATTERN = Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d+)(_reverse)?");

    /** PyTorch's name, e.g. {@code bias_ih_l0_reverse}. */
    public String torchName() {
        return kind.prefix + "_" + ModelShape.directionLabel(layer, direction);
    }

    /** Parses a state_dict key (without any module prefix); null when it is not an RNN parameter name. */
    public static ParameterName parse(String name) {
        Matcher m = PATTERN.matcher(name);
        if (!m.matches()) return null;
        Kind kind = switch (m.group(1)) {
            case "weight_ih" -> Kind.WEIGHT_IH;
            case "weight_hh" -> Kind.WEIGHT_HH;
            case "bias_ih" -> Kind.BIAS_IH;
            case "weight_hr" -> Kind.WEIGHT_HR;
            default -> Kind.BIAS_HH;
        };
        // A layer index past any model's (weight_ih_l99999999999) is still an RNN key, one no model has: the caller's
        // shape check names it as unexpected rather than failing on the number.
        String digits = m.group(2);
        int layer = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        return new ParameterName(kind, layer, m.group(3) == null ? 0 : 1);
    }

    /** The tensor's shape under a configuration: W_ih (G·H, in_k), W_hh (G·H, H_out), biases (G·H), W_hr (P, H). */
    public int[] shape(RnnConfig config) {
        int rows = config.gateRows();
        return switch (kind) {
            case WEIGHT_IH -> new int[] {rows, config.layerInputSize(layer)};
            case WEIGHT_HH -> new int[] {rows, config.outputHiddenSize()};
            case BIAS_IH, BIAS_HH -> new int[] {rows};
            case WEIGHT_HR -> new int[] {config.projSize(), config.hiddenSize()};
        };
    }

    @Override
    public String toString() {
        return torchName();
    }
}
