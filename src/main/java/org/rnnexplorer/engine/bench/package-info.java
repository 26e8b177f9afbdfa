/**
 * Benchmarks: the shapes of performance.md ({@code BenchShape}), whole-shape timings of a backend's kernel
 * ({@code BenchRunner}, behind {@code rnnx bench}) and the machine's float32 FMA peak ({@code FmaPeak}).
 *
 * <p>May import {@code engine}; no file I/O and no threads of its own (FmaPeak uses the common pool's).
 */
package org.rnnexplorer.engine.bench;
