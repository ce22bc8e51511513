using System.Globalization;

namespace Adversarial.Tests.Support;

/// <summary>
/// Short mode (the default, run by scripts/test.sh) or long mode (<c>DANE_ADVERSARIAL_LONG=1</c>: a million fuzz
/// inputs, bigger floods and key sets). docs/security.md records a long run.
/// </summary>
internal static class AdversarialMode
{
    /// <summary>True when <c>DANE_ADVERSARIAL_LONG</c> is 1 or true.</summary>
    public static bool IsLong { get; } = Environment.GetEnvironmentVariable("DANE_ADVERSARIAL_LONG") is "1" or "true" or "TRUE";

    /// <summary>The short figure, or the long one in long mode.</summary>
    public static int Scale(int shortValue, int longValue) => IsLong ? longValue : shortValue;

    /// <summary>A positive integer from the environment, or the fallback.</summary>
    public static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;

    /// <summary>The fixed seed of every random choice an attacker makes (<c>DANE_ADVERSARIAL_SEED</c> overrides it).</summary>
    public static int Seed { get; } = FromEnvironment("DANE_ADVERSARIAL_SEED", 20261130);

    public static string Name => IsLong ? "long" : "short";
}
