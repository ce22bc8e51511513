using System.Globalization;

namespace DnsSecure.Benchmarks;

/// <summary>Medians and paired ratios with a 95 % confidence interval (normal approximation over the pairs).</summary>
internal static class Stats
{
    public static double Median(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The mean of <c>a[i] / b[i]</c> and its 95 % confidence half-width, e.g. <c>1.031 ± 0.008</c>.</summary>
    public static string RatioWithInterval(double[] a, double[] b)
    {
        (double mean, double half) = MeanRatio(a, b);
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {half:F3}");
    }

    public static (double Mean, double HalfWidth) MeanRatio(double[] a, double[] b)
    {
        int n = a.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += a[i] / b[i];
        }

        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = (a[i] / b[i]) - mean;
            squares += d * d;
        }

        double sd = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        return (mean, n > 1 ? 1.96 * sd / Math.Sqrt(n) : double.NaN);
    }
}
