package dev.sluice.controlplane.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.auth.VerificationKeys;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The P-256 keys that sign aml_tokens, kept in {@code signing-keys.json} (mode 0600) in the data folder: one current
 * key, and the keys retired by {@link #rotate()} for as long as a token they signed may live, so that a rotation
 * rejects no token issued before it. Implements {@link VerificationKeys} for the gateway: a lookup in an immutable
 * map swapped on rotation. Never logs or prints a private key.
 */
public final class SigningKeyring implements VerificationKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One key and when it stopped signing (null: it is the current key). */
    private record Entry(ECKey key, Instant createdAt, Instant retiredAt) {
    }

    /** An immutable view: the signer of the current key and the public keys by id. */
    private record State(List<Entry> entries, ECKey current, ECDSASigner signer, Map<String, ECPublicKey> publicKeys) {
    }

    private final Path file;
    private final Clock clock;
    private volatile State state;

    private SigningKeyring(Path file, Clock clock, State state) {
        this.file = file;
        this.clock = clock;
        this.state = state;
    }

    /** Reads the keyring, or makes one with a fresh key on first start. */
    public static synchronized SigningKeyring loadOrCreate(Path file, Clock clock) {
        List<Entry> entries = Files.isRegularFile(file) ? read(file) : new ArrayList<>();
        SigningKeyring ring = new SigningKeyring(file, clock, null);
        if (entries.stream().noneMatch(e -> e.retiredAt() == null)) {
            entries.add(new Entry(generate(), clock.instant(), null));
            ring.state = ring.keep(entries);
            ring.save();
        } else {
            ring.state = ring.keep(entries);
        }
        return ring;
    }

    @Override
    public ECPublicKey find(String kid) {
        return kid == null ? null : state.publicKeys().get(kid);
    }

    /** The id of the key that signs now. */
    public String currentKeyId() {
        return state.current().getKeyID();
    }

    /** Every key that verifies, current first: ids and when each was made and retired. */
    public List<Map<String, String>> describe() {
        List<Map<String, String>> out = new ArrayList<>();
        for (Entry e : state.entries()) {
            Map<String, String> line = new java.util.LinkedHashMap<>();
            line.put("kid", e.key().getKeyID());
            line.put("createdAt", String.valueOf(e.createdAt()));
            line.put("retiredAt", e.retiredAt() == null ? null : e.retiredAt().toString());
            out.add(line);
        }
        return out;
    }

    /**
     * A new current key; the old one keeps verifying for a token lifetime (plus the clock skew), then is dropped.
     * Survives a restart: written (atomically, 0600) before it takes effect.
     */
    public synchronized String rotate() {
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>();
        for (Entry e : state.entries()) {
            entries.add(e.retiredAt() == null ? new Entry(e.key(), e.createdAt(), now) : e);
        }
        entries.add(0, new Entry(generate(), now, null));
        State next = keep(entries);
        write(file, next.entries());
        state = next;
        return next.current().getKeyID();
    }

    /** Signs the claims with the current key ({@code kid} in the header, {@code typ: JWT}). */
    public String sign(JWTClaimsSet claims) {
        State current = state;
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.current().getKeyID())
                .type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** Drops keys retired longer ago than a token can live, and builds the lookup. */
    private State keep(List<Entry> entries) {
        Instant horizon = clock.instant().minus(AmlTokens.LIFETIME).minus(AmlTokens.CLOCK_SKEW);
        List<Entry> kept = new ArrayList<>();
        Map<String, ECPublicKey> publicKeys = new HashMap<>();
        ECKey current = null;
        for (Entry e : entries) {
            if (e.retiredAt() != null && e.retiredAt().isBefore(horizon)) {
                continue;
            }
            kept.add(e);
            try {
                publicKeys.put(e.key().getKeyID(), e.key().toECPublicKey());
            } catch (JOSEException ex) {
                throw SluiceException.wrap(ErrorCode.INTERNAL, "signing key " + e.key().getKeyID() + " is unusable", ex);
            }
            if (e.retiredAt() == null && current == null) {
                current = e.key();
            }
        }
        try {
            return new State(List.copyOf(kept), current, new ECDSASigner(current), Map.copyOf(publicKeys));
        } catch (JOSEException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "the current signing key is unusable", e);
        }
    }

    private void save() {
        write(file, state.entries());
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString().replace("-", "").substring(0, 16)).generate();
        } catch (JOSEException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot generate a P-256 signing key", e);
        }
    }

    private static List<Entry> read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode node : root.path("keys")) {
                entries.add(new Entry(ECKey.parse(node.path("jwk").toString()),
                        Instant.parse(node.path("createdAt").asText()),
                        node.path("retiredAt").isTextual() ? Instant.parse(node.path("retiredAt").asText()) : null));
            }
            return entries;
        } catch (IOException | ParseException | RuntimeException e) {
            // The message names the file only: the parser's message could quote key material.
            throw SluiceException.of(ErrorCode.INTERNAL, "the signing keys in " + file + " cannot be read (expected:"
                    + " the JSON file Sluice writes; move it away to start with a new key, which invalidates every"
                    + " token issued so far)");
        }
    }

    private static void write(Path file, List<Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode keys = root.putArray("keys");
        for (Entry e : entries) {
            ObjectNode node = keys.addObject();
            try {
                node.set("jwk", JSON.readTree(e.key().toJSONString()));
            } catch (IOException ex) {
                throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot write a signing key", ex);
            }
            node.put("createdAt", e.createdAt().toString());
            node.put("retiredAt", e.retiredAt() == null ? null : e.retiredAt().toString());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".signing-keys", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot write the signing keys to " + file, ex);
        }
    }
}
