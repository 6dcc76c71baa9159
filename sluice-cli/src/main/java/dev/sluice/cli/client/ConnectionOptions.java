package dev.sluice.cli.client;

import java.nio.file.Path;

/**
 * The command-line flags that say which server to use; any of them may be null.
 *
 * @param server  {@code --server URL}
 * @param token   {@code --token T}
 * @param caCert  {@code --ca-cert F}
 * @param dataDir {@code --data-dir D}
 */
public record ConnectionOptions(String server, String token, Path caCert, String dataDir) {

    public static ConnectionOptions none() {
        return new ConnectionOptions(null, null, null, null);
    }

    /** The server whose data folder is {@code dataDir} (its server.json and admin-token). */
    public static ConnectionOptions ofDataDir(Path dataDir) {
        return new ConnectionOptions(null, null, null, dataDir.toString());
    }

    @Override
    public String toString() {
        return "ConnectionOptions[server=" + server + ", token=" + (token == null ? "null" : "***")
                + ", caCert=" + caCert + ", dataDir=" + dataDir + "]";
    }
}
