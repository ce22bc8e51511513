namespace DnsSecure.Caching;

/// <summary>What identifies a cached answer: the question (name case-insensitively) and the flags that change the answer.</summary>
/// <param name="Question">The question; <see cref="DomainName"/> equality ignores case (RFC 4343 §3).</param>
/// <param name="DnssecOk">DO was set: the answer carries DNSSEC records.</param>
/// <param name="CheckingDisabled">CD was set: the upstream did not validate.</param>
internal readonly record struct CacheKey(DnsQuestion Question, bool DnssecOk, bool CheckingDisabled);
