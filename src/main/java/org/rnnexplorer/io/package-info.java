/**
 * Files: safetensors, npy/npz, CSV, weights files and workspaces, each reader naming the file and field in its
 * errors; {@code AtomicFiles} writes through a temporary file and a rename so that an output is never partial and
 * never replaces an input.
 *
 * <p>May import {@code engine}, {@code train} and Jackson; never JavaFX, {@code service}, {@code ui} or
 * {@code cli}.
 */
package org.rnnexplorer.io;
