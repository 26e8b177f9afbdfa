package org.rnnexplorer.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a file's whole content to a stream; handed to {@link AtomicFiles#write}. */
@FunctionalInterface
public interface IoWriter {
    void write(OutputStream out) throws IOException;
}
