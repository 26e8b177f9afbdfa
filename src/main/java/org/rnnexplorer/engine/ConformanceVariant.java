package org.rnnexplorer.engine;

import java.util.Optional;

/**
 * One way a backend offers to be checked against the reference besides its default (see
 * {@link Backend#conformanceVariants}): for CUDA, one recurrence path or one autotuning plan forced.
 *
 * @param group         what the variants of one kind force, as a heading: {@code "the block path forced"}
 * @param name          the variant's short name, prefixed to a case's name in reports: {@code "block"}
 * @param backend       the backend computing this way
 * @param notApplicable why this way cannot run the configuration here (the check is then not applicable), or empty
 */
public record ConformanceVariant(String group, String name, Backend backend, Optional<String> notApplicable) {
}
