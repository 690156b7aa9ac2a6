package dev.lanshare.tray.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoticesTest {
    static TrayState with(Peer... peers) {
        return new TrayState(true, false, "me", 2222, "fp", List.of(), List.of(), List.of(peers), List.of(), "");
    }

    static Peer ben(String... shares) {
        return new Peer("Ben's Mac", "d1", "sftp://ben.local:2222/", "",
                java.util.Arrays.stream(shares).map(s -> new Peer.Share(s, true, false)).toList());
    }

    @Test
    void aColleagueWhoAppearsAndWhatTheyShare() {
        assertEquals(List.of(new Notices.Notice("Ben's Mac is on the network", "Sharing Drawings, Handouts.")),
                Notices.between(with(), with(ben("Drawings", "Handouts"))));
    }

    @Test
    void aNewShareOfAKnownColleague() {
        assertEquals(List.of(new Notices.Notice("Ben's Mac shares more", "Now sharing Handouts.")),
                Notices.between(with(ben("Drawings")), with(ben("Drawings", "Handouts"))));
    }

    @Test
    void nothingWhenNothingIsNewOrOnConnecting() {
        assertEquals(List.of(), Notices.between(with(ben("Drawings")), with(ben("Drawings"))));
        assertEquals(List.of(), Notices.between(with(ben("Drawings", "X")), with(ben("Drawings"))));
        assertEquals(List.of(), Notices.between(TrayState.notRunning(List.of(), ""), with(ben("Drawings"))));
    }

    @Test
    void someoneConnectingFromTheControlChannelsEvent() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(java.util.Optional.of(new Notices.Notice("ben connected to your shares",
                "From 192.168.1.20. 2 connections are open now.")), Notices.ofEvent(event(json.readTree(
                "{\"event\":\"session-opened\",\"data\":{\"account\":\"ben\",\"address\":\"192.168.1.20\","
                        + "\"sessions\":2}}"))));
        assertEquals("A guest connected to your shares", Notices.ofEvent(event(json.readTree("{\"event\":"
                + "\"session-opened\",\"data\":{\"account\":\"guest\",\"sessions\":1}}"))).orElseThrow().title());
        assertEquals(java.util.Optional.empty(), Notices.ofEvent(event(json.readTree(
                "{\"event\":\"session-closed\",\"data\":{\"account\":\"ben\"}}"))), "leaving is no news");
    }

    private static dev.lanshare.service.control.Protocol.ServiceEvent event(
            com.fasterxml.jackson.databind.JsonNode message) {
        return dev.lanshare.service.control.Protocol.ServiceEvent.of(message);
    }
}
