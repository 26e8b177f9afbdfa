/**
 * The {@code rnnx} command line: picocli commands ({@code forward}, {@code train}, {@code bench},
 * {@code selftest}, {@code backends}, {@code info}) and {@code CliErrors} (one-line messages, exit 1 or 2). The only
 * code that prints to the standard streams.
 *
 * <p>May import {@code service}, {@code io}, {@code train}, {@code engine} and {@code engine.backend}; loads
 * backends by name only (never an implementation package); never {@code ui}.
 */
package org.rnnexplorer.cli;
