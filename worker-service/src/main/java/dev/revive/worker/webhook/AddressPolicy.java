package dev.revive.worker.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a webhook may not point, so that a request cannot make the worker call into its own network (server-side
 * request forgery): loopback, private, link-local (cloud metadata at 169.254.169.254 among them), shared
 * (carrier-grade NAT, Alibaba's metadata), multicast, broadcast and unspecified addresses, also when an IPv6
 * address embeds one. An allow list of blocks lets an operator permit some on purpose.
 */
public final class AddressPolicy {
    private static final List<Cidr> IPV4_REFUSED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("198.18.0.0/15"), Cidr.parse("240.0.0.0/4"));
    private static final Cidr UNIQUE_LOCAL = Cidr.parse("fc00::/7");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowed;

    public AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why the worker may not call {@code address}, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (allowed.stream().anyMatch(block -> block.contains(address))) {
            return Optional.empty();
        }
        return kind(address).map(kind -> "a " + kind + " address (" + address.getHostAddress() + ")");
    }

    private static Optional<String> kind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            if (Arrays.equals(bytes, new byte[] {-1, -1, -1, -1})) {
                return Optional.of("broadcast");
            }
            return IPV4_REFUSED.stream().anyMatch(block -> block.contains(bytes)) ? Optional.of("reserved")
                    : Optional.empty();
        }
        if (UNIQUE_LOCAL.contains(bytes)) {
            return Optional.of("private");
        }
        return embeddedIpv4(bytes).flatMap(AddressPolicy::kind);
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 or 6to4 IPv6 address, which reaches that host. */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= v6[i] == 0;
        }
        try {
            if (compatible || NAT64.contains(v6)) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(v6, 12, 16)));
            }
            if (SIX_TO_FOUR.contains(v6)) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(v6, 2, 6)));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }
}
