/**
 * DNS-SD announcements and the peer directory: the only package that uses JmDNS. {@link
 * dev.lanshare.service.discovery.Discovery} is the entry point; {@link dev.lanshare.service.discovery.Peer} and
 * {@link dev.lanshare.service.discovery.PeerEvent} are what clients see. The TXT protocol is written down in
 * {@code docs/discovery.md}.
 */
package dev.lanshare.service.discovery;
