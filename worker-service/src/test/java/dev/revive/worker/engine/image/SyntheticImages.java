package dev.revive.worker.engine.image;

/** Pictures DIP can fit quickly: smooth gradients and a few flat shapes with clean edges. */
public final class SyntheticImages {

    private SyntheticImages() {}

    public static Image shapes(int width, int height, int channels) {
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float u = (x + 0.5f) / width;
                float v = (y + 0.5f) / height;
                float[] rgb = {0.2f + 0.5f * u, 0.3f + 0.4f * v, 0.6f - 0.3f * u * v};
                float dx = u - 0.35f;
                float dy = v - 0.4f;
                if (dx * dx + dy * dy < 0.04f) {
                    rgb = new float[] {0.9f, 0.25f, 0.2f};
                }
                if (u > 0.55f && u < 0.85f && v > 0.6f && v < 0.85f) {
                    rgb = new float[] {0.1f, 0.15f, 0.55f};
                }
                int base = (y * width + x) * channels;
                if (channels == 1) {
                    pixels[base] = 0.3f * rgb[0] + 0.6f * rgb[1] + 0.1f * rgb[2];
                } else {
                    System.arraycopy(rgb, 0, pixels, base, 3);
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }
}
