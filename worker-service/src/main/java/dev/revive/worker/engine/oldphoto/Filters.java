package dev.revive.worker.engine.oldphoto;

/** The blur an old lens or a soft print gives, as a separable Gaussian with edges clamped. */
final class Filters {

    private Filters() {}

    /** HWC samples blurred by a Gaussian of this sigma in pixels; returned as they are below 0.1. */
    static float[] gaussianBlur(float[] px, int w, int h, int channels, double sigma) {
        if (sigma < 0.1) {
            return px;
        }
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            sum += kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        float[] rows = new float[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    float acc = 0f;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(w - 1, Math.max(0, x + k));
                        acc += kernel[k + radius] * px[(y * w + xx) * channels + c];
                    }
                    rows[(y * w + x) * channels + c] = acc;
                }
            }
        }
        float[] out = new float[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    float acc = 0f;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(h - 1, Math.max(0, y + k));
                        acc += kernel[k + radius] * rows[(yy * w + x) * channels + c];
                    }
                    out[(y * w + x) * channels + c] = acc;
                }
            }
        }
        return out;
    }
}
