package dev.sluice.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    @TempDir
    Path dir;

    @Test
    void theServerCertificateNamesEveryLocalAddressAndIsSignedByTheCa() throws Exception {
        TlsMaterial tls = LocalCertificateAuthority.in(dir, Clock.systemUTC()).ensure();
        X509Certificate server = certificates(tls.certificate()).get(0);
        X509Certificate ca = certificates(tls.caCert()).get(0);
        server.verify(ca.getPublicKey());
        server.checkValidity();
        Collection<List<?>> sans = server.getSubjectAlternativeNames();
        assertThat(sans.stream().map(s -> String.valueOf(s.get(1))).collect(Collectors.toList()))
                .contains("localhost", "*.localhost", "127.0.0.1")
                .anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1"));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void privateKeysAreOnlyReadableByTheOwner() throws Exception {
        TlsMaterial tls = LocalCertificateAuthority.in(dir, Clock.systemUTC()).ensure();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(tls.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void validCertificatesAreKeptAcrossRestarts() throws Exception {
        TlsMaterial first = LocalCertificateAuthority.in(dir, Clock.systemUTC()).ensure();
        String before = Files.readString(first.caCert());
        TlsMaterial second = LocalCertificateAuthority.in(dir, Clock.systemUTC()).ensure();
        assertThat(Files.readString(second.caCert())).isEqualTo(before);
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).collect(Collectors.toList());
        }
    }
}
