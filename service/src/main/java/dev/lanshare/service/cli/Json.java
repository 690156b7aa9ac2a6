package dev.lanshare.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code --json} output: stable field names that scripts can rely on. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A record as the JSON object it is sent as, in its fields' order. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> map(Object value) {
        return MAPPER.convertValue(value, java.util.LinkedHashMap.class);
    }

    static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
