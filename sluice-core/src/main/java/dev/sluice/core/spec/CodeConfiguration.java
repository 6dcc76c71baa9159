package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A deployment's {@code code_configuration}: the folder of scoring code and the script inside it
 * ({@code score.py}, {@code Score.java}, a {@code .jar}, or a Java class name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodeConfiguration(
        @JsonProperty("code") String code,
        @JsonProperty("scoring_script") String scoringScript) {

    public CodeConfiguration withCode(String newCode) {
        return new CodeConfiguration(newCode, scoringScript);
    }
}
