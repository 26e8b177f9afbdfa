package org.rnnexplorer.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for a command's files: no output may name an input or another output, every output is checked
 * before any work starts, and all outputs are written at the end, together, each atomically.
 *
 * <p>Use: declare {@link #input}s and {@link #output}s, {@link #check()} before the work; afterwards {@link #stage}
 * each output (its content goes to a temporary file) and {@link #commit()} them all. Closing without committing
 * deletes whatever was staged, so a command that fails at any point leaves every output as it was.
 *
 * <p>Two paths name the same file when {@link Files#isSameFile} says so (hard links, symbolic links, {@code ./x}
 * against {@code x}); a file not there yet is identified by its directory's real path plus its name, after
 * following symbolic links.
 */
public final class OutputPlan implements AutoCloseable {

    private record Named(String flag, Path path) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private final List<PendingFile> staged = new ArrayList<>();
    private final List<PendingFile> scratch = new ArrayList<>();

    /** A file the command reads ({@code path} null: not given). */
    public OutputPlan input(String flag, Path path) {
        if (path != null) inputs.add(new Named(flag, path));
        return this;
    }

    /** A file the command writes ({@code path} null: not given). */
    public OutputPlan output(String flag, Path path) {
        if (path != null) outputs.add(new Named(flag, path));
        return this;
    }

    /**
     * Refuses, with one line naming the flags and paths, an output that names an input or another output, or that
     * cannot be written (a missing directory, a directory, a FIFO or a device, see {@link AtomicFiles#destination};
     * a directory that takes no new file, see {@link AtomicFiles#requireCreatable}).
     */
    public void check() throws IOException {
        for (int i = 0; i < outputs.size(); i++) {
            Named out = outputs.get(i);
            if (out.path.toString().isBlank()) throw new IllegalArgumentException(out.flag + " is empty: name the file to write");
            AtomicFiles.requireCreatable(out.path);
            for (Named in : inputs) {
                if (sameFile(out.path, in.path)) {
                    throw new FileSystemException(out.path.toString(), null, out.flag + " names the same file as "
                            + in.flag + " (" + in.path + "); refusing to overwrite an input");
                }
            }
            for (int j = 0; j < i; j++) {
                Named other = outputs.get(j);
                if (sameFile(out.path, other.path)) {
                    throw new FileSystemException(out.path.toString(), null, out.flag + " names the same file as "
                            + other.flag + " (" + other.path + "); give each output its own file");
                }
            }
        }
    }

    /** Opens a declared output for writing now (a streamed log); it is moved into place by {@link #commit()}. */
    public PendingFile begin(Path output) throws IOException {
        requireDeclared(output);
        PendingFile pending = AtomicFiles.begin(output);
        staged.add(pending);
        return pending;
    }

    /**
     * A locked scratch file beside a declared output (a spill that the output is later assembled from): never moved
     * into place, deleted at the latest when the plan closes.
     */
    public PendingFile scratch(Path output) throws IOException {
        requireDeclared(output);
        PendingFile pending = AtomicFiles.begin(output);
        scratch.add(pending);
        return pending;
    }

    /** Writes a declared output's whole content to its temporary file; {@link #commit()} moves it into place. */
    public void stage(Path output, IoWriter body) throws IOException {
        body.write(begin(output).stream());
    }

    /** Adds a file already written in full elsewhere (e.g. assembled from a spill) to those committed together. */
    public void stage(PendingFile pending) {
        requireDeclared(pending.target());
        staged.add(pending);
    }

    /** Moves every staged output into place, in the order staged. */
    public void commit() throws IOException {
        for (PendingFile p : staged) p.commit();
        staged.clear();
    }

    /** Deletes the scratch files and the temporary files of whatever was staged and not committed. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        staged.addAll(scratch);
        scratch.clear();
        for (PendingFile p : staged) {
            try {
                p.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        staged.clear();
        if (first != null) throw first;
    }

    private void requireDeclared(Path output) {
        if (outputs.stream().noneMatch(o -> o.path.equals(output))) {
            throw new IllegalArgumentException(output + " was not declared as an output");
        }
    }

    /** Whether two paths name one file, whether or not it exists yet. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
            return identity(a).equals(identity(b));
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** A not-yet-existing file's identity: its directory's real path plus its name, after following links. */
    private static Path identity(Path p) throws IOException {
        Path path = p.toAbsolutePath();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(path); hops++) {
            path = path.getParent().resolve(Files.readSymbolicLink(path));
        }
        Path parent = path.getParent();
        if (parent == null || path.getFileName() == null) return path.normalize();
        return Files.isDirectory(parent) ? parent.toRealPath().resolve(path.getFileName()) : path.normalize();
    }
}
