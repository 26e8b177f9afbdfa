package org.rnnexplorer.cli;

import picocli.CommandLine;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Converts an output flag's value to a {@link Path}, refusing a name that ends in a separator: {@code Path.of("out/")}
 * drops the slash, so {@code --out results/} (meant as a folder that is not there yet) would silently write a file
 * called {@code results}, where every POSIX tool refuses ({@code Is a directory}). The subclasses also refuse a name
 * whose extension promises another format than the one written: {@code --out final.pt} wrote safetensors that
 * neither torch.load nor rnnx (which reads a .pt as a torch.save zip) would then open.
 */
class OutputPath implements CommandLine.ITypeConverter<Path> {

    /** The extensions the written format goes by, lower case with the dot; empty: any name. */
    List<String> extensions() {
        return List.of();
    }

    /** The format written, for the message, e.g. "safetensors". */
    String format() {
        return "";
    }

    @Override
    public Path convert(String value) {
        if (value.endsWith("/") || value.endsWith(File.separator)) {
            throw new CommandLine.TypeConversionException("'" + value + "' ends in '" + value.charAt(value.length() - 1)
                    + "', so it names a directory; give the file to write");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
        }
        String lower = value.toLowerCase(Locale.ROOT);
        // A blank name is the plan's to refuse ("--out is empty"), in its own words.
        if (!value.isBlank() && !extensions().isEmpty() && extensions().stream().noneMatch(lower::endsWith)) {
            throw new CommandLine.TypeConversionException("'" + value + "' would hold " + format() + ": name it "
                    + String.join(" or ", extensions()));
        }
        return path;
    }

    /** A safetensors file rnnx writes (weights, results, traces). */
    static final class ToSafetensors extends OutputPath {
        @Override
        List<String> extensions() {
            return List.of(".safetensors");
        }

        @Override
        String format() {
            return "safetensors (rnnx writes no torch.save or .npy files)";
        }
    }

    /** A training log: JSON or CSV, chosen by the extension. */
    static final class ToLog extends OutputPath {
        @Override
        List<String> extensions() {
            return List.of(".json", ".csv");
        }

        @Override
        String format() {
            return "a training log, JSON or CSV by its extension";
        }
    }
}
