using DnsSecure.Interop.Tests.Support;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using static DnsSecure.Interop.Tests.Support.BindZoneSigner;
using OurSignedZone = DnsSecure.Testing.Signing.SignedZone;
using SignedZone = DnsSecure.Interop.Tests.Support.BindZoneSigner.SignedZone;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>
/// A second private hierarchy for the differential test, signed by BIND's dnssec-signzone (ECDSA P-256 unless said; two
/// zones by our <see cref="ZoneSigner"/> where BIND refuses): the edge cases a real validator meets.
/// <list type="bullet">
/// <item><c>dname.</c>: DNAMEs into the zone, into an unsigned child and into a tampered child;</item>
/// <item><c>wc.</c> (NSEC) and <c>wc3.</c> (NSEC3, salted): wildcard CNAMEs, wildcards two labels down, empty non-terminals,
/// a name below the wildcard's parent; <c>wc3.</c> has an unsigned child, <c>unsigned.wc3.</c>;</item>
/// <item><c>ds.</c>: children whose DS sets differ (two DS one wrong, SHA-1 only matching, SHA-384, an unknown digest type,
/// DS for the ZSK, a DS whose algorithm is not the key's, a DS RRset whose RRSIG is removed);</item>
/// <item><c>twoalg.</c> (two algorithms, DS for one), <c>zskonly.</c> (DNSKEY RRset signed by the ZSK alone),
/// <c>revoked.</c> (the only key the DS names has the REVOKE bit);</item>
/// <item><c>it150.</c> (NSEC3, 150 iterations, BIND), <c>it151.</c> (151, ours), <c>oo.</c> (NSEC3 opt-out, unsigned child);</item>
/// <item><c>big.</c> (RSASHA256, a TXT RRset too big for 1232 octets), <c>names.</c> (a 250-octet name, upper case,
/// escaped and high octets);</item>
/// <item><c>bg.</c>: children made bogus by editing the signed files (a denial NSEC removed, a wildcard's proof removed,
/// an RRSIG's labels field changed, an RRSIG's signer name changed).</item>
/// </list>
/// </summary>
public sealed class EdgeCaseHierarchy
{
    private const string Ecdsa = "ECDSAP256SHA256";

    private EdgeCaseHierarchy(IReadOnlyList<(string Origin, string File)> zones, string rootKsk)
    {
        Zones = zones;
        RootKsk = rootKsk;
    }

    public IReadOnlyList<(string Origin, string File)> Zones { get; }

    /// <summary>The root KSK DNSKEY record, the trust anchor.</summary>
    public string RootKsk { get; }

    /// <summary>A label of 63 octets, three of which and a 50-octet one make a 250-octet name under <c>names.</c>.</summary>
    public static string LongName(char first) =>
        $"{first}{new string('l', 62)}.{new string('m', 63)}.{new string('n', 63)}.{new string('o', 50)}.names.";

