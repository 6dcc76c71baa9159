package dev.sluice.worker.runner.mlflow;

import dev.sluice.scoring.ScoringResult;

/** What answers an MLflow model's checked input: ONNX Runtime or a Python runner. */
interface Predictor extends AutoCloseable {

    /** The model's predictions as JSON (a list, or an object of named outputs). */
    ScoringResult predict(ModelInput input) throws Exception;

    default boolean healthy() {
        return true;
    }

    @Override
    void close();
}
