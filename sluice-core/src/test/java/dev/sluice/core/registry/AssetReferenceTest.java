package dev.sluice.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.SluiceException;
import org.junit.jupiter.api.Test;

class AssetReferenceTest {

    private static AssetReference model(String text) {
        return AssetReference.parse(AssetKind.MODEL, "model", text);
    }

    @Test
    void readsEverySpellingAzureYamlUses() {
        assertThat(model("azureml:diabetes:3")).isEqualTo(new AssetReference(AssetKind.MODEL, "diabetes", "3", null));
        assertThat(model("diabetes:3").canonical()).isEqualTo("azureml:diabetes:3");
        assertThat(model("azureml:diabetes@latest")).isEqualTo(
                new AssetReference(AssetKind.MODEL, "diabetes", null, "latest"));
        assertThat(model("azureml://registries/azureml/models/diabetes/versions/7").canonical())
                .isEqualTo("azureml:diabetes:7");
        assertThat(model("azureml:/subscriptions/0000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/"
                + "workspaces/ws/models/diabetes/versions/2").canonical()).isEqualTo("azureml:diabetes:2");
        assertThat(model("azureml://locations/westus/workspaces/0000/models/diabetes/labels/latest").canonical())
                .isEqualTo("azureml:diabetes@latest");
        assertThat(AssetReference.parse(AssetKind.ENVIRONMENT, "environment",
                "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1").isCurated()).isTrue();
        assertThat(model("azureml:diabetes@latest").atVersion("4").canonical()).isEqualTo("azureml:diabetes:4");
    }

    @Test
    void namesTheFieldWhenTheTextIsNoReference() {
        assertThatThrownBy(() -> model("azureml:diabetes")).isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("model: azureml:diabetes (expected: a registered model such as");
        assertThatThrownBy(() -> model("azureml://registries/r/environments/e/versions/1"))
                .hasMessageStartingWith("model: azureml://registries/r/environments/e/versions/1 (expected:");
        assertThat(AssetReference.tryParse(AssetKind.MODEL, "./model")).isEmpty();
        assertThat(AssetReference.looksLikeReference("./model")).isFalse();
        assertThat(AssetReference.looksLikeReference("azureml:x:1")).isTrue();
    }
}
