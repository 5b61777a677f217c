namespace CrmWarehouse.Serving.Security;

/// <summary>A signed-in user asked for something their role may not have; the message says what and which role may.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
