package dev.revive.worker.engine.imported;

import dev.revive.model.ModelKind;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Finds the image input and output of a signature and checks they can carry a photo: float32, rank 4
 * [N,H,W,C] with free height and width, and the same 1 or 3 channels on both sides. A feature extractor's output
 * only needs to be float32 with the batch first: its size and channels are its own (a VGG layer: [N,H/16,W/16,512]).
 */
final class SignatureCheck {

    /** What the check found, before the model has run. */
    record Found(String input, String output, int channels) {
    }

    private SignatureCheck() {
    }

    static Found check(MetaGraphDef meta, String signature, String input, String output, Integer channels,
            ModelKind kind) {
        SignatureDef def = meta.getSignatureDefMap().get(signature);
        if (def == null) {
            throw new UnsupportedModelException("the model has no signature '" + signature + "'; it has "
                    + meta.getSignatureDefMap().keySet().stream().filter(key -> !key.startsWith("__")).sorted()
                            .toList());
        }
        if (def.getInputsCount() != 1) {
            throw new UnsupportedModelException("signature '" + signature + "' takes " + def.getInputsCount()
                    + " inputs " + def.getInputsMap().keySet().stream().sorted().toList()
                    + "; a model takes exactly one, the image");
        }
        String in = pick(def.getInputsMap(), input, "input", signature);
        String out = pick(def.getOutputsMap(), output, "output", signature);
        int inChannels = imageChannels(def.getInputsMap().get(in), "input '" + in + "'");
        if (kind == ModelKind.FEATURES) {
            requireFeatures(def.getOutputsMap().get(out), "output '" + out + "'");
        } else {
            requireSameChannels(in, inChannels, out, imageChannels(def.getOutputsMap().get(out), "output '" + out
                    + "'"));
        }
        if (channels != null && channels != inChannels) {
            throw new UnsupportedModelException("the request says " + channels + " channels but the model's input '"
                    + in + "' has " + inChannels);
        }
        return new Found(in, out, inChannels);
    }

    private static void requireSameChannels(String in, int inChannels, String out, int outChannels) {
        if (inChannels != outChannels) {
            throw new UnsupportedModelException("input '" + in + "' has " + inChannels + " channels but output '"
                    + out + "' has " + outChannels + "; a denoiser returns the image it is given");
        }
    }

    private static String pick(Map<String, TensorInfo> tensors, String wanted, String side, String signature) {
        if (wanted != null) {
            if (!tensors.containsKey(wanted)) {
                throw new UnsupportedModelException("signature '" + signature + "' has no " + side + " '" + wanted
                        + "'; its " + side + "s are " + tensors.keySet().stream().sorted().toList());
            }
            return wanted;
        }
        if (tensors.size() != 1) {
            throw new UnsupportedModelException("signature '" + signature + "' has " + tensors.size() + " " + side
                    + "s " + tensors.keySet().stream().sorted().toList() + "; name the image " + side);
        }
        return tensors.keySet().iterator().next();
    }

    /** Float32, and where the rank is known, at least [N, features] with a batch of 1 or free. */
    private static void requireFeatures(TensorInfo tensor, String what) {
        if (tensor.getDtype() != DataType.DT_FLOAT) {
            throw new UnsupportedModelException(what + " is " + tensor.getDtype() + "; it must be float32");
        }
        TensorShapeProto shape = tensor.getTensorShape();
        if (shape.getUnknownRank()) {
            return; // the probe sees the shape
        }
        if (shape.getDimCount() < 2) {
            throw new UnsupportedModelException(what + " has rank " + shape.getDimCount() + "; features must be of"
                    + " rank 2 or more, the batch first");
        }
        if (shape.getDim(0).getSize() > 1) {
            throw new UnsupportedModelException(what + " has a batch of " + shape.getDim(0).getSize()
                    + "; it must be 1 or free (None)");
        }
    }

    private static int imageChannels(TensorInfo tensor, String what) {
        if (tensor.getDtype() != DataType.DT_FLOAT) {
            throw new UnsupportedModelException(what + " is " + tensor.getDtype() + "; it must be float32");
        }
        TensorShapeProto shape = tensor.getTensorShape();
        if (shape.getUnknownRank() || shape.getDimCount() != 4) {
            throw new UnsupportedModelException(what + " has rank "
                    + (shape.getUnknownRank() ? "unknown" : shape.getDimCount())
                    + "; it must be rank 4 [N,H,W,C], e.g. tf.TensorSpec([None, None, None, 3], tf.float32)");
        }
        long batch = shape.getDim(0).getSize();
        long height = shape.getDim(1).getSize();
        long width = shape.getDim(2).getSize();
        long channels = shape.getDim(3).getSize();
        if (batch > 1) {
            throw new UnsupportedModelException(what + " has a batch of " + batch + "; it must be 1 or free (None)");
        }
        if (height >= 0 || width >= 0) {
            throw new UnsupportedModelException(what + " has a fixed size " + height + "x" + width
                    + "; height and width must be free (None) so that photos of any size fit");
        }
        if (channels != 1 && channels != 3) {
            throw new UnsupportedModelException(what + " has " + (channels < 0 ? "unknown" : channels)
                    + " channels; it must have 1 (gray) or 3 (colour)");
        }
        return (int) channels;
    }
}
