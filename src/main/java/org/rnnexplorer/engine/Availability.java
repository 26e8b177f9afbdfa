package org.rnnexplorer.engine;


/** Whether a backend can run on this machine, with the reason when it cannot. */
public record Availability(boolean available, String reason) {

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }

    /** The reason a backend with Elman RNN kernels only gives for LSTM and GRU. */
    public static final String GATED_NOT_YET = "LSTM and GRU: not yet";

    /**
     * The availability of a backend that has kernels for the Elman RNN only: {@code base} for RNN_TANH and RNN_RELU,
     * unavailable with {@link #GATED_NOT_YET} for LSTM and GRU (or {@code base} when that is already unavailable).
     */
    public static Availability rnnOnly(Availability base, CellMode mode) {
        return base.available() && mode.isGated() ? no(GATED_NOT_YET) : base;
    }

    /**
     * The line {@code rnnx backends} prints: {@link #describe(String)} of the overall availability, with
     * {@code (RNN only; REASON)} when the backend runs here but not LSTM or GRU.
     */
    public static String describeForCells(String name, Availability overall, Availability gated) {
        if (overall.available() && !gated.available()) return name + " available (RNN only; " + gated.reason() + ")";
        return overall.describe(name);
    }

    /** {@code NAME available} or {@code NAME unavailable: REASON}, as {@code rnnx backends} prints it. */
    public String describe(String name) {
        return available ? name + " available" : name + " unavailable: " + reason;
    }
}
