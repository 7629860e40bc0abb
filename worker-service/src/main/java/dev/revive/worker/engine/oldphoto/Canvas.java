package dev.revive.worker.engine.oldphoto;

/**
 * Draws one defect at a time onto a photo: shapes are first gathered as anti-aliased coverage,
 * then {@link #paint} blends a colour in by it, so overlapping strokes of one defect do not
 * darken twice.
 */
final class Canvas {

    final int width;
    final int height;
    private final int channels;
    private final float[] pixels;
    private final float[] coverage;
    private int minX;
    private int minY;
    private int maxX;
    private int maxY;

    Canvas(float[] pixels, int width, int height, int channels) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.coverage = new float[width * height];
        reset();
    }

    /** Covers a disc centred at (cx, cy), in pixel units where pixel (x, y) spans [x, x+1). */
    void disc(double cx, double cy, double radius) {
        int x0 = Math.max(0, (int) Math.floor(cx - radius - 1));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + radius + 1));
        int y0 = Math.max(0, (int) Math.floor(cy - radius - 1));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + radius + 1));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                float cover = (float) Math.min(1, radius + 0.5 - d);
                if (cover > 0) {
                    int i = y * width + x;
                    if (cover > coverage[i]) {
                        coverage[i] = cover;
                    }
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
    }

    /** Covers a stroke of this radius along the quadratic Bezier through control points 0, 1, 2. */
    void curve(double x0, double y0, double x1, double y1, double x2, double y2, double radius) {
        double length = Math.hypot(x1 - x0, y1 - y0) + Math.hypot(x2 - x1, y2 - y1);
        int steps = Math.max(1, (int) Math.ceil(length * 2));
        for (int s = 0; s <= steps; s++) {
            double t = (double) s / steps;
            double u = 1 - t;
            double x = u * u * x0 + 2 * u * t * x1 + t * t * x2;
            double y = u * u * y0 + 2 * u * t * y1 + t * t * y2;
            if (x > -radius - 1 && x < width + radius + 1 && y > -radius - 1 && y < height + radius + 1) {
                disc(x, y, radius);
            }
        }
    }

    /** Blends the colour (RGB; its luma on gray photos) in by the gathered coverage, then forgets it. */
    void paint(float[] rgb, double opacity) {
        float[] colour = channels == 3 ? rgb
                : new float[] {0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2]};
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                int p = y * width + x;
                float a = (float) (coverage[p] * opacity);
                if (a > 0) {
                    for (int c = 0; c < channels; c++) {
                        int i = p * channels + c;
                        pixels[i] = AgeingSynthesiser.clamp(pixels[i] + (colour[c] - pixels[i]) * a);
                    }
                    coverage[p] = 0f;
                }
            }
        }
        reset();
    }

    private void reset() {
        minX = width;
        minY = height;
        maxX = -1;
        maxY = -1;
    }
}
