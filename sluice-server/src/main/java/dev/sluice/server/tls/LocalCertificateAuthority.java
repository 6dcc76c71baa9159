package dev.sluice.server.tls;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates a server makes for itself on first start: a local CA and a server certificate it signs
 * for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and {@code *.localhost}. Clients trust the CA file
 * ({@code curl --cacert}); nothing is added to the system's trust store. Kept and reused while valid.
 */
public final class LocalCertificateAuthority {

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final List<String> DNS_NAMES = List.of("localhost", "*.localhost");
    private static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");

    private final Path dir;
    private final Clock clock;
    private final SecureRandom random;

    private LocalCertificateAuthority(Path dir, Clock clock, SecureRandom random) {
        this.dir = dir;
        this.clock = clock;
        this.random = random;
    }

    public static LocalCertificateAuthority in(Path tlsDir, Clock clock) {
        return new LocalCertificateAuthority(tlsDir, clock, new SecureRandom());
    }

    /** The CA and server certificate, made now unless valid ones exist already. */
    public TlsMaterial ensure() {
        Path caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        try {
            Files.createDirectories(dir);
            if (validFor(cert, RENEW_BEFORE) && validFor(caCert, RENEW_BEFORE) && Files.exists(key)) {
                return new TlsMaterial(cert, key, caCert);
            }
            KeyPair ca = newKeyPair();
            X509Certificate caCertificate = caCertificate(ca);
            KeyPair server = newKeyPair();
            X509Certificate serverCertificate = serverCertificate(server, ca, caCertificate);
            writePrivate(caKey, pem(ca.getPrivate()));
            writePublic(caCert, pem(caCertificate));
            writePrivate(key, pem(server.getPrivate()));
            // The chain lets clients that only know the CA verify the server certificate.
            writePublic(cert, pem(serverCertificate) + pem(caCertificate));
            return new TlsMaterial(cert, key, caCert);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot create TLS certificates in " + dir + ": " + e, e);
        }
    }

    private X509Certificate caCertificate(KeyPair ca) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        X500Name name = new X500Name("CN=Sluice local CA,O=Sluice");
        Instant now = Instant.now(clock);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name, ca.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private X509Certificate serverCertificate(KeyPair server, KeyPair ca, X509Certificate caCertificate)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now(clock);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_LIFETIME)),
                new X500Name("CN=localhost,O=Sluice"), server.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
        int n = 0;
        for (String dns : DNS_NAMES) {
            names[n++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : IP_ADDRESSES) {
            names[n++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(server.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        X509CertificateHolder holder = builder.build(signer);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** ECDSA P-256: fast handshakes, and every TLS client supports it. */
    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(64, random).abs().add(BigInteger.ONE);
    }

    private boolean validFor(Path pem, Duration margin) {
        if (!Files.isRegularFile(pem)) {
            return false;
        }
        try (var in = Files.newInputStream(pem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getNotAfter().toInstant().isAfter(Instant.now(clock).plus(margin));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
        }
        return out.toString();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".pem", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
