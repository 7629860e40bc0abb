package dev.revive.worker.engine.oldphoto.triplet;

import static dev.revive.worker.engine.nn.Layers.leakyRelu;

import dev.revive.worker.engine.nn.Conv;
import dev.revive.worker.engine.nn.Parameters;
import dev.revive.worker.engine.nn.ResidualBlock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * T of the paper: carries a code of VAE 1's latent space (old photos) to VAE 2's (clean photos). Residual blocks,
 * the {@link PartialNonLocal} block that fills defects from the whole picture, residual blocks again.
 */
final class MappingNetwork {

    private final Conv in;
    private final List<ResidualBlock> before = new ArrayList<>();
    private final PartialNonLocal nonLocal;
    private final List<ResidualBlock> after = new ArrayList<>();
    private final Conv last;

    MappingNetwork(Ops tf, Parameters params, String name, TripletShape shape) {
        Ops scope = tf.withSubScope(name);
        int channels = shape.codeChannels();
        in = new Conv(scope, params, "in", channels, channels, 3, 1);
        for (int b = 0; b < TripletShape.RESIDUAL_BLOCKS; b++) {
            before.add(new ResidualBlock(scope, params, "before" + b, channels));
            after.add(new ResidualBlock(scope, params, "after" + b, channels));
        }
        nonLocal = new PartialNonLocal(scope, params, "partial_non_local", channels);
        last = new Conv(scope, params, "out", channels, channels, 3, 1);
    }

    /** @param latentMask the defect mask at the code's resolution, [N or 1,h,w,1] */
    Operand<TFloat32> map(Ops tf, Operand<TFloat32> code, Operand<TFloat32> latentMask) {
        Operand<TFloat32> x = leakyRelu(tf, in.apply(tf, code));
        for (ResidualBlock block : before) {
            x = block.apply(tf, x);
        }
        x = nonLocal.apply(tf, x, latentMask);
        for (ResidualBlock block : after) {
            x = block.apply(tf, x);
        }
        return last.apply(tf, x);
    }
}
