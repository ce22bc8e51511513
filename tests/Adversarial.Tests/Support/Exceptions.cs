namespace Adversarial.Tests.Support;

internal static class Exceptions
{
    /// <summary>The first exception of type <typeparamref name="T"/> in the inner-exception chain, or null.</summary>
    public static T? FindInner<T>(this Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }
}
