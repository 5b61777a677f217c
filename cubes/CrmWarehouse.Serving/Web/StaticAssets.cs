using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// The web UI's files (<c>Web/wwwroot</c>, ECharts included), embedded in this assembly at build time and compressed
/// once, when first asked for (Brotli and gzip, each kept only when smaller; servers that never serve the UI, such as
/// most tests', never pay for it), so a request costs a dictionary lookup and a copy.
/// Every answer carries an ETag and <c>Cache-Control: no-cache</c>: the browser keeps the files and revalidates them,
/// so a new build is picked up on the next load without versioned names.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json; charset=utf-8", [".svg"] = "image/svg+xml", [".png"] = "image/png", [".md"] = "text/markdown; charset=utf-8",
    };

    private readonly Dictionary<string, Lazy<Asset>> _assets;

    private StaticAssets(Dictionary<string, Lazy<Asset>> assets) => _assets = assets;

    /// <summary>Paths (relative to wwwroot) of the files served.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>The bytes a browser accepting Brotli downloads for all of them: the page weight the bench checks.</summary>
    public long CompressedBytes => _assets.Values.Sum(a => (a.Value.Brotli ?? a.Value.Gzip ?? a.Value.Plain).Length);

    public static StaticAssets FromAssembly()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Lazy<Asset>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = name[Prefix.Length..];
            if (path.EndsWith("README.md", StringComparison.Ordinal))
            {
                continue;
            }

            assets[path] = new Lazy<Asset>(() => Asset.Of(path, Read(assembly, name)));
        }

        return new StaticAssets(assets);
    }

    /// <summary>Writes the file at <paramref name="path"/> (relative to wwwroot) compressed as the client accepts; false when there is none.</summary>
    public async Task<bool> TryServeAsync(HttpContext context, string path)
    {
        if (!_assets.TryGetValue(path, out var lazy))
        {
            return false;
        }

        var asset = lazy.Value;
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        var (body, encoding) = asset.Brotli is { } br && accepted.Contains("br", StringComparison.OrdinalIgnoreCase) ? (br, "br")
            : asset.Gzip is { } gz && accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? (gz, "gzip")
            : (asset.Plain, null);
        response.ContentType = asset.ContentType;
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // Quality 5 compresses ECharts' 1.1 MB in tens of milliseconds, for the first request to pay; 9-11 take seconds
    // for a few percent less.
    private const int BrotliQuality = 5;

    private sealed record Asset(string ContentType, string ETag, byte[] Plain, byte[]? Brotli, byte[]? Gzip)
    {
        public static Asset Of(string path, byte[] plain)
        {
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var compressible = !type.StartsWith("image/png", StringComparison.Ordinal);
            return new Asset(
                type,
                $"\"{Convert.ToHexStringLower(SHA256.HashData(plain))[..16]}\"",
                plain,
                compressible ? Smaller(plain, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = BrotliQuality })) : null,
                compressible ? Smaller(plain, s => new GZipStream(s, CompressionLevel.SmallestSize)) : null);
        }

        private static byte[]? Smaller(byte[] plain, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream();
            using (var compressing = compressor(output))
            {
                compressing.Write(plain);
            }

            // The compressor closed the stream; ToArray still reads a closed MemoryStream.
            var compressed = output.ToArray();
            return compressed.Length < plain.Length ? compressed : null;
        }
    }
}