    public static async Task<EdgeCaseHierarchy> BuildAsync(TempDirectory dir)
    {
        var zones = new List<(string Origin, string File)>();
        string Soa(string origin) => BindHierarchy.Soa(origin);
        string Unsigned(string origin, string records)
        {
            string file = dir.File(origin.TrimEnd('.') + ".unsigned.db");
            File.WriteAllText(file, Soa(origin) + records);
            zones.Add((origin, file));
            return file;
        }

        // Children, all signed at once.
        Task<SignedZone> dnameBad = SignAsync(dir, "bad.dname.", Soa("bad.dname.") + "www.bad.dname. IN A 192.0.2.66\n");
        Task<SignedZone> two = Www("two.ds.");
        Task<SignedZone> sha1 = Www("sha1.ds.");
        Task<SignedZone> sha384 = Www("sha384.ds.");
        Task<SignedZone> unknownDigest = Www("unkdigest.ds.");
        Task<SignedZone> zskDs = Www("zskds.ds.");
        Task<SignedZone> algMismatch = Www("algmis.ds.");
        Task<SignedZone> noDsSig = Www("nosig.ds.");
        Task<SignedZone> mixAlg = Www("mixalg.ds.");
        Task<SignedZone> gost = Www("gost.ds.");
        Task<SignedZone> md5 = Www("md5.ds.");
        Task<SignedZone> sha1Only = Www("sha1only.ds.");
        // RSASHA1 (5) and RSASHA1-NSEC3-SHA1 (7): RFC 8624 §3.1 says validators MUST still validate them.
        Task<SignedZone> alg5 = SignAsync(dir, "alg5.", Soa("alg5.") + "www.alg5. IN A 192.0.2.5\n", "RSASHA1");
        Task<SignedZone> alg7 = SignAsync(dir, "alg7.", Soa("alg7.") + "www.alg7. IN A 192.0.2.7\n", "NSEC3RSASHA1", "-3", "-");
        Task<SignedZone> nsecGone = SignAsync(dir, "nsecgone.bg.", Soa("nsecgone.bg.") + "a.nsecgone.bg. IN A 192.0.2.1\nm.nsecgone.bg. IN A 192.0.2.2\nz.nsecgone.bg. IN A 192.0.2.3\n", Ecdsa, "-O", "full");
        Task<SignedZone> wildGone = SignAsync(dir, "wcgone.bg.", Soa("wcgone.bg.") + "www.wcgone.bg. IN A 192.0.2.1\n*.w.wcgone.bg. IN A 192.0.2.2\n", Ecdsa, "-O", "full");
        Task<SignedZone> labels = Www("labels.bg.", "-O", "full");
        Task<SignedZone> signer = Www("signer.bg.", "-O", "full");

        // Top-level zones that are complete in themselves.
        Task<SignedZone> twoAlg = SignWithKeysAsync(dir, "twoalg.", Soa("twoalg.") + "www.twoalg. IN A 192.0.2.1\nbad15.twoalg. IN A 192.0.2.2\nbad13.twoalg. IN A 192.0.2.3\n",
            [new KeySpec(Ecdsa, true), new KeySpec(Ecdsa, false), new KeySpec("ED25519", true), new KeySpec("ED25519", false)], "-O", "full");
        Task<SignedZone> zskOnly = Www("zskonly.", "-O", "full");
        Task<SignedZone> revoked = SignWithKeysAsync(dir, "revoked.", Soa("revoked.") + "www.revoked. IN A 192.0.2.1\n",
            [new KeySpec(Ecdsa, true, Revoke: true), new KeySpec(Ecdsa, false)], "-P");
        Task<SignedZone> it150 = SignAsync(dir, "it150.", Soa("it150.") + "www.it150. IN A 192.0.2.1\n", Ecdsa, "-3", "AB", "-H", "150");
        Task<SignedZone> optOut = SignAsync(dir, "oo.", Soa("oo.") + "www.oo. IN A 192.0.2.1\nunsigned.oo. IN NS ns1.example.\nother.oo. IN NS ns1.example.\ndeep.ent.oo. IN NS ns1.example.\n",
            Ecdsa, "-3", "-", "-A", "-H", "0");
        // RFC 6891 §7: a TXT RRset of ~1,600 octets with a 2048-bit RSA signature does not fit 1232 octets.
        Task<SignedZone> big = SignAsync(dir, "big.", Soa("big.") + string.Concat(Enumerable.Range(0, 8).Select(i => $"txt.big. IN TXT \"{i}{new string('x', 199)}\"\n")),
            "RSASHA256");
        Task<SignedZone> names = SignAsync(dir, "names.", Soa("names.") + $"""
            www.names. IN A 192.0.2.1
            MiXeD.names. IN A 192.0.2.2
            a\.b.names. IN A 192.0.2.3
            sp\032ace.names. IN A 192.0.2.4
            \200.names. IN A 192.0.2.5
            {LongName('a')} IN A 192.0.2.6
            {LongName('c')} IN A 192.0.2.7

            """);
        Task<SignedZone> wc3 = SignAsync(dir, "wc3.", Soa("wc3.") + """
            www.wc3. IN A 192.0.2.1
            *.w.wc3. IN A 192.0.2.2
            *.cn.wc3. IN CNAME www.wc3.
            a.ent.wc3. IN A 192.0.2.3
            unsigned.wc3. IN NS ns1.example.

            """, Ecdsa, "-3", "0123ABCD", "-H", "3");

        // A DNSKEY RRset of four RSA keys signed by all four (~2.2 KB: the chain's own DNSKEY query is truncated and retried over TCP).
        Task<SignedZone> bigKeys = SignWithKeysAsync(dir, "bigkeys.", Soa("bigkeys.") + "www.bigkeys. IN A 192.0.2.1\n",
            [new KeySpec("RSASHA256", true), new KeySpec("RSASHA256", true), new KeySpec("RSASHA256", false), new KeySpec("RSASHA256", false)]);
        // A deep chain: deep. → x.y.z.deep. (two empty non-terminals between) → w.v.x.y.z.deep. (one more), and an unsigned
        // delegation u.t.x.y.z.deep. at the bottom.
        Task<SignedZone> deepest = SignAsync(dir, "w.v.x.y.z.deep.", Soa("w.v.x.y.z.deep.") + "www.w.v.x.y.z.deep. IN A 192.0.2.1\n");

        // Validity windows just past their end and just before their start (10 days long, 30 minutes off): inside Unbound's
        // skew (10 % of the window, at least one hour, at most one day), outside ours (SignatureClockSkew, 5 minutes).
        static string At(TimeSpan offset) => DateTime.UtcNow.Add(offset).ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Task<SignedZone> justExpired = SignAsync(dir, "justexpired.", Soa("justexpired.") + "www.justexpired. IN A 192.0.2.1\n", Ecdsa,
            "-P", "-s", At(TimeSpan.FromDays(-10)), "-e", At(TimeSpan.FromMinutes(-30)));
        Task<SignedZone> notYet = SignAsync(dir, "notyet.", Soa("notyet.") + "www.notyet. IN A 192.0.2.1\n", Ecdsa,
            "-P", "-s", At(TimeSpan.FromMinutes(30)), "-e", At(TimeSpan.FromDays(10)));

        await Task.WhenAll(mixAlg, gost, md5, sha1Only, alg5, alg7, justExpired, notYet, bigKeys, deepest, dnameBad, two, sha1, sha384, unknownDigest, zskDs, algMismatch, noDsSig, nsecGone, wildGone, labels, signer,
            twoAlg, zskOnly, revoked, it150, optOut, big, names, wc3);

        // dname. and its children: bad.dname. tampered after signing, ins.dname. unsigned.
        zones.Add(("bad.dname.", Replace((await dnameBad).SignedFile, ".tampered", "192.0.2.66", "192.0.2.67")));
        Unsigned("ins.dname.", "host.ins.dname. IN A 192.0.2.99\n");
        Task<SignedZone> dname = SignAsync(dir, "dname.", Soa("dname.") + $"""
            www.dname. IN A 192.0.2.1
            sub.dname. IN DNAME target.dname.
            www.target.dname. IN A 192.0.2.2
            toins.dname. IN DNAME ins.dname.
            tobad.dname. IN DNAME bad.dname.
            twice.dname. IN DNAME sub.dname.
            towild.dname. IN CNAME x.w.wc3.
            ins.dname. IN NS ns1.example.
            bad.dname. IN NS ns1.example.
            {string.Join('\n', (await dnameBad).DsRecords)}

            """);

        // wc. (NSEC): its CNAME chain runs wc. (signed) → unsigned.wc3. (unsigned) → dname. (signed).
        Unsigned("unsigned.wc3.", "host.unsigned.wc3. IN A 192.0.2.98\nx.unsigned.wc3. IN CNAME www.dname.\n");
        Task<SignedZone> wc = SignAsync(dir, "wc.", Soa("wc.") + """
            www.wc. IN A 192.0.2.1
            *.cn.wc. IN CNAME www.wc.
            *.w.wc. IN A 192.0.2.2
            a.ent.wc. IN A 192.0.2.3
            *.a.b.wc. IN A 192.0.2.4
            real.a.b.wc. IN TXT "real"
            chain.wc. IN CNAME x.unsigned.wc3.
            loop1.wc. IN CNAME loop2.wc.
            loop2.wc. IN CNAME loop1.wc.
            tonx.wc. IN CNAME nx.dname.
            tosub.wc. IN CNAME www.sub.dname.

            """);

        // ds.: one child per DS kind.
        var dsRecords = new List<string>();
        // Two DS: the good one and one whose digest is off by one hex digit.
        dsRecords.AddRange((await two).DsRecords);
        dsRecords.AddRange((await two).DsRecords.Select(SpoilDigest));
        // RFC 4509 §3: a good SHA-1 DS next to a SHA-256 DS that matches nothing.
        dsRecords.AddRange(await DsAsync((await sha1).SignedFile, "SHA-1", "sha1.ds."));
        dsRecords.AddRange((await sha1).DsRecords.Select(SpoilDigest));
        // SHA-384 only (RFC 6605 §2).
        dsRecords.AddRange(await DsAsync((await sha384).SignedFile, "SHA-384", "sha384.ds."));
        // An unknown digest type (200) next to a good SHA-256 DS.
        dsRecords.AddRange((await unknownDigest).DsRecords);
        dsRecords.Add($"unkdigest.ds. 300 IN DS {(await unknownDigest).KskTag} 13 200 {new string('7', 64)}");
        // A DS naming the ZSK only (the DNSKEY RRset is signed by both keys, BIND's default).
        dsRecords.AddRange((await DsAsync((await zskDs).SignedFile, "SHA-256", "zskds.ds.", allKeys: true))
            .Where(d => !d.Contains($" DS {zskDs.Result.KskTag} ", StringComparison.Ordinal)));
        // The right key tag and digest, but algorithm 8 in the DS while the key is algorithm 13.
        dsRecords.AddRange((await algMismatch).DsRecords.Select(d => d.Replace(" 13 2 ", " 8 2 ", StringComparison.Ordinal)));
        dsRecords.AddRange((await noDsSig).DsRecords);
        // An unsupported algorithm (253) beside a good DS; GOST (digest 3) only; RSAMD5 (algorithm 1) only; SHA-1 only.
        dsRecords.AddRange((await mixAlg).DsRecords);
        dsRecords.Add($"mixalg.ds. 300 IN DS 4242 253 2 {new string('5', 64)}");
        dsRecords.Add($"gost.ds. 300 IN DS {(await gost).KskTag} 13 3 {new string('6', 64)}");
        dsRecords.Add($"md5.ds. 300 IN DS {(await md5).KskTag} 1 2 {new string('7', 64)}");
        dsRecords.AddRange(await DsAsync((await sha1Only).SignedFile, "SHA-1", "sha1only.ds."));
        foreach (Task<SignedZone> child in new[] { two, sha1, sha384, unknownDigest, zskDs, algMismatch, noDsSig, mixAlg, gost, md5, sha1Only })
        {
            zones.Add((child.Result.Origin, child.Result.SignedFile));
        }

        zones.Add(("w.v.x.y.z.deep.", (await deepest).SignedFile));
        Unsigned("u.t.x.y.z.deep.", "www.u.t.x.y.z.deep. IN A 192.0.2.96\n");
        SignedZone middle = await SignAsync(dir, "x.y.z.deep.", Soa("x.y.z.deep.") + "www.x.y.z.deep. IN A 192.0.2.1\n"
            + "w.v.x.y.z.deep. IN NS ns1.example.\nu.t.x.y.z.deep. IN NS ns1.example.\n" + string.Join('\n', (await deepest).DsRecords) + "\n");
        zones.Add((middle.Origin, middle.SignedFile));
        Task<SignedZone> deep = SignAsync(dir, "deep.", Soa("deep.") + "x.y.z.deep. IN NS ns1.example.\n" + string.Join('\n', middle.DsRecords) + "\n", Ecdsa, "-3", "-");

        Task<SignedZone> ds = SignAsync(dir, "ds.", Soa("ds.") + "www.ds. IN A 192.0.2.1\n"
            + string.Concat(new[] { "two", "sha1", "sha384", "unkdigest", "zskds", "algmis", "nosig", "mixalg", "gost", "md5", "sha1only" }.Select(c => $"{c}.ds. IN NS ns1.example.\n"))
            + string.Join('\n', dsRecords) + "\n", Ecdsa, "-O", "full");

        // bg.: children made bogus by editing their signed files.
        var bgDs = new List<string>();
        // The NSEC m → z (and its RRSIG) removed: nothing proves n.nsecgone.bg. absent.
        zones.Add(("nsecgone.bg.", Rewrite((await nsecGone).SignedFile, ".gone", l => Owner(l) == "m.nsecgone.bg." && (IsType(l, "NSEC") || IsCovering(l, "NSEC")) ? null : l)));
        // The NSEC at the wildcard removed: the expansion's proof that the query name does not exist is gone.
        zones.Add(("wcgone.bg.", Rewrite((await wildGone).SignedFile, ".gone", l => Owner(l) == "*.w.wcgone.bg." && (IsType(l, "NSEC") || IsCovering(l, "NSEC")) ? null : l)));
        // The labels field of www's RRSIG A lowered by one (it claims a wildcard expansion the signature was not made for).
        zones.Add(("labels.bg.", Rewrite((await labels).SignedFile, ".labels", l => Owner(l) == "www.labels.bg." && IsCovering(l, "A") ? SetRrsigField(l, 2, "2") : l)));
        // The signer name of www's RRSIG A changed to the parent.
        zones.Add(("signer.bg.", Rewrite((await signer).SignedFile, ".signer", l => Owner(l) == "www.signer.bg." && IsCovering(l, "A") ? SetRrsigField(l, 7, "bg.") : l)));
        foreach (Task<SignedZone> child in new[] { nsecGone, wildGone, labels, signer })
        {
            bgDs.AddRange(child.Result.DsRecords);
        }

        Task<SignedZone> bg = SignAsync(dir, "bg.", Soa("bg.")
            + string.Concat(new[] { "nsecgone", "wcgone", "labels", "signer" }.Select(c => $"{c}.bg. IN NS ns1.example.\n")) + string.Join('\n', bgDs) + "\n");

        // it151.: one iteration over Unbound's and our limit (dnssec-signzone refuses more than 150).
        OurSignedZone it151 = OurZoneSigner.SignNsec3(dir, "it151.", Soa("it151.") + "www.it151. IN A 192.0.2.1\n", 151, out string it151File);
        zones.Add(("it151.", it151File));
        Unsigned("unsigned.oo.", "host.unsigned.oo. IN A 192.0.2.97\n");

        await Task.WhenAll(dname, wc, ds, bg, deep);
        // A DS RRset at the parent whose RRSIG is removed.
        zones.Add(("ds.", Rewrite((await ds).SignedFile, ".nosig", l => Owner(l) == "nosig.ds." && IsCovering(l, "DS") ? null : l)));

        // zskonly.: the KSK's signature over the DNSKEY RRset removed, so only the ZSK (which the DS does not name) signs it.
        string zskOnlyFile = Rewrite((await zskOnly).SignedFile, ".zskonly",
            l => IsCovering(l, "DNSKEY") && l.Contains($" {zskOnly.Result.KskTag} zskonly. ", StringComparison.Ordinal) ? null : l);

        var rootDs = new List<string>();
        // dnssec-dsfromkey skips revoked keys, so the DS naming the revoked KSK is computed here (RFC 4034 §5.1.4).
        zones.Add(("revoked.", (await revoked).SignedFile));
        rootDs.Add(Sha256Ds((await revoked).KskDnskey));
        // twoalg.: one of the two RRSIGs spoilt (bad15: the Ed25519 one; bad13: the ECDSA one, the DS's algorithm).
        zones.Add(("twoalg.", Rewrite((await twoAlg).SignedFile, ".spoilt", l =>
            (Owner(l) == "bad15.twoalg." && IsCovering(l, "A") && Fields(l)[5] == "15") || (Owner(l) == "bad13.twoalg." && IsCovering(l, "A") && Fields(l)[5] == "13")
                ? SpoilSignature(l) : l)));
        rootDs.AddRange((await twoAlg).DsRecords);
        foreach (SignedZone zone in new[] { await alg5, await alg7, await justExpired, await notYet, await bigKeys, await deep, await dname, await wc, await bg, await it150, await optOut, await big, await names, await wc3 })
        {
            zones.Add((zone.Origin, zone.SignedFile));
            rootDs.AddRange(zone.DsRecords);
        }

        zones.Add(("zskonly.", zskOnlyFile));
        rootDs.AddRange((await zskOnly).DsRecords);
        rootDs.AddRange((await ds).DsRecords);
        rootDs.AddRange(it151.DsRecords.Select(r => r.ToString()));

        string delegations = string.Join('\n', zones.Select(z => z.Origin).Where(o => o.Count(c => c == '.') == 1).Append("ds.").Distinct().Select(o => $"{o} IN NS ns1.example."));
        SignedZone root = await SignAsync(dir, ".", Soa(".") + delegations + "\n" + string.Join('\n', rootDs) + "\n");
        zones.Insert(0, (".", root.SignedFile));
        return new EdgeCaseHierarchy(zones, root.KskDnskey);

        Task<SignedZone> Www(string origin, params string[] arguments) =>
            SignAsync(dir, origin, Soa(origin) + $"www.{origin} IN A 192.0.2.77\n", Ecdsa, arguments);
    }

