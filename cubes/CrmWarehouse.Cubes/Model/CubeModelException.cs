namespace CrmWarehouse.Cubes.Model;

/// <summary>A cube file that cannot be used; the message names the file and the field.</summary>
public sealed class CubeModelException(string message, Exception? inner = null) : FormatException(message, inner);
