package dev.sluice.core.worker;

/** What a worker writes to its address file once its HTTP port is bound. */
public record WorkerAddress(String host, int port, long pid) {

    public String url() {
        return "http://" + host + ":" + port;
    }
}
