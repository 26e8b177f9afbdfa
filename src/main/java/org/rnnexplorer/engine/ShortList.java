package org.rnnexplorer.engine;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;

/**
 * Names in a message, kept short: a checkpoint or an archive may hold hundreds of thousands, and a refusal that
 * listed them all was a line of megabytes.
 */
public final class ShortList {

    private ShortList() {
    }

    /**
     * {@code a, b, c} with each name written by {@code write}, or, past {@code limit} names, the first {@code limit}
     * and {@code , ... (123,456 in all)}.
     */
    public static String of(Collection<String> names, int limit, Function<String, String> write) {
        String first = String.join(", ", names.stream().limit(limit).map(write).toList());
        return names.size() <= limit ? first : first + String.format(Locale.ROOT, ", ... (%,d in all)", names.size());
    }
}
