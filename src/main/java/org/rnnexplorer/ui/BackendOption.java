package org.rnnexplorer.ui;

/**
 * One entry of the backend chooser.
 *
 * @param name      scalar, simd or cuda
 * @param available whether it can run here
 * @param reason    why not, when unavailable ("" otherwise)
 */
public record BackendOption(String name, boolean available, String reason) {

    @Override
    public String toString() {
        return name;
    }
}
