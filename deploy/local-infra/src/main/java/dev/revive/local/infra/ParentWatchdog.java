package dev.revive.local.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Entry point of every child JVM: runs the real main class, and exits when the parent's end of stdin closes.
 * Shutdown hooks do not run when the parent is SIGKILLed (a surefire timeout, a killed IDE run); the pipe
 * closes anyway, so no broker outlives the JVM that started it.
 */
public final class ParentWatchdog {

    private static final long HALT_AFTER_MILLIS = 15_000;

    private ParentWatchdog() {
    }

    /**
     * Copies this class, which needs nothing but the JDK, under {@code dir} and returns the class path root.
     * Copying works whatever loaded this class: a jar, target/classes, or Quarkus' test class loader.
     */
    static Path installIn(Path dir) {
        String name = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(name);
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Cannot read " + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + name + " to " + dir, e);
        }
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ParentWatchdog <main class> [args...]");
        }
        Thread watcher = new Thread(ParentWatchdog::exitWhenParentGone, "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        MethodHandles.publicLookup()
                .findStatic(Class.forName(args[0]), "main", MethodType.methodType(void.class, String[].class))
                // fixed arity: a main declared with varargs would otherwise try to collect the array itself
                .asFixedArity()
                .invoke((String[]) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenParentGone() {
        try (InputStream in = System.in) {
            while (in.read() != -1) {
                // nothing is ever sent; only end-of-stream matters
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end-of-stream
        }
        System.err.println("[watchdog] stdin closed (the parent stopped this process, or died): exiting");
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }
}
