package org.rnnexplorer.service;

/** Where the engine service stands. */
public enum RunState {
    /** No training loop: the run can be stepped (iterations or timesteps), started or reconfigured. */
    IDLE,
    /** The training loop is iterating. */
    RUNNING,
    /** The loop is suspended with iterations left; resume goes on, cancel drops them. */
    PAUSED,
    /** The watchdog found a non-finite value; see the snapshot's {@code nonFinite}. Reset or reconfigure. */
    STOPPED,
    /** Configuration or computation failed; see the snapshot's message. */
    FAILED,
    /** The service was closed. */
    CLOSED
}
