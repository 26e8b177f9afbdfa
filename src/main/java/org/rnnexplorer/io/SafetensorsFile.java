package org.rnnexplorer.io;

import org.rnnexplorer.engine.Tensor;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The content of a safetensors file: every tensor as float32 in file order (ascending data offsets), the
 * {@code __metadata__} strings, and each tensor's dtype as stored on disk.
 *
 * @param file     where it was read from, for messages
 * @param tensors  name → tensor, row-major (C order) with the stored shape; in file order
 * @param metadata the {@code __metadata__} map; empty when the file has none
 * @param dtypes   name → the dtype the file stores (the tensor itself is always float32)
 */
public record SafetensorsFile(Path file, SequencedMap<String, Tensor> tensors, Map<String, String> metadata,
                              Map<String, DType> dtypes) {

    /** Copies the maps once; {@link #tensors()} is a read-only view in file order (the tensors themselves are shared). */
    public SafetensorsFile {
        tensors = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tensors));
        metadata = Map.copyOf(metadata);
        dtypes = Map.copyOf(dtypes);
    }

    /** The tensor called {@code name}; a missing one is an error that lists what the file holds. */
    public Tensor tensor(String name) throws FormatException {
        Tensor t = tensors.get(name);
        if (t == null) {
            String held = tensors.isEmpty() ? "no tensors" : FormatException.names(tensors.keySet());
            throw new FormatException(file, "no tensor '" + name + "'; it holds " + held);
        }
        return t;
    }
}
