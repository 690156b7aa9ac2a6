package dev.lanshare.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The benchmark's delaying relay: every byte arrives, in order, and never sooner than the delay allows. */
class RelayTest {
    @Test
    void bytesArriveWholeAndNoSoonerThanTheDelayEachWay() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception e) {
                    // the test fails on what it reads
                }
            });
            server.setDaemon(true);
            server.start();
            try (Relay relay = Relay.start(echo.getLocalPort(), 5);
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                long t0 = System.nanoTime();
                s.getOutputStream().write(1);
                s.getInputStream().read();
                long roundTrip = System.nanoTime() - t0;
                assertTrue(roundTrip >= 10_000_000L, "a round trip through 5 ms each way took " + roundTrip + " ns");

                byte[] sent = new byte[5_000_000];
                new Random(1).nextBytes(sent);
                Thread writer = new Thread(() -> {
                    try {
                        s.getOutputStream().write(sent);
                        s.shutdownOutput();
                    } catch (Exception e) {
                        // the reader sees it
                    }
                });
                writer.start();
                byte[] back = s.getInputStream().readAllBytes();
                writer.join();
                assertArrayEquals(sent, back);
            }
        }
    }
}
