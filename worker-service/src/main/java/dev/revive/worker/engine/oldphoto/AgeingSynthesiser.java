package dev.revive.worker.engine.oldphoto;

import dev.revive.worker.engine.image.Image;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns clean photos into old ones with the defect mask as ground truth, the training data of the
 * defect detector and of the triplet network (Wan et al. 2020, section 3.1: "we synthesize old
 * photos using images from the Pascal VOC dataset").
 *
 * <p>Ageing runs in the order it happens to a print: the photo itself is blurred, grainy, faded
 * and tinted ({@link #agePrint}); then the print is scratched, dusted, stained and folded
 * ({@link #drawDefects}); then it is scanned with noise and saved as JPEG ({@link #scan}). The
 * mask is taken between the first and second stage, so it marks exactly the pixels the local
 * defects changed by at least one grey level, and nothing the global stages did. Each stage draws
 * from its own stream of the seed, so switching global degradations off leaves the defects and
 * the mask as they were. {@link Random} is used because the JDK specifies its sequence: a seed
 * gives the same old photo on every machine.
 */
public final class AgeingSynthesiser {

    /** A change smaller than one 8-bit grey level is invisible, so it is neither drawn nor marked. */
    static final float VISIBLE = 1f / 255f;

    private static final double PATCH_AREA = 256.0 * 256.0;

    private final AgeingSettings settings;

    public AgeingSynthesiser(AgeingSettings settings) {
        this.settings = settings;
    }

    public AgeingSynthesiser() {
        this(AgeingSettings.defaults());
    }

    public AgeingSettings settings() {
        return settings;
    }

    /** The clean photo aged by this seed's draw of defects and degradations. */
    public Aged age(Image clean, long seed) {
        int channels = clean.channels();
        float[] print = agePrint(clean, stream(seed, 1));
        float[] worn = print.clone();
        drawDefects(worn, clean.width(), clean.height(), channels, stream(seed, 2));
        float[] mask = new float[Math.toIntExact(clean.pixelCount())];
        for (int p = 0; p < mask.length; p++) {
            boolean visible = false;
            for (int c = 0; c < channels; c++) {
                visible |= Math.abs(worn[p * channels + c] - print[p * channels + c]) >= VISIBLE;
            }
            if (visible) {
                mask[p] = 1f;
            } else {
                System.arraycopy(print, p * channels, worn, p * channels, channels);
            }
        }
        Image old = scan(new Image(clean.width(), clean.height(), channels, worn), stream(seed, 3));
        return new Aged(old, new Image(clean.width(), clean.height(), 1, mask));
    }

    private static Random stream(long seed, int stage) {
        return new Random(seed * 0x9E3779B97F4A7C15L + stage * 0xBF58476D1CE4E5B9L);
    }

    private boolean applies(Random random) {
        return random.nextDouble() < settings.globalProbability();
    }

    // ---- stage 1: the photo itself ----

    private float[] agePrint(Image clean, Random random) {
        int w = clean.width();
        int h = clean.height();
        int channels = clean.channels();
        float[] px = clean.pixels().clone();
        if (applies(random)) {
            px = Filters.gaussianBlur(px, w, h, channels, random.nextDouble() * settings.maxBlur());
            for (int i = 0; i < px.length; i++) {
                px[i] = clamp(px[i]);
            }
        }
        if (applies(random)) {
            addGrain(px, w, h, channels, random.nextDouble() * settings.maxGrain(), random);
        }
        if (applies(random)) {
            fade(px, channels, random.nextDouble() * settings.maxFade());
        }
        if (channels == 3 && applies(random)) {
            castColour(px, random.nextDouble() * settings.maxColourCast());
        }
        return px;
    }

    /** Film grain: one luma field for all channels, slightly clumped, strongest in the midtones. */
    private static void addGrain(float[] px, int w, int h, int channels, double strength, Random random) {
        float[] field = new float[w * h];
        for (int i = 0; i < field.length; i++) {
            field[i] = (float) random.nextGaussian();
        }
        // blurring at sigma 0.6 clumps the grain and divides its deviation by about 2
        field = Filters.gaussianBlur(field, w, h, 1, 0.6);
        for (int p = 0; p < field.length; p++) {
            for (int c = 0; c < channels; c++) {
                int i = p * channels + c;
                float v = px[i];
                float midtone = 0.5f + 2f * v * (1f - v);
                px[i] = clamp(v + (float) (2 * strength) * midtone * field[p]);
            }
        }
    }

    /** Fading: contrast lost towards the paper's tone, a warm off-white. */
    private static void fade(float[] px, int channels, double amount) {
        float[] paper = channels == 3 ? new float[] {0.93f, 0.89f, 0.80f} : new float[] {0.89f};
        float a = (float) amount;
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(px[i] * (1 - a) + paper[i % channels] * a);
        }
    }

    /** The yellow-brown cast of aged dyes: red gains, blue loses. */
    private static void castColour(float[] px, double amount) {
        float[] gain = {(float) (1 + amount), (float) (1 + amount / 3), (float) (1 - amount)};
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(px[i] * gain[i % 3]);
        }
    }

    // ---- stage 2: local defects ----

    private void drawDefects(float[] px, int w, int h, int channels, Random random) {
        Canvas canvas = new Canvas(px, w, h, channels);
        double patches = (double) w * h / PATCH_AREA;
        int scratches = count(settings.scratchesPer256() * patches, random);
        for (int i = 0; i < scratches; i++) {
            scratch(canvas, random);
        }
        int spots = count(settings.spotsPer256() * patches, random);
        for (int i = 0; i < spots; i++) {
            spot(canvas, random);
        }
        int dust = count(settings.dustPer256() * patches, random);
        for (int i = 0; i < dust; i++) {
            canvas.disc(random.nextDouble() * w, random.nextDouble() * h, 0.5 + random.nextDouble() * 1.3);
            canvas.paint(extreme(random), 0.6 + 0.4 * random.nextDouble());
        }
        if (random.nextDouble() < settings.foldProbability()) {
            fold(canvas, random);
        }
    }

    /** A whole number with the given expectation: its floor, plus one with the fraction's chance. */
    private static int count(double expected, Random random) {
        int whole = (int) Math.floor(expected);
        return whole + (random.nextDouble() < expected - whole ? 1 : 0);
    }

    /** Near white or near black: scratches and dust show as one or the other. */
    private static float[] extreme(Random random) {
        float v = random.nextDouble() < 0.6
                ? (float) (0.82 + 0.18 * random.nextDouble())
                : (float) (0.22 * random.nextDouble());
        return new float[] {v, v, v};
    }

    /** A thin curve: a quadratic Bezier of random length, bend and width. */
    private void scratch(Canvas canvas, Random random) {
        int w = canvas.width;
        int h = canvas.height;
        // lengths scale with the photo up to 256x256 and no further: counts already grow with the area, so
        // longer scratches as well would wear a large scan far more than its crops
        double diagonal = Math.min(Math.hypot(w, h), Math.sqrt(PATCH_AREA * 2));
        double length = diagonal * (0.15 + 0.6 * random.nextDouble());
        double angle = random.nextDouble() * Math.PI;
        double x0 = random.nextDouble() * w;
        double y0 = random.nextDouble() * h;
        double x2 = x0 + length * Math.cos(angle);
        double y2 = y0 + length * Math.sin(angle);
        double bend = (random.nextDouble() - 0.5) * 0.3 * length;
        double x1 = (x0 + x2) / 2 - bend * Math.sin(angle);
        double y1 = (y0 + y2) / 2 + bend * Math.cos(angle);
        double radius = 0.5 * (1 + random.nextDouble() * (settings.maxScratchWidth() - 1));
        canvas.curve(x0, y0, x1, y1, x2, y2, radius);
        canvas.paint(extreme(random), 0.5 + 0.5 * random.nextDouble());
    }

    /** A stain or fleck: a few overlapping discs, brown or white. */
    private void spot(Canvas canvas, Random random) {
        double cx = random.nextDouble() * canvas.width;
        double cy = random.nextDouble() * canvas.height;
        double radius = 1.5 + random.nextDouble() * (settings.maxSpotRadius() - 1.5);
        int lobes = 3 + random.nextInt(4);
        for (int i = 0; i < lobes; i++) {
            double a = random.nextDouble() * 2 * Math.PI;
            double d = random.nextDouble() * 0.6 * radius;
            canvas.disc(cx + d * Math.cos(a), cy + d * Math.sin(a), radius * (0.4 + 0.6 * random.nextDouble()));
        }
        float[] colour;
        if (random.nextDouble() < 0.5) {
            float k = (float) (0.5 + 0.5 * random.nextDouble());
            colour = new float[] {0.35f * k, 0.25f * k, 0.15f * k};
        } else {
            float v = (float) (0.85 + 0.15 * random.nextDouble());
            colour = new float[] {v, v, v};
        }
        canvas.paint(colour, 0.4 + 0.5 * random.nextDouble());
    }

    /** A fold: a crease crossing the photo edge to edge, a bright ridge beside a dark shadow. */
    private void fold(Canvas canvas, Random random) {
        int w = canvas.width;
        int h = canvas.height;
        boolean across = random.nextBoolean();
        double a = random.nextDouble();
        double b = random.nextDouble();
        double x0 = across ? 0 : a * w;
        double y0 = across ? a * h : 0;
        double x2 = across ? w : b * w;
        double y2 = across ? b * h : h;
        double sag = (random.nextDouble() - 0.5) * 0.1 * Math.max(w, h);
        double x1 = (x0 + x2) / 2 + (across ? 0 : sag);
        double y1 = (y0 + y2) / 2 + (across ? sag : 0);
        double radius = 0.75 + random.nextDouble() * 1.25;
        canvas.curve(x0, y0, x1, y1, x2, y2, radius);
        float ridge = (float) (0.85 + 0.15 * random.nextDouble());
        canvas.paint(new float[] {ridge, ridge, ridge}, 0.6 + 0.3 * random.nextDouble());
        double shift = radius + 1;
        double dx = across ? 0 : shift;
        double dy = across ? shift : 0;
        canvas.curve(x0 + dx, y0 + dy, x1 + dx, y1 + dy, x2 + dx, y2 + dy, 0.5 + radius / 2);
        canvas.paint(new float[] {0.1f, 0.1f, 0.1f}, 0.25 + 0.25 * random.nextDouble());
    }

    // ---- stage 3: the scan ----

    private Image scan(Image worn, Random random) {
        float[] px = worn.pixels();
        if (applies(random)) {
            double sigma = random.nextDouble() * settings.maxNoise();
            for (int i = 0; i < px.length; i++) {
                px[i] = clamp(px[i] + (float) (sigma * random.nextGaussian()));
            }
        }
        if (applies(random)) {
            double quality = settings.minJpegQuality()
                    + random.nextDouble() * (0.95 - Math.min(0.95, settings.minJpegQuality()));
            return jpeg(worn, (float) quality);
        }
        return worn;
    }

    /** The photo saved as JPEG at this quality and read back: blocking and ringing. */
    static Image jpeg(Image image, float quality) {
        int w = image.width();
        int h = image.height();
        int channels = image.channels();
        BufferedImage buffered = new BufferedImage(w, h,
                channels == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = buffered.getRaster();
        int[] sample = new int[channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    sample[c] = Math.round(image.pixel(x, y, c) * 255f);
                }
                raster.setPixel(x, y, sample);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] out = new float[image.pixels().length];
        var read = decoded.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                read.getPixel(x, y, sample);
                for (int c = 0; c < channels; c++) {
                    out[(y * w + x) * channels + c] = sample[c] / 255f;
                }
            }
        }
        return new Image(w, h, channels, out);
    }

    static float clamp(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }
}
