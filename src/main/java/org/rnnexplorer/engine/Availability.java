package org.rnnexplorer.engine;

/** Whether a backend can run on this machine, with the reason when it cannot. */
public record Availability(boolean available, String reason) {

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }

    /** {@code NAME available} or {@code NAME unavailable: REASON}, as {@code rnnx backends} prints it. */
    public String describe(String name) {
        return available ? name + " available" : name + " unavailable: " + reason;
    }
}
