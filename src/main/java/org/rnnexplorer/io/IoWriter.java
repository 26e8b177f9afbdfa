package org.rnnexplorer.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a file's whole content to a stream; {@link AtomicFiles} decides where that stream goes. */
@FunctionalInterface
public interface IoWriter {
    void write(OutputStream out) throws IOException;
}
