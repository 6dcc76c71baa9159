package dev.sluice.core.net;

import dev.sluice.core.error.SluiceException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of CIDR blocks ({@code 10.0.0.0/8,::1/128}), such as {@code --private-networks}. Matching an address is
 * a few byte comparisons, no allocation: it runs on the gateway's request path.
 */
public final class AddressRanges {

    /** Loopback only: the default private networks, so a disabled endpoint answers this machine alone. */
    public static final String LOOPBACK = "127.0.0.0/8,::1/128";
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final List<Block> blocks;
    private final String text;

    private AddressRanges(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * @param field the option the list came from, for error messages
     * @throws SluiceException BAD_ARGUMENT naming the block that is not {@code address/prefix}
     */
    public static AddressRanges parse(String field, String list) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String item = raw.trim();
            if (!item.isEmpty()) {
                blocks.add(block(field, item));
            }
        }
        if (blocks.isEmpty()) {
            throw SluiceException.badArgument(field, "'" + list + "'", "CIDR blocks such as 10.0.0.0/8,::1/128");
        }
        return new AddressRanges(List.copyOf(blocks), list.trim());
    }

    /** True when {@code address} (4 or 16 bytes, as {@link InetAddress#getAddress()}) lies in one of the blocks. */
    public boolean contains(byte[] address) {
        byte[] plain = unmapped(address);
        for (Block block : blocks) {
            if (block.contains(plain)) {
                return true;
            }
        }
        return false;
    }

    /** True for a textual IP address in one of the blocks; false for anything that is not an IP literal. */
    public boolean containsLiteral(String address) {
        if (address == null || !LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            return contains(InetAddress.getByName(address).getAddress()); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** {@code ::ffff:10.1.2.3} is the IPv4 address 10.1.2.3 (dual-stack sockets report clients so). */
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff
                ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    private static Block block(String field, String item) {
        int slash = item.indexOf('/');
        String host = slash < 0 ? item : item.substring(0, slash);
        byte[] address;
        try {
            if (!LITERAL.matcher(host).matches()) {
                throw new UnknownHostException(host);
            }
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw SluiceException.badArgument(field, "'" + item + "'", "an IP address with a prefix, such as 10.0.0.0/8");
        }
        int bits = address.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(item.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw SluiceException.badArgument(field, "'" + item + "'", "a prefix length 0.." + bits);
        }
        return new Block(address, prefix);
    }

    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
