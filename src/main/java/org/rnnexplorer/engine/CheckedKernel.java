package org.rnnexplorer.engine;

/**
 * The seam's contract, checked in one place: {@link Backend#createKernel} wraps every backend's kernel in one of
 * these, so each backend refuses the same bad calls with the same message and none repeats the checks. It refuses
 * calls out of order (a read before the pass that produces it, anything after {@link #close}) and arrays of the
 * wrong length, naming the array and its expected shape, before the backend sees them.
 *
 * <p>It tracks only what the checks need (the last pass's T, B and mode); the backend keeps the values.
 */
final class CheckedKernel implements RnnKernel {
    private final RnnConfig config;
    private final RnnKernel backend;
    private final int layers, dirs, hidden, inputSize;
    /** H_out, the width of h_t (an LSTM's proj_size when it has one, else H), and its name in messages. */
    private final int hOut;
    private final String hOutName;
    private final boolean lstm, gated;
    private boolean parametersSet;
    private boolean closed;
    /** The mode of the last forward pass that completed, or null when none has (or the last one failed). */
    private ForwardMode mode;
    private boolean backwardDone;
    private int steps, batch;

    CheckedKernel(RnnConfig config, RnnKernel backend) {
        this.config = config;
        this.backend = backend;
        this.layers = config.numLayers();
        this.dirs = config.numDirections();
        this.hidden = config.hiddenSize();
        this.inputSize = config.inputSize();
        this.hOut = config.shape().outputHiddenSize();
        this.hOutName = hOut == hidden ? "H" : "H_out";
        this.lstm = config.mode() == CellMode.LSTM;
        this.gated = config.mode().isGated();
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    @Override
    public void setParameters(RnnParameters parameters) {
        requireOpen();
        requireSameShapes(parameters.config(), "parameters");
        backend.setParameters(parameters);
        parametersSet = true;
    }

    @Override
    public void assumeUnchangedInputs(boolean unchanged) {
        requireOpen();
        backend.assumeUnchangedInputs(unchanged);
    }

    @Override
    public void forward(SequenceBatch batch, ForwardMode mode) {
        requireOpen();
        if (mode == null) throw new IllegalArgumentException("forward needs a mode (INFERENCE, TRAINING or TRACE)");
        if (!parametersSet) throw new IllegalStateException("setParameters has not been called");
        checkBatch(batch);
        this.mode = null;
        backwardDone = false;
        backend.forward(batch, mode);
        this.mode = mode;
        this.steps = batch.steps();
        this.batch = batch.batch();
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn) {
        checkUpstream(gradOutput, gradHn);
        backwardDone = false;
        backend.backward(gradOutput, gradHn);
        backwardDone = true;
    }

    @Override
    public void backward(float[] gradOutput, float[] gradHn, float[] gradCn) {
        checkUpstream(gradOutput, gradHn);
        if (gradCn != null) {
            requireLstm("c_n");
            checkLength("gradCn", gradCn, "(D·num_layers, B, H)", config.stateCount(), batch, hidden);
        }
        backwardDone = false;
        backend.backward(gradOutput, gradHn, gradCn);
        backwardDone = true;
    }

    private void checkUpstream(float[] gradOutput, float[] gradHn) {
        requireForward(true);
        if (gradOutput != null) {
            checkLength("gradOutput", gradOutput, "(T, B, D·" + hOutName + ")", steps, batch, dirs * hOut);
        }
        if (gradHn != null) {
            checkLength("gradHn", gradHn, "(D·num_layers, B, " + hOutName + ")", config.stateCount(), batch, hOut);
        }
    }

    @Override
    public void readOutput(float[] dst) {
        requireForward(false);
        checkLength("destination", dst, "(T, B, D·" + hOutName + ")", steps, batch, dirs * hOut);
        backend.readOutput(dst);
    }

    @Override
    public void readFinalHidden(float[] dst) {
        requireForward(false);
        checkLength("destination", dst, "(D·num_layers, B, " + hOutName + ")", config.stateCount(), batch, hOut);
        backend.readFinalHidden(dst);
    }

    @Override
    public void readHidden(int layer, int direction, float[] dst) {
        requireForward(true);
        checkLayerAndDirection(layer, direction);
        checkLength("destination", dst, "(T, B, " + hOutName + ")", steps, batch, hOut);
        backend.readHidden(layer, direction, dst);
    }

    @Override
    public void readPreactivation(int layer, int direction, float[] dst) {
        requireForward(true);
        if (gated) throw new UnsupportedOperationException("pre-activations a_t are the Elman RNN's; gated cells have gates");
        if (!mode.keepsPreactivations()) throw new IllegalStateException("pre-activations need a TRACE forward pass");
        checkLayerAndDirection(layer, direction);
        checkLength("destination", dst, "(T, B, H)", steps, batch, hidden);
        backend.readPreactivation(layer, direction, dst);
    }

    @Override
    public void readGradHidden(int layer, int direction, float[] dst) {
        requireBackward();
        checkLayerAndDirection(layer, direction);
        checkLength("destination", dst, "(T, B, " + hOutName + ")", steps, batch, hOut);
        backend.readGradHidden(layer, direction, dst);
    }

    @Override
    public void readGradInput(float[] dst) {
        requireBackward();
        checkLength("destination", dst, "(T, B, I)", steps, batch, inputSize);
        backend.readGradInput(dst);
    }

    @Override
    public void readGradH0(float[] dst) {
        requireBackward();
        checkLength("destination", dst, "(D·num_layers, B, " + hOutName + ")", config.stateCount(), batch, hOut);
        backend.readGradH0(dst);
    }

    @Override
    public void readFinalCell(float[] dst) {
        requireForward(false);
        requireLstm("c_n");
        checkLength("destination", dst, "(D·num_layers, B, H)", config.stateCount(), batch, hidden);
        backend.readFinalCell(dst);
    }

    @Override
    public void readCell(int layer, int direction, float[] dst) {
        requireForward(true);
        requireLstm("c_t");
        checkLayerAndDirection(layer, direction);
        checkLength("destination", dst, "(T, B, H)", steps, batch, hidden);
        backend.readCell(layer, direction, dst);
    }

    @Override
    public void readGate(int layer, int direction, int gate, float[] dst) {
        requireForward(true);
        if (!gated) throw new UnsupportedOperationException("only an LSTM or a GRU has gates");
        checkLayerAndDirection(layer, direction);
        if (gate < 0 || gate >= config.mode().gateCount()) {
            throw new IllegalArgumentException("no gate " + gate + " in " + config.torchRepr() + " (gates "
                    + String.join(", ", config.mode().gateNames()) + ")");
        }
        checkLength("destination", dst, "(T, B, H)", steps, batch, hidden);
        backend.readGate(layer, direction, gate, dst);
    }

    @Override
    public void readGradCell(int layer, int direction, float[] dst) {
        requireBackward();
        requireLstm("c_t");
        checkLayerAndDirection(layer, direction);
        checkLength("destination", dst, "(T, B, H)", steps, batch, hidden);
        backend.readGradCell(layer, direction, dst);
    }

    @Override
    public void readGradC0(float[] dst) {
        requireBackward();
        requireLstm("c0");
        checkLength("destination", dst, "(D·num_layers, B, H)", config.stateCount(), batch, hidden);
        backend.readGradC0(dst);
    }

    @Override
    public void readParameterGradients(RnnParameters dst) {
        requireBackward();
        requireSameShapes(dst.config(), "parameter gradients");
        backend.readParameterGradients(dst);
    }

    @Override
    public String describe() {
        return backend.describe();
    }

    /** Closes the backend's kernel once; later calls are refused, a second close does nothing. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        backend.close();
    }

    @Override
    public String toString() {
        return backend.toString();
    }

    // ------------------------------------------------------------------------------------------------- checks

    /**
     * Every array of the batch against T, B and the configuration: the shapes of {@link SequenceBatch}.
     * T·B·max(I, D·H) must fit a Java array, since every backend holds (T, B, ·) arrays.
     */
    private void checkBatch(SequenceBatch in) {
        if (in == null) throw new IllegalArgumentException("forward needs a batch");
        int t = in.steps(), b = in.batch();
        if (t <= 0 || b < 0) throw new IllegalArgumentException("expected T > 0 and B >= 0, got T=" + t + ", B=" + b);
        long widest = (long) t * b * Math.max(inputSize, Math.max(dirs * hOut, config.mode().gateCount() * hidden));
        if (widest > Integer.MAX_VALUE) {
            throw new IllegalArgumentException((gated ? "T·B·max(I, D·H_out, G·H) = " : "T·B·max(I, D·H) = ") + widest + " elements exceeds the 2^31 - 1 an array holds");
        }
        checkLength("input", in.input(), "(T, B, I)", t, b, inputSize);
        if (in.h0() != null) {
            checkLength("h0", in.h0(), "(D·num_layers, B, " + hOutName + ")", config.stateCount(), b, hOut);
        }
        if (in.c0() != null) {
            requireLstm("c0");
            checkLength("c0", in.c0(), "(D·num_layers, B, H)", config.stateCount(), b, hidden);
        }
        if (in.lengths() != null) {
            if (in.lengths().length != b) {
                throw new IllegalArgumentException("lengths holds " + in.lengths().length + " entries, expected B = " + b);
            }
            for (int len : in.lengths()) {
                if (len < 1 || len > t) throw new IllegalArgumentException("length " + len + " is outside [1, " + t + "]");
            }
        }
        if (in.dropoutMasks() != null) {
            if (in.dropoutMasks().length != layers - 1) {
                throw new IllegalArgumentException("expected " + (layers - 1) + " dropout masks (num_layers - 1), got "
                        + in.dropoutMasks().length);
            }
            for (float[] m : in.dropoutMasks()) {
                checkLength("dropout mask", m, "(T, B, D·" + hOutName + ")", t, b, dirs * hOut);
            }
        }
    }

    /** {@code array} holds d0·d1·d2 elements, else the message names it and its expected shape. */
    private static void checkLength(String what, float[] array, String dims, int d0, int d1, int d2) {
        long n = (long) d0 * d1 * d2;
        if (array == null || array.length != n) {
            throw new IllegalArgumentException(what + " holds " + (array == null ? "no" : String.valueOf(array.length))
                    + " elements, expected " + dims + " = (" + d0 + ", " + d1 + ", " + d2 + ")");
        }
    }

    /** Parameters (or their gradients) fit when their names and shapes match ({@link ModelShape#sameParametersAs}). */
    private void requireSameShapes(RnnConfig other, String what) {
        if (!config.shape().sameParametersAs(other.shape())) {
            throw new IllegalArgumentException(what + " are for " + other.torchRepr() + ", this kernel runs "
                    + config.torchRepr());
        }
    }

    private void checkLayerAndDirection(int layer, int direction) {
        if (layer < 0 || layer >= layers || direction < 0 || direction >= dirs) {
            throw new IllegalArgumentException("no layer " + layer + " direction " + direction + " in " + config.torchRepr());
        }
    }

    private void requireLstm(String what) {
        if (!lstm) throw new UnsupportedOperationException("only an LSTM has a cell state " + what);
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("the kernel is closed");
    }

    private void requireForward(boolean needsKept) {
        requireOpen();
        if (mode == null) throw new IllegalStateException("no forward pass has run");
        if (needsKept && !mode.keepsHiddenStates()) {
            throw new IllegalStateException("this needs a TRAINING or TRACE forward pass, not INFERENCE");
        }
    }

    private void requireBackward() {
        requireForward(true);
        if (!backwardDone) throw new IllegalStateException("no backward pass has run");
    }
}
