package dev.sluice.worker.runner.v2;

import dev.sluice.core.error.SluiceException;
import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's inputs and outputs, and the check that a request fits them before it reaches the runtime: every
 * input known and given once, datatypes equal, ranks equal, fixed dimensions equal, requested outputs known.
 */
public record Signature(List<TensorMetadata> inputs, List<TensorMetadata> outputs) {

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Throws a {@code BAD_ARGUMENT} naming the first field that does not fit. */
    public void check(InferRequest request) {
        Map<String, TensorMetadata> byName = byName(inputs);
        Set<String> seen = new HashSet<>();
        List<Tensor> given = request.inputs();
        for (int i = 0; i < given.size(); i++) {
            Tensor t = given.get(i);
            String field = "inputs[" + i + "]";
            TensorMetadata expected = byName.get(t.name());
            if (expected == null) {
                throw SluiceException.badArgument(field + ".name", "'" + t.name() + "'", "one of " + names(inputs));
            }
            if (!seen.add(t.name())) {
                throw SluiceException.badArgument(field + ".name", "'" + t.name() + "'", "each input once");
            }
            if (!expected.datatype().equals(t.type().name())) {
                throw SluiceException.badArgument(field + ".datatype", t.type().name(),
                        expected.datatype() + " for input '" + t.name() + "'");
            }
            if (!fits(expected.shape(), t.shape())) {
                throw SluiceException.badArgument(field + ".shape", render(t.shape()),
                        render(expected.shape()) + " for input '" + t.name() + "', -1 meaning any size");
            }
        }
        for (TensorMetadata in : inputs) {
            if (!seen.contains(in.name())) {
                throw SluiceException.badArgument("inputs", "no '" + in.name() + "'", "the inputs " + names(inputs));
            }
        }
        outputsFor(request);
    }

    /** The outputs to compute: those the request names, else all of the model's, in the model's order. */
    public List<String> outputsFor(InferRequest request) {
        if (request.outputs().isEmpty()) {
            return outputs.stream().map(TensorMetadata::name).toList();
        }
        Map<String, TensorMetadata> byName = byName(outputs);
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < request.outputs().size(); i++) {
            String name = request.outputs().get(i);
            if (!byName.containsKey(name)) {
                throw SluiceException.badArgument("outputs[" + i + "].name", "'" + name + "'", "one of " + names(outputs));
            }
            if (!wanted.contains(name)) {
                wanted.add(name);
            }
        }
        return wanted;
    }

    private static boolean fits(List<Long> expected, long[] actual) {
        if (expected.size() != actual.length) {
            return false;
        }
        for (int d = 0; d < actual.length; d++) {
            long e = expected.get(d);
            if (e >= 0 && e != actual[d]) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, TensorMetadata> byName(List<TensorMetadata> list) {
        Map<String, TensorMetadata> map = new LinkedHashMap<>();
        list.forEach(t -> map.put(t.name(), t));
        return map;
    }

    private static String names(List<TensorMetadata> list) {
        return list.stream().map(TensorMetadata::name).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String render(long[] shape) {
        return java.util.Arrays.toString(shape);
    }

    private static String render(List<Long> shape) {
        return shape.toString();
    }
}
