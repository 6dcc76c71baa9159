package dev.sluice.controlplane.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.controlplane.service.MutableClock;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.testing.Samples;
import dev.sluice.store.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Autoscale settings as the management API changes them, over the real store. */
class AutoscaleSettingsTest {

    private static final DeploymentId BLUE = new DeploymentId("shop", "blue");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private JdbcStore store;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void setUp() {
        store = JdbcStore.sqlite(dir.resolve("sluice.db"));
        store.createEndpoint(Samples.endpoint("shop"));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aCreateThatRacedAnotherPastTheCheckConflictsAndKeepsTheFirst() throws Exception {
        deploy(1);
        AtomicBoolean stale = new AtomicBoolean();
        AutoscaleSettings settings = settings(Failing.in(AutoscaleStore.class, store.autoscale(), "findSetting",
                args -> stale.get() ? Optional.empty() : null));
        settings.create(BLUE, setting(1, 3, 2));
        stale.set(true); // the second create checked before the first one inserted: it saw no setting

        assertThatThrownBy(() -> settings.create(BLUE, setting(1, 5, 2)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("shop/blue").contains("has an autoscale setting already");
                });
        stale.set(false);
        assertThat(settings.get(BLUE).setting().at("/profiles/0/capacity/maximum").asText()).isEqualTo("3");
    }

    @Test
    void deletingTheSettingOfADeploymentAtZeroGivesItTheDefaultCapacityAndSaysSo() throws Exception {
        deploy(0);
        AutoscaleSettings settings = settings(store.autoscale());
        settings.create(BLUE, setting(0, 4, 2));

        AutoscaleSettings.Deletion deletion = settings.delete(BLUE);

        assertThat(deletion.instanceCount()).isEqualTo(2);
        assertThat(deletion.message()).contains("its instance_count is now 2");
        Deployment blue = store.findDeployment("shop", "blue").orElseThrow();
        assertThat(blue.spec().instanceCountOrDefault()).isEqualTo(2);
        assertThat(blue.generation()).isEqualTo(2);
        assertThat(store.autoscale().findSetting(BLUE)).isEmpty();
        assertThat(store.autoscale().history(BLUE, 10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("autoscale setting deleted");
            assertThat(d.from()).isZero();
            assertThat(d.to()).isEqualTo(2);
            assertThat(d.outcome()).isEqualTo("applied");
        });
    }

    @Test
    void aDefaultCapacityOfZeroStillGivesOneInstance() throws Exception {
        deploy(0);
        AutoscaleSettings settings = settings(store.autoscale());
        settings.create(BLUE, setting(0, 4, 0));

        assertThat(settings.delete(BLUE).instanceCount()).isEqualTo(1);
        assertThat(store.findDeployment("shop", "blue").orElseThrow().spec().instanceCountOrDefault()).isEqualTo(1);
    }

    @Test
    void deletingTheSettingOfARunningDeploymentKeepsItsCount() throws Exception {
        deploy(3);
        AutoscaleSettings settings = settings(store.autoscale());
        settings.create(BLUE, setting(0, 4, 2));

        AutoscaleSettings.Deletion deletion = settings.delete(BLUE);

        assertThat(deletion.instanceCount()).isNull();
        Deployment blue = store.findDeployment("shop", "blue").orElseThrow();
        assertThat(blue.spec().instanceCountOrDefault()).isEqualTo(3);
        assertThat(blue.generation()).isEqualTo(1);
        assertThat(store.autoscale().history(BLUE, 10)).isEmpty();
    }

    private AutoscaleSettings settings(AutoscaleStore autoscale) {
        return AutoscaleSettings.create(store, autoscale, AutoscaleSettingReader.create(ZoneResolver.iana()), clock);
    }

    private void deploy(int count) {
        store.createDeployment(new Deployment(Samples.deployment("shop", "blue").spec().withInstanceCount(count),
                ProvisioningState.SUCCEEDED, "", 1, T0, T0));
    }

    private static JsonNode setting(int minimum, int maximum, int defaultCount) throws Exception {
        return new ObjectMapper().readTree("{\"profiles\": [{\"name\": \"default\", \"capacity\": {\"minimum\": \""
                + minimum + "\", \"maximum\": \"" + maximum + "\", \"default\": \"" + defaultCount
                + "\"}, \"rules\": []}]}");
    }
}
