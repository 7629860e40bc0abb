/**
 * Run once while the worker image is built: loads TensorFlow, which makes JavaCPP unpack the native library
 * (about 650 MB) into the directory named by -Dorg.bytedeco.javacpp.cachedir. Workers started from the image
 * then find it there instead of unpacking it at every start, which the autoscaler would pay for each new pod.
 * Reflection keeps this file compilable with javac alone (no TensorFlow on the compile class path). Not part
 * of the Maven build: only the Dockerfiles compile it.
 */
public final class WarmNativeCache {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Object version = Class.forName("org.tensorflow.TensorFlow").getMethod("version").invoke(null);
        System.out.printf("TensorFlow %s native library unpacked in %.1f s%n", version,
                (System.nanoTime() - start) / 1e9);
    }
}
