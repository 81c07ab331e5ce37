package org.raftboot.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.raftboot.transport.TlsConfig;

/** Turns {@code raft.transport.tls.*} into the transport's TLS settings, checking the files first. */
final class TransportSecurity {

	private TransportSecurity() {
	}

	static @Nullable TlsConfig tls(RaftProperties.Tls tls) {
		if (!tls.isEnabled()) {
			return null;
		}
		Path chain = readable("raft.transport.tls.certificate-chain", tls.getCertificateChain());
		Path key = readable("raft.transport.tls.private-key", tls.getPrivateKey());
		Path trusted = readable("raft.transport.tls.trusted-certificates", tls.getTrustedCertificates());
		return TlsConfig.pem(chain, key, trusted).hostnameVerification(tls.isHostnameVerification());
	}

	private static Path readable(String property, @Nullable Path file) {
		if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw RaftStartupException.tlsFileMissing(property, file);
		}
		return file;
	}

}
