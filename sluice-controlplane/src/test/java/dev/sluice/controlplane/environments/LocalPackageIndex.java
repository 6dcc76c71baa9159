package dev.sluice.controlplane.environments;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A package index on loopback (PEP 503 "simple" pages) serving one pure-Python wheel built in memory, so that the
 * resolver's pip path runs for real without any network beyond loopback.
 */
final class LocalPackageIndex implements AutoCloseable {

    private final HttpServer server;
    private final String project;
    private final String module;

    private LocalPackageIndex(HttpServer server, String project, String module) {
        this.server = server;
        this.project = project;
        this.module = module;
    }

    /** Serves {@code project==version}, whose module {@code module} holds {@code VALUE = 42}. */
    static LocalPackageIndex serving(String project, String module, String version) throws IOException {
        String file = module + "-" + version + "-py3-none-any.whl";
        byte[] wheel = wheel(project, module, version);
        String sha = HexFormat.of().formatHex(sha256(wheel));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type = "text/html";
            if (path.equals("/simple/") || path.equals("/simple")) {
                body = ("<html><body><a href=\"/simple/" + project + "/\">" + project + "</a></body></html>").getBytes();
            } else if (path.equals("/simple/" + project + "/")) {
                body = ("<html><body><a href=\"/files/" + file + "#sha256=" + sha + "\">" + file + "</a></body></html>")
                        .getBytes();
            } else if (path.equals("/files/" + file)) {
                body = wheel;
                type = "application/octet-stream";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("content-type", type);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return new LocalPackageIndex(server, project, module);
    }

    URI simpleUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/simple/");
    }

    String module() {
        return module;
    }

    private static byte[] wheel(String project, String module, String version) throws IOException {
        String info = module + "-" + version + ".dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(module + "/__init__.py", "VALUE = 42\n".getBytes(StandardCharsets.UTF_8));
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: sluice-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "top_level.txt", (module + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((name, bytes) -> record.append(name).append(",sha256=")
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes))).append(',')
                .append(bytes.length).append('\n'));
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return zip.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
