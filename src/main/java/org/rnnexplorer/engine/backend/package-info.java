/**
 * Finding backends and checking them: {@code Backends} loads the implementations by class name (so one whose
 * module or native library is missing is unavailable with a reason, alone) and picks the best available;
 * {@code Conformance} and {@code ConformanceCases} compare any backend with the scalar reference, for the tests and
 * {@code rnnx selftest}.
 *
 * <p>May import {@code engine}; never an implementation package (it names them only as strings); no file I/O and no
 * threads.
 */
package org.rnnexplorer.engine.backend;
