package dev.lanshare.config;

import java.util.Locale;

/** What someone may do in a share. */
public enum Access {
    READ,
    WRITE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "read"/"reader"/"write"/"writer"; returns null for anything else. */
    public static Access parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "read": case "reader": case "read-only":
                return READ;
            case "write": case "writer": case "read-write":
                return WRITE;
            default:
                return null;
        }
    }

    public Access min(Access other) {
        return this == READ || other == READ ? READ : WRITE;
    }
}
