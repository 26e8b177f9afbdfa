package org.rnnexplorer.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * What a weights file's headers say, without any tensor's values: each tensor's shape and stored dtype, and the
 * metadata ({@code rnnx info} reads only this, so a file whose data is huge, sparse or cut short is still described).
 *
 * @param file     where it was read from, for messages
 * @param shapes   name → shape, in file order
 * @param metadata the {@code __metadata__} map (safetensors); empty when the file has none
 * @param dtypes   name → the dtype the file stores
 */
public record TensorHeaders(Path file, SequencedMap<String, int[]> shapes, Map<String, String> metadata,
                            Map<String, DType> dtypes) {

    /**
     * Copies the maps once, here; {@link #shapes()} hands out a read-only view. (It used to copy on every call, and
     * {@code rnnx info} looked up each of a file's other keys through it: a header of 500,000 keys ran for over ten
     * minutes.)
     */
    public TensorHeaders {
        shapes = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(shapes));
        metadata = Map.copyOf(metadata);
        dtypes = Map.copyOf(dtypes);
    }
}
