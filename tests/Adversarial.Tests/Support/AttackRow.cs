namespace Adversarial.Tests.Support;

/// <summary>One line of the report: what an attack achieved and what it cost the defender.</summary>
internal sealed record AttackRow(string Attack, string Covers, int Attempts, int Refused, int AcceptedWrongly, double MaxCpuMilliseconds, long MaxAllocatedBytes, string Reason);
