package dev.sluice.store;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.MetricArchive;
import dev.sluice.core.store.AccessTokens;
import dev.sluice.core.store.AuditLog;
import dev.sluice.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link Store} on JDBC: an SQLite file by default (WAL, synchronous=FULL, foreign keys on), PostgreSQL
 * by URL for several nodes. Opening runs the Flyway migrations, so a new file gets its tables and an old
 * one is brought up to date. Every method is one transaction; calls block and are serialised, which is
 * plenty for management traffic (the gateway never reads the store). The registry's assets, autoscaling, metrics
 * and the management API's tokens and audit log have their own views on the same database.
 */
public final class JdbcStore implements Store {

    private final Transactor tx;
    private final EndpointTable endpoints;
    private final DeploymentTable deployments;
    private final InstanceRecordTable instances = new InstanceRecordTable();
    private final JdbcAutoscaleStore autoscale;
    private final JdbcMetricArchive metricArchive;
    private final JdbcAssetRegistry assets;
    private final JdbcAccessStore access;
    private final UniqueInsert unique;

    private JdbcStore(Transactor tx) {
        this.tx = tx;
        this.autoscale = new JdbcAutoscaleStore(tx, AutoscaleStore.HISTORY_PER_DEPLOYMENT);
        this.metricArchive = new JdbcMetricArchive(tx);
        this.access = new JdbcAccessStore(tx);
        this.unique = new UniqueInsert(tx.dialect());
        SpecCodec codec = new SpecCodec();
        this.endpoints = new EndpointTable(codec);
        this.deployments = new DeploymentTable(codec);
        this.assets = new JdbcAssetRegistry(tx, new AssetTable(codec), unique);
    }

