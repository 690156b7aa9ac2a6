package dev.lanshare.service.events;

import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens in the service that clients may want to hear about (a peer came or went, the shares changed,
 * someone connected), handed to every subscriber. Subscribers must not block: the control channel queues.
 */
public final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    /** @param type for example {@code shares-changed}, {@code session-opened}, {@code peer-found} */
    public record Event(String type, Map<String, Object> data) {
    }

    private final CopyOnWriteArrayList<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(String type, Map<String, Object> data) {
        Event event = new Event(type, data);
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("an event subscriber failed on {}", type, e);
            }
        }
    }
}
