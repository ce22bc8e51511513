using DnsSecure.Wire;

namespace DnsSecure.Tests.Wire;

public class DnsWireWriterTests
{
    // Found by the wire fuzzer: the writer compared a suffix against the name it was still writing and read the
    // stale octets past its position, so "a.a.example." after "a.example." became a pointer to itself.
    [Fact]
    public void WriteName_RepeatedLabelOverStaleBuffer_WritesNameThatDecodes()
    {
        var name = DomainName.Parse("a.a.example.");
        var writer = new DnsWireWriter(64);
        byte[] wire;
        try
        {
            writer.WriteName(DomainName.Parse("a.example."), compress: true);
            writer.Truncate(0);
            writer.WriteName(name, compress: true);
            wire = writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }

        var reader = new DnsWireReader(wire);
        Assert.Equal(name, reader.ReadName());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void WriteName_SharedSuffix_IsCompressedToAPointer()
    {
        var writer = new DnsWireWriter(64);
        byte[] wire;
        try
        {
            writer.WriteName(DomainName.Parse("www.example."), compress: true);
            writer.WriteName(DomainName.Parse("mail.example."), compress: true);
            wire = writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }

        // 13 octets for www.example., then "mail" and a pointer to offset 4 (example.).
        Assert.Equal(13 + 5 + 2, wire.Length);
        Assert.Equal([0xC0, 4], wire[^2..]);
        var reader = new DnsWireReader(wire);
        Assert.Equal(DomainName.Parse("www.example."), reader.ReadName());
        Assert.Equal(DomainName.Parse("mail.example."), reader.ReadName());
    }

    [Fact]
    public void WriteName_SuffixDifferingOnlyInCase_IsWrittenOutSoTheCaseSurvives()
    {
        var writer = new DnsWireWriter(64);
        byte[] wire;
        try
        {
            writer.WriteName(DomainName.Parse("WwW.ExAmple."), compress: true);
            writer.WriteName(DomainName.Parse("www.example."), compress: true);
            wire = writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }

        // RFC 4343 §4.1: no pointer into a name of another case.
        Assert.Equal(13 + 13, wire.Length);
        var reader = new DnsWireReader(wire);
        Assert.Equal("WwW.ExAmple.", reader.ReadName().ToString());
        Assert.Equal("www.example.", reader.ReadName().ToString());
    }
}
