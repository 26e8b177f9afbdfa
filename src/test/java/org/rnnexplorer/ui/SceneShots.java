package org.rnnexplorer.ui;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README's screenshot classes share: letting the window settle, and writing its scene as a PNG. */
final class SceneShots {

    private SceneShots() {
    }

    /** FX events, then {@code millis} for background frames and chart drawings, then the pulses they cause. */
    static void settle(long millis) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(millis);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The window's scene as a PNG file, checked not to be blank. */
    static void write(ExplorerWindow explorer, Path file) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> explorer.mainView().root().getScene().snapshot(null))
                .get(20, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        assertTrue(Files.size(file) > 10_000, file + " looks empty");
    }
}
