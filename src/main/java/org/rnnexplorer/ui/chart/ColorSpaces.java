package org.rnnexplorer.ui.chart;

/**
 * sRGB ↔ CIELAB (D65) ↔ Msh conversions and Moreland's diverging interpolation ("Diverging Color Maps for
 * Scientific Visualization", ISVC 2009). Msh is polar Lab: M the magnitude, s the angle from the lightness axis
 * (saturation), h the hue angle; interpolating in it keeps perceived lightness and saturation changing evenly.
 */
final class ColorSpaces {

    // D65 reference white in XYZ (Y = 1).
    private static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;

    private ColorSpaces() {
    }

    /** sRGB components in [0, 1] → {L, a, b}. */
    static double[] srgbToLab(double r, double g, double b) {
        double rl = toLinear(r), gl = toLinear(g), bl = toLinear(b);
        double x = 0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl;
        double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
        double z = 0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl;
        double fx = labF(x / XN), fy = labF(y / YN), fz = labF(z / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** {L, a, b} → sRGB components, clamped to [0, 1]. */
    static double[] labToSrgb(double l, double a, double bStar) {
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - bStar / 200;
        double x = XN * labFInverse(fx), y = YN * labFInverse(fy), z = ZN * labFInverse(fz);
        double rl = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double gl = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new double[] {clamp01(toGamma(rl)), clamp01(toGamma(gl)), clamp01(toGamma(bl))};
    }

    /** {L, a, b} → {M, s, h}. */
    static double[] labToMsh(double[] lab) {
        double m = Math.sqrt(lab[0] * lab[0] + lab[1] * lab[1] + lab[2] * lab[2]);
        double s = m == 0 ? 0 : Math.acos(Math.max(-1, Math.min(1, lab[0] / m)));
        double h = Math.atan2(lab[2], lab[1]);
        return new double[] {m, s, h};
    }

    /** {M, s, h} → {L, a, b}. */
    static double[] mshToLab(double[] msh) {
        double m = msh[0], s = msh[1], h = msh[2];
        return new double[] {m * Math.cos(s), m * Math.sin(s) * Math.cos(h), m * Math.sin(s) * Math.sin(h)};
    }

    /**
     * The colour at {@code t} ∈ [0, 1] of a diverging map from {@code low} to {@code high} (sRGB in [0, 1]) through a
     * neutral light midpoint, interpolated in Msh as Moreland describes.
     */
    static double[] diverging(double[] low, double[] high, double t) {
        double[] msh1 = labToMsh(srgbToLab(low[0], low[1], low[2]));
        double[] msh2 = labToMsh(srgbToLab(high[0], high[1], high[2]));
        double[] result;
        // Two saturated, distant hues meet at an unsaturated white-ish midpoint, so lightness peaks at t = 0.5.
        if (msh1[1] > 0.05 && msh2[1] > 0.05 && angleBetween(msh1[2], msh2[2]) > Math.PI / 3) {
            double mMid = Math.max(88.0, Math.max(msh1[0], msh2[0]));
            double[] mid = {mMid, 0, 0};
            if (t < 0.5) {
                result = interpolate(msh1, mid, 2 * t);
            } else {
                result = interpolate(mid, msh2, 2 * t - 1);
            }
        } else {
            result = interpolate(msh1, msh2, t);
        }
        double[] lab = mshToLab(result);
        return labToSrgb(lab[0], lab[1], lab[2]);
    }

    private static double[] interpolate(double[] a, double[] b, double t) {
        double[] from = a.clone(), to = b.clone();
        // An unsaturated end has no meaningful hue: borrow the saturated end's hue, spun so the path stays smooth.
        if (from[1] < 0.05 && to[1] > 0.05) {
            from[2] = adjustHue(to, from[0]);
        } else if (to[1] < 0.05 && from[1] > 0.05) {
            to[2] = adjustHue(from, to[0]);
        }
        return new double[] {
            (1 - t) * from[0] + t * to[0],
            (1 - t) * from[1] + t * to[1],
            (1 - t) * from[2] + t * to[2]};
    }

    private static double adjustHue(double[] saturated, double mUnsaturated) {
        if (saturated[0] >= mUnsaturated) return saturated[2];
        double spin = saturated[1] * Math.sqrt(mUnsaturated * mUnsaturated - saturated[0] * saturated[0])
                / (saturated[0] * Math.sin(saturated[1]));
        return saturated[2] > -Math.PI / 3 ? saturated[2] + spin : saturated[2] - spin;
    }

    private static double angleBetween(double h1, double h2) {
        double d = Math.abs(h1 - h2) % (2 * Math.PI);
        return d > Math.PI ? 2 * Math.PI - d : d;
    }

    private static double toLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double toGamma(double c) {
        return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    private static double labF(double t) {
        double delta = 6.0 / 29;
        return t > delta * delta * delta ? Math.cbrt(t) : t / (3 * delta * delta) + 4.0 / 29;
    }

    private static double labFInverse(double t) {
        double delta = 6.0 / 29;
        return t > delta ? t * t * t : 3 * delta * delta * (t - 4.0 / 29);
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
