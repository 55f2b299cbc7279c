package org.fedqnn.datasets.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for download tests: good, truncated, missing, slow and stalling
 * responses. {@link #close()} releases every blocked handler before stopping.
 */
final class TestServer implements AutoCloseable {

    final HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    URI base(String folder) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/");
    }

    /** Serves {@code data} in full at {@code /folder/}. */
    void serve(String folder, byte[] data) {
        server.createContext("/" + folder + "/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(data);
            }
        });
    }

    /** Announces {@code data.length} bytes but sends only {@code sent} and closes. */
    void serveTruncated(String folder, byte[] data, int sent) {
        server.createContext("/" + folder + "/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            out.write(data, 0, sent);
            out.flush();
            closeExpectingFailure(ex);
        });
    }

    void serveStatus(String folder, int status) {
        server.createContext("/" + folder + "/", ex -> {
            requests.incrementAndGet();
            byte[] body = ("status " + status).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** Blocks before sending any header until released. */
    void serveSlowHeaders(String folder) {
        server.createContext("/" + folder + "/", ex -> {
            requests.incrementAndGet();
            awaitRelease();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
    }

    /** Sends the headers and {@code sent} bytes, then blocks until released. */
    void serveStall(String folder, byte[] data, int sent) {
        server.createContext("/" + folder + "/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            out.write(data, 0, sent);
            out.flush();
            awaitRelease();
            closeExpectingFailure(ex);
        });
    }

    private void awaitRelease() throws IOException {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IOException("test handler was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("test handler interrupted", e);
        }
    }

    /** Closing a fixed-length body that is short makes the server drop the connection. */
    private static void closeExpectingFailure(HttpExchange ex) {
        ex.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
