package org.rnnexplorer.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a weights file's headers say, without any tensor's values: each tensor's shape and stored dtype, and the
 * metadata ({@code rnnx info} reads only this, so a file whose data is huge, sparse or cut short is still described).
 *
 * @param file     where it was read from, for messages
 * @param shapes   name → shape, in file order
 * @param metadata the {@code __metadata__} map (safetensors); empty when the file has none
 * @param dtypes   name → the dtype the file stores
 */
public record TensorHeaders(Path file, LinkedHashMap<String, int[]> shapes, Map<String, String> metadata,
                            Map<String, DType> dtypes) {

    public TensorHeaders {
        shapes = new LinkedHashMap<>(shapes);
        metadata = Map.copyOf(metadata);
        dtypes = Map.copyOf(dtypes);
    }

    /** A copy of the name → shape map, in file order. */
    @Override
    public LinkedHashMap<String, int[]> shapes() {
        return new LinkedHashMap<>(shapes);
    }
}
