package dev.sluice.controlplane.service;

import dev.sluice.controlplane.api.ApiSecurity;
import dev.sluice.controlplane.api.ManagementApi;
import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.autoscale.AutoscaleSettings;
import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.controlplane.metrics.MetricsQuery;
import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.controlplane.tokens.AmlTokenIssuer;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.controlplane.artifacts.Zips;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.spec.CodeConfiguration;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EnvironmentSpec;
import dev.sluice.core.spec.ModelSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.store.JdbcStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Both services over the real SQLite store, a fake runtime, a hand-moved clock and a real artifact store, all in
 * a temp folder. Close it after the test.
 */
public final class ServiceFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-29T07:00:00Z");

    public final JdbcStore store;
    public final FakeRuntime runtime = new FakeRuntime();
    public final MutableClock clock = new MutableClock(START);
    public final DataDir dataDir;
    public final ArtifactStore artifacts;
    public final SigningKeyring keyring;
    public final AmlTokenIssuer issuer;
    public final AccessTokenService tokens;
    public final EndpointService endpoints;
    public final DeploymentService deployments;
    public final RegistryService registry;
    public final ArtifactRef model;
    public final ArtifactRef code;
    public final ArtifactRef conda;

    public ServiceFixture(Path folder) {
        dataDir = new DataDir(folder.resolve("data"));
        store = JdbcStore.sqlite(dataDir.database());
        artifacts = ArtifactStore.create(dataDir, 1024 * 1024);
        MutationLock lock = MutationLock.create();
        keyring = SigningKeyring.loadOrCreate(dataDir.signingKeys(), clock);
        issuer = AmlTokenIssuer.create(keyring, clock);
        tokens = AccessTokenService.create(store.tokens(), clock, new SecureRandom());
        endpoints = EndpointService.create(store, runtime, lock, clock, new SecureRandom(), issuer,
                Optional.of("https://idp.example"));
        deployments = DeploymentService.create(store, artifacts, runtime, lock, clock);
        registry = RegistryService.create(store, artifacts, lock, clock);
        model = Zips.upload(artifacts, folder, Zips.files("model/model.txt", "weights"));
        code = Zips.upload(artifacts, folder, Zips.files("score.py", "def init(): pass\ndef run(raw): return raw\n"));
        conda = Zips.upload(artifacts, folder, Zips.files("conda.yaml", "name: env\ndependencies: [python=3.11]\n"));
    }

    /** The security of a management API over this fixture, with {@code adminToken} as the admin token. */
    public ApiSecurity security(String adminToken) {
        return new ApiSecurity(adminToken, tokens, keyring, store.audit(), clock, Optional.of("https://idp.example"));
    }

    /** A valid deployment of endpoint {@code endpoint} that runs the uploaded artifacts. */
    public DeploymentSpec deploymentSpec(String name, String endpoint) {
        return DeploymentSpec.builder()
                .name(name)
                .endpointName(endpoint)
                .model(ModelSpec.ofPath(model.toString(), ModelType.CUSTOM_MODEL))
                .codeConfiguration(new CodeConfiguration(code.toString(), "score.py"))
                .environment(new EnvironmentSpec(null, null, null, null, "python:3.11", conda.toString(), null, null,
                        null, null))
                .instanceType("Standard_DS3_v2")
                .build();
    }

    public void endpointWithDeployments(String endpoint, String... names) {
        endpoints.create(EndpointSpec.named(endpoint));
        for (String name : names) {
            deployments.create(endpoint, deploymentSpec(name, endpoint));
        }
    }

    public void setTraffic(String endpoint, Map<String, Integer> traffic, Map<String, Integer> mirror) {
        EndpointSpec spec = endpoints.get(endpoint).spec().withTraffic(traffic).withMirrorTraffic(mirror);
        endpoints.replace(endpoint, spec);
    }

    /** Autoscale settings and metric queries over this fixture's store, for the API. */
    public ManagementApi.Scaling scaling() {
        return new ManagementApi.Scaling(AutoscaleSettings.create(store, store.autoscale(),
                AutoscaleSettingReader.create(ZoneResolver.iana()), clock),
                MetricsQuery.create(store, MetricStore.create(store.metricArchive()), clock));
    }

    @Override
    public void close() {
        store.close();
    }
}
