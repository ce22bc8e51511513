using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>
/// A private Postfix instance (Debian package postfix) receiving mail on one loopback address and port with STARTTLS: its own
/// config_directory, queue_directory and data_directory in a scratch directory, one <c>master.cf</c> smtpd listener, mail for
/// the relay domain accepted from 127.0.0.0/8 and handed to the discard transport, logs to a file the test reads. Postfix makes
/// no DNS query in this set-up (no peer name lookup, DNS disabled for delivery, discard transport), so nothing leaves loopback
/// and it needs no resolv.conf (glibc has no per-process resolv.conf path short of a chroot). Disposing stops exactly this
/// master process and its children.
/// </summary>
public sealed class PostfixServer : IAsyncDisposable
{
    private readonly ExternalProcess _master;
    private readonly TempDirectory _directory;

    private PostfixServer(ExternalProcess master, TempDirectory directory, IPEndPoint endpoint)
    {
        _master = master;
        _directory = directory;
        EndPoint = endpoint;
    }

    public IPEndPoint EndPoint { get; }

    public string LogFile => _directory.File("maillog");

    /// <summary>The mail log as it is now (empty before the first line).</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;

    /// <summary>
    /// Starts Postfix as <paramref name="hostName"/> on <paramref name="address"/> (a port it picks), presenting
    /// <paramref name="certificate"/> (with its private key) for STARTTLS, accepting mail for <paramref name="relayDomain"/>.
    /// </summary>
    public static async Task<PostfixServer> StartAsync(IPAddress address, X509Certificate2 certificate, string hostName, string relayDomain)
    {
        RequiredTool.Find("postfix", "postfix");
        string postconf = RequiredTool.Find("postconf", "postfix");
        var (_, daemonDirectory) = await ExternalProcess.RunAsync(postconf, ["-d", "-h", "daemon_directory"], TimeSpan.FromSeconds(30));
        string master = Path.Combine(daemonDirectory.Trim(), "master");
        if (!File.Exists(master))
        {
            throw new InvalidOperationException($"Postfix's master is not at {master}: this interop test needs the Debian package 'postfix'.");
        }

        int port = LoopbackPort.PickFree(address);
        var dir = new TempDirectory();
        try
        {
            string conf = dir.File("conf"), queue = dir.File("queue"), data = dir.File("data");
            Directory.CreateDirectory(conf);
            Directory.CreateDirectory(queue);
            Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Combine(conf, "cert.pem"), certificate.ExportCertificatePem() + "\n");
            using (var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The certificate needs an ECDSA private key.", nameof(certificate)))
            {
                await File.WriteAllTextAsync(Path.Combine(conf, "key.pem"), key.ExportPkcs8PrivateKeyPem() + "\n");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(conf, "key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await File.WriteAllTextAsync(Path.Combine(conf, "main.cf"), MainCf(conf, queue, data, dir.File("maillog"), dir.Path, hostName, relayDomain));
            await File.WriteAllTextAsync(Path.Combine(conf, "master.cf"), MasterCf(address, port));

            // "postfix check" creates the queue's subdirectories with the owners and modes the daemons expect.
            var (checkExit, checkOutput) = await ExternalProcess.RunAsync("postfix", ["-c", conf, "check"], TimeSpan.FromSeconds(60));
            if (checkExit != 0)
            {
                throw new InvalidOperationException($"postfix check failed ({checkExit}):\n{checkOutput}");
            }

            await ExternalProcess.RunAsync("chown", ["-R", "postfix:postfix", data], TimeSpan.FromSeconds(30));
            var endpoint = new IPEndPoint(address, port);
            var process = ExternalProcess.Start(master, ["-c", conf, "-d"]);
            var server = new PostfixServer(process, dir, endpoint);
            try
            {
                await process.WaitForTcpAsync(endpoint, TimeSpan.FromSeconds(60));
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the log holds a line after <paramref name="offset"/> that satisfies <paramref name="predicate"/>; returns the log from the offset.</summary>
    public async Task<string> WaitForLogAsync(int offset, Func<string, bool> predicate, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string log = LogSince(offset);
            if (log.Split('\n').Any(predicate))
            {
                return log;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Postfix did not log the expected line within {timeout}. Log since the test began:\n{log}\nmaster output:\n{_master.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The log written after <paramref name="offset"/> characters.</summary>
    public string LogSince(int offset)
    {
        string log = Log;
        return offset < log.Length ? log[offset..] : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await _master.DisposeAsync();
        _directory.Dispose();
    }

    private static string MainCf(string conf, string queue, string data, string log, string root, string hostName, string relayDomain)
    {
        var cf = new StringBuilder();
        cf.AppendLine("compatibility_level = 3.6");
        cf.AppendLine($"queue_directory = {queue}");
        cf.AppendLine($"data_directory = {data}");
        cf.AppendLine("mail_owner = postfix");
        cf.AppendLine($"myhostname = {hostName}");
        cf.AppendLine("mydestination =");
        cf.AppendLine("inet_interfaces = loopback-only");
        cf.AppendLine("inet_protocols = ipv4");
        // Without this, smtpd waits for a proxymap lookup before its banner (see /work/shared/INTEROP-NOTES.md).
        cf.AppendLine("local_recipient_maps =");
        cf.AppendLine("alias_maps =");
        cf.AppendLine("alias_database =");
        cf.AppendLine($"relay_domains = {relayDomain}");
        cf.AppendLine("mynetworks = 127.0.0.0/8");
        cf.AppendLine("smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination");
        cf.AppendLine("default_transport = discard");
        cf.AppendLine("relay_transport = discard");
        cf.AppendLine("local_transport = discard");
        cf.AppendLine("notify_classes =");
        cf.AppendLine("smtpd_peername_lookup = no");
        cf.AppendLine("smtp_dns_support_level = disabled");
        cf.AppendLine("smtpd_tls_security_level = may");
        cf.AppendLine($"smtpd_tls_cert_file = {conf}/cert.pem");
        cf.AppendLine($"smtpd_tls_key_file = {conf}/key.pem");
        cf.AppendLine("smtpd_tls_loglevel = 1");
        cf.AppendLine($"maillog_file = {log}");
        cf.AppendLine($"maillog_file_prefixes = {root}");
        return cf.ToString();
    }

    private static string MasterCf(IPAddress address, int port) =>
        $"""
        {address}:{port} inet n - n - - smtpd
        cleanup   unix  n - n - 0 cleanup
        qmgr      unix  n - n 300 1 qmgr
        tlsmgr    unix  - - n 1000? 1 tlsmgr
        rewrite   unix  - - n - - trivial-rewrite
        bounce    unix  - - n - 0 bounce
        defer     unix  - - n - 0 bounce
        trace     unix  - - n - 0 bounce
        verify    unix  - - n - 1 verify
        proxymap  unix  - - n - - proxymap
        discard   unix  - - n - - discard
        error     unix  - - n - - error
        retry     unix  - - n - - error
        anvil     unix  - - n - 1 anvil
        scache    unix  - - n - 1 scache
        postlog   unix-dgram n - n - 1 postlogd

        """;
}
