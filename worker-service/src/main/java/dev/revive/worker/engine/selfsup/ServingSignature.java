package dev.revive.worker.engine.selfsup;

import dev.revive.model.ValueRange;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to call a SavedModel as a denoiser: which signature and tensors, how many channels, the pixel scale, and the
 * sides it takes. Revive's own models have a fixed one ({@link #of(UNetConfig)}); an imported model's is found by
 * checking it on registration and kept in its record's metadata.
 *
 * @param sideMultiple every side the model is fed is a multiple of this
 * @param minSide      and at least this
 */
public record ServingSignature(String signature, String input, String output, int channels, ValueRange valueRange,
        int sideMultiple, int minSide) {

    private static final String SIGNATURE = "signature";
    private static final String INPUT = "input";
    private static final String OUTPUT = "output";
    private static final String CHANNELS = "channels";
    private static final String VALUE_RANGE = "valueRange";
    private static final String SIDE_MULTIPLE = "sideMultiple";
    private static final String MIN_SIDE = "minSide";

    public ServingSignature {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a denoiser takes 1 or 3 channels, not " + channels);
        }
        if (sideMultiple < 1 || minSide < sideMultiple || minSide % sideMultiple != 0) {
            throw new IllegalArgumentException("sides must be a positive multiple (" + sideMultiple
                    + ") and the smallest side (" + minSide + ") one of them");
        }
    }

    /** The signature {@link DenoiserGraph} exports; its extra dropout inputs keep their defaults unless fed. */
    public static ServingSignature of(UNetConfig network) {
        return new ServingSignature(org.tensorflow.Signature.DEFAULT_KEY, DenoiserGraph.INPUT, DenoiserGraph.OUTPUT,
                network.channels(), ValueRange.UNIT, network.sizeDivisor(), 2 * network.sizeDivisor());
    }

    /** The smallest side at least {@code side} that the model takes. */
    public int acceptedSize(int side) {
        return Math.max(minSide, (side + sideMultiple - 1) / sideMultiple * sideMultiple);
    }

    /** For a model record's metadata, read back by {@link #fromMetadata}. */
    public Map<String, String> metadata() {
        Map<String, String> out = new TreeMap<>();
        out.put(SIGNATURE, signature);
        out.put(INPUT, input);
        out.put(OUTPUT, output);
        out.put(CHANNELS, Integer.toString(channels));
        out.put(VALUE_RANGE, valueRange.wireName());
        out.put(SIDE_MULTIPLE, Integer.toString(sideMultiple));
        out.put(MIN_SIDE, Integer.toString(minSide));
        return out;
    }

    /** @throws IllegalArgumentException when the metadata is not that of an imported model */
    public static ServingSignature fromMetadata(Map<String, String> metadata) {
        try {
            return new ServingSignature(required(metadata, SIGNATURE), required(metadata, INPUT),
                    required(metadata, OUTPUT), Integer.parseInt(required(metadata, CHANNELS)),
                    ValueRange.fromWireName(required(metadata, VALUE_RANGE)),
                    Integer.parseInt(required(metadata, SIDE_MULTIPLE)),
                    Integer.parseInt(required(metadata, MIN_SIDE)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the model's serving signature is unreadable: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> metadata, String name) {
        String value = metadata == null ? null : metadata.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the model's metadata has no " + name);
        }
        return value;
    }
}