    /// <summary>A SHA-256 DS record for a DNSKEY record in presentation format (RFC 4034 §5.1.4: digest over owner | RDATA).</summary>
    private static string Sha256Ds(string dnskeyRecord)
    {
        ResourceRecord record = ResourceRecord.Parse(dnskeyRecord);
        var key = (DnskeyRdata)record.Data;
        byte[] data = new byte[record.Name.WireLength + 4 + key.PublicKey.Length];
        int at = record.Name.CopyTo(data, lowercase: true);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), key.Flags);
        data[at + 2] = key.Protocol;
        data[at + 3] = (byte)key.Algorithm;
        key.PublicKey.Span.CopyTo(data.AsSpan(at + 4));
        return $"{record.Name} 300 IN DS {key.KeyTag} {(byte)key.Algorithm} 2 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data))}";
    }

    /// <summary>An RRSIG line whose signature has one base64 character changed in the middle.</summary>
    private static string SpoilSignature(string line)
    {
        string[] fields = Fields(line);
        string signature = fields[^1];
        int at = signature.Length / 2;
        fields[^1] = signature[..at] + (signature[at] == 'A' ? 'B' : 'A') + signature[(at + 1)..];
        return string.Join(' ', fields);
    }

    /// <summary>The last hex digit of a DS record's digest changed.</summary>
    private static string SpoilDigest(string ds) => ds[..^1] + (ds[^1] == '0' ? '1' : '0');

    private static string[] Fields(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string Owner(string line) => Fields(line) is [string owner, ..] ? owner : "";

    private static bool IsType(string line, string type)
    {
        string[] fields = Fields(line);
        int at = Array.IndexOf(fields, "IN");
        return at >= 0 && fields.Length > at + 1 && fields[at + 1] == type;
    }

    /// <summary>Whether the line is an RRSIG covering <paramref name="type"/>.</summary>
    private static bool IsCovering(string line, string type)
    {
        string[] fields = Fields(line);
        int at = Array.IndexOf(fields, "IN");
        return at >= 0 && fields.Length > at + 2 && fields[at + 1] == "RRSIG" && fields[at + 2] == type;
    }

    /// <summary>RRSIG RDATA field <paramref name="index"/> (0 type covered, 1 algorithm, 2 labels, … 6 key tag, 7 signer) replaced.</summary>
    private static string SetRrsigField(string line, int index, string value)
    {
        string[] fields = Fields(line);
        int at = Array.IndexOf(fields, "RRSIG");
        fields[at + 1 + index] = value;
        return string.Join(' ', fields);
    }

    private static string Replace(string file, string suffix, string from, string to)
    {
        string result = file + suffix;
        File.WriteAllText(result, File.ReadAllText(file).Replace(from, to, StringComparison.Ordinal));
        return result;
    }

    /// <summary>Each line mapped (null drops it); the signed files must be written one record per line (-O full).</summary>
    private static string Rewrite(string file, string suffix, Func<string, string?> map)
    {
        string result = file + suffix;
        File.WriteAllLines(result, File.ReadAllLines(file).Select(map).OfType<string>());
        return result;
    }
}
