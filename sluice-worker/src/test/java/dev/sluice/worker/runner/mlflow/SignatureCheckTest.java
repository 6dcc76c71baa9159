package dev.sluice.worker.runner.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.mlflow.MlflowSignature;
import dev.sluice.core.mlflow.MlflowSignature.Column;
import dev.sluice.core.mlflow.MlflowSignature.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MlflowSignature COLUMNS = new MlflowSignature(List.of(new Column("age", "double", true),
            new Column("smoker", "boolean", true), new Column("note", "string", false)), List.of());
    private static final MlflowSignature TENSOR = new MlflowSignature(List.of(),
            List.of(new TensorSpec(null, "float32", List.of(-1L, 2L))));

    private static ModelInput check(MlflowSignature signature, String body) throws Exception {
        return SignatureCheck.enforce(signature, ScoringPayload.parse(JSON.readTree(body)));
    }

    private static void refused(MlflowSignature signature, String body, String message) {
        assertThatThrownBy(() -> check(signature, body)).isInstanceOf(SluiceException.class).hasMessage(message);
    }

    @Test
    void splitAndRecordsBecomeTheSameTableInTheSignaturesOrder() throws Exception {
        ModelInput.Table split = (ModelInput.Table) check(COLUMNS, """
                {"input_data": {"columns": ["smoker", "age", "note"], "index": [0], "data": [[true, 41.5, "x"]]}}""");
        ModelInput.Table records = (ModelInput.Table) check(COLUMNS, """
                {"input_data": [{"age": 41.5, "smoker": true, "note": "x"}]}""");
        ModelInput.Table mlflowSplit = (ModelInput.Table) check(COLUMNS, """
                {"dataframe_split": {"columns": ["age", "smoker", "note"], "data": [[41.5, true, "x"]]}}""");

        assertThat(split).isEqualTo(records).isEqualTo(mlflowSplit);
        assertThat(split.columns()).containsExactly("age", "smoker", "note");
        assertThat(split.types()).containsExactly("double", "boolean", "string");
        assertThat(split.rows().get(0)).extracting(JsonNode::toString).containsExactly("41.5", "true", "\"x\"");
    }

    @Test
    void anOptionalColumnMayBeLeftOutAndPositionalRowsNeedEveryColumn() throws Exception {
        ModelInput.Table table = (ModelInput.Table) check(COLUMNS, "{\"input_data\": [{\"age\": 3, \"smoker\": false}]}");
        assertThat(table.rows().get(0).get(2)).isNull();
        assertThat(((ModelInput.Table) check(COLUMNS, "{\"input_data\": [[1.0, true, \"a\"]]}")).columns())
                .containsExactly("age", "smoker", "note");
        refused(COLUMNS, "{\"input_data\": [[1.0, true]]}", "input_data: 2 values per row (expected: 3, one per"
                + " column of the model's signature [age, smoker, note])");
    }

    @Test
    void aWrongColumnOrValueIsNamed() {
        refused(COLUMNS, "{\"input_data\": {\"columns\": [\"age\", \"smokes\"], \"data\": [[1, true]]}}",
                "input_data.columns: 'smokes' (expected: the columns of the model's signature [age, smoker, note])");
        refused(COLUMNS, "{\"input_data\": [{\"age\": 1}]}", "input_data.columns: no 'smoker' (expected: every"
                + " required column of the model's signature [age, smoker, note])");
        refused(COLUMNS, "{\"input_data\": [{\"age\": \"old\", \"smoker\": true}]}",
                "input_data.data[0] (column 'age'): \"old\" (expected: a number for double)");
        refused(COLUMNS, "{\"input_data\": {\"columns\": [\"age\"], \"data\": [[1, 2]]}}",
                "input_data.data[0]: 2 values (expected: 1, one per column [age])");
        refused(COLUMNS, "{\"data\": [[1, true]]}", "request body: keys [data] (expected: exactly one of input_data"
                + " | dataframe_split | dataframe_records | instances | inputs, such as {\"input_data\": {\"columns\":"
                + " [...], \"data\": [[...]]}}, {\"input_data\": [{\"column\": value}]} or {\"input_data\": [[...]]})");
    }

    @Test
    void tensorsAreCheckedForShapeAndDtype() throws Exception {
        ModelInput.Tensors ok = (ModelInput.Tensors) check(TENSOR, "{\"input_data\": [[1, 2], [3, 4.5]]}");
        assertThat(ok.byName().get("").shape()).containsExactly(2, 2);
        assertThat(ok.dtypes()).containsEntry("", "float32");
        refused(TENSOR, "{\"input_data\": [[1, 2, 3]]}", "input_data: shape [1, 3] (expected: shape [-1, 2] of the"
                + " model's signature (float32), -1 meaning any size)");
        refused(TENSOR, "{\"input_data\": [[1, 2], [3]]}", "input_data[1]: [3] (expected: 2 elements at depth 1"
                + " (nested lists of one shape, [2, 2]))");
        refused(TENSOR, "{\"input_data\": [[1, true]]}", "input_data: true (expected: elements of dtype float32)");
        ModelInput.Tensors fromTable = (ModelInput.Tensors) check(TENSOR,
                "{\"input_data\": {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2]]}}");
        assertThat(fromTable.byName().get("").shape()).containsExactly(1, 2);
    }
}
