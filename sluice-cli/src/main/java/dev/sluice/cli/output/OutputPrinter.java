package dev.sluice.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.PrintWriter;

/**
 * Writes a server resource (or a list of them) to stdout: pretty JSON as {@code az ml} prints it
 * ({@code "name": "blue"}, two-space indent), YAML, or a fixed-width table.
 */
public final class OutputPrinter {

    private final OutputFormat format;
    private final PrintWriter out;

    private OutputPrinter(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public static OutputPrinter create(OutputFormat format, PrintWriter out) {
        return new OutputPrinter(format, out);
    }

    public void print(JsonNode document, ResourceKind kind) {
        out.print(render(document, kind, format));
        out.flush();
    }

    /** The text {@link #print} writes, ending with a newline. */
    public static String render(JsonNode document, ResourceKind kind, OutputFormat format) {
        try {
            return switch (format) {
                case JSON -> jsonWriter().writeValueAsString(document) + "\n";
                case YAML -> yamlMapper().writeValueAsString(document);
                case TABLE -> TableFormat.render(document, kind);
                case TSV -> tsv(document);
                case NONE -> "";
            };
        } catch (JsonProcessingException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot format the answer as " + format, e);
        }
    }

    /**
     * As {@code az -o tsv}: a scalar as its text, a list one element per line, an object its values separated by
     * tabs (nested objects and lists as compact JSON). Nothing is quoted.
     */
    static String tsv(JsonNode document) {
        StringBuilder out = new StringBuilder();
        if (document.isArray()) {
            document.forEach(row -> out.append(tsvLine(row)).append('\n'));
        } else if (!document.isNull() && !document.isMissingNode()) {
            out.append(tsvLine(document)).append('\n');
        }
        return out.toString();
    }

    private static String tsvLine(JsonNode row) {
        if (!row.isObject()) {
            return tsvCell(row);
        }
        java.util.StringJoiner line = new java.util.StringJoiner("\t");
        row.elements().forEachRemaining(v -> line.add(tsvCell(v)));
        return line.toString();
    }

    private static String tsvCell(JsonNode value) {
        return value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
    }

    private static ObjectWriter jsonWriter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return new ObjectMapper().writer(printer);
    }

    private static YAMLMapper yamlMapper() {
        return YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
    }
}
