package dev.revive.local.infra;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server JVM (a broker, a store, or one of our services): output to a log file, readiness polling, stop
 * and kill, and a shutdown hook plus {@link ParentWatchdog} so that a parent which dies does not leave it behind.
 */
public final class ChildProcess {
    /**
     * How long a server may take to answer after its start. Generous: the broker and the store start in seconds on
     * a quiet machine, but a CI host shared with other builds has been seen to take over a minute.
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** Answers whether the server is ready; may throw while it is not. */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    /** The main class of a packaged Quarkus application; its jar's manifest brings the rest of the class path. */
    private static final String QUARKUS_ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final int TAIL_LINES = 60;
    private static final Duration HOOK_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(() -> terminate(HOOK_GRACE), name + "-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            process.destroyForcibly();
            throw shuttingDown;
        }
    }

    /**
     * Starts {@code mainClass} of {@code classpath} in a new JVM (the one running this code), appending its
     * output to {@code logFile}; the working directory is the log file's directory.
     */
    static ChildProcess start(String name, ServerClasspath classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logFile) {
        return start(name, classpath.value(), jvmOptions, mainClass, args, logFile);
    }

    /** Starts a packaged Quarkus application ({@code quarkus-app/quarkus-run.jar}) as {@code java -jar} would. */
    public static ChildProcess startJar(String name, Path runnerJar, List<String> jvmOptions, Path logFile) {
        return start(name, runnerJar.toAbsolutePath().toString(), jvmOptions, QUARKUS_ENTRY_POINT, List.of(), logFile);
    }

    private static ChildProcess start(String name, String classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ParentWatchdog.installIn(logFile.getParent().resolve("launcher")) + File.pathSeparator
                + classpath);
        command.add(ParentWatchdog.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + mainClass + " " + args
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(logFile.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            // stdin stays open on purpose: ParentWatchdog exits the child when it closes.
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Runs a one-shot tool to completion, failing with its log tail unless it exits with 0. */
    static void run(String name, ServerClasspath classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logFile, Duration timeout) {
        ChildProcess child = start(name, classpath, jvmOptions, mainClass, args, logFile);
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.kill();
                throw child.failure("did not finish within " + timeout);
            }
            if (child.process.exitValue() != 0) {
                throw child.failure("exited with " + child.process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.kill();
            throw new IllegalStateException("Interrupted while running " + name, e);
        } finally {
            child.unregisterHook();
        }
    }

    /** Polls {@code probe} until it says ready; fails fast if the process dies, and kills it on timeout. */
    public void awaitReady(Duration timeout, Probe probe) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                unregisterHook();
                throw failure("exited with " + process.exitValue() + " before it was ready", last);
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(POLL);
        }
        kill();
        throw failure("was not ready within " + timeout, last);
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        terminate(grace);
        unregisterHook();
    }

    /** SIGKILL, as a crash would: no clean shutdown of the server. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
        unregisterHook();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the log file, for error messages. */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 16_384);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int first = Math.max(0, lines.length - TAIL_LINES);
            return String.join(System.lineSeparator(), List.of(lines).subList(first, lines.length));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    private void terminate(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(grace)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void unregisterHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing to undo
        }
    }

    private IllegalStateException failure(String what) {
        return failure(what, null);
    }

    private IllegalStateException failure(String what, Exception cause) {
        return new IllegalStateException(name + " (pid " + process.pid() + ") " + what + "; log " + logFile
                + ", last lines:" + System.lineSeparator() + logTail(), cause);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a child process", e);
        }
    }
}
