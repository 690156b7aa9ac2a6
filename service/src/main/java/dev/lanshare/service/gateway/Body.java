package dev.lanshare.service.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/** A request body read whole before Jackrabbit parses it, so that its size is capped. */
final class Body extends HttpServletRequestWrapper {
    private final ByteArrayInputStream data;

    private Body(HttpServletRequest request, byte[] data) {
        super(request);
        this.data = new ByteArrayInputStream(data);
    }

    /**
     * {@code request}, its body read when its length is not declared; null when it holds more than {@code max}
     * bytes (a declared length is believed: Jetty never reads past it).
     */
    static HttpServletRequest capped(HttpServletRequest request, int max) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        if (declared >= 0 || request.getHeader("Transfer-Encoding") == null) {
            return request;
        }
        byte[] body = request.getInputStream().readNBytes(max + 1);
        return body.length > max ? null : new Body(request, body);
    }

    @Override
    public ServletInputStream getInputStream() {
        return new ServletInputStream() {
            @Override
            public int read() {
                return data.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return data.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return data.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("read whole already");
            }
        };
    }
}
