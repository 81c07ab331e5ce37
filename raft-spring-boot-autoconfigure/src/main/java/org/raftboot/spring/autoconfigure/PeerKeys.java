package org.raftboot.spring.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.NumberUtils;

/**
 * Checks that no two keys of {@code raft.peers} name the same member. The binder turns both
 * {@code raft.peers.1} and {@code raft.peers.01} into id 1 and keeps one of the two addresses without a
 * word, so the keys are read from the environment, as written, before binding merges them. The same
 * key in several property sources is an ordinary override.
 */
final class PeerKeys {

	private static final ConfigurationPropertyName PEERS = ConfigurationPropertyName.of("raft.peers");

	private PeerKeys() {
	}

	static void check(Environment environment) {
		Map<Long, String> keys = new HashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.filter(PEERS::isParentOf).forEach((name) -> {
				String key = name.getLastElement(Form.ORIGINAL);
				Long id = id(key);
				String other = (id != null) ? keys.putIfAbsent(id, key) : null;
				if (other != null && !other.equals(key)) {
					boolean otherFirst = other.compareTo(key) < 0;
					throw RaftStartupException.duplicatePeerId(id, otherFirst ? other : key, otherFirst ? key : other);
				}
			});
		}
	}

	/** The id the binder makes of {@code key}, or null when it makes none (binding then fails on its own). */
	private static @Nullable Long id(String key) {
		try {
			return NumberUtils.parseNumber(key, Long.class);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
