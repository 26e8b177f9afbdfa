package org.rnnexplorer.engine.backend.scalar;

import org.rnnexplorer.engine.RnnConfig;
import org.rnnexplorer.engine.backend.Availability;
import org.rnnexplorer.engine.backend.Backend;
import org.rnnexplorer.engine.backend.RnnKernel;

/** The reference backend (RNN, LSTM, GRU): plain float64 loops, always available, the definition the others are tested against. */
public final class ScalarBackend implements Backend {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public RnnKernel createKernel(RnnConfig config) {
        return config.isGated() ? new GatedScalarKernel(config) : new ScalarKernel(config);
    }
}
