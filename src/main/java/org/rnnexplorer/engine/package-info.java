/**
 * The engine: {@code nn.RNN}'s configuration ({@code RnnConfig}, PyTorch's messages), parameters under PyTorch's
 * names ({@code RnnParameters}, {@code ParameterName}), {@code StateDict}, initialisers, {@code Spectra} (EJML),
 * {@code InputLayout} (PyTorch's shape checks), {@code Rnn} (any layout to a kernel) and traces; and the backend
 * seam: {@code Backend}, {@code RnnKernel} (whole-sequence forward and backward, time-major {@code SequenceBatch}),
 * {@code ForwardMode}, {@code Availability}, {@code ConformanceVariant}, with the contract checked once by
 * {@code CheckedKernel}.
 *
 * <p>May import {@code java.base} and EJML only: no JavaFX, {@code io}, {@code service} or {@code train}; no file
 * I/O and no threads (ArchitectureTest).
 */
package org.rnnexplorer.engine;
