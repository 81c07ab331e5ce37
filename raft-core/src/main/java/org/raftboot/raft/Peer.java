package org.raftboot.raft;

import org.jspecify.annotations.Nullable;

/**
 * A member of the initial configuration given to {@link RawNode#bootstrap}.
 *
 * @param id the member's id (non-zero, never reused)
 * @param context opaque bytes carried in the member's configuration-change entry, or
 * {@code null} for none
 */
public record Peer(long id, byte @Nullable [] context) {

	/** A peer without context. */
	public Peer(long id) {
		this(id, null);
	}

}
