package org.raftboot.transport;

/** What every peer's outbound side shares: settings, callbacks, the connector and the backoff policy. */
record PeerContext(TransportConfig config, TransportListener listener, Connector connector, Backoff backoff) {
}
