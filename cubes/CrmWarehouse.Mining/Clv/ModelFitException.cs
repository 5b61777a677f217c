namespace CrmWarehouse.Mining.Clv;

/// <summary>Maximum likelihood did not converge: the data does not pin the model down (e.g. almost no repeat buyers).</summary>
public sealed class ModelFitException : Exception
{
    public ModelFitException(string message)
        : base(message)
    {
    }

    public ModelFitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelFitException()
    {
    }
}
