using System.Buffers;
using System.Text.Json;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// A statement's parse tree with its literal values and text positions left out: two statements that differ only in
/// the value of a constant (<c>customer_key &gt; 5</c>, <c>customer_key &gt; 6</c>) or in white space and comments have
/// the same shape. The gate's verdict on a statement other than a cube one depends on nothing a shape leaves out:
/// <see cref="ParseTreeNames"/> reads names, types and classes of nodes, never a constant's value nor a position, and
/// whether DuckDB plans a statement as a SELECT is decided by the kind of statement the parser made, which the shape
/// keeps. Only a constant's scalar value goes (its type and whether it is NULL stay); a value that is itself a
/// structure stays whole, so that nothing the walk could look into is ever left out.
/// </summary>
internal static class ParseTreeShape
{
    /// <summary>The shape of one statement of json_serialize_sql's <c>statements</c>, as canonical JSON bytes.</summary>
    public static byte[] Of(JsonElement statement)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, statement);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var constant = element.TryGetProperty("class", out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("CONSTANT");
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("query_location") && property.Value.ValueKind == JsonValueKind.Number)
                    {
                        continue;
                    }

                    json.WritePropertyName(property.Name);
                    if (constant && property.NameEquals("value") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        WriteConstant(json, property.Value);
                    }
                    else
                    {
                        Write(json, property.Value);
                    }
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }

    /// <summary>A constant's value (<c>{"type": …, "is_null": …, "value": 42}</c>) with its scalar value left out.</summary>
    private static void WriteConstant(Utf8JsonWriter json, JsonElement value)
    {
        json.WriteStartObject();
        foreach (var property in value.EnumerateObject())
        {
            if (property.NameEquals("value") && property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                continue;
            }

            json.WritePropertyName(property.Name);
            Write(json, property.Value);
        }

        json.WriteEndObject();
    }
}
