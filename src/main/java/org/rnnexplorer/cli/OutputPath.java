package org.rnnexplorer.cli;

import picocli.CommandLine;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Converts an output flag's value to a {@link Path}, refusing a name that ends in a separator: {@code Path.of("out/")}
 * drops the slash, so {@code --out results/} (meant as a folder that is not there yet) would silently write a file
 * called {@code results}, where every POSIX tool refuses ({@code Is a directory}).
 */
final class OutputPath implements CommandLine.ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        if (value.endsWith("/") || value.endsWith(File.separator)) {
            throw new CommandLine.TypeConversionException("'" + value + "' ends in '" + value.charAt(value.length() - 1)
                    + "', so it names a directory; give the file to write");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
        }
    }
}
