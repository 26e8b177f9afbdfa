package org.rnnexplorer.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product's version, taken from pom.xml at build time (a filtered resource). */
public final class About {

    private About() {
    }

    /** e.g. {@code 0.1.0}; "unknown" when the resource is missing (never in a built jar). */
    public static String version() {
        try (InputStream in = About.class.getResourceAsStream("/org/rnnexplorer/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
