package org.rnnexplorer.io;

import org.rnnexplorer.engine.Tensor;

import java.util.List;

/**
 * A numeric time series read from CSV.
 *
 * @param columns the header's column names, in file order
 * @param values  (L, F), row-major: L data rows (time steps), F = columns.size() features
 */
public record CsvSeries(List<String> columns, Tensor values) {

    public CsvSeries {
        columns = List.copyOf(columns);
        if (values.rank() != 2 || values.dim(1) != columns.size()) {
            throw new IllegalArgumentException("values " + values.shapeString() + " do not match " + columns.size()
                    + " columns; expected (L, " + columns.size() + ")");
        }
    }

    /** Number of rows (time steps), L. */
    public int length() {
        return values.dim(0);
    }
}
