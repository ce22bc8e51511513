namespace DnsSecure.Transport.EventLoop;

/// <summary>Which machinery carries a UDP exchange.</summary>
internal enum UdpEngine
{
    /// <summary>The event loop where it is available (Linux, system time, not switched off), the socket engine otherwise.</summary>
    Auto = 0,

    /// <summary>The runtime's <see cref="System.Net.Sockets.Socket"/> engine.</summary>
    Sockets,

    /// <summary>The Linux event loop (<see cref="UdpEventLoop"/>); an error where it is not available.</summary>
    EventLoop,
}
