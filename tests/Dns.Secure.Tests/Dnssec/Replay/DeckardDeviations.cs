using System.Collections.Frozen;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// The Deckard checked answers where our iterative mode answers differently from the scenario, each with the answer we
/// give and the reason (the same table is in docs/validator.md). Keyed by file and CHECK_ANSWER step.
/// </summary>
internal static class DeckardDeviations
{
    private const string Dsa =
        "DSA (algorithm 3) signatures kept in DER form: RFC 8624 §3.1 says DSA MUST NOT be validated, and RFC 4035 §5.2 / RFC 6840 §5.2 make a zone "
        + "whose DS set lists only unsupported algorithms Insecure (EDE 1). The scenario expects SERVFAIL because Unbound validated DSA.";

    private const string DnameSpoofedCname =
        "The response carries, next to a validated DNAME, an unsigned CNAME that disagrees with the DNAME substitution. Knot Resolver (which "
        + "recorded the scenario) answers SERVFAIL when it sees it on the wire; we, like Unbound's scrubber, drop the disagreeing CNAME and "
        + "use the one synthesised from the signed DNAME (RFC 6672 §2.2, §3.3, §5.3.1), so the answer rests on signed data only and is "
        + "Secure (the chain ends in a signed NODATA proof for shortloop./A).";

    private const string Nsec3OptoutNoData =
        "A NODATA answer for a non-DS type whose only proof is a closest encloser with the next closer name in an NSEC3 opt-out span "
        + "(no NSEC3 matching the name, none matching the wildcard). RFC 5155 §8.5 and §8.7 require the matching NSEC3; §8.6 accepts "
        + "the opt-out span for QTYPE DS only. Unbound (val_nsec3.c \"case 5\") and Knot answer Insecure; NLnet Labs revised the same "
        + "scenario in its own validator suite to expect SERVFAIL (\"NSEC3 opt-out cannot be used to prove NODATA for any rtype other "
        + "than DS\"), which our stub replay follows. We keep the RFC reading: Bogus.";

    public sealed record Deviation(string Ours, string Reason);

    public static readonly FrozenDictionary<(string File, int Step), Deviation> Known = new Dictionary<(string, int), Deviation>
    {
        [("val_dname_bogus.rpl", 221102)] = new("NoError/AD", DnameSpoofedCname),
        [("val_dname_bogus.rpl", 900202)] = new("NoError/AD", DnameSpoofedCname),
        [("val_deleg_nons.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_faildnskey.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_nokeyprime.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_nsec3_b5_wcnodata_nowc.rpl", 10)] = new("ServFail/noAD", Nsec3OptoutNoData),
        [("val_nsec3_optout_ad.rpl", 10)] = new("ServFail/noAD", Nsec3OptoutNoData),
        [("val_nsec3_nods_badsig.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_nsec3_nods_soa.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_positive_nosigs.rpl", 10)] = new("NoError/noAD", Dsa),
        [("val_secds_nosig.rpl", 10)] = new("NoError/noAD", Dsa),
    }.ToFrozenDictionary();
}
