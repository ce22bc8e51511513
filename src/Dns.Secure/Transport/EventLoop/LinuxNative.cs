using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// The few Linux system calls the UDP event loop needs, called through libc. Constants are the Linux ABI values
/// (identical on x86-64 and arm64, the two architectures the loop runs on).
/// </summary>
internal static unsafe partial class LinuxNative
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockDgram = 2;
    public const int SockNonBlock = 0x800;
    public const int SockCloExec = 0x80000;
    public const int IpProtoUdp = 17;
    public const int EpollCloExec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const uint EpollIn = 0x001;
    public const uint EpollErr = 0x008;
    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;
    public const int ClockMonotonic = 1;
    public const int TfdNonBlock = 0x800;
    public const int TfdCloExec = 0x80000;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int EIntr = 4;
    public const int EAgain = 11;

    /// <summary>x86-64 packs <c>struct epoll_event</c> (12 octets, data at 4); arm64 aligns it (16 octets, data at 8).</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of the 64-bit user data in <c>struct epoll_event</c>.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>True on the architectures whose <c>epoll_event</c> layout is known here.</summary>
    public static bool Supported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(SafeHandle fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epfd, int op, SafeHandle fd, byte* evt);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epfd, int op, int fd, byte* evt);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "timerfd_create", SetLastError = true)]
    public static partial int TimerFdCreate(int clockId, int flags);

    /// <summary><c>timerfd_settime</c> with a relative one-shot expiry (<c>struct itimerspec</c>: interval, then value; each
    /// a <c>struct timespec</c> of two 64-bit fields on x86-64 and arm64).</summary>
    [LibraryImport("libc", EntryPoint = "timerfd_settime", SetLastError = true)]
    public static partial int TimerFdSetTime(int fd, int flags, long* newValue, long* oldValue);

    /// <summary>Arms <paramref name="timerFd"/> to expire once, <paramref name="nanoseconds"/> from now (at least 1 ns:
    /// zero disarms it, see <see cref="DisarmTimer"/>).</summary>
    public static int ArmTimer(int timerFd, long nanoseconds) => SetTimer(timerFd, Math.Max(1, nanoseconds));

    /// <summary>Stops <paramref name="timerFd"/>; an expiry not yet read is dropped too.</summary>
    public static int DisarmTimer(int timerFd) => SetTimer(timerFd, 0);

    private static int SetTimer(int timerFd, long nanoseconds)
    {
        long* spec = stackalloc long[4];
        spec[0] = 0; // no interval
        spec[1] = 0;
        spec[2] = nanoseconds / 1_000_000_000;
        spec[3] = nanoseconds % 1_000_000_000;
        return TimerFdSetTime(timerFd, 0, spec, null);
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint length);

    /// <summary>Writes <paramref name="server"/> as a <c>sockaddr_in</c> or <c>sockaddr_in6</c>; returns its length.</summary>
    public static int WriteSocketAddress(IPEndPoint server, Span<byte> destination)
    {
        destination.Clear();
        ushort port = (ushort)server.Port;
        if (server.AddressFamily == AddressFamily.InterNetwork)
        {
            // struct sockaddr_in: family (host order), port (network order), address, zero padding.
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
            server.Address.TryWriteBytes(destination.Slice(4, 4), out _);
            return 16;
        }

        // struct sockaddr_in6: family, port, flow info, address, scope id.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet6);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        server.Address.TryWriteBytes(destination.Slice(8, 16), out _);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)server.Address.ScopeId);
        return 28;
    }
}
