package org.raftboot.transport;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made up for a test, and the node certificates it signs (EC P-256, PEM files). */
final class TestCertificates {

	private static final AtomicLong serial = new AtomicLong(1);

	private final Path dir;

	private final String name;

	private final KeyPair keys;

	private final X509Certificate certificate;

	private TestCertificates(Path dir, String name) throws Exception {
		this.dir = dir;
		this.name = name;
		this.keys = newKeyPair();
		this.certificate = sign(new X500Name("CN=" + name), this.keys.getPublic(), true);
	}

	static TestCertificates authority(Path dir, String name) throws Exception {
		return new TestCertificates(dir, name);
	}

	/** The authority's certificate, to be trusted by peers. */
	Path certificatePem() throws IOException {
		return writePem(this.name + "-ca.pem", this.certificate);
	}

	/** A node key pair and certificate (valid for 127.0.0.1 and localhost) signed by this authority. */
	Node issue(String node) throws Exception {
		KeyPair nodeKeys = newKeyPair();
		X509Certificate nodeCertificate = sign(new X500Name("CN=" + node), nodeKeys.getPublic(), false);
		return new Node(nodeKeys.getPrivate(), nodeCertificate,
				writePem(this.name + "-" + node + ".pem", nodeCertificate),
				writePem(this.name + "-" + node + "-key.pem", new JcaPKCS8Generator(nodeKeys.getPrivate(), null)));
	}

	/** TLS settings for a node certified by this authority and trusting {@code trusted}. */
	TlsConfig tls(String node, TestCertificates trusted) throws Exception {
		Node issued = issue(node);
		return TlsConfig.pem(issued.certificatePem(), issued.privateKeyPem(), trusted.certificatePem());
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	private X509Certificate sign(X500Name subject, PublicKey publicKey, boolean authority)
			throws IOException, OperatorCreationException, GeneralSecurityException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + this.name),
				BigInteger.valueOf(serial.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), subject, publicKey);
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
		if (authority) {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		else {
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.keys.getPrivate())));
	}

	private Path writePem(String fileName, Object object) throws IOException {
		Path file = this.dir.resolve(fileName);
		try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
			pem.writeObject(object);
		}
		return file;
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		return generator.generateKeyPair();
	}

	/** A node's private key and certificate, in memory and as PEM files. */
	record Node(PrivateKey privateKey, X509Certificate certificate, Path certificatePem, Path privateKeyPem) {

		KeyStore keyStore(char[] password) throws Exception {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("node", this.privateKey, password, new Certificate[] { this.certificate });
			return store;
		}
	}
}
