using System.Collections.Immutable;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Testing.Signing;

/// <summary>
/// Checks the denial-of-existence chain of a whole signed zone, as <c>ldns-verify-zone</c> and <c>dnssec-verify</c> do.
/// NSEC (RFC 4034 §4.1, RFC 4035 §2.3): one NSEC at every authoritative name and delegation point, each naming the next
/// such name in canonical order, the last naming the apex, each bitmap listing the types present plus RRSIG and NSEC.
/// NSEC3 (RFC 5155 §7.1): one NSEC3 per hashed authoritative name and empty non-terminal (unsigned delegations may be left
/// out of opt-out spans), all with the NSEC3PARAM's parameters, linked in hash order into one cycle, each bitmap listing the
/// types present plus RRSIG where signed data exists.
/// </summary>
internal static class DenialChainVerifier
{
    public static DenialChainStatus Verify(ZoneContent zone, IReadOnlyList<ResourceRecord> denialRecords, ImmutableArray<string>.Builder problems)
    {
        List<ResourceRecord> nsec = [.. denialRecords.Where(r => r.Data is NsecRdata)];
        List<ResourceRecord> nsec3 = [.. denialRecords.Where(r => r.Data is Nsec3Rdata)];
        int before = problems.Count;
        if (nsec.Count == 0 && nsec3.Count == 0)
        {
            problems.Add($"{zone.Origin} has neither an NSEC nor an NSEC3 chain.");
        }
        else if (nsec.Count > 0 && nsec3.Count > 0)
        {
            problems.Add($"{zone.Origin} mixes NSEC and NSEC3 records.");
        }
        else if (nsec.Count > 0)
        {
            VerifyNsec(zone, nsec, problems);
        }
        else
        {
            VerifyNsec3(zone, nsec3, denialRecords, problems);
        }

        return problems.Count == before ? DenialChainStatus.Complete : DenialChainStatus.Broken;
    }

    private static void VerifyNsec(ZoneContent zone, List<ResourceRecord> records, ImmutableArray<string>.Builder problems)
    {
        // RFC 4035 §2.3: every name with authoritative data or a delegation gets an NSEC; glue and occluded names do not.
        List<DomainName> names = [.. zone.AuthoritativeNames().Distinct()];
        names.Sort();
        var byOwner = new Dictionary<DomainName, NsecRdata>();
        foreach (ResourceRecord record in records)
        {
            if (!byOwner.TryAdd(record.Name, (NsecRdata)record.Data))
            {
                problems.Add($"{record.Name} has more than one NSEC record.");
            }
        }

        var expectedOwners = new HashSet<DomainName>(names);
        foreach (DomainName owner in byOwner.Keys.Where(o => !expectedOwners.Contains(o)))
        {
            problems.Add($"NSEC at {owner}, which has no authoritative data.");
        }

        for (int i = 0; i < names.Count; i++)
        {
            DomainName name = names[i];
            if (!byOwner.TryGetValue(name, out NsecRdata? record))
            {
                problems.Add($"{name} has no NSEC record.");
                continue;
            }

            // RFC 4034 §4.1.1: the last NSEC names the apex.
            DomainName next = i + 1 < names.Count ? names[i + 1] : zone.Origin;
            if (record.NextDomainName != next)
            {
                problems.Add($"NSEC {name} names {record.NextDomainName} as next; the next name in the zone is {next}.");
            }

            SortedSet<RecordType> expected = [.. zone.AuthoritativeTypes(name), RecordType.NSEC, RecordType.RRSIG];
            CompareBitmap($"NSEC {name}", record.Types, expected, problems);
        }
    }

