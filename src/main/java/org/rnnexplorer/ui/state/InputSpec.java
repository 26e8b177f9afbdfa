package org.rnnexplorer.ui.state;

import java.util.Arrays;

/**
 * The input the user describes in the form: what the forward call receives, without the numbers.
 *
 * @param steps     L, sequence length (the padded length when lengths are given)
 * @param batch     N (ignored when unbatched)
 * @param unbatched input is 2-D (L, H_in): one sequence, no batch axis
 * @param lengths   valid steps of each sequence (pack_padded_sequence), or null for none
 * @param withH0    whether an explicit h_0 is passed (else PyTorch uses zeros)
 */
public record InputSpec(int steps, int batch, boolean unbatched, int[] lengths, boolean withH0) {

    public InputSpec {
        lengths = lengths == null ? null : lengths.clone();
    }

    @Override
    public int[] lengths() {
        return lengths == null ? null : lengths.clone();
    }

    public boolean hasLengths() {
        return lengths != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && steps == s.steps && batch == s.batch && unbatched == s.unbatched
                && withH0 == s.withH0 && Arrays.equals(lengths, s.lengths);
    }

    @Override
    public int hashCode() {
        return ((steps * 31 + batch) * 31 + Boolean.hashCode(unbatched)) * 31 + Arrays.hashCode(lengths)
                + Boolean.hashCode(withH0);
    }

    @Override
    public String toString() {
        return "InputSpec[L=" + steps + ", N=" + batch + (unbatched ? ", unbatched" : "")
                + (lengths != null ? ", lengths=" + Arrays.toString(lengths) : "") + (withH0 ? ", h0" : "") + "]";
    }
}
