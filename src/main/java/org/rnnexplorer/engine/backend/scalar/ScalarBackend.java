package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.Availability;
import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.RnnKernel;

/** The reference backend (RNN, LSTM, GRU): plain float64 loops, always available, the definition the others are tested
 * against. */
public final class ScalarBackend extends Backend {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    protected RnnKernel newKernel(RnnConfig config) {
        return config.isGated() ? new GatedScalarKernel(config) : new ScalarKernel(config);
    }
}