    private static void VerifyNsec3(ZoneContent zone, List<ResourceRecord> records, IReadOnlyList<ResourceRecord> denialRecords, ImmutableArray<string>.Builder problems)
    {
        Nsec3ParamRdata? parameters = denialRecords.Where(r => r.Name == zone.Origin).Select(r => r.Data).OfType<Nsec3ParamRdata>().FirstOrDefault();
        Nsec3Rdata first = (Nsec3Rdata)records[0].Data;
        Nsec3HashAlgorithm algorithm = parameters?.HashAlgorithm ?? first.HashAlgorithm;
        ReadOnlyMemory<byte> salt = parameters?.Salt ?? first.Salt;
        ushort iterations = parameters?.Iterations ?? first.Iterations;
        if (parameters is null)
        {
            problems.Add($"{zone.Origin} has NSEC3 records but no NSEC3PARAM at the apex.");
        }

        var byHash = new SortedDictionary<string, (DomainName Owner, Nsec3Rdata Data)>(StringComparer.Ordinal);
        foreach (ResourceRecord record in records)
        {
            var data = (Nsec3Rdata)record.Data;
            if (data.HashAlgorithm != algorithm || data.Iterations != iterations || !data.Salt.Span.SequenceEqual(salt.Span))
            {
                problems.Add($"NSEC3 {record.Name} has parameters other than the zone's NSEC3PARAM (RFC 5155 §7.1).");
            }

            if (record.Name.LabelCount != zone.Origin.LabelCount + 1 || !record.Name.IsSubdomainOf(zone.Origin)
                || !Nsec3Hash.TryGetOwnerHash(record.Name, out byte[]? ownerHash))
            {
                problems.Add($"NSEC3 owner {record.Name} is not one base32hex label directly below the apex.");
                continue;
            }

            if (!byHash.TryAdd(Convert.ToHexString(ownerHash), (record.Name, data)))
            {
                problems.Add($"{record.Name} has more than one NSEC3 record.");
            }
        }

        bool optOut = records.Any(r => ((Nsec3Rdata)r.Data).OptOut);
        var expected = new Dictionary<string, DomainName>(StringComparer.Ordinal);
        foreach (DomainName name in NamesNeedingNsec3(zone, optOut))
        {
            if (!Nsec3Hash.TryCompute(name, algorithm, salt.Span, iterations, out byte[]? hash))
            {
                problems.Add($"NSEC3 hash algorithm {(byte)algorithm} is not supported; the chain cannot be checked.");
                return;
            }

            expected[Convert.ToHexString(hash)] = name;
        }

        foreach ((string hash, DomainName name) in expected)
        {
            if (!byHash.TryGetValue(hash, out var found))
            {
                problems.Add($"{name} has no NSEC3 record (hash {Nsec3Hash.ToLabel(Convert.FromHexString(hash))}).");
                continue;
            }

            SortedSet<RecordType> types = [.. zone.AuthoritativeTypes(name)];
            if (zone.HasSignedData(name))
            {
                types.Add(RecordType.RRSIG);
            }

            if (name == zone.Origin)
            {
                types.Add(RecordType.NSEC3PARAM);
            }

            CompareBitmap($"NSEC3 {found.Owner} ({name})", found.Data.Types, types, problems);
        }

        List<string> ordered = [.. byHash.Keys];
        for (int i = 0; i < ordered.Count; i++)
        {
            (DomainName owner, Nsec3Rdata data) = byHash[ordered[i]];
            if (!expected.ContainsKey(ordered[i]) && !optOut)
            {
                problems.Add($"NSEC3 {owner} matches no name of the zone.");
            }

            // RFC 5155 §3.1.7: the next hashed owner of the last record is the first, closing the cycle.
            string next = ordered[(i + 1) % ordered.Count];
            if (!Convert.ToHexString(data.NextHashedOwnerName.Span).Equals(next, StringComparison.Ordinal))
            {
                problems.Add($"NSEC3 {owner} points to {Nsec3Hash.ToLabel(data.NextHashedOwnerName.Span)}; the next hash in the zone is {Nsec3Hash.ToLabel(Convert.FromHexString(next))}.");
            }
        }
    }

    /// <summary>Authoritative names and delegation points, plus the empty non-terminals between them and the apex (RFC 5155 §7.1).
    /// With opt-out, unsigned delegations (and empty non-terminals that only lead to them) may go without.</summary>
    private static HashSet<DomainName> NamesNeedingNsec3(ZoneContent zone, bool optOut)
    {
        var names = new HashSet<DomainName>();
        foreach (DomainName name in zone.AuthoritativeNames())
        {
            if (optOut && zone.IsDelegation(name) && !zone.Has(name, RecordType.DS))
            {
                continue;
            }

            for (DomainName n = name; names.Add(n) && n != zone.Origin; n = n.Parent())
            {
            }
        }

        return names;
    }

    private static void CompareBitmap(string what, TypeBitmap actual, SortedSet<RecordType> expected, ImmutableArray<string>.Builder problems)
    {
        var missing = expected.Where(t => !actual.Contains(t)).ToList();
        var extra = actual.Where(t => !expected.Contains(t)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            problems.Add($"{what}: type bitmap {(missing.Count > 0 ? "lacks " + string.Join(' ', missing.Select(t => t.ToText())) : string.Empty)}{(missing.Count > 0 && extra.Count > 0 ? " and " : string.Empty)}{(extra.Count > 0 ? "lists absent " + string.Join(' ', extra.Select(t => t.ToText())) : string.Empty)}.");
        }
    }
}
