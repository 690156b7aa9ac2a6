package dev.lanshare.service.gateway;

/** One file or folder as a listing shows it; {@code modified} in milliseconds since the epoch. */
record Entry(String name, boolean folder, long size, long modified) {
    static Entry folder(String name, long modified) {
        return new Entry(name, true, 0, modified);
    }

    /** A strong validator that changes with the size and the time. */
    String etag() {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + (folder ? "-d" : "") + "\"";
    }
}
