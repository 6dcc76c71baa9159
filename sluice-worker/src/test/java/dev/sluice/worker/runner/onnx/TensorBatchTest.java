package dev.sluice.worker.runner.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.worker.runner.v2.DataType;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.Tensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TensorBatchTest {

    private static InferRequest request(Tensor... inputs) {
        return new InferRequest(Optional.empty(), List.of(inputs), List.of());
    }

    private static Tensor ints(String name, long[] shape, int... data) {
        return new Tensor(name, DataType.INT32, shape, data);
    }

    @Test
    void requestsWithTheSameFormBeyondTheFirstDimensionShareAKey() {
        TensorBatch.Key one = TensorBatch.keyOf(request(Tensor.ofFloats("x", new long[] {1, 2}, 1, 2)), List.of("y"));
        TensorBatch.Key three = TensorBatch.keyOf(request(Tensor.ofFloats("x", new long[] {3, 2}, 1, 2, 3, 4, 5, 6)),
                List.of("y"));
        assertThat(one).isEqualTo(three);
        assertThat(TensorBatch.keyOf(request(Tensor.ofFloats("x", new long[] {1, 3}, 1, 2, 3)), List.of("y")))
                .isNotEqualTo(one);
        assertThat(TensorBatch.keyOf(request(ints("x", new long[] {1, 2}, 1, 2)), List.of("y"))).isNotEqualTo(one);
        assertThat(TensorBatch.keyOf(request(Tensor.ofFloats("x", new long[] {1, 2}, 1, 2)), List.of("y", "z")))
                .isNotEqualTo(one);
    }

    @Test
    void inputOrderDoesNotMatterToTheKey() {
        Tensor a = Tensor.ofFloats("a", new long[] {1, 1}, 1);
        Tensor b = ints("b", new long[] {1, 2}, 1, 2);
        assertThat(TensorBatch.keyOf(request(a, b), List.of())).isEqualTo(TensorBatch.keyOf(request(b, a), List.of()));
    }

    @Test
    void requestsWhoseRowsCannotBeToldApartHaveNoKey() {
        assertThat(TensorBatch.keyOf(request(Tensor.ofFloats("a", new long[] {1, 1}, 1),
                Tensor.ofFloats("b", new long[] {2, 1}, 1, 2)), List.of())).isNull();
        assertThat(TensorBatch.keyOf(request(Tensor.ofFloats("s", new long[] {}, 1)), List.of())).isNull();
    }

    @Test
    void stacksAlongTheFirstDimensionByInputName() {
        InferRequest r1 = request(Tensor.ofFloats("a", new long[] {1, 2}, 1, 2), ints("b", new long[] {1}, 10));
        InferRequest r2 = request(ints("b", new long[] {2}, 20, 30), Tensor.ofFloats("a", new long[] {2, 2}, 3, 4, 5, 6));

        List<Tensor> stacked = TensorBatch.stack(List.of(r1, r2));

        assertThat(stacked).containsExactly(Tensor.ofFloats("a", new long[] {3, 2}, 1, 2, 3, 4, 5, 6),
                ints("b", new long[] {3}, 10, 20, 30));
        assertThat(TensorBatch.rows(r2)).isEqualTo(2);
    }

    @Test
    void splitsEachOutputBackIntoEachRequestsRows() {
        List<Tensor> outputs = List.of(Tensor.ofFloats("y", new long[] {3, 2}, 1, 2, 3, 4, 5, 6),
                ints("n", new long[] {3}, 7, 8, 9));

        List<List<Tensor>> parts = TensorBatch.split(outputs, new int[] {1, 0, 2});

        assertThat(parts).containsExactly(
                List.of(Tensor.ofFloats("y", new long[] {1, 2}, 1, 2), ints("n", new long[] {1}, 7)),
                List.of(Tensor.ofFloats("y", new long[] {0, 2}), ints("n", new long[] {0})),
                List.of(Tensor.ofFloats("y", new long[] {2, 2}, 3, 4, 5, 6), ints("n", new long[] {2}, 8, 9)));
    }

    @Test
    void anOutputThatDoesNotKeepTheRowsCannotBeSplit() {
        List<Tensor> summed = List.of(Tensor.ofFloats("total", new long[] {1}, 21));
        assertThatThrownBy(() -> TensorBatch.split(summed, new int[] {1, 2}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("output 'total' has shape [1] for a batch of 3 rows (expected: 3 along the first dimension)");
    }
}
