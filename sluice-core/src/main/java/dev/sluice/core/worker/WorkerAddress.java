package dev.sluice.core.worker;

/**
 * What a worker writes to its address file once its HTTP port is bound.
 *
 * @param socket a Unix domain socket on which the worker answers the same requests, or null: the gateway
 *               prefers it to loopback TCP, which costs more CPU per request
 */
public record WorkerAddress(String host, int port, long pid, String socket) {

    public String url() {
        return "http://" + host + ":" + port;
    }
}
