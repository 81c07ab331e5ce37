package org.raftboot.transport;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.transport.RecordingListener.Report;
import org.raftboot.transport.RecordingListener.SnapshotStatus;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

class NettyTransportTlsTests {

	private final TestNodes nodes = new TestNodes();

	@TempDir
	Path dir;

	private TestCertificates authority;

	private TestCertificates rogueAuthority;

	@BeforeEach
	void createAuthorities() throws Exception {
		this.authority = TestCertificates.authority(this.dir, "raft-ca");
		this.rogueAuthority = TestCertificates.authority(this.dir, "rogue-ca");
	}

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void peersCertifiedByTheTrustedAuthorityExchangeMessagesAndSnapshotsOverMutualTls() throws Exception {
		Node a = tlsNode(1, this.authority.tls("node-1", this.authority));
		Node b = tlsNode(2, this.authority.tls("node-2", this.authority));
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1), TestNodes.heartbeat(1, 2, 2)));
		b.transport().send(List.of(TestNodes.heartbeat(2, 1, 1)));
		eventually().until(() -> b.handler().count() == 2 && a.handler().count() == 1);
		ByteString data = ByteString.copyFrom(new byte[3 * 1024 * 1024 + 17]);
		a.transport().send(List.of(Message.newBuilder()
			.setType(MessageType.MsgSnap)
			.setFrom(1)
			.setTo(2)
			.setSnapshot(Snapshot.newBuilder().setData(data))
			.build()));
		eventually().until(() -> !a.listener().snapshotStatuses.isEmpty());
		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, true));
		assertThat(b.handler().snapshots.get(0).payload().toByteString()).isEqualTo(data);
		b.handler().snapshots.get(0).payload().close();
		assertThat(b.transport().metrics().rejectedConnections()).isZero();
	}

	@Test
	void tlsSettingsFromKeyStoresWorkLikePemFiles() throws Exception {
		char[] password = "secret".toCharArray();
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", this.authority.certificate());
		Node a = tlsNode(1, TlsConfig.keyStores(this.authority.issue("node-1").keyStore(password), password, trust));
		Node b = tlsNode(2, this.authority.tls("node-2", this.authority));
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1)));
		b.transport().send(List.of(TestNodes.heartbeat(2, 1, 1)));
		eventually().until(() -> b.handler().count() == 1 && a.handler().count() == 1);
	}

	@Test
	void aPlaintextPeerIsRefused() throws Exception {
		Node secure = tlsNode(2, this.authority.tls("node-2", this.authority));
		Node plain = this.nodes.start(3);
		TestNodes.mesh(secure, plain);
		eventually().untilAsserted(() -> {
			plain.transport().send(List.of(TestNodes.heartbeat(3, 2, 1)));
			assertThat(secure.transport().metrics().rejectedConnections(RejectReason.TLS_HANDSHAKE)).isPositive();
			assertThat(plain.listener().unreachable).contains(new Report(0, 2));
		});
		assertThat(secure.handler().count()).isZero();
	}

	@Test
	void aPeerSignedByAnotherAuthorityIsRefusedAndIsNotTrustedEither() throws Exception {
		Node secure = tlsNode(2, this.authority.tls("node-2", this.authority));
		Node rogue = tlsNode(3, this.rogueAuthority.tls("node-3", this.authority));
		TestNodes.mesh(secure, rogue);
		eventually().untilAsserted(() -> {
			rogue.transport().send(List.of(TestNodes.heartbeat(3, 2, 1)));
			assertThat(secure.transport().metrics().rejectedConnections(RejectReason.TLS_HANDSHAKE)).isPositive();
			assertThat(rogue.listener().unreachable).contains(new Report(0, 2));
		});
		eventually().untilAsserted(() -> {
			secure.transport().send(List.of(TestNodes.heartbeat(2, 3, 1)));
			assertThat(secure.listener().unreachable).contains(new Report(0, 3));
		});
		assertThat(secure.handler().count()).isZero();
		assertThat(rogue.handler().count()).isZero();
		assertThat(secure.peer(3).connectionsEstablished()).isZero();
	}

	private Node tlsNode(long id, TlsConfig tls) {
		return this.nodes.start(id, (config) -> config.tls(tls));
	}
}
