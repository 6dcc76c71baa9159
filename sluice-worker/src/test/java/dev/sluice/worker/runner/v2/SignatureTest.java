package dev.sluice.worker.runner.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureTest {

    private final Signature add = new Signature(
            List.of(new TensorMetadata("a", "FP32", List.of(-1L, 3L)), new TensorMetadata("b", "FP32", List.of(-1L, 3L))),
            List.of(new TensorMetadata("sum", "FP32", List.of(-1L, 3L)), new TensorMetadata("diff", "FP32", List.of(-1L, 3L))));

    private static Tensor floats(String name, long... shape) {
        return Tensor.ofFloats(name, shape, new float[(int) Tensor.elementCount(shape)]);
    }

    private static InferRequest request(List<String> outputs, Tensor... inputs) {
        return new InferRequest(Optional.empty(), List.of(inputs), outputs);
    }

    @Test
    void aFittingRequestPassesWithAnyBatchSize() {
        add.check(request(List.of(), floats("b", 5, 3), floats("a", 5, 3)));

        assertThat(add.outputsFor(request(List.of(), floats("a", 1, 3)))).containsExactly("sum", "diff");
        assertThat(add.outputsFor(request(List.of("diff", "diff")))).containsExactly("diff");
    }

    @Test
    void unknownInputNamesTheKnownOnes() {
        assertThatThrownBy(() -> add.check(request(List.of(), floats("a", 1, 3), floats("c", 1, 3))))
                .hasMessage("inputs[1].name: 'c' (expected: one of [a, b])");
    }

    @Test
    void missingInputIsNamed() {
        assertThatThrownBy(() -> add.check(request(List.of(), floats("a", 1, 3))))
                .hasMessage("inputs: no 'b' (expected: the inputs [a, b])");
    }

    @Test
    void duplicateInputIsRefused() {
        assertThatThrownBy(() -> add.check(request(List.of(), floats("a", 1, 3), floats("a", 1, 3))))
                .hasMessage("inputs[1].name: 'a' (expected: each input once)");
    }

    @Test
    void wrongDatatypeNamesTheExpectedOne() {
        Tensor ints = new Tensor("a", DataType.INT32, new long[] {1, 3}, new int[3]);

        assertThatThrownBy(() -> add.check(request(List.of(), ints, floats("b", 1, 3))))
                .hasMessage("inputs[0].datatype: INT32 (expected: FP32 for input 'a')");
    }

    @Test
    void wrongRankOrFixedDimensionIsRefused() {
        assertThatThrownBy(() -> add.check(request(List.of(), floats("a", 3), floats("b", 1, 3))))
                .hasMessage("inputs[0].shape: [3] (expected: [-1, 3] for input 'a', -1 meaning any size)");
        assertThatThrownBy(() -> add.check(request(List.of(), floats("a", 1, 3), floats("b", 1, 4))))
                .hasMessage("inputs[1].shape: [1, 4] (expected: [-1, 3] for input 'b', -1 meaning any size)");
    }

    @Test
    void unknownRequestedOutputIsNamed() {
        assertThatThrownBy(() -> add.check(request(List.of("sum", "product"), floats("a", 1, 3), floats("b", 1, 3))))
                .hasMessage("outputs[1].name: 'product' (expected: one of [sum, diff])");
    }
}
