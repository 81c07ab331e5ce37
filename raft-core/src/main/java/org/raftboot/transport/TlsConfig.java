package org.raftboot.transport;

import java.io.File;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Mutual TLS between peers: each node presents a certificate and accepts only peers whose certificate
 * chains to the trusted authorities. When configured, plaintext connections are refused. Built from
 * PEM files or from key stores.
 */
public final class TlsConfig {

	private final @Nullable Path certificateChain;

	private final @Nullable Path privateKey;

	private final @Nullable Path trustedCertificates;

	private final @Nullable KeyManagerFactory keyManagers;

	private final @Nullable TrustManagerFactory trustManagers;

	private final boolean hostnameVerification;

	private TlsConfig(@Nullable Path certificateChain, @Nullable Path privateKey, @Nullable Path trustedCertificates,
			@Nullable KeyManagerFactory keyManagers, @Nullable TrustManagerFactory trustManagers,
			boolean hostnameVerification) {
		this.certificateChain = certificateChain;
		this.privateKey = privateKey;
		this.trustedCertificates = trustedCertificates;
		this.keyManagers = keyManagers;
		this.trustManagers = trustManagers;
		this.hostnameVerification = hostnameVerification;
	}

	/**
	 * TLS from PEM files: this node's certificate chain, its PKCS#8 private key (unencrypted), and the
	 * certificates of the authorities that sign peers. Hostname verification is on.
	 */
	public static TlsConfig pem(Path certificateChain, Path privateKey, Path trustedCertificates) {
		return new TlsConfig(certificateChain, privateKey, trustedCertificates, null, null, true);
	}

	/** TLS from key stores: this node's key entry (with {@code password}) and the trusted authorities. */
	public static TlsConfig keyStores(KeyStore keyStore, char[] password, KeyStore trustStore) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(keyStore, password);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore);
			return new TlsConfig(null, null, null, keys, trust, true);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Cannot use the key stores for TLS: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The same settings with the check that a peer's certificate names the host it was reached at
	 * switched on or off (on by default; switch off only when certificates do not carry peer addresses).
	 */
	public TlsConfig hostnameVerification(boolean enabled) {
		return new TlsConfig(this.certificateChain, this.privateKey, this.trustedCertificates, this.keyManagers,
				this.trustManagers, enabled);
	}

	SslContext serverContext() {
		SslContextBuilder builder = (this.keyManagers != null) ? SslContextBuilder.forServer(this.keyManagers)
				: SslContextBuilder.forServer(file(this.certificateChain), file(this.privateKey));
		return build(trusting(builder).clientAuth(ClientAuth.REQUIRE));
	}

	SslContext clientContext() {
		SslContextBuilder builder = SslContextBuilder.forClient();
		if (this.keyManagers != null) {
			builder.keyManager(this.keyManagers);
		}
		else {
			builder.keyManager(file(this.certificateChain), file(this.privateKey));
		}
		return build(trusting(builder).endpointIdentificationAlgorithm(this.hostnameVerification ? "HTTPS" : null));
	}

	private SslContextBuilder trusting(SslContextBuilder builder) {
		return (this.trustManagers != null) ? builder.trustManager(this.trustManagers)
				: builder.trustManager(file(this.trustedCertificates));
	}

	private static SslContext build(SslContextBuilder builder) {
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new TransportException("Cannot load the TLS material: " + ex.getMessage(), ex);
		}
	}

	private static File file(@Nullable Path path) {
		if (path == null) {
			throw new IllegalStateException("PEM file not set");
		}
		return path.toFile();
	}
}
