package dev.sluice.gateway.route;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.gateway.testkit.Routes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerKeyAuthenticatorTest {

    private final BearerKeyAuthenticator auth = new BearerKeyAuthenticator();
    private final EndpointRoute endpoint = Routes.endpoint("ep", Map.of(), null);

    @Test
    void acceptsEitherKeyWithAnyCaseOfTheScheme() {
        assertThatCode(() -> auth.authenticate(endpoint, "Bearer " + Routes.PRIMARY_KEY)).doesNotThrowAnyException();
        assertThatCode(() -> auth.authenticate(endpoint, "bearer " + Routes.SECONDARY_KEY)).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingCredentials() {
        assertThatThrownBy(() -> auth.authenticate(endpoint, null))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("missing credentials")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((SluiceException) e).code())
                        .isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> auth.authenticate(endpoint, "  ")).hasMessageContaining("missing credentials");
    }

    @Test
    void refusesWrongKeysWithoutRepeatingThem() {
        String presented = "s3cret-guess-4711";
        assertThatThrownBy(() -> auth.authenticate(endpoint, "Bearer " + presented))
                .hasMessageContaining("invalid credentials for endpoint 'ep'")
                .hasMessageNotContaining(presented);
        assertThatThrownBy(() -> auth.authenticate(endpoint, "Basic " + presented))
                .hasMessageContaining("expected: 'Bearer <key>'")
                .hasMessageNotContaining(presented);
        assertThatThrownBy(() -> auth.authenticate(endpoint, "Bearer " + Routes.PRIMARY_KEY + "x"))
                .hasMessageNotContaining(Routes.PRIMARY_KEY);
    }
}
