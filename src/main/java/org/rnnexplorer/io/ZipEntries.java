package org.rnnexplorer.io;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip archive's entries, each name once. {@link ZipFile} opens an entry by its name, so of two entries with one name
 * the second would be read with the first's data (and fail its CRC as if damaged), and every reader of these formats
 * (numpy, torch.load, this tool) would silently pick one of them: such an archive is refused by name instead.
 */
final class ZipEntries {
    private ZipEntries() {
    }

    /**
     * Every entry, directories included, in central-directory order.
     *
     * @param twoNamed the refusal for an entry name met twice, given that name
     */
    static List<ZipEntry> distinct(ZipFile zip, Function<String, FormatException> twoNamed) throws FormatException {
        List<ZipEntry> entries = new ArrayList<>(zip.size());
        Set<String> names = new HashSet<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!names.add(entry.getName())) throw twoNamed.apply(entry.getName());
            entries.add(entry);
        }
        return entries;
    }
}
