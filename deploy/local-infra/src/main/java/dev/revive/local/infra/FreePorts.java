package dev.revive.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers: the servers bind to 127.0.0.1 only, so that is where ports are chosen and probed. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free a moment ago; the child binds it soon after, so the race window is small. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** {@code port}, or a free one when it is 0. */
    public static int orPick(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
        return port == 0 ? pick() : port;
    }

    /** Whether something accepts TCP connections there: a cheap first probe before speaking a protocol. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
