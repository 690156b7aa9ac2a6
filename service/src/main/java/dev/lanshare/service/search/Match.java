package dev.lanshare.service.search;

/**
 * One result: a client path ({@code /Share/folder/file}), never a host path.
 *
 * @param modified milliseconds since the epoch
 */
public record Match(String path, boolean folder, long size, long modified) {
}
