package org.rnnexplorer.cli;

import org.rnnexplorer.engine.MemoryBudget;
import org.rnnexplorer.io.FormatException;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns every failure into one line on stderr and a non-zero exit: 2 for a bad command line, 1 for bad input or a
 * failed run. No stack traces; set {@code RNNX_DEBUG=1} to see them.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (System.getenv("RNNX_DEBUG") != null) ex.printStackTrace(cl.getErr());
        cl.getErr().println("rnnx: " + printable(message(ex)));
        cl.getErr().flush();
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("rnnx: " + printable(ex.getMessage()));
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        cl.getErr().flush();
        return 2;
    }

    /**
     * The message as one line a terminal shows as it is: line breaks and tabs (a file name may hold them) become
     * spaces, other control characters caret notation ({@code ^[} for ESC), so a crafted name cannot move the cursor
     * or colour the terminal.
     */
    static String printable(String message) {
        return message == null ? "" : FormatException.bounded(escapeControls(message, false));
    }

    /**
     * Generated text as a terminal should show it: line breaks and tabs kept, every other control character (ESC,
     * CR, the C1 range) in caret or \\u notation, so a corpus that holds them cannot drive the terminal when sampled.
     */
    static String printableText(String text) {
        return escapeControls(text, true);
    }

    private static String escapeControls(String s, boolean keepLines) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t') {
                if (keepLines) sb.appendCodePoint(c);
                else sb.append(' ');
            } else if (c == '\r' && !keepLines) sb.append(' ');
            else if (c < 0x20) sb.append('^').append((char) (c + 64));
            else if (c == 0x7f) sb.append("^?");
            else if (Character.isISOControl(c)) sb.append(String.format(Locale.ROOT, "\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    /** A one-line description of a failure. */
    static String message(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof ExecutionException || t instanceof CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) t = u.getCause();
        if (t instanceof CommandLine.ExecutionException e && e.getCause() instanceof Error) return e.getMessage();
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + (t.getMessage() == null ? "heap" : t.getMessage()) + ") with a heap of at most "
                    + MemoryBudget.format(Runtime.getRuntime().maxMemory())
                    + "; make the run smaller or give java a larger -Xmx";
        }
        if (t instanceof StackOverflowError) return "stack overflow (input nested too deeply?)";
        if (t instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (t instanceof NoSuchFileException n) {
            // Java decodes a file name's bytes with the locale's charset: bytes that are not valid there become U+FFFD
            // and the file cannot be opened by any name Java can spell, so "no such file" alone would mislead.
            boolean undecodable = n.getFile() != null && n.getFile().indexOf('\uFFFD') >= 0;
            return n.getFile() + ": no such file" + (undecodable ? " (its name is not valid "
                    + System.getProperty("sun.jnu.encoding", "in this locale's encoding")
                    + "; Java cannot open such a name: rename the file)" : "");
        }
        if (t instanceof FileNotFoundException f) return f.getMessage();
        // "PATH: reason" already names the file in the user's words (AtomicFiles, OutputPlan).
        if (t instanceof FileSystemException f && f.getFile() != null && f.getReason() != null) {
            return f.getMessage().replace('\n', ' ').strip();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) msg = t.getClass().getSimpleName();
        if (t instanceof IOException && !(t instanceof FormatException)) msg = "I/O error: " + msg;
        return msg.replace('\n', ' ').strip();
    }
}
