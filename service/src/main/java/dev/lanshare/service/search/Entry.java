package dev.lanshare.service.search;

/**
 * One file or folder as the index holds it.
 *
 * @param parent   the client path of the folder that holds it, {@code /Share/folder}
 * @param modified milliseconds since the epoch
 */
record Entry(String share, String parent, String name, boolean folder, long size, long modified) {
    /** The client path, {@code /Share/folder/file}. */
    String path() {
        return parent + "/" + name;
    }

    /** Whether the index needs rewriting for this entry, given what it holds now. */
    boolean differsFrom(Entry indexed) {
        return indexed == null || indexed.folder != folder || indexed.size != size || indexed.modified != modified;
    }
}