    /** The embedded store in {@code dbFile} (such as {@code <data dir>/sluice.db}); its folder is created if missing. */
    public static JdbcStore sqlite(Path dbFile) {
        Path absolute = dbFile.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: creating the folder of " + absolute + " failed", e);
        }
        return open(DataSources.SQLITE_PREFIX + absolute, null, null);
    }

    /**
     * A store at {@code jdbcUrl}: {@code jdbc:postgresql://host:5432/sluice} (with {@code user} and {@code password}),
     * or {@code jdbc:sqlite:<file>} (user and password ignored).
     *
     * @throws SluiceException BAD_ARGUMENT for another kind of URL, INTERNAL when the database cannot be
     *                         reached or migrated
     */
    public static JdbcStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = DataSources.dialectOf(jdbcUrl);
        DataSource dataSource = DataSources.of(dialect, jdbcUrl, user, password);
        SchemaMigrations.apply(dataSource, dialect);
        return new JdbcStore(new Transactor(dataSource, dialect));
    }

    @Override
    public void createEndpoint(Endpoint endpoint) {
        tx.call("create endpoint '" + endpoint.name() + "'", c -> {
            unique.insert(c, x -> endpoints.exists(x, endpoint.name()), x -> endpoints.insert(x, endpoint),
                    () -> endpointExists(endpoint.name()));
            return null;
        });
    }

    @Override
    public Optional<Endpoint> findEndpoint(String name) {
        return tx.call("read endpoint '" + name + "'", c -> endpoints.find(c, name));
    }

    @Override
    public List<Endpoint> listEndpoints() {
        return tx.call("list endpoints", endpoints::list);
    }

    @Override
    public void updateEndpoint(Endpoint endpoint) {
        tx.call("update endpoint '" + endpoint.name() + "'", c -> {
            if (endpoints.update(c, endpoint) == 0) {
                throw SluiceException.notFound("endpoint '" + endpoint.name() + "'");
            }
            return null;
        });
    }

    @Override
    public boolean deleteEndpoint(String name) {
        return tx.call("delete endpoint '" + name + "'", c -> {
            if (endpoints.delete(c, name) == 0) {
                return false;
            }
            // The foreign key cascades too; deleting explicitly keeps it right where foreign keys are off.
            deployments.deleteOf(c, name);
            instances.deleteOfEndpoint(c, name);
            return true;
        });
    }

    @Override
    public void createDeployment(Deployment deployment) {
        DeploymentId id = DeploymentId.of(deployment);
        tx.call("create deployment '" + id + "'", c -> {
            if (!endpoints.exists(c, id.endpointName())) {
                throw SluiceException.notFound("endpoint '" + id.endpointName() + "'");
            }
            unique.insert(c, x -> deployments.exists(x, id.endpointName(), id.deploymentName()),
                    x -> deployments.insert(x, deployment), () -> deploymentExists(id));
            return null;
        });
    }

    @Override
    public Optional<Deployment> findDeployment(String endpointName, String name) {
        return tx.call("read deployment '" + endpointName + "/" + name + "'",
                c -> deployments.find(c, endpointName, name));
    }

    @Override
    public List<Deployment> listDeployments(String endpointName) {
        return tx.call("list deployments of '" + endpointName + "'", c -> deployments.listOf(c, endpointName));
    }

    @Override
    public List<Deployment> listAllDeployments() {
        return tx.call("list deployments", deployments::listAll);
    }

    @Override
    public void updateDeployment(Deployment deployment) {
        DeploymentId id = DeploymentId.of(deployment);
        tx.call("update deployment '" + id + "'", c -> {
            if (deployments.update(c, deployment) == 0) {
                throw SluiceException.notFound("deployment '" + id + "'");
            }
            return null;
        });
    }

    /** One conditional UPDATE, so a late verdict on an old generation never overwrites a newer spec. */
    @Override
    public boolean updateDeploymentState(DeploymentId id, long generation, ProvisioningState state, String reason,
                                         Instant now) {
        return tx.call("update the state of deployment '" + id + "'",
                c -> deployments.updateState(c, id, generation, state, reason, now) > 0);
    }

    @Override
    public boolean replaceDeploymentSpec(DeploymentId id, long expectedGeneration, DeploymentSpec spec, Instant now) {
        return tx.call("replace the spec of deployment '" + id + "'",
                c -> deployments.replaceSpec(c, id, expectedGeneration, spec, now) > 0);
    }

    /** One conditional UPDATE on the generation, so the controller never overwrites a spec the API replaced. */
    @Override
    public boolean updateDeploymentIf(long expectedGeneration, Deployment deployment) {
        return tx.call("update deployment '" + deployment.endpointName() + "/" + deployment.name() + "'",
                c -> deployments.updateIf(c, expectedGeneration, deployment) > 0);
    }

    @Override
    public boolean deleteDeployment(String endpointName, String name) {
        return tx.call("delete deployment '" + endpointName + "/" + name + "'", c -> {
            if (deployments.delete(c, endpointName, name) == 0) {
                return false;
            }
            instances.deleteOfDeployment(c, endpointName, name);
            return true;
        });
    }

    @Override
    public void saveInstance(InstanceRecord instance) {
        Objects.requireNonNull(instance.id(), "instance.id");
        tx.call("save instance '" + instance.id() + "'", c -> {
            instances.upsert(c, instance);
            return null;
        });
    }

    @Override
    public void deleteInstance(String id) {
        tx.call("delete instance '" + id + "'", c -> {
            instances.delete(c, id);
            return null;
        });
    }

    @Override
    public List<InstanceRecord> listInstances() {
        return tx.call("list instances", instances::list);
    }

    /** Autoscale settings and decisions, in the same database. */
    public AutoscaleStore autoscale() {
        return autoscale;
    }

    /** Metrics at a one-minute grain, in the same database. */
    public MetricArchive metricArchive() {
        return metricArchive;
    }

    /** The management API's tokens, in the same database. */
    public AccessTokens tokens() {
        return access;
    }

    /** The management API's audit log, in the same database. */
    public AuditLog audit() {
        return access;
    }

    @Override
    public void createAsset(RegisteredAsset asset) {
        assets.create(asset);
    }

    @Override
    public Optional<RegisteredAsset> findAsset(AssetKind kind, String name, String version) {
        return assets.find(kind, name, version);
    }

    @Override
    public Optional<RegisteredAsset> latestAsset(AssetKind kind, String name) {
        return assets.latest(kind, name);
    }

    @Override
    public List<RegisteredAsset> listAssets(AssetKind kind, String name, boolean includeArchived) {
        return assets.list(kind, name, includeArchived);
    }

    @Override
    public boolean setAssetArchived(AssetKind kind, String name, String version, boolean archived) {
        return assets.setArchived(kind, name, version, archived);
    }

    @Override
    public void close() {
        tx.close();
    }

    /** The value of an SQLite pragma (or any one-value query) as this store's connection sees it; for tests. */
    String queryOne(String sql) {
        return tx.call("query", c -> {
            try (var s = c.createStatement(); var rows = s.executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }

    private static SluiceException endpointExists(String name) {
        return SluiceException.of(ErrorCode.CONFLICT, "endpoint '" + name + "' already exists", name);
    }

    private static SluiceException deploymentExists(DeploymentId id) {
        return SluiceException.of(ErrorCode.CONFLICT, "deployment '" + id + "' already exists", id.deploymentName());
    }
}
