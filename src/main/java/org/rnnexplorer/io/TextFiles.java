package org.rnnexplorer.io;

import org.rnnexplorer.engine.MemoryBudget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Input files checked before reading, so that every refusal names the file and says what is wrong with it. */
public final class TextFiles {
    /** Bytes of heap a corpus takes per byte of file: the text, its code points and their class indices. */
    static final int CORPUS_BYTES_PER_BYTE = 10;

    private TextFiles() {
    }

    /** Refuses a path that is missing, a directory, or not a regular file (a FIFO would block the read). */
    public static void requireRegularFile(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new FormatException(file, "is a directory, not a file");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new FormatException(file, "is not a regular file");
    }

    /**
     * A text corpus: UTF-8, not empty, of a size the heap can hold as a text task.
     *
     * @throws FormatException naming the file: not UTF-8 text (with the byte offset), empty, too large
     */
    public static String readCorpus(Path file) throws IOException {
        requireRegularFile(file);
        // A size of 0 is not "empty": /proc files report 0 and hold text. Emptiness is judged on what is read.
        long size = Files.size(file);
        if (size > MemoryBudget.MAX_ARRAY_ELEMENTS) {
            throw new FormatException(file, "is " + MemoryBudget.format(size) + "; a corpus is at most 2 GB");
        }
        try {
            MemoryBudget.require(CORPUS_BYTES_PER_BYTE * size, file + ": a " + MemoryBudget.format(size) + " corpus", "");
        } catch (MemoryBudget.MemoryLimitException e) {
            throw new FormatException(e.getMessage());
        }
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            if (text.isEmpty()) throw new FormatException(file, "is empty; the text task needs a corpus");
            return text;
        } catch (CharacterCodingException e) {
            throw new FormatException(file, "is not UTF-8 text (byte " + firstMalformed(bytes) + " is not valid UTF-8)");
        }
    }

    /** The offset of the first byte where UTF-8 decoding fails. */
    private static long firstMalformed(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            var result = utf8.decode(in, out, true);
            if (result.isError()) return in.position();
            if (result.isUnderflow()) return bytes.length;
            out.clear();
        }
    }
}
