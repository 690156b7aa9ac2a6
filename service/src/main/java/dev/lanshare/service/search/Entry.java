package dev.lanshare.service.search;

/**
 * One file or folder as the index holds it.
 *
 * @param path     the client path, {@code /Share/folder/file}
 * @param modified milliseconds since the epoch
 */
record Entry(String share, String path, String name, boolean folder, long size, long modified) {
    /** The client path of the folder that holds it. */
    String parent() {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** Whether the index needs rewriting for this entry, given what it holds now. */
    boolean differsFrom(Entry indexed) {
        return indexed == null || indexed.folder != folder || indexed.size != size || indexed.modified != modified;
    }
}
