using SmtpDane;

// No argument: the offline demonstration (private signed DNS tree, mail receivers on 127.0.0.x).
// A domain: check its MX hosts on the real internet (IANA root anchor, the system's resolver); --send FROM TO also delivers.
if (args.Length == 0)
{
    return await OfflineDemo.RunAsync(Console.Out);
}

if (args.Length == 1 || (args.Length == 4 && args[1] == "--send"))
{
    return await InternetDelivery.RunAsync(args[0], args.Length == 4 ? (args[2], args[3]) : null, Console.Out);
}

Console.Error.WriteLine("usage: SmtpDane [DOMAIN [--send FROM TO]]");
return 2;
