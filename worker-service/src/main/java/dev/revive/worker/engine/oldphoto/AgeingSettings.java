package dev.revive.worker.engine.oldphoto;

/**
 * How strongly {@link AgeingSynthesiser} ages a photo. Each degradation's strength is drawn per
 * photo, uniformly between zero (or a minimum) and the maximum given here, so a training set sees
 * the whole range from barely touched to badly worn. Counts of local defects are densities per
 * 256x256 pixels, so a crop and a whole scan are worn alike.
 *
 * @param scratchesPer256 expected scratches (thin bright or dark curves) per 256x256 pixels
 * @param maxScratchWidth widest scratch in pixels (the narrowest is one pixel)
 * @param dustPer256 expected dust specks (radius under two pixels) per 256x256 pixels
 * @param spotsPer256 expected spots (stains and flecks, irregular blobs) per 256x256 pixels
 * @param maxSpotRadius largest spot radius in pixels
 * @param foldProbability chance that a photo carries one fold line crossing it
 * @param globalProbability chance that each global degradation below is applied at all
 * @param maxGrain strongest film grain, standard deviation of the luma grain in [0,1] units
 * @param maxNoise strongest scanner noise, standard deviation per channel in [0,1] units
 * @param maxBlur widest blur, the Gaussian's sigma in pixels
 * @param maxFade strongest fading, the fraction of contrast lost towards the paper tone
 * @param maxColourCast strongest yellow-brown cast, as the relative red gain and blue loss
 * @param minJpegQuality worst JPEG quality (of 1) the photo may be saved at
 */
public record AgeingSettings(double scratchesPer256, double maxScratchWidth, double dustPer256,
        double spotsPer256, double maxSpotRadius, double foldProbability,
        double globalProbability, double maxGrain, double maxNoise, double maxBlur,
        double maxFade, double maxColourCast, double minJpegQuality) {

    public AgeingSettings {
        requireAtLeast("scratch density", scratchesPer256, 0);
        requireAtLeast("scratch width", maxScratchWidth, 1);
        requireAtLeast("dust density", dustPer256, 0);
        requireAtLeast("spot density", spotsPer256, 0);
        requireAtLeast("spot radius", maxSpotRadius, 1);
        requireFraction("fold probability", foldProbability);
        requireFraction("global probability", globalProbability);
        requireFraction("grain", maxGrain);
        requireFraction("noise", maxNoise);
        requireAtLeast("blur", maxBlur, 0);
        requireFraction("fade", maxFade);
        requireFraction("colour cast", maxColourCast);
        if (!(minJpegQuality > 0 && minJpegQuality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + minJpegQuality);
        }
    }

    /**
     * The defaults: a few scratches, a sprinkling of dust and spots, a fold in one photo of
     * three, and every global degradation more often than not, at strengths that leave the
     * photo recognisable (grain 0.04, noise 0.05, blur sigma 1.5, fade 0.35, cast 0.15, JPEG 0.4).
     */
    public static AgeingSettings defaults() {
        return new AgeingSettings(2.0, 3.0, 6.0, 1.0, 6.0, 0.3, 0.6, 0.04, 0.05, 1.5, 0.35, 0.15, 0.4);
    }

    /**
     * The defaults with local defects four times as dense: what a detector trains on, since its
     * patches are small and a patch without any defect teaches it little.
     */
    public static AgeingSettings training() {
        AgeingSettings d = defaults();
        return new AgeingSettings(4 * d.scratchesPer256(), d.maxScratchWidth(), 4 * d.dustPer256(),
                4 * d.spotsPer256(), d.maxSpotRadius(), 0.5, d.globalProbability(), d.maxGrain(),
                d.maxNoise(), d.maxBlur(), d.maxFade(), d.maxColourCast(), d.minJpegQuality());
    }

    /** These settings with no global degradation: the photo changes only where the mask says. */
    public AgeingSettings localOnly() {
        return new AgeingSettings(scratchesPer256, maxScratchWidth, dustPer256, spotsPer256,
                maxSpotRadius, foldProbability, 0, 0, 0, 0, 0, 0, 1);
    }

    /** These settings with no local defect: the mask comes out empty. */
    public AgeingSettings globalOnly() {
        return new AgeingSettings(0, maxScratchWidth, 0, 0, maxSpotRadius, 0, globalProbability,
                maxGrain, maxNoise, maxBlur, maxFade, maxColourCast, minJpegQuality);
    }

    private static void requireAtLeast(String name, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a number >= " + min + ", got " + value);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
