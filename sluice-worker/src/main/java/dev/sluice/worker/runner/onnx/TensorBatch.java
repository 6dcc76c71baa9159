package dev.sluice.worker.runner.onnx;

import dev.sluice.worker.runner.v2.DataType;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Stacks the inputs of several inference requests along their first dimension into one, and splits the
 * outputs of that run back into each request's rows. Pure: no runtime involved. Requests stack only when
 * their {@link Key}s are equal: the same inputs with the same datatypes and the same dimensions beyond the
 * first, and the same outputs wanted.
 */
final class TensorBatch {

    /** One input's form beyond its first dimension. */
    record Form(String name, DataType type, List<Long> trailing) {
    }

    /** What requests must share to run in one batch; inputs sorted by name, outputs in the model's order. */
    record Key(List<Form> inputs, List<String> outputs) {
    }

    private TensorBatch() {
    }

    /**
     * The request's key, or null when it cannot share a batch: an input without dimensions, or inputs whose
     * first dimensions differ (its rows could not be told apart in the outputs).
     *
     * @param outputs the outputs the request wants, as the model's signature resolved them
     */
    static Key keyOf(InferRequest request, List<String> outputs) {
        List<Form> forms = new ArrayList<>(request.inputs().size());
        long rows = -1;
        for (Tensor t : request.inputs()) {
            long[] shape = t.shape();
            if (shape.length == 0 || (rows >= 0 && shape[0] != rows)) {
                return null;
            }
            rows = shape[0];
            List<Long> trailing = new ArrayList<>(shape.length - 1);
            for (int d = 1; d < shape.length; d++) {
                trailing.add(shape[d]);
            }
            forms.add(new Form(t.name(), t.type(), List.copyOf(trailing)));
        }
        forms.sort(Comparator.comparing(Form::name));
        return new Key(List.copyOf(forms), List.copyOf(outputs));
    }

    /** The rows (first dimension) of a request whose {@link #keyOf key} is not null. */
    static int rows(InferRequest request) {
        return Math.toIntExact(request.inputs().get(0).shape()[0]);
    }

    /** The requests' inputs stacked along the first dimension, named and ordered as the first request's. */
    static List<Tensor> stack(List<InferRequest> requests) {
        List<Tensor> first = requests.get(0).inputs();
        List<Tensor> stacked = new ArrayList<>(first.size());
        for (Tensor model : first) {
            List<Tensor> parts = new ArrayList<>(requests.size());
            for (InferRequest r : requests) {
                parts.add(input(r, model.name()));
            }
            stacked.add(concat(model.name(), model.type(), parts));
        }
        return stacked;
    }

    private static Tensor input(InferRequest request, String name) {
        for (Tensor t : request.inputs()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no input '" + name + "' in a request of this batch");
    }

    private static Tensor concat(String name, DataType type, List<Tensor> parts) {
        long[] shape = parts.get(0).shape();
        int total = 0;
        for (Tensor t : parts) {
            total = Math.addExact(total, type.length(t.data()));
        }
        Object data = type.newArray(total);
        long rows = 0;
        int at = 0;
        for (Tensor t : parts) {
            int length = type.length(t.data());
            System.arraycopy(t.data(), 0, data, at, length);
            at += length;
            rows += t.shape()[0];
        }
        shape[0] = rows;
        return new Tensor(name, type, shape, data);
    }

    /**
     * Each request's share of the outputs, {@code rows[i]} rows for request i in order.
     *
     * @throws IllegalStateException when an output's first dimension is not the batch's rows (the model does
     *                               not keep rows apart, so this batch cannot be split)
     */
    static List<List<Tensor>> split(List<Tensor> outputs, int[] rows) {
        long total = Arrays.stream(rows).asLongStream().sum();
        List<List<Tensor>> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            out.add(new ArrayList<>(outputs.size()));
        }
        for (Tensor t : outputs) {
            long[] shape = t.shape();
            if (shape.length == 0 || shape[0] != total) {
                throw new IllegalStateException("output '" + t.name() + "' has shape " + Arrays.toString(shape)
                        + " for a batch of " + total + " rows (expected: " + total + " along the first dimension)");
            }
            int rowLength = total == 0 ? 0 : Math.toIntExact(t.type().length(t.data()) / total);
            int at = 0;
            for (int i = 0; i < rows.length; i++) {
                int length = rows[i] * rowLength;
                Object data = t.type().newArray(length);
                System.arraycopy(t.data(), at, data, 0, length);
                at += length;
                long[] own = shape.clone();
                own[0] = rows[i];
                out.get(i).add(new Tensor(t.name(), t.type(), own, data));
            }
        }
        return out;
    }
}
